import type { Direction } from '../shared/rules/types.js';

/**
 * The characters the arena is drawn with. Every one takes a single column:
 * box drawing, block and the triangles are narrow in every common terminal.
 * Terminals without a UTF-8 locale get plain ASCII.
 */
export interface Glyphs {
  readonly topLeft: string;
  readonly topRight: string;
  readonly bottomLeft: string;
  readonly bottomRight: string;
  readonly horizontal: string;
  readonly vertical: string;
  readonly wall: string;
  readonly head: Readonly<Record<Direction, string>>;
  /** Centre of an explosion, and the sparks around it. */
  readonly blast: string;
  readonly spark: string;
  /** One pixel of the big countdown digits. */
  readonly digitPixel: string;
  /** A player's colour: shown before each name in the status line and the score table. */
  readonly you: string;
  /** Joins the two halves of a sentence. */
  readonly dash: string;
}

/** For UTF-8 terminals: box drawing, a solid block for walls, triangles for heads. */
export const UNICODE_GLYPHS: Glyphs = {
  topLeft: '┌',
  topRight: '┐',
  bottomLeft: '└',
  bottomRight: '┘',
  horizontal: '─',
  vertical: '│',
  wall: '█',
  head: { up: '▲', down: '▼', left: '◀', right: '▶' },
  blast: '*',
  spark: '+',
  digitPixel: '█',
  you: '●',
  dash: '—',
};

/** For any other terminal. */
export const ASCII_GLYPHS: Glyphs = {
  topLeft: '+',
  topRight: '+',
  bottomLeft: '+',
  bottomRight: '+',
  horizontal: '-',
  vertical: '|',
  wall: '#',
  head: { up: '^', down: 'v', left: '<', right: '>' },
  blast: '*',
  spark: '+',
  digitPixel: '#',
  you: 'o',
  dash: '-',
};

/** Picks the glyph set from the locale variables, in the order the C library reads them. */
export function glyphsFor(env: Readonly<Record<string, string | undefined>>): Glyphs {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale) ? UNICODE_GLYPHS : ASCII_GLYPHS;
}
