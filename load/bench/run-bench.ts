import { availableParallelism, loadavg } from 'node:os';
import { defaultLoadOptions, type LoadOptions, type RoomHostName } from '../generator/load-options.js';
import type { LoadReport } from '../generator/load-report.js';
import { runLoad, type LoadProgress } from '../generator/run-load.js';
import { figureSpreads, runFigures, type FigureSpreads, type RunFigures } from './bench-figures.js';
import type { BenchOptions } from './bench-options.js';
import { burstResult, runBenchBurst, type BurstResult, type BurstRun } from './bench-burst.js';
import { benchPlan, type BenchScenario, type BenchSection, type CapacityPlan } from './bench-plan.js';
import { measureFloor, type FloorReport } from './floor-children.js';
import { largestHeld, nextCapacityProbe } from './capacity-search.js';

/** Pause between runs so the previous run's processes are gone and the machine settles. */
const PAUSE_BETWEEN_RUNS_MS = 1500;

export interface BenchRun {
  readonly ok: boolean;
  readonly failure: string | null;
  readonly figures: RunFigures | null;
  readonly report: LoadReport;
}

/** One scenario on one host, over its repeated runs. */
export interface ScenarioResult {
  readonly section: BenchSection;
  readonly key: string;
  readonly title: string;
  readonly label: string;
  readonly games: number;
  readonly host: RoomHostName;
  readonly runs: readonly BenchRun[];
  readonly spreads: FigureSpreads;
}

export interface CapacityResult {
  readonly plan: CapacityPlan;
  readonly probes: readonly { readonly games: number; readonly held: boolean; readonly run: BenchRun }[];
  /** The most 4-bot games the process host held. */
  readonly capacity: number;
  /** The search stopped at its limit while still holding: the capacity is at least this. */
  readonly reachedLimit: boolean;
}

export interface BenchResults {
  readonly version: 1;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly options: BenchOptions;
  readonly machine: { readonly cpus: number; readonly loadAverageAtStart: readonly number[]; readonly node: string };
  readonly scenarios: readonly ScenarioResult[];
  readonly capacity: CapacityResult | null;
  /** The creation bursts, one entry per host; absent in results written before bursts were benchmarked. */
  readonly bursts?: readonly BurstResult[];
  /** The floor of a process per room, measured once in the run; absent or null when not measured. */
  readonly floor?: FloorReport | null;
  /** Ctrl-C stopped the benchmark early: what ran is kept. */
  readonly cancelled: boolean;
}

/** What the bench reports while it runs. */
export interface BenchProgress {
  /** e.g. "[4/25] scale 100 x 2, thread, run 2/3" */
  readonly label: string;
  readonly run: LoadProgress | null;
}

/**
 * Runs the whole plan: every scenario on every host, hosts taking turns
 * within each repeat so that a machine that slows down over time weighs on
 * every host alike, then the capacity search on the process host.
 */
export async function runBench(
  options: BenchOptions,
  onProgress: (progress: BenchProgress) => void,
  cancel: AbortSignal,
): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const machine = { cpus: availableParallelism(), loadAverageAtStart: loadavg().map((load) => Math.round(load * 100) / 100), node: process.version };
  const plan = benchPlan(options);
  const totalRuns =
    plan.scenarios.reduce((sum, scenario) => sum + scenario.hosts.length * options.repeats, 0) +
    (plan.burst ? plan.burst.hosts.length * options.repeats : 0) +
    (plan.floor ? 1 : 0);
  let runNumber = 0;

  const runOnce = async (load: Partial<LoadOptions>, host: RoomHostName, label: string, seed: number): Promise<BenchRun> => {
    runNumber += 1;
    // Capacity probes come after the planned runs; how many depends on their outcomes.
    const prefix = runNumber <= totalRuns ? `[${runNumber}/${totalRuns}] ${label}` : `[capacity ${runNumber - totalRuns}] ${label}`;
    onProgress({ label: prefix, run: null });
    const report = await runLoad(
      { ...defaultLoadOptions, durationSeconds: options.durationSeconds, ...load, rooms: host, seed, jsonPath: null, progress: false },
      (run) => onProgress({ label: prefix, run }),
      cancel,
    );
    await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_RUNS_MS));
    return { ok: report.ok, failure: report.failure, figures: runFigures(report), report };
  };

  const scenarios: ScenarioResult[] = [];
  for (const scenario of plan.scenarios) {
    const runsByHost = new Map<RoomHostName, BenchRun[]>(scenario.hosts.map((host) => [host, []]));
    for (let repeat = 1; repeat <= options.repeats && !cancel.aborted; repeat++) {
      for (const host of scenario.hosts) {
        if (cancel.aborted) break;
        const run = await runOnce(scenario.load, host, `${scenario.label}, ${host}, run ${repeat}/${options.repeats}`, repeat);
        runsByHost.get(host)!.push(run);
      }
    }
    for (const [host, runs] of runsByHost) if (runs.length > 0) scenarios.push(scenarioResult(scenario, host, runs));
    if (cancel.aborted) break;
  }

  const bursts: BurstResult[] = [];
  if (plan.burst && !cancel.aborted) {
    const burstPlan = plan.burst;
    const runsByHost = new Map<RoomHostName, BurstRun[]>(burstPlan.hosts.map((host) => [host, []]));
    for (let repeat = 1; repeat <= options.repeats && !cancel.aborted; repeat++) {
      for (const host of burstPlan.hosts) {
        if (cancel.aborted) break;
        runNumber += 1;
        onProgress({ label: `[${runNumber}/${totalRuns}] burst of ${burstPlan.games} creates, ${host}, run ${repeat}/${options.repeats}`, run: null });
        const run = await runBenchBurst(burstPlan, host).catch((error: unknown) => burstFailure(error));
        if (run) runsByHost.get(host)!.push(run);
        await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_RUNS_MS));
      }
    }
    for (const [host, runs] of runsByHost) if (runs.length > 0) bursts.push(burstResult(host, burstPlan.games, runs));
  }

  let floor: FloorReport | null = null;
  if (plan.floor && !cancel.aborted) {
    runNumber += 1;
    onProgress({ label: `[${runNumber}/${totalRuns}] floor: ${plan.floor.children} bare Node children, ${plan.floor.windowSeconds} s`, run: null });
    floor = await measureFloor(plan.floor);
    await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_RUNS_MS));
  }

  let capacity: CapacityResult | null = null;
  if (plan.capacity && !cancel.aborted) {
    const capacityPlan = plan.capacity;
    const probes: { games: number; held: boolean; run: BenchRun }[] = [];
    for (let games = nextCapacityProbe([], capacityPlan); games !== null && !cancel.aborted; games = nextCapacityProbe(probes, capacityPlan)) {
      const run = await runOnce(
        { games, players: capacityPlan.players, workMs: { min: capacityPlan.workMs, max: capacityPlan.workMs } },
        'process',
        `capacity probe: ${games} games x ${capacityPlan.players}, process`,
        1,
      );
      probes.push({ games, held: capacityHeld(run, capacityPlan), run });
    }
    const held = largestHeld(probes);
    capacity = { plan: capacityPlan, probes, capacity: held, reachedLimit: held >= capacityPlan.limit };
  }

  return { version: 1, startedAt, finishedAt: new Date().toISOString(), options, machine, scenarios, capacity, bursts, floor, cancelled: cancel.aborted };
}

/** A burst that threw (its lobby did not start, say) is left out of the figures; the benchmark goes on and says so. */
function burstFailure(error: unknown): BurstRun | null {
  console.error(`bench: a creation burst failed to run: ${error instanceof Error ? error.message : String(error)}`);
  return null;
}

/** The capacity criterion: a complete run, client p99 |interval - 100| within bounds, not one tick missed. */
export function capacityHeld(run: BenchRun, plan: CapacityPlan): boolean {
  const figures = run.figures;
  if (!run.ok || !figures) return false;
  return (
    figures.clientIntervalP99Ms !== null &&
    figures.clientIntervalP99Ms <= plan.maxIntervalP99Ms &&
    figures.missedTicks === 0 &&
    figures.skippedTicks === 0
  );
}

function scenarioResult(scenario: BenchScenario, host: RoomHostName, runs: BenchRun[]): ScenarioResult {
  return {
    section: scenario.section,
    key: scenario.key,
    title: scenario.title,
    label: scenario.label,
    games: scenario.load.games ?? defaultLoadOptions.games,
    host,
    runs,
    spreads: figureSpreads(runs.map((run) => run.figures).filter((figures): figures is RunFigures => figures !== null)),
  };
}
