import { describe, expect, it } from 'vitest';
import { largestHeld, nextCapacityProbe, type CapacityProbe } from '../load/bench/capacity-search.js';

const plan = { start: 50, limit: 800, resolution: 10 };

/** Runs the search against a host that holds up to `capacity` games, returning the games probed. */
function search(capacity: number, limits = plan): number[] {
  const probes: CapacityProbe[] = [];
  for (let games = nextCapacityProbe(probes, limits); games !== null; games = nextCapacityProbe(probes, limits)) {
    probes.push({ games, held: games <= capacity });
  }
  return probes.map((probe) => probe.games);
}

describe('nextCapacityProbe', () => {
  it('doubles from the start while the host holds, then bisects down to 10 % of the answer', () => {
    expect(search(320)).toEqual([50, 100, 200, 400, 300, 350, 325]);
    expect(largestHeld([300, 325].map((games) => ({ games, held: games <= 320 })))).toBe(300);
  });

  it('stops at the limit when the host still holds there', () => {
    expect(search(10_000)).toEqual([50, 100, 200, 400, 800]);
    expect(search(1000, { start: 10, limit: 40, resolution: 10 })).toEqual([10, 20, 40]);
  });

  it('bisects below the start when even the first probe fails', () => {
    expect(search(12)).toEqual([50, 25, 13, 7]);
    expect(largestHeld([{ games: 50, held: false }])).toBe(0);
  });
});
