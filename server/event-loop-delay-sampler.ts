import { Histogram } from '../shared/stats/histogram.js';

/** How often the lobby's loop is sampled: 50 samples a second, 500 in a 10 s benchmark window. */
export const EVENT_LOOP_SAMPLE_EVERY_MS = 20;

/**
 * The lobby's event-loop delay: every 20 ms a timer falls due, and how late
 * it actually runs (in whole microseconds) goes into a cumulative histogram,
 * the same kind as the rooms' tick lateness, so a reader can subtract two
 * reads of `/stats` and get the delay over any window.
 *
 * Why a timer of our own rather than `perf_hooks.monitorEventLoopDelay`:
 * that one keeps its own HDR histogram of the intervals between its timer's
 * runs and gives out percentiles only, which cannot be merged or subtracted
 * over a window; folding them back into counts every second took about 9 us
 * per sample (a percentile query each) and left a 16 us granularity at 10 ms.
 * Here each sample goes into the project's histogram as measured.
 *
 * What it costs, measured on a 2-core machine: on a busy lobby, whose loop
 * wakes for room frames anyway, a few microseconds per sample (~0.02 % of a
 * core); on an idle lobby each sample is a wake-up of its own, 0.1-0.2 ms of
 * CPU (monitorEventLoopDelay's native timer: about 0.07 ms), hence 20 ms
 * rather than finer: under 1 % of a core while idle.
 *
 * What it measures is what a frame arriving from a room waits before the
 * lobby can run it: the task running when the timer fell due and the rest
 * of that loop turn. Node's timers count in whole milliseconds, so an idle
 * lobby still shows up to about 1 ms.
 */
export class EventLoopDelaySampler {
  private readonly delayUs = new Histogram();
  private timer: NodeJS.Timeout | null = null;
  private dueAt = 0;
  private disposed = false;

  /** Starts sampling; the timer does not keep the process alive. */
  start(): void {
    if (this.disposed) throw new Error('EventLoopDelaySampler.start() after dispose()');
    if (this.timer !== null) throw new Error('EventLoopDelaySampler.start() called twice');
    this.schedule();
  }

  /** Every sample since the start, in microseconds late. */
  get histogram(): Histogram {
    return this.delayUs;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    this.dueAt = performance.now() + EVENT_LOOP_SAMPLE_EVERY_MS;
    this.timer = setTimeout(this.onTimer, EVENT_LOOP_SAMPLE_EVERY_MS);
    this.timer.unref();
  }

  private readonly onTimer = (): void => {
    if (this.disposed) return;
    const now = performance.now();
    this.delayUs.record(Math.max(0, (now - this.dueAt) * 1000));
    // The same timer again: no new Timeout object fifty times a second.
    this.dueAt = now + EVENT_LOOP_SAMPLE_EVERY_MS;
    this.timer!.refresh();
  };
}
