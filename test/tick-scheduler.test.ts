import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TickScheduler, type TickTiming } from '../game-process/tick-scheduler.js';

describe('tick scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires ten ticks a second at interval 100 ms, each on time', () => {
    const timings: TickTiming[] = [];
    const scheduler = new TickScheduler(100, (timing) => timings.push(timing), () => Date.now());
    scheduler.start();
    vi.advanceTimersByTime(1000);
    expect(timings.map((timing) => timing.slot)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(timings.every((timing) => timing.lateMs === 0 && timing.skipped === 0)).toBe(true);
    scheduler.dispose();
  });

  it('keeps the schedule when a tick started late instead of shifting every later tick', () => {
    let now = 0;
    const timings: TickTiming[] = [];
    const scheduler = new TickScheduler(100, (timing) => timings.push(timing), () => now);
    scheduler.start();
    now = 137; // the first tick runs 37 ms late
    vi.advanceTimersToNextTimer();
    expect(timings[0]).toEqual({ slot: 1, lateMs: 37, skipped: 0 });
    // The next one is due at 200, so the timer waits 63 ms, not 100.
    expect(vi.getTimerCount()).toBe(1);
    now = 200;
    vi.advanceTimersByTime(63);
    expect(timings[1]).toEqual({ slot: 2, lateMs: 0, skipped: 0 });
    scheduler.dispose();
  });

  it('skips the slots missed while the loop was blocked instead of firing them in a burst', () => {
    let now = 0;
    const timings: TickTiming[] = [];
    const scheduler = new TickScheduler(100, (timing) => timings.push(timing), () => now);
    scheduler.start();
    now = 350; // blocked past slots 1, 2 and 3
    vi.advanceTimersToNextTimer();
    expect(timings).toEqual([{ slot: 3, lateMs: 50, skipped: 2 }]);
    scheduler.dispose();
  });

  it('stops for good on dispose, and dispose can be called twice', () => {
    const onTick = vi.fn();
    const scheduler = new TickScheduler(100, onTick);
    scheduler.start();
    scheduler.dispose();
    scheduler.dispose();
    vi.advanceTimersByTime(1000);
    expect(onTick).not.toHaveBeenCalled();
    expect(() => scheduler.start()).toThrow('TickScheduler.start() called after dispose()');
  });

  it('rejects an interval that is not a positive number', () => {
    expect(() => new TickScheduler(0, () => {})).toThrow(new RangeError('intervalMs must be a positive number, got 0'));
  });
});
