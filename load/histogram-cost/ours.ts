import { Histogram, type HistogramCounts } from '../../shared/stats/histogram.js';
import type { HistogramContender, LobbyTotal, RoomWindow } from './contender.js';

/** vimtron's own histogram, used exactly as game-room.ts and lobby-room.ts use it. */
export const ours: HistogramContender = {
  name: 'shared/stats/histogram.ts: 32 buckets per power of two, JSON counts by bucket index, a new histogram every window',
  newWindow: () => new OursWindow(),
  newTotal: () => new OursTotal(),
};

class OursWindow implements RoomWindow {
  private window = new Histogram();

  record(latenessUs: number): void {
    this.window.record(latenessUs);
  }

  report(): HistogramCounts {
    return this.window.toJSON();
  }

  // game-room.ts starts every window with a new histogram.
  restart(): void {
    this.window = new Histogram();
  }

  destroy(): void {}
}

class OursTotal implements LobbyTotal {
  private readonly total = new Histogram();

  merge(report: unknown): void {
    this.total.merge(Histogram.from(report as HistogramCounts));
  }

  p99(): number {
    return this.total.quantile(0.99);
  }

  wire(): HistogramCounts {
    return this.total.toJSON();
  }

  destroy(): void {}
}
