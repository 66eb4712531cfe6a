/**
 * Tick lateness values in microseconds, shaped like what rooms report on a
 * busy machine: most ticks a fraction of a millisecond to 1.5 ms late (timer
 * granularity), some a few milliseconds, one in a hundred up to 100 ms.
 * Seeded, so every run and every contender records the same values.
 */
export function latenessSamplesUs(count: number, seed = 1): number[] {
  const random = mulberry32(seed);
  const values: number[] = [];
  for (let index = 0; index < count; index++) {
    const pick = random();
    const low = pick < 0.9 ? 50 : pick < 0.99 ? 1500 : 5000;
    const high = pick < 0.9 ? 1500 : pick < 0.99 ? 5000 : 100_000;
    // Fractions of a microsecond, as performance.now() differences times 1000 have.
    values.push(low + random() * (high - low));
  }
  return values;
}

/** A small, fast, seeded generator (public domain, by Tommy Ettinger). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
