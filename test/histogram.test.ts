import { describe, expect, it } from 'vitest';
import { bucketRange, Histogram } from '../shared/stats/histogram.js';
import { summarizeMicroseconds } from '../shared/stats/quantile-summary.js';

/** The `latenessHistogramUs` of the `stats` example in docs/protocol.md. */
const DOCUMENTED_EXAMPLE = { '40': 12, '145': 300, '147': 120, '197': 255, '219': 14, '242': 1 };

describe('histogram buckets', () => {
  it('gives the ranges of the table in docs/protocol.md', () => {
    expect([40, 64, 145, 147, 197, 219, 242].map(bucketRange)).toEqual([
      { lowest: 40, highest: 40 },
      { lowest: 64, highest: 65 },
      { lowest: 392, highest: 399 },
      { lowest: 408, highest: 415 },
      { lowest: 1184, highest: 1215 },
      { lowest: 1888, highest: 1919 },
      { lowest: 3200, highest: 3263 },
    ]);
  });

  it('keeps a bucket per value below 64, then 32 buckets per power of two', () => {
    expect(bucketRange(63)).toEqual({ lowest: 63, highest: 63 });
    expect(bucketRange(95)).toEqual({ lowest: 126, highest: 127 });
    expect(bucketRange(96)).toEqual({ lowest: 128, highest: 131 });
    expect(bucketRange(127)).toEqual({ lowest: 252, highest: 255 });
  });

  it('covers every whole number from 0 to 2^20 exactly once, in order', () => {
    let next = 0;
    for (let index = 0; next <= 2 ** 20; index++) {
      const range = bucketRange(index);
      expect(range.lowest).toBe(next);
      next = range.highest + 1;
    }
  });

  it('keys a recorded value, rounded to a whole number, by the bucket whose range holds it', () => {
    for (const value of [0, 1, 63, 64, 65, 66, 395, 1210.4, 3200, 3263.49, 99_999]) {
      const histogram = new Histogram();
      histogram.record(value);
      const [key, ...others] = Object.keys(histogram.toJSON());
      const range = bucketRange(Number(key));
      expect(others).toEqual([]);
      expect(Math.round(value)).toBeGreaterThanOrEqual(range.lowest);
      expect(Math.round(value)).toBeLessThanOrEqual(range.highest);
    }
  });

  it('refuses a bucket index that is not a non-negative integer', () => {
    expect(() => bucketRange(-1)).toThrow(new RangeError('bucket index must be a non-negative integer, got -1'));
    expect(() => bucketRange(1.5)).toThrow(new RangeError('bucket index must be a non-negative integer, got 1.5'));
  });

  it('summarises the documented example as its latenessMs says: bucket highest values, in milliseconds', () => {
    const lateness = Histogram.from(DOCUMENTED_EXAMPLE);
    expect(summarizeMicroseconds(lateness)).toEqual({ count: 702, p50: 0.415, p99: 1.919, max: 3.263 });
    expect(lateness.toJSON()).toEqual(DOCUMENTED_EXAMPLE);
  });
});
