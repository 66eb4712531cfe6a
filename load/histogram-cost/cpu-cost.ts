import type { HistogramContender } from './contender.js';

/** A room ticks 10 times a second and reports every 2 s: 20 values a window. */
export const VALUES_PER_WINDOW = 20;
/** An hour of one room at 10 ticks a second. */
export const VALUES_PER_HOUR = 36_000;

/** Nanoseconds per `record` into one histogram, over `count` values. */
export function recordNs(contender: HistogramContender, values: readonly number[], count: number): number {
  const window = contender.newWindow();
  const mask = values.length - 1;
  const start = process.hrtime.bigint();
  for (let index = 0; index < count; index++) window.record(values[index & mask]!);
  const elapsed = Number(process.hrtime.bigint() - start);
  window.destroy();
  return elapsed / count;
}

/**
 * Microseconds a room spends on one 2 s window besides the ticks themselves:
 * 20 records, the report, the stats message serialized as the IPC channel
 * does (JSON), and the start of the next window.
 */
export function windowUs(contender: HistogramContender, values: readonly number[], windows: number): number {
  const window = contender.newWindow();
  const mask = values.length - 1;
  let next = 0;
  let bytes = 0;
  const start = process.hrtime.bigint();
  for (let round = 0; round < windows; round++) {
    for (let tick = 0; tick < VALUES_PER_WINDOW; tick++) window.record(values[next++ & mask]!);
    bytes += JSON.stringify(statsMessage(window.report())).length;
    window.restart();
  }
  const elapsed = Number(process.hrtime.bigint() - start);
  window.destroy();
  if (bytes === 0) throw new Error('no report was serialized');
  return elapsed / windows / 1000;
}

/** Microseconds the lobby spends on one report: parsing the IPC line and merging it into the room's total. */
export function mergeUs(contender: HistogramContender, reportLines: readonly string[], merges: number): number {
  const total = contender.newTotal();
  const start = process.hrtime.bigint();
  for (let index = 0; index < merges; index++) {
    const message = JSON.parse(reportLines[index % reportLines.length]!) as { latenessUs: unknown };
    total.merge(message.latenessUs);
  }
  const elapsed = Number(process.hrtime.bigint() - start);
  if (!(total.p99() > 0)) throw new Error('the merged total is empty');
  total.destroy();
  return elapsed / merges / 1000;
}

/** The IPC lines of `count` consecutive windows' stats messages. */
export function reportLines(contender: HistogramContender, values: readonly number[], count: number): string[] {
  const window = contender.newWindow();
  const lines: string[] = [];
  for (let round = 0; round < count; round++) {
    for (let tick = 0; tick < VALUES_PER_WINDOW; tick++) window.record(values[(round * VALUES_PER_WINDOW + tick) % values.length]!);
    lines.push(JSON.stringify(statsMessage(window.report())));
    window.restart();
  }
  window.destroy();
  return lines;
}

/** game-room.ts's stats message, with figures of a typical window. */
export function statsMessage(latenessUs: unknown): object {
  return { type: 'stats', ticks: 7020, skipped: 0, windowMs: 2000.1234, windowTicks: VALUES_PER_WINDOW, latenessUs, droppedFrames: 0, rssBytes: 41_000_000, heapUsedBytes: 6_000_000 };
}
