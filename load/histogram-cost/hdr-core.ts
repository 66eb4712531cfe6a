// Deep import: the package's index also loads its WebAssembly build and the
// deflate library for its encoding, which a room using this class does not need.
import int32HistogramModule from 'hdr-histogram-js/dist/Int32Histogram.js';
import type { HistogramContender, LobbyTotal, RoomWindow } from './contender.js';

const Int32Histogram = int32HistogramModule.default;
type Int32Histogram = InstanceType<typeof Int32Histogram>;

/** As in hdr.ts: the coarsest setting at least as precise as ours. */
const SIGNIFICANT_DIGITS = 2;

/**
 * The cheapest way to use hdr-histogram-js in a room: its 32-bit JavaScript
 * histogram alone, reported not in HdrHistogram's compressed encoding but
 * as plain JSON counts keyed by each bucket's lowest value in microseconds.
 */
export const hdrCore: HistogramContender = {
  name: 'hdr-histogram-js JavaScript 32-bit counts, 2 significant digits, Int32Histogram alone, JSON counts by bucket lowest value',
  newWindow: () => new HdrCoreWindow(),
  newTotal: () => new HdrCoreTotal(),
};

function newHistogram(): Int32Histogram {
  const histogram = new Int32Histogram(1, 2, SIGNIFICANT_DIGITS);
  histogram.autoResize = true;
  return histogram;
}

function countsByLowestValue(histogram: Int32Histogram): Record<string, number> {
  const counts: Record<string, number> = {};
  const iterator = histogram.recordedValuesIterator;
  iterator.reset();
  while (iterator.hasNext()) {
    const step = iterator.next();
    counts[histogram.lowestEquivalentValue(step.valueIteratedTo)] = step.countAtValueIteratedTo;
  }
  return counts;
}

class HdrCoreWindow implements RoomWindow {
  private readonly window = newHistogram();

  record(latenessUs: number): void {
    this.window.recordValue(Math.round(latenessUs));
  }

  report(): Record<string, number> {
    return countsByLowestValue(this.window);
  }

  restart(): void {
    this.window.reset();
  }

  destroy(): void {}
}

class HdrCoreTotal implements LobbyTotal {
  private readonly total = newHistogram();

  merge(report: unknown): void {
    for (const [value, count] of Object.entries(report as Record<string, number>)) this.total.recordValueWithCount(Number(value), count);
  }

  p99(): number {
    return this.total.getValueAtPercentile(99);
  }

  wire(): Record<string, number> {
    return countsByLowestValue(this.total);
  }

  destroy(): void {}
}
