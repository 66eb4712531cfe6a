/**
 * A drift-corrected fixed-rate timer: tick n is due at start + n * interval,
 * so small timer delays never accumulate (a plain setInterval loses a
 * fraction of a millisecond each tick and ends up below 10 Hz).
 *
 * If the event loop was blocked for more than a whole interval, the missed
 * slots are skipped rather than fired in a burst: a game should slow down
 * visibly, not fast-forward.
 */
export interface TickTiming {
  /** Slot number this tick filled, 1-based. */
  readonly slot: number;
  /** Milliseconds between the slot's due time and the moment the tick ran. */
  readonly lateMs: number;
  /** Slots skipped since the previous tick because the loop was blocked. */
  readonly skipped: number;
}

export class TickScheduler {
  private readonly intervalMs: number;
  private readonly onTick: (timing: TickTiming) => void;
  private readonly now: () => number;
  private startedAt = 0;
  private slot = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private disposed = false;

  constructor(intervalMs: number, onTick: (timing: TickTiming) => void, now: () => number = () => performance.now()) {
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
      throw new RangeError(`intervalMs must be a positive number, got ${intervalMs}`);
    }
    this.intervalMs = intervalMs;
    this.onTick = onTick;
    this.now = now;
  }

  start(): void {
    if (this.disposed) throw new Error('TickScheduler.start() called after dispose()');
    if (this.running) throw new Error('TickScheduler.start() called twice');
    this.running = true;
    this.startedAt = this.now();
    this.scheduleNext();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.running = false;
    clearTimeout(this.timer);
  }

  private scheduleNext(): void {
    const due = this.startedAt + (this.slot + 1) * this.intervalMs;
    this.timer = setTimeout(this.fire, Math.max(0, due - this.now()));
  }

  private readonly fire = (): void => {
    if (this.disposed) return;
    const now = this.now();
    let slot = this.slot + 1;
    const behind = Math.floor((now - (this.startedAt + slot * this.intervalMs)) / this.intervalMs);
    const skipped = Math.max(0, behind);
    slot += skipped;
    this.slot = slot;
    const lateMs = now - (this.startedAt + slot * this.intervalMs);
    this.onTick({ slot, lateMs, skipped });
    if (!this.disposed) this.scheduleNext();
  };
}
