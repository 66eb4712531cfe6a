import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measureFloor } from '../load/bench/floor-children.js';
import { childPidsOf } from '../load/common/proc-stats.js';

/** This process's children running the floor child. */
function floorChildren(): number[] {
  return childPidsOf(process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('floor-child.cjs');
    } catch {
      return false;
    }
  });
}

describe('measureFloor', () => {
  it('measures bare children ticking every 100 ms, each tick a frame to the parent, and reaps every one', async () => {
    const report = await measureFloor({ children: 3, settleSeconds: 0.5, windowSeconds: 1.5 });
    expect(report).toMatchObject({ ok: true, failure: null, pidsChecked: 3, survivors: [] });
    // 3 children x 15 ticks, give or take one a child at the window's edges (fewer on a busy machine).
    expect(report.ticks).toBeGreaterThanOrEqual(30);
    expect(report.ticks).toBeLessThanOrEqual(48);
    expect(report.cpuUsPerTick).not.toBeNull();
    // A Node process is never under 5 MB of PSS, and a bare one here never over 100.
    expect(report.pssPerChildBytes?.runs).toBe(3);
    expect(report.pssPerChildBytes!.min).toBeGreaterThan(5 * 2 ** 20);
    expect(report.pssPerChildBytes!.max).toBeLessThan(100 * 2 ** 20);
    expect(floorChildren()).toEqual([]);
  });
});
