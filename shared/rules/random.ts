/**
 * A small seeded generator (mulberry32) whose whole state is one 32-bit
 * number, so it can live inside the game state and be replayed exactly.
 */

export interface RandomDraw {
  /** A float in [0, 1). */
  readonly value: number;
  readonly next: number;
}

export function drawRandom(state: number): RandomDraw {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  return { value, next };
}

/** Turns any integer seed into a valid generator state. */
export function seedRandom(seed: number): number {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return seed >>> 0;
}
