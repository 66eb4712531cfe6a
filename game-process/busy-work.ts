import type { WorkRange } from '../shared/protocol/ipc-messages.js';

/**
 * The benchmark knob's work: synchronous CPU burnt inside a tick, standing
 * for heavier game logic. Never used unless a lobby started for benchmarks
 * was asked for it.
 */
export function burnCpu(milliseconds: number): void {
  const until = performance.now() + milliseconds;
  while (performance.now() < until) {
    // Spin: the point is to hold the event loop, as real game logic would.
  }
}

/** A duration from the range, drawn anew each tick (Math.random is fine: this is not game logic). */
export function drawWorkMs(range: WorkRange): number {
  return range.min + Math.random() * (range.max - range.min);
}
