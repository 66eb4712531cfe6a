import type { WorkRange } from '../shared/protocol/ipc-messages.js';

/**
 * The benchmark knob's work: synchronous CPU burnt inside a tick, standing
 * for heavier game logic. Never used unless a lobby started for benchmarks
 * was asked for it.
 *
 * The work is counted in loop iterations, not in wall-clock time: a room
 * that is preempted while it works still does all the work it was asked
 * for, taking longer, as real game logic would. (Spinning until a clock
 * says the time is up would do less work in a preempted room, which
 * flatters every host that runs rooms side by side on few cores.) The
 * iterations a millisecond are measured once per process or thread.
 */

/** Calibration: this many samples of this many iterations; the fastest sample is the one not preempted. */
const CALIBRATION_SAMPLES = 12;
const CALIBRATION_ITERATIONS = 100_000;

/** Written by every spin, so the loop has an effect the compiler must keep. */
let sink = 0;
let iterationsPerMs: number | null = null;

/** `iterations` rounds of a linear congruential step: integer work no compiler folds away. */
function spin(iterations: number): void {
  let x = sink | 0;
  for (let index = 0; index < iterations; index++) x = (Math.imul(x, 1664525) + 1013904223) | 0;
  sink = x;
}

/**
 * Loop iterations this thread runs in a millisecond of CPU, measured the
 * first time it is asked (a few milliseconds) and kept. Each sample is timed
 * by the wall clock; a preempted sample only looks slower, so the fastest of
 * several is the thread's own speed, once the loop is optimised.
 */
export function calibratedIterationsPerMs(): number {
  if (iterationsPerMs !== null) return iterationsPerMs;
  let fastestMs = Infinity;
  for (let sample = 0; sample < CALIBRATION_SAMPLES; sample++) {
    const start = performance.now();
    spin(CALIBRATION_ITERATIONS);
    fastestMs = Math.min(fastestMs, performance.now() - start);
  }
  // A clock too coarse to see the sample (0 ms) would make the rate infinite: take one tick of it.
  iterationsPerMs = CALIBRATION_ITERATIONS / Math.max(fastestMs, 0.001);
  return iterationsPerMs;
}

/** The iterations that stand for `milliseconds` of CPU on this thread. */
export function workIterations(milliseconds: number): number {
  if (!(milliseconds >= 0) || !Number.isFinite(milliseconds)) throw new RangeError(`work must be a finite number of milliseconds >= 0, got ${milliseconds}`);
  return Math.round(milliseconds * calibratedIterationsPerMs());
}

/** Burns `milliseconds` of this thread's CPU (as calibrated), however long the wall clock takes. */
export function burnCpu(milliseconds: number): void {
  spin(workIterations(milliseconds));
}

/** A duration from the range, drawn anew each tick (Math.random is fine: this is not game logic). */
export function drawWorkMs(range: WorkRange): number {
  return range.min + Math.random() * (range.max - range.min);
}
