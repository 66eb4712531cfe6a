/**
 * The arena's colours. Seats have the terminal client's colours in the same
 * order (cyan, magenta, yellow, green, red, blue), bright enough on the dark
 * arena; the explosion is white, none of the players' colours.
 */
export const PLAYER_COLOURS = ['#22d3ee', '#e879f9', '#facc15', '#4ade80', '#f87171', '#60a5fa'] as const;

export const ARENA_COLOURS = {
  background: '#0b1020',
  border: '#94a3b8',
  blast: '#ffffff',
  spark: '#ffffff',
  /** The ring around your own cycle, so it stands out among six. */
  self: '#ffffff',
  /** The nose of a cycle: the side it heads to. */
  nose: '#0b1020',
} as const;

/** A seat's colour as CSS; seats beyond six reuse the colours. */
export function playerColour(number: number): string {
  return PLAYER_COLOURS[(((number - 1) % PLAYER_COLOURS.length) + PLAYER_COLOURS.length) % PLAYER_COLOURS.length]!;
}
