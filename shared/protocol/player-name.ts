import { MAX_PLAYER_NAME_LENGTH } from '../rules/constants.js';
import { checkName } from './game-name.js';

/**
 * A player's name as given in `create` or `join` (or on a command line):
 * the same characters as a game name, trimmed, its case kept ("Ana" stays
 * "Ana"; two players are told apart ignoring case all the same). Returns an
 * error sentence about `subject` for a name that is not allowed.
 */
export function normalizePlayerName(raw: string, subject = 'playerName'): { name: string } | { error: string } {
  return checkName(raw, subject, MAX_PLAYER_NAME_LENGTH);
}
