import type { CapacityPlan } from './bench-plan.js';

export interface CapacityProbe {
  readonly games: number;
  readonly held: boolean;
}

/**
 * The next number of games to try: doubling from the start while the host
 * holds, then halving the bracket between the largest that held and the
 * smallest that did not. Null when the answer is known closely enough or
 * the limit held.
 */
export function nextCapacityProbe(probes: readonly CapacityProbe[], plan: Pick<CapacityPlan, 'start' | 'limit' | 'resolution'>): number | null {
  if (probes.length === 0) return plan.start;
  const held = largestHeld(probes);
  const failed = probes.filter((probe) => !probe.held && probe.games > held).map((probe) => probe.games);
  if (failed.length === 0) {
    const next = Math.min(plan.limit, held * 2);
    return next > held ? next : null;
  }
  const smallestFailed = Math.min(...failed);
  if (smallestFailed - held <= Math.max(plan.resolution, held * 0.1)) return null;
  const next = Math.round((held + smallestFailed) / 2);
  return next > held && next < smallestFailed ? next : null;
}

/** The most games a probe held (0 if none did). */
export function largestHeld(probes: readonly CapacityProbe[]): number {
  return Math.max(0, ...probes.filter((probe) => probe.held).map((probe) => probe.games));
}
