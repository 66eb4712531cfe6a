import { userInfo } from 'node:os';
import { normalizePlayerName } from '../shared/protocol/player-name.js';
import { MAX_PLAYER_NAME_LENGTH } from '../shared/rules/constants.js';

/** The name of a player who gave none and whose login name has nothing usable in it. */
export const FALLBACK_PLAYER_NAME = 'player';

/**
 * The player's name when `--name` is not given: the login name (from the
 * user database, else `$USER`), reduced to what a player name may hold.
 */
export function loginPlayerName(env: Readonly<Record<string, string | undefined>> = process.env): string {
  let login: string | undefined;
  try {
    login = userInfo().username;
  } catch {
    // No entry for this uid in the user database (a container run as an arbitrary uid, say).
  }
  return playerNameFromLogin(login || env.USER || '');
}

/**
 * Reduces a login name to a valid player name: characters a name may not
 * hold are dropped (`jean.dupont` becomes `jeandupont`), and so are leading
 * `-` and `_`, then it is cut to the longest name allowed. A login with
 * nothing left gives `player`.
 */
export function playerNameFromLogin(login: string): string {
  const kept = login.replace(/[^A-Za-z0-9_-]/g, '').replace(/^[-_]+/, '').slice(0, MAX_PLAYER_NAME_LENGTH);
  const checked = normalizePlayerName(kept);
  return 'error' in checked ? FALLBACK_PLAYER_NAME : checked.name;
}
