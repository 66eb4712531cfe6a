import type { Histogram } from './histogram.js';

/** The figures a report prints for one distribution, in milliseconds. */
export interface QuantileSummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * Summarises a histogram of microseconds in milliseconds (three decimals).
 * Microseconds are recorded rather than milliseconds so that sub-millisecond
 * values keep their precision in a histogram of integers.
 */
export function summarizeMicroseconds(histogram: Histogram): QuantileSummary {
  return {
    count: histogram.count,
    p50: microsecondsToMs(histogram.quantile(0.5)),
    p99: microsecondsToMs(histogram.quantile(0.99)),
    max: microsecondsToMs(histogram.max),
  };
}

export function microsecondsToMs(microseconds: number): number {
  return Math.round(microseconds) / 1000;
}
