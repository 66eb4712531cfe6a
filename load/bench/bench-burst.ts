import { CLI_PATH } from '../../cli/cli-path.js';
import { spreadOf, type Spread } from '../../shared/stats/spread.js';
import { runBurst, type BurstReport } from '../burst/run-burst.js';
import type { RoomHostName } from '../generator/load-options.js';
import type { BurstPlan } from './bench-plan.js';

/** What the benchmark takes from a creation burst. */
export const BURST_FIGURE_NAMES = ['joinedP50Ms', 'joinedP99Ms', 'joinedMaxMs', 'joinedWithin10s', 'lobbyPingP99Ms'] as const;
export type BurstFigureName = (typeof BURST_FIGURE_NAMES)[number];
export type BurstFigures = Readonly<Record<BurstFigureName, number | null>>;

export interface BurstRun {
  readonly ok: boolean;
  readonly failure: string | null;
  readonly figures: BurstFigures;
  readonly report: BurstReport;
}

/** One host's bursts over the repeats. */
export interface BurstResult {
  readonly host: RoomHostName;
  readonly games: number;
  readonly runs: readonly BurstRun[];
  readonly spreads: Readonly<Record<BurstFigureName, Spread | null>>;
}

/**
 * One burst as `npm run burst -- --games N --rooms HOST` runs it (the lobby's
 * default warm pool and start concurrency, players staying in their games),
 * with the run's deadline from the plan.
 */
export async function runBenchBurst(plan: BurstPlan, host: RoomHostName): Promise<BurstRun> {
  const report = await runBurst({
    games: plan.games,
    rooms: host,
    pool: 2,
    startConcurrency: null,
    pingEveryMs: 20,
    connectEveryMs: 250,
    deadlineSeconds: plan.deadlineSeconds,
    cliPath: CLI_PATH,
    then: 'stay',
  });
  return { ok: report.ok, failure: report.failure, figures: burstFigures(report), report };
}

export function burstFigures(report: BurstReport): BurstFigures {
  const joined = report.timeToJoinedMs;
  const ping = report.probeDuring.pingMs;
  return {
    joinedP50Ms: joined.count > 0 ? joined.p50 : null,
    joinedP99Ms: joined.count > 0 ? joined.p99 : null,
    joinedMaxMs: joined.count > 0 ? joined.max : null,
    joinedWithin10s: report.joinedWithin['10'] ?? null,
    lobbyPingP99Ms: ping.count > 0 ? ping.p99 : null,
  };
}

export function burstResult(host: RoomHostName, games: number, runs: readonly BurstRun[]): BurstResult {
  const spreads = {} as Record<BurstFigureName, Spread | null>;
  for (const name of BURST_FIGURE_NAMES) {
    spreads[name] = spreadOf(runs.map((run) => run.figures[name]).filter((value): value is number => value !== null));
  }
  return { host, games, runs, spreads };
}
