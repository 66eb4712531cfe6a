import type { HistogramContender, LobbyTotal, RoomWindow } from './contender.js';
import { VALUES_PER_WINDOW } from './cpu-cost.js';

/**
 * Bytes the process holds: the JavaScript heap and memory outside it (typed
 * arrays, and WebAssembly memory, which Node counts as external). Measure in
 * a fresh process: WebAssembly memory only grows, so a second measurement in
 * the same process would reuse what the first one left.
 */
export interface HeldBytes {
  readonly heapAndExternal: number;
  readonly rss: number;
}

function heldNow(): HeldBytes {
  collectGarbage();
  const usage = process.memoryUsage();
  return { heapAndExternal: usage.heapUsed + usage.external, rss: usage.rss };
}

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc so memory can be measured after a collection');
  gc();
  gc();
}

/** Bytes per room window holding one window's values, over `count` windows. */
export function bytesPerWindow(contender: HistogramContender, values: readonly number[], count: number): HeldBytes {
  return bytesPerHeld(count, () => {
    const window = contender.newWindow();
    for (let tick = 0; tick < VALUES_PER_WINDOW; tick++) window.record(values[tick]!);
    return window;
  });
}

/**
 * Bytes per lobby total holding `valueCount` values (an hour of a room is
 * 36,000), over `count` totals: what the lobby keeps for every room.
 */
export function bytesPerTotal(contender: HistogramContender, values: readonly number[], valueCount: number, count: number): HeldBytes {
  const window = contender.newWindow();
  for (let index = 0; index < valueCount; index++) window.record(values[index % values.length]!);
  const report = JSON.parse(JSON.stringify(window.report())) as unknown;
  window.destroy();
  return bytesPerHeld(count, () => {
    const total = contender.newTotal();
    total.merge(report);
    return total;
  });
}

function bytesPerHeld(count: number, make: () => RoomWindow | LobbyTotal): HeldBytes {
  const before = heldNow();
  const held: (RoomWindow | LobbyTotal)[] = [];
  for (let index = 0; index < count; index++) held.push(make());
  const after = heldNow();
  for (const item of held) item.destroy();
  return { heapAndExternal: (after.heapAndExternal - before.heapAndExternal) / count, rss: (after.rss - before.rss) / count };
}
