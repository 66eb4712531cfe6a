import type { GameSummary } from '../shared/protocol/server-messages.js';

const HEADERS = ['GAME', 'PLAYERS', 'PHASE', 'ARENA'] as const;

/**
 * The games on a lobby as an aligned text table, one game per line, or
 * "no games" when there are none. Pure, so the layout is unit-tested.
 */
export function formatGames(games: readonly GameSummary[]): string {
  if (games.length === 0) return 'no games\n';
  const rows = games.map((game) => [game.name, `${game.players}/${game.maxPlayers}`, game.phase, `${game.width}x${game.height}`]);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(HEADERS), ...rows.map(line)].join('\n') + '\n';
}
