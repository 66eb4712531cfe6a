import { seatsText } from '../shared/client/seats-text.js';
import type { GameSummary } from '../shared/protocol/server-messages.js';

const HEADERS = ['GAME', 'PLAYERS', 'PHASE', 'ARENA', 'NAMES'] as const;

/**
 * The games as aligned text rows, the header first, with the names of who
 * plays in each: `vimtron list` prints them, and the game browser draws
 * them. Pure, so the layout is unit-tested.
 */
export function gameTableRows(games: readonly GameSummary[]): string[] {
  const rows = games.map((game) => [
    game.name,
    seatsText(game.players, game.bots, game.maxPlayers),
    game.phase,
    `${game.width}x${game.height}`,
    game.playerNames.join(', '),
  ]);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)));
  return [HEADERS, ...rows].map((cells) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}
