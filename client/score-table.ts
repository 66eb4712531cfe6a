import { seatedPlayers, type GameView } from '../shared/client/game-view.js';
import type { SeatView } from '../shared/protocol/server-messages.js';
import type { Glyphs } from './glyphs.js';
import { putCell, putText, type Screen } from './screen-buffer.js';

/** The table's column headers; the player column holds a colour dot and the name. */
const PLAYER_HEADER = 'PLAYER';
const WINS_HEADER = 'WINS';
const CRASHES_HEADER = 'CRASHES';
/** Columns besides the name: borders, padding, the dot and its space, the gaps and the two number columns. */
const FIXED_COLUMNS = 2 + 2 + 2 + 2 + WINS_HEADER.length + 2 + CRASHES_HEADER.length;

/** Where the arena is on the screen, so the table can be centred over it. */
export interface ArenaBox {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The scores between rounds: a boxed table of the seated players (colour,
 * name, wins, crashes) centred over the arena, your own row in bold. Names
 * are cut to fit an arena narrower than the table would like (but to no
 * fewer letters than the header has: the smallest arenas are partly covered).
 */
export function drawScoreTable(
  screen: Screen,
  arena: ArenaBox,
  view: GameView,
  me: number,
  glyphs: Glyphs,
  styleOf: (number: number) => string,
): void {
  const players = seatedPlayers(view);
  if (players.length === 0) return;
  const longest = Math.max(PLAYER_HEADER.length, ...players.map((seat) => nameText(seat).length));
  // Inside the arena's border when it can be: a table as wide as the arena would hide where it ends.
  const nameWidth = Math.max(PLAYER_HEADER.length, Math.min(longest, arena.width - 2 - FIXED_COLUMNS));
  const width = FIXED_COLUMNS + nameWidth;
  const height = players.length + 3;
  const left = arena.left + Math.floor((arena.width - width) / 2);
  const top = arena.top + Math.floor((arena.height - height) / 2);

  putCell(screen, left, top, glyphs.topLeft);
  putCell(screen, left + width - 1, top, glyphs.topRight);
  putCell(screen, left, top + height - 1, glyphs.bottomLeft);
  putCell(screen, left + width - 1, top + height - 1, glyphs.bottomRight);
  for (let x = 1; x < width - 1; x++) {
    putCell(screen, left + x, top, glyphs.horizontal);
    putCell(screen, left + x, top + height - 1, glyphs.horizontal);
  }
  const row = (y: number, text: string, style: string): void => {
    putCell(screen, left, y, glyphs.vertical);
    putText(screen, left + 1, y, ` ${text.padEnd(width - 4)} `, style);
    putCell(screen, left + width - 1, y, glyphs.vertical);
  };
  row(top + 1, `  ${PLAYER_HEADER.padEnd(nameWidth)}  ${WINS_HEADER}  ${CRASHES_HEADER}`, '1');
  players.forEach((seat, index) => {
    const y = top + 2 + index;
    const name = nameText(seat).slice(0, nameWidth).padEnd(nameWidth);
    const mine = seat.number === me;
    row(y, `  ${name}  ${String(seat.wins).padStart(WINS_HEADER.length)}  ${String(seat.crashes).padStart(CRASHES_HEADER.length)}`, mine ? '1' : '');
    putCell(screen, left + 2, y, glyphs.you, `1;${styleOf(seat.number)}`);
    putText(screen, left + 4, y, name.trimEnd(), mine ? `1;${styleOf(seat.number)}` : styleOf(seat.number));
  });
}

/**
 * The same table as plain lines for the normal screen once the game is
 * over for this player, the colour dots in ANSI colour; empty when no round
 * was played to its end (nobody won or crashed).
 */
export function scoreReport(view: GameView, gameName: string, glyphs: Glyphs, styleOf: (number: number) => string): string {
  const players = seatedPlayers(view);
  if (!players.some((seat) => seat.wins > 0 || seat.crashes > 0)) return '';
  const nameWidth = Math.max(PLAYER_HEADER.length, ...players.map((seat) => nameText(seat).length));
  const lines = [
    `game ${gameName}, ${view.round} round${view.round === 1 ? '' : 's'}:`,
    `  ${PLAYER_HEADER.padEnd(nameWidth)}  ${WINS_HEADER}  ${CRASHES_HEADER}`,
    ...players.map(
      (seat) =>
        `\x1b[${styleOf(seat.number)}m${glyphs.you}\x1b[0m ${nameText(seat).padEnd(nameWidth)}  ` +
        `${String(seat.wins).padStart(WINS_HEADER.length)}  ${String(seat.crashes).padStart(CRASHES_HEADER.length)}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

function nameText(seat: SeatView): string {
  return seat.name ?? `player ${seat.number}`;
}
