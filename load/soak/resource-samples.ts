import { readdirSync, readFileSync } from 'node:fs';

/** One reading of a process's resident memory and open file descriptors. */
export interface ResourceSample {
  readonly atMs: number;
  readonly rssBytes: number;
  readonly openFds: number;
}

export function sampleResources(pid: number, atMs: number): ResourceSample | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
    const openFds = readdirSync(`/proc/${pid}/fd`).length;
    return { atMs, rssBytes: rssKb * 1024, openFds };
  } catch {
    return null;
  }
}

/** Least-squares slope of values over time, per minute: how fast something grows. */
export function slopePerMinute(points: readonly { atMs: number; value: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const meanX = points.reduce((sum, point) => sum + point.atMs, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.value, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const point of points) {
    covariance += (point.atMs - meanX) * (point.value - meanY);
    variance += (point.atMs - meanX) ** 2;
  }
  return variance === 0 ? 0 : (covariance / variance) * 60_000;
}
