import type { ClientRoomMetrics } from './client-room-metrics.js';

/**
 * Watches one bot's stream of tick frames: the time between consecutive
 * frames, as its distance from the tick length, and the tick numbers that
 * never arrived. Frames before the window opens only set the starting point,
 * so the first interval in the window is a real one.
 */
export class TickStreamMeter {
  private lastTick: number | null = null;
  private lastAt = 0;

  constructor(private readonly tickMs: number) {
    if (!(tickMs > 0)) throw new RangeError(`tickMs must be a positive number, got ${tickMs}`);
  }

  /**
   * Forgets the stream so far: after a rejoin the ticks go on from where the
   * room is, and the pause is measured apart, not as one huge interval.
   */
  restart(): void {
    this.lastTick = null;
  }

  /**
   * Records a frame for tick `tick` received at `atMs` (performance.now()).
   * `into` is null while the window is closed.
   */
  frame(tick: number, atMs: number, into: ClientRoomMetrics | null): void {
    const lastTick = this.lastTick;
    const lastAt = this.lastAt;
    this.lastTick = tick;
    this.lastAt = atMs;
    if (into === null) return;
    into.frames += 1;
    // The first frame of a stream has no interval; a tick at or before the
    // last one (a correct room never sends it) starts the count afresh
    // rather than counting a negative gap.
    if (lastTick === null || tick <= lastTick) return;
    into.missedTicks += tick - lastTick - 1;
    into.intervalDeviationUs.record(Math.abs(atMs - lastAt - this.tickMs) * 1000);
  }
}
