/**
 * The colours the game is drawn in, as SGR parameters. Every colour must read
 * on a dark and on a light background alike, since the client cannot know
 * which the player uses, and the six players and the explosion must never
 * share one.
 *
 * The explosion is drawn white-hot: in the terminal's own foreground colour,
 * which no player has and which every terminal shows legibly on its own
 * background. Players keep their traditional hues (cyan, magenta, yellow,
 * green, red, blue), in the darker shades of the 256-colour cube where the
 * terminal has one: bright yellow or cyan on white is unreadable.
 */
export interface Palette {
  /** Foreground of each seat, seat 1 first. */
  readonly players: readonly string[];
  /** The centre of an explosion. */
  readonly blast: string;
  /** The sparks around it. */
  readonly spark: string;
  /** A notice from the lobby on the message line. */
  readonly notice: string;
  /** The reconnect line. */
  readonly connection: string;
}

/**
 * For terminals with the xterm 256-colour palette. Each player colour has a
 * contrast ratio of at least 3.3:1 against both black and white (WCAG
 * relative luminance), so it reads on either background.
 */
export const PALETTE_256: Palette = {
  players: [
    '38;5;30', // #008787 teal
    '38;5;164', // #d700d7 magenta
    '38;5;136', // #af8700 dark gold
    '38;5;28', // #008700 green
    '38;5;160', // #d70000 red
    '38;5;63', // #5f5fff blue
  ],
  blast: '1;7',
  spark: '1',
  notice: '1;38;5;160',
  connection: '1;38;5;136',
};

/**
 * For 8- and 16-colour terminals: the eight normal colours, which terminal
 * themes tune to be legible on their own background, unlike the bright ones
 * (90-97), which light themes often leave near-white.
 */
export const PALETTE_8: Palette = {
  players: ['36', '35', '33', '32', '31', '34'],
  blast: '1;7',
  spark: '1',
  notice: '1;31',
  connection: '1;33',
};

/** Picks the palette from the environment, as terminals advertise 256 colours (or more). */
export function paletteFor(env: Readonly<Record<string, string | undefined>>): Palette {
  const term = env.TERM ?? '';
  const colourTerm = env.COLORTERM ?? '';
  return /256col|direct/i.test(term) || /^(truecolor|24bit)$/i.test(colourTerm) ? PALETTE_256 : PALETTE_8;
}

/** SGR foreground of a seat's colour; seats beyond the palette reuse its colours. */
export function playerColour(palette: Palette, number: number): string {
  return palette.players[(number - 1) % palette.players.length]!;
}
