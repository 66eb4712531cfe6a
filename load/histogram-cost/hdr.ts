import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, initWebAssemblySync, type BitBucketSize, type Histogram } from 'hdr-histogram-js';
import type { HistogramContender, LobbyTotal, RoomWindow } from './contender.js';

/**
 * Two significant digits: the coarsest HdrHistogram setting at least as
 * precise as ours (128 buckets per power of two against our 32; one digit
 * would give 16). Values are microseconds, tracked from 1 µs; the array
 * grows to fit the largest value seen (autoResize, the library's default).
 */
const SIGNIFICANT_DIGITS = 2;

/** hdr-histogram-js with its standard wire format, compressed base64 (HdrHistogram's V2 encoding, deflated). */
export function hdrContender(bitBucketSize: BitBucketSize, useWebAssembly: boolean): HistogramContender {
  if (useWebAssembly) initWebAssemblySync();
  const request = { numberOfSignificantValueDigits: SIGNIFICANT_DIGITS, bitBucketSize, useWebAssembly } as const;
  const buildOne = (): Histogram => build(request);
  return {
    name: `hdr-histogram-js ${useWebAssembly ? 'WebAssembly' : 'JavaScript'} ${bitBucketSize === 'packed' ? 'packed' : `${bitBucketSize}-bit`} counts, 2 significant digits, compressed base64 reports`,
    newWindow: () => new HdrWindow(buildOne()),
    newTotal: () => new HdrTotal(buildOne(), bitBucketSize, useWebAssembly),
  };
}

class HdrWindow implements RoomWindow {
  constructor(private readonly window: Histogram) {}

  record(latenessUs: number): void {
    this.window.recordValue(Math.round(latenessUs));
  }

  report(): string {
    return encodeIntoCompressedBase64(this.window);
  }

  // The library's way to reuse a histogram: no new counts array every window.
  restart(): void {
    this.window.reset();
  }

  destroy(): void {
    this.window.destroy();
  }
}

class HdrTotal implements LobbyTotal {
  constructor(
    private readonly total: Histogram,
    private readonly bitBucketSize: BitBucketSize,
    private readonly useWebAssembly: boolean,
  ) {}

  merge(report: unknown): void {
    const window = decodeFromCompressedBase64(report as string, this.bitBucketSize, this.useWebAssembly);
    this.total.add(window);
    window.destroy();
  }

  p99(): number {
    return this.total.getValueAtPercentile(99);
  }

  wire(): string {
    return encodeIntoCompressedBase64(this.total);
  }

  destroy(): void {
    this.total.destroy();
  }
}
