/**
 * A log-linear histogram of non-negative values (in the spirit of HdrHistogram):
 * exact below 64, then 32 buckets per power of two, so every recorded value is
 * kept within about 3 % whatever its size, in a few hundred counters. It can be
 * merged, subtracted and sent as plain JSON, which a sorted array of every
 * sample cannot do cheaply.
 *
 * The histogram has no unit of its own: values are rounded to whole numbers,
 * so callers record in a unit fine enough for that (tick lateness is recorded
 * in microseconds, and every name holding one ends in `Us`). Its JSON form
 * (`HistogramCounts`) is keyed by bucket index, not by value: `bucketRange`
 * turns a key into the values it stands for (docs/protocol.md, `stats`).
 *
 * Why not hdr-histogram-js 3.0.1, the standard HdrHistogram for JavaScript:
 * measured side by side (load/histogram-cost/, Node 20, medians of 7 runs on
 * a shared 2-core machine, its 32-bit counts at 2 significant digits, the
 * coarsest setting at least as precise as this), it costs every room
 * process memory and start time it does not need. Loading the package adds
 * 4.2 MiB of private memory to a process with its JavaScript build and
 * 5.8 MiB with its WebAssembly build (this file: 0.2 MiB), and 68 / 100 ms
 * to the import (this file: 2 ms): 2 GiB and more at 500 rooms, and a
 * slower start for every room forked to resume a game. A 2 s window costs
 * a room 40 µs (JavaScript) or 33 µs (WebAssembly) against 9 µs here, and
 * merging a report costs the lobby 33 / 23 µs against 9 µs. Importing its
 * Int32Histogram file alone still adds 1.3 MiB, reaches into the package's
 * dist/ folder, and makes a report cost 156 µs. It wins where nothing here
 * is at stake: 40 ns a record with WebAssembly against 166 ns (a room
 * records 10 values a second), and the lobby's total for a room after an
 * hour takes 7.0 KB against 14.6 KB, and 638 bytes on the wire against 1955.
 */

const SUB_BUCKET_BITS = 5;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS; // 32
const LINEAR_LIMIT = SUB_BUCKETS * 2; // values below 64 get a bucket each

/**
 * A histogram as JSON: the number of values recorded in each non-empty bucket,
 * keyed by the bucket's index as a decimal string (not by a value). Bucket `i`
 * holds the values from `bucketRange(i).lowest` to `bucketRange(i).highest`,
 * in the unit the histogram was recorded in.
 */
export type HistogramCounts = Record<string, number>;

/** The values a bucket stands for, both ends included. */
export interface BucketRange {
  readonly lowest: number;
  readonly highest: number;
}

export class Histogram {
  private readonly counts = new Map<number, number>();
  private total = 0;
  private maximum = 0;

  static from(counts: HistogramCounts): Histogram {
    const histogram = new Histogram();
    for (const [index, count] of Object.entries(counts)) histogram.addBucket(Number(index), count);
    return histogram;
  }

  get count(): number {
    return this.total;
  }

  /** Largest value recorded (as its bucket's upper bound after merging). */
  get max(): number {
    return this.maximum;
  }

  record(value: number): void {
    if (!(value >= 0)) throw new RangeError(`histogram values must be non-negative numbers, got ${value}`);
    const rounded = Math.round(value);
    const index = bucketOf(rounded);
    this.counts.set(index, (this.counts.get(index) ?? 0) + 1);
    this.total += 1;
    if (rounded > this.maximum) this.maximum = rounded;
  }

  /** The value at quantile q (0..1): the upper bound of the bucket holding it. */
  quantile(q: number): number {
    if (q < 0 || q > 1) throw new RangeError(`quantile must be from 0 to 1, got ${q}`);
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (const index of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(index)!;
      if (seen >= rank) return Math.min(upperBoundOf(index), this.maximum);
    }
    return this.maximum;
  }

  mean(): number {
    if (this.total === 0) return 0;
    let sum = 0;
    for (const [index, count] of this.counts) sum += midpointOf(index) * count;
    return sum / this.total;
  }

  merge(other: Histogram): void {
    for (const [index, count] of other.counts) this.addBucket(index, count);
    if (other.maximum > this.maximum) this.maximum = other.maximum;
  }

  /** Counts recorded here but not in `earlier` (an earlier copy of the same series). */
  since(earlier: Histogram): Histogram {
    const difference = new Histogram();
    for (const [index, count] of this.counts) {
      const left = count - (earlier.counts.get(index) ?? 0);
      if (left > 0) difference.addBucket(index, left);
    }
    return difference;
  }

  toJSON(): HistogramCounts {
    const counts: HistogramCounts = {};
    for (const [index, count] of this.counts) counts[index] = count;
    return counts;
  }

  private addBucket(index: number, count: number): void {
    if (!Number.isInteger(index) || index < 0 || !Number.isInteger(count) || count < 0) {
      throw new RangeError(`bad histogram bucket ${index}: ${count}`);
    }
    if (count === 0) return;
    this.counts.set(index, (this.counts.get(index) ?? 0) + count);
    this.total += count;
    const upper = upperBoundOf(index);
    if (upper > this.maximum) this.maximum = upper;
  }
}

/**
 * The values bucket `index` holds: below 64, exactly `index`; from 64 on,
 * with k = floor((index - 64) / 32) + 1 and s = (index - 64) mod 32 + 32,
 * from s * 2^k to (s + 1) * 2^k - 1. Buckets are contiguous: every whole
 * number falls in exactly one.
 */
export function bucketRange(index: number): BucketRange {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`bucket index must be a non-negative integer, got ${index}`);
  return { lowest: lowerBoundOf(index), highest: upperBoundOf(index) };
}

function bucketOf(value: number): number {
  if (value < LINEAR_LIMIT) return value;
  const shift = Math.floor(Math.log2(value)) - SUB_BUCKET_BITS;
  const sub = Math.floor(value / 2 ** shift); // in [32, 64)
  return LINEAR_LIMIT + (shift - 1) * SUB_BUCKETS + (sub - SUB_BUCKETS);
}

function lowerBoundOf(index: number): number {
  if (index < LINEAR_LIMIT) return index;
  const shift = Math.floor((index - LINEAR_LIMIT) / SUB_BUCKETS) + 1;
  const sub = ((index - LINEAR_LIMIT) % SUB_BUCKETS) + SUB_BUCKETS;
  return sub * 2 ** shift;
}

function upperBoundOf(index: number): number {
  if (index < LINEAR_LIMIT) return index;
  return lowerBoundOf(index + 1) - 1;
}

function midpointOf(index: number): number {
  return (lowerBoundOf(index) + upperBoundOf(index)) / 2;
}
