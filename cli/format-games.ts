import { gameTableRows } from '../client/game-table.js';
import type { GameSummary } from '../shared/protocol/server-messages.js';

/** The games on a lobby as an aligned text table, one game per line, or "no games" when there are none. */
export function formatGames(games: readonly GameSummary[]): string {
  if (games.length === 0) return 'no games\n';
  return gameTableRows(games).join('\n') + '\n';
}
