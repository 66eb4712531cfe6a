import { describe, expect, it } from 'vitest';
import { burnCpu, calibratedIterationsPerMs, workIterations } from '../game-process/busy-work.js';

describe('the benchmark work knob', () => {
  it('counts work in calibrated loop iterations, measured once per thread', () => {
    const rate = calibratedIterationsPerMs();
    expect(Number.isFinite(rate) && rate > 0).toBe(true);
    expect(calibratedIterationsPerMs()).toBe(rate);
    expect(workIterations(2.5)).toBe(Math.round(2.5 * rate));
    expect(workIterations(0)).toBe(0);
  });

  it('burns CPU time, not wall-clock time: about the milliseconds asked for, by the process\'s own CPU clock', () => {
    calibratedIterationsPerMs();
    const before = process.cpuUsage();
    burnCpu(40);
    const used = process.cpuUsage(before);
    const cpuMs = (used.user + used.system) / 1000;
    // Loose bounds: CPU speed varies with what runs beside it, but not by a factor of three.
    expect(cpuMs).toBeGreaterThan(40 / 3);
    expect(cpuMs).toBeLessThan(40 * 3);
  });

  it('refuses work that is not a finite number of milliseconds', () => {
    expect(() => workIterations(-1)).toThrow('work must be a finite number of milliseconds >= 0, got -1');
    expect(() => workIterations(Number.NaN)).toThrow('work must be a finite number of milliseconds >= 0, got NaN');
    expect(() => workIterations(Infinity)).toThrow('work must be a finite number of milliseconds >= 0, got Infinity');
  });
});
