import type { CycleView } from '../shared/protocol/server-messages.js';
import { seatsText } from '../shared/client/seats-text.js';
import {
  aliveCount,
  botSeats,
  countdownSeconds,
  cycleOf,
  nameOf,
  readyCount,
  readyInSeconds,
  seatedCount,
  seatedPlayers,
  type GameView,
} from '../shared/client/game-view.js';
import { bigNumberWidth, BIG_DIGIT_ROWS, putBigNumber } from './big-digits.js';
import type { Glyphs } from './glyphs.js';
import { drawHelpOverlay } from './help-overlay.js';
import { playerColour, type Palette } from './palette.js';
import { drawScoreTable } from './score-table.js';
import { createScreen, putCell, putText, type Screen } from './screen-buffer.js';
import { wrapWords } from './wrap-words.js';

export { wrapWords } from './wrap-words.js';

/** Everything a frame shows; the renderer reads nothing else. */
export interface RenderInput {
  /** Terminal size. */
  readonly columns: number;
  readonly rows: number;
  readonly gameName: string;
  /** The player's own seat number; 0 for a spectator. */
  readonly me: number;
  /** A spectator: the status line says so instead of naming a seat. */
  readonly watching: boolean;
  /** How many spectators watch the game; shown when there are any. */
  readonly watchers: number;
  /** Null until the first snapshot arrives. */
  readonly view: GameView | null;
  /** An error from the lobby, shown on the message line instead of the key hints. */
  readonly notice: string | null;
  /** News of the other players (`bo dropped ...`), shown on the message line when there is no error. */
  readonly news: string | null;
  /** The opponents whose leaving gave you the round just finished: the result says so. */
  readonly leavers: readonly number[];
  /** Set while the connection is being re-established: shown on the message line before anything else. */
  readonly connection: string | null;
  /** The key help (`?`) is shown over everything. */
  readonly help: boolean;
  readonly glyphs: Glyphs;
  readonly palette: Palette;
}

/** Below the arena: the status line, then the message line (hints or errors), as in vim. */
export const STATUS_ROWS = 2;

const INSERT_STYLE = '1';
const NEWS_STYLE = '1';
const COUNTDOWN_DIGIT_STYLE = '1';

/** The terminal size a game needs: the arena (border included) and the status rows. */
export function requiredSize(view: { readonly width: number; readonly height: number }): { columns: number; rows: number } {
  return { columns: view.width, rows: view.height + STATUS_ROWS };
}

/**
 * One frame as a screen of the terminal's size: the arena centred with the
 * status rows under it, or a request to enlarge a terminal that is too small;
 * the key help over it all while it is shown.
 */
export function renderGame(input: RenderInput): Screen {
  const screen = createScreen(input.columns, input.rows);
  drawGame(screen, input);
  if (input.help) drawHelpOverlay(screen, input.glyphs);
  return screen;
}

function drawGame(screen: Screen, input: RenderInput): void {
  const { view, palette } = input;
  if (view === null) {
    const waitingFor = input.connection ?? `${input.watching ? 'watching' : 'joining'} game ${input.gameName}...`;
    putCentredLines(screen, wrapWords(waitingFor, input.columns), input.connection === null ? '' : palette.connection);
    return;
  }
  const needed = requiredSize(view);
  if (input.columns < needed.columns || input.rows < needed.rows) {
    const message =
      `terminal is ${input.columns}x${input.rows}; this game needs ${needed.columns}x${needed.rows} ` +
      `${input.glyphs.dash} enlarge it or press q`;
    putCentredLines(screen, wrapWords(message, input.columns), palette.notice);
    return;
  }
  const left = Math.floor((input.columns - needed.columns) / 2);
  const top = Math.floor((input.rows - needed.rows) / 2);
  drawArena(screen, left, top, view, input);
  // Between rounds: who won how often, over the arena.
  if (view.phase === 'finished') {
    const styleOf = (number: number) => playerColour(palette, number);
    drawScoreTable(screen, { left, top, width: view.width, height: view.height }, view, input.me, input.glyphs, styleOf);
  }
  drawStatusLine(screen, left, top + view.height, view, input);
  const line = top + view.height + 1;
  if (input.connection !== null) putText(screen, left, line, input.connection, palette.connection);
  else if (input.notice !== null) putText(screen, left, line, input.notice, palette.notice);
  else if (input.news !== null) putText(screen, left, line, input.news, NEWS_STYLE);
  else putText(screen, left, line, input.watching ? WATCHING_HINT : hintText(view, input.me, input.glyphs), '');
}

function drawArena(screen: Screen, left: number, top: number, view: GameView, input: RenderInput): void {
  const { glyphs, palette, me } = input;
  const right = view.width - 1;
  const bottom = view.height - 1;
  for (let x = 1; x < right; x++) {
    putCell(screen, left + x, top, glyphs.horizontal);
    putCell(screen, left + x, top + bottom, glyphs.horizontal);
  }
  for (let y = 1; y < bottom; y++) {
    putCell(screen, left, top + y, glyphs.vertical);
    putCell(screen, left + right, top + y, glyphs.vertical);
  }
  putCell(screen, left, top, glyphs.topLeft);
  putCell(screen, left + right, top, glyphs.topRight);
  putCell(screen, left, top + bottom, glyphs.bottomLeft);
  putCell(screen, left + right, top + bottom, glyphs.bottomRight);

  for (let index = 0; index < view.walls.length; index++) {
    const owner = view.walls[index]!;
    if (owner === 0) continue;
    const x = index % view.width;
    const y = Math.floor(index / view.width);
    if (isInterior(view, x, y)) putCell(screen, left + x, top + y, glyphs.wall, playerColour(palette, owner));
  }
  // Over the walls but under the cycles, so that every player still sees where they start.
  if (view.phase === 'countdown') drawCountdownDigits(screen, left, top, view, glyphs);

  const exploding = view.cycles.filter((cycle) => cycle.status === 'exploding');
  const heads = view.cycles.filter((cycle) => cycle.seated && cycle.status === 'alive');
  const occupied = new Set(heads.map((cycle) => cycle.y * view.width + cycle.x));
  for (const cycle of exploding) {
    // The sparks alternate between a + and an x shape every tick, so the burst flickers.
    const offsets = view.tick % 2 === 0 ? ORTHOGONAL : DIAGONAL;
    for (const [dx, dy] of offsets) {
      const x = cycle.x + dx;
      const y = cycle.y + dy;
      const index = y * view.width + x;
      if (isInterior(view, x, y) && view.walls[index] === 0 && !occupied.has(index)) {
        putCell(screen, left + x, top + y, glyphs.spark, palette.spark);
      }
    }
  }
  for (const cycle of exploding) putCell(screen, left + cycle.x, top + cycle.y, glyphs.blast, palette.blast);
  for (const cycle of heads) {
    putCell(screen, left + cycle.x, top + cycle.y, glyphs.head[cycle.direction], headStyle(cycle, me, palette));
  }
}

/** The seconds left in the countdown as big digits, centred in the arena's interior when they fit. */
function drawCountdownDigits(screen: Screen, left: number, top: number, view: GameView, glyphs: Glyphs): void {
  const seconds = countdownSeconds(view);
  const width = bigNumberWidth(seconds);
  const interiorWidth = view.width - 2;
  const interiorHeight = view.height - 2;
  if (width > interiorWidth || BIG_DIGIT_ROWS > interiorHeight) return;
  const x = left + 1 + Math.floor((interiorWidth - width) / 2);
  const y = top + 1 + Math.floor((interiorHeight - BIG_DIGIT_ROWS) / 2);
  putBigNumber(screen, x, y, seconds, glyphs.digitPixel, COUNTDOWN_DIGIT_STYLE);
}

const ORTHOGONAL: readonly (readonly [number, number])[] = [[0, -1], [1, 0], [0, 1], [-1, 0]];
const DIAGONAL: readonly (readonly [number, number])[] = [[-1, -1], [1, -1], [1, 1], [-1, 1]];

function headStyle(cycle: CycleView, me: number, palette: Palette): string {
  // Your own cycle is drawn in reverse video so it stands out among six.
  const colour = playerColour(palette, cycle.number);
  return cycle.number === me ? `1;7;${colour}` : `1;${colour}`;
}

function isInterior(view: GameView, x: number, y: number): boolean {
  return x > 0 && y > 0 && x < view.width - 1 && y < view.height - 1;
}

interface Segment {
  readonly text: string;
  readonly style: string;
}

function drawStatusLine(screen: Screen, left: number, y: number, view: GameView, input: RenderInput): void {
  let x = left;
  const segments = statusSegments(view, input.me, input.gameName, input.glyphs, input.palette, input.leavers, screen.width - left, input);
  for (const segment of segments) {
    putText(screen, x, y, segment.text, segment.style);
    x += [...segment.text].length + 2;
  }
}

/** Who looks on: whether you only watch, and how many spectators there are. */
export interface Audience {
  readonly watching: boolean;
  readonly watchers: number;
}

const NO_AUDIENCE: Audience = { watching: false, watchers: 0 };

/** The message line of a spectator, whatever the phase. */
export const WATCHING_HINT = 'you are watching: keys are not sent   ?: help   q: quit';

/**
 * The status line's parts: INSERT mode (as vim shows it), the game, its phase
 * with the countdown or the winner, how many play or live, how many watch,
 * whether you only watch, then the players by name beside their colour,
 * you first. Names are cut so that the line fits in `width` columns.
 */
export function statusSegments(
  view: GameView,
  me: number,
  gameName: string,
  glyphs: Glyphs,
  palette: Palette,
  leavers: readonly number[] = [],
  width = Infinity,
  audience: Audience = NO_AUDIENCE,
): Segment[] {
  const mine = cycleOf(view, me);
  const segments: Segment[] = [];
  if (view.phase === 'running' && mine?.inserting) segments.push({ text: '-- INSERT --', style: INSERT_STYLE });
  segments.push({ text: `game ${gameName}`, style: '' });
  const seated = seatedCount(view);
  const bots = botSeats(view);
  const players = { text: `players ${seatsText(seated - bots.length, bots.length, view.cycles.length)}`, style: '' };
  switch (view.phase) {
    case 'waiting':
      segments.push({ text: 'waiting', style: '' });
      segments.push(players);
      segments.push({ text: `ready ${readyCount(view)}/${seated}`, style: '' });
      break;
    case 'countdown':
      segments.push({ text: `countdown ${countdownSeconds(view)}`, style: '1' });
      segments.push(players);
      break;
    case 'running':
      segments.push({ text: 'running', style: '' });
      segments.push({ text: `alive ${aliveCount(view)}/${seated}`, style: '' });
      break;
    case 'finished':
      segments.push({ text: 'finished', style: '' });
      segments.push(winnerSegment(view, me, palette, leavers, glyphs));
      segments.push({ text: `alive ${aliveCount(view)}/${seated}`, style: '' });
      break;
  }
  if (audience.watchers > 0) segments.push({ text: `${audience.watchers} watching`, style: '' });
  if (audience.watching) segments.push({ text: 'you are watching', style: '1' });
  const used = segments.reduce((sum, segment) => sum + [...segment.text].length + 2, 0);
  return [...segments, ...rosterSegments(view, me, glyphs, palette, width - used)];
}

/**
 * Each seated player as a dot and a name in the seat's colour, `you` first.
 * When they do not fit in `width`, every name is cut to the same longest
 * length that fits (at least one letter).
 */
function rosterSegments(view: GameView, me: number, glyphs: Glyphs, palette: Palette, width: number): Segment[] {
  const mine = cycleOf(view, me);
  const others = seatedPlayers(view).filter((seat) => seat.number !== me);
  const entries = [
    ...(mine?.seated ? [{ prefix: `you ${glyphs.you} `, name: nameOf(view, me), style: `1;${playerColour(palette, me)}` }] : []),
    ...others.map((seat) => ({ prefix: `${glyphs.you} `, name: nameOf(view, seat.number), style: playerColour(palette, seat.number) })),
  ];
  const length = (cut: number): number =>
    entries.reduce((sum, entry) => sum + entry.prefix.length + Math.min(entry.name.length, cut) + 2, 0);
  let cut = Math.max(0, ...entries.map((entry) => entry.name.length));
  while (cut > 1 && length(cut) > width) cut--;
  return entries.map((entry) => ({ text: entry.prefix + entry.name.slice(0, cut), style: entry.style }));
}

function winnerSegment(view: GameView, me: number, palette: Palette, leavers: readonly number[], glyphs: Glyphs): Segment {
  if (view.winner === me && leavers.length > 0) {
    const names = leavers.map((number) => nameOf(view, number)).join(', ');
    return { text: `${names} left ${glyphs.dash} you win`, style: `1;${playerColour(palette, me)}` };
  }
  if (view.winner === me) return { text: 'you win!', style: `1;${playerColour(palette, me)}` };
  if (view.winner !== null) return { text: `${nameOf(view, view.winner)} wins`, style: `1;${playerColour(palette, view.winner)}` };
  // One seat: a practice round simply ends when the cycle crashes.
  return { text: view.cycles.length === 1 ? 'round over' : 'draw', style: '1' };
}

/** The keys that make sense right now, for the message line. */
export function hintText(view: GameView, me: number, glyphs: Glyphs): string {
  const mine = cycleOf(view, me);
  if (!mine || !mine.seated) return '?: help   q: quit';
  return `${phaseHint(view, mine, glyphs)}   ?: help   q: quit`;
}

function phaseHint(view: GameView, mine: CycleView, glyphs: Glyphs): string {
  switch (view.phase) {
    case 'waiting':
      return mine.ready ? 'waiting for the other players   esc: not ready' : 'i: ready';
    case 'countdown':
      return 'h j k l: plan your first turn   esc: not ready';
    case 'running':
      if (mine.status !== 'alive') return 'you crashed; the round ends when one cycle is left';
      return mine.inserting ? 'esc: stop inserting (then you can turn)' : 'h j k l: turn   i: INSERT (leave a wall)';
    case 'finished':
      if (mine.ready) return 'waiting for the others to press i   esc: not ready';
      // The lobby ignores i for a moment after the round ends; say so rather than seem to drop the key.
      if (view.readyIn > 0) return `round over ${glyphs.dash} press i to ready in ${readyInSeconds(view)} s`;
      return 'press i when ready for a rematch';
  }
}

function putCentredLines(screen: Screen, lines: readonly string[], style: string): void {
  const top = Math.max(0, Math.floor((screen.height - lines.length) / 2));
  lines.forEach((line, index) => {
    const x = Math.max(0, Math.floor((screen.width - [...line].length) / 2));
    putText(screen, x, top + index, line, style);
  });
}
