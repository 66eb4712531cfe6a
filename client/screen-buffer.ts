/**
 * A model of the terminal's cells, and the ANSI text that turns one screen
 * into the next. The renderer builds a fresh screen for every frame; only the
 * cells that differ from the previous screen are written to the terminal, so
 * a 100 ms tick costs a few dozen bytes instead of a repaint.
 *
 * Every character is assumed to take one column: the glyphs the client draws
 * are chosen that way (see glyphs.ts).
 */

export interface Cell {
  readonly char: string;
  /** SGR parameters such as "1;96" (bold bright cyan); "" is the terminal's default. */
  readonly style: string;
}

/** A grid of cells the size of the terminal. */
export interface Screen {
  readonly width: number;
  readonly height: number;
  /** Row-major, index = y * width + x. */
  readonly cells: Cell[];
}

const BLANK: Cell = { char: ' ', style: '' };
const ESC = '\x1b[';

/** A blank screen; throws on a size that is not whole and non-negative. */
export function createScreen(width: number, height: number): Screen {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`screen size must be whole, non-negative numbers, got ${width}x${height}`);
  }
  return { width, height, cells: new Array<Cell>(width * height).fill(BLANK) };
}

/** Sets one cell; a position off the screen is ignored, so callers can draw without clipping. */
export function putCell(screen: Screen, x: number, y: number, char: string, style = ''): void {
  if (x < 0 || y < 0 || x >= screen.width || y >= screen.height) return;
  screen.cells[y * screen.width + x] = { char, style };
}

/** Writes text from (x, y) to the right, cut at the screen's edge. */
export function putText(screen: Screen, x: number, y: number, text: string, style = ''): void {
  let column = x;
  for (const char of text) putCell(screen, column++, y, char, style);
}

/** The cell at (x, y), or undefined off the screen. */
export function cellAt(screen: Screen, x: number, y: number): Cell | undefined {
  if (x < 0 || y < 0 || x >= screen.width || y >= screen.height) return undefined;
  return screen.cells[y * screen.width + x];
}

/** The screen as plain text, one line per row with trailing spaces kept: for tests and logs. */
export function screenText(screen: Screen): string[] {
  const lines: string[] = [];
  for (let y = 0; y < screen.height; y++) {
    lines.push(screen.cells.slice(y * screen.width, (y + 1) * screen.width).map((cell) => cell.char).join(''));
  }
  return lines;
}

/**
 * The ANSI text that changes the terminal from `previous` to `next`. With no
 * previous screen, or one of another size (the terminal was resized), it
 * clears and paints everything. The text ends with the style reset, so
 * whatever is written after it starts from the default style.
 */
export function diffScreens(previous: Screen | null, next: Screen): string {
  const before = previous !== null && previous.width === next.width && previous.height === next.height ? previous : null;
  let out = before === null ? `${ESC}0m${ESC}H${ESC}2J` : '';
  let style = '';
  // Where the terminal's cursor is; null when unknown (after the last column it may wrap).
  let cursorX: number | null = null;
  let cursorY = -1;
  for (let y = 0; y < next.height; y++) {
    for (let x = 0; x < next.width; x++) {
      const index = y * next.width + x;
      const cell = next.cells[index]!;
      if (before === null ? isBlank(cell) : sameCell(before.cells[index]!, cell)) continue;
      if (cursorX !== x || cursorY !== y) out += `${ESC}${y + 1};${x + 1}H`;
      if (cell.style !== style) {
        out += cell.style === '' ? `${ESC}0m` : `${ESC}0;${cell.style}m`;
        style = cell.style;
      }
      out += cell.char;
      cursorX = x + 1 < next.width ? x + 1 : null;
      cursorY = y;
    }
  }
  if (style !== '') out += `${ESC}0m`;
  return out;
}

function sameCell(a: Cell, b: Cell): boolean {
  return a === b || (a.char === b.char && a.style === b.style);
}

function isBlank(cell: Cell): boolean {
  return cell.char === ' ' && cell.style === '';
}
