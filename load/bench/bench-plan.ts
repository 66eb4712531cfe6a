import type { LoadOptions, RoomHostName } from '../generator/load-options.js';

export const BENCH_SECTIONS = ['scale', 'scale4', 'heavy', 'noisy', 'capacity', 'creation', 'burst', 'floor', 'bandwidth'] as const;
export type BenchSection = (typeof BENCH_SECTIONS)[number];

/** One workload, run on each of its hosts in turn, `repeats` times. */
export interface BenchScenario {
  readonly section: BenchSection;
  /** Stable id, e.g. "scale-100" or "noisy-irregular". */
  readonly key: string;
  /** What a reader sees, e.g. "100 games x 2 bots, work 0.2 ms". */
  readonly title: string;
  /** Short label for the chart. */
  readonly label: string;
  readonly hosts: readonly RoomHostName[];
  readonly load: Partial<LoadOptions>;
}

/** The capacity search: more and more games of `players` bots on the process host until one fails. */
export interface CapacityPlan {
  readonly players: number;
  readonly workMs: number;
  readonly start: number;
  /** The search stops here even if it still holds. */
  readonly limit: number;
  /** The search stops when the bracket is this narrow (or 10 % of the capacity). */
  readonly resolution: number;
  /** Criterion: client p99 |interval - 100| at most this, and no missed tick. */
  readonly maxIntervalP99Ms: number;
}

/** The creation burst (load/burst): `games` creates sent at once to a fresh lobby, on each host in turn. */
export interface BurstPlan {
  readonly games: number;
  readonly hosts: readonly RoomHostName[];
  /** The run gives up on games not joined this long after the creates (the target is 10 s). */
  readonly deadlineSeconds: number;
}

/** The floor of a process per room: bare Node children started as rooms are (floor-children.ts). */
export interface FloorPlan {
  readonly children: number;
  readonly settleSeconds: number;
  readonly windowSeconds: number;
}

export interface BenchPlan {
  readonly scenarios: readonly BenchScenario[];
  readonly capacity: CapacityPlan | null;
  readonly burst: BurstPlan | null;
  readonly floor: FloorPlan | null;
}

export interface PlanChoices {
  readonly quick: boolean;
  readonly sections: readonly BenchSection[];
  readonly hosts: readonly RoomHostName[];
}

const LIGHT_WORK_MS = 0.2;
const LIGHT_WORK = { min: LIGHT_WORK_MS, max: LIGHT_WORK_MS };
/** Warm pool size for the creation section: enough spares for a burst of a few games. */
const POOL_SIZE = 4;

/**
 * What `npm run bench` runs: the benchmark sections (scale with 2 and with 4 bots a game, heavy, noisy, capacity,
 * creation, the creation burst, the floor of a process per room), plus the 4-player bandwidth measurement, sized
 * down under --quick to a smoke test.
 */
export function benchPlan(choices: PlanChoices): BenchPlan {
  const quick = choices.quick;
  const hosts = choices.hosts;
  const scenarios: BenchScenario[] = [];
  const wanted = (section: BenchSection): boolean => choices.sections.includes(section);

  /** `games` games of `players` bots each, every room doing `workMs` a tick. */
  const games = (section: BenchSection, count: number, players: number, workMs: number): BenchScenario => ({
    section,
    key: `${section}-${count}`,
    title: `${count} games x ${players} bots, work ${workMs} ms`,
    label: `${section} ${count}`,
    hosts,
    load: { games: count, players, workMs: { min: workMs, max: workMs } },
  });
  if (wanted('scale')) {
    for (const count of quick ? [10, 20] : [10, 50, 100, 200, 300]) scenarios.push(games('scale', count, 2, LIGHT_WORK_MS));
  }
  if (wanted('scale4')) scenarios.push(games('scale4', quick ? 5 : 50, 4, LIGHT_WORK_MS));
  if (wanted('heavy')) {
    for (const count of quick ? [5] : [5, 10, 20]) scenarios.push(games('heavy', count, 2, 10));
  }
  if (wanted('noisy')) {
    const light = quick ? 5 : 20;
    for (const [variant, heavyWorkMs, label] of [
      ['fixed', { min: 80, max: 80 }, '80 ms'],
      ['irregular', { min: 40, max: 120 }, '40-120 ms'],
    ] as const) {
      scenarios.push({
        section: 'noisy',
        key: `noisy-${variant}`,
        title: `${light} light games (work 0.2 ms) + 1 heavy game (work ${label} a tick)`,
        label: `noisy ${label.replace(' ms', '')}`,
        hosts,
        load: { games: light, players: 2, workMs: LIGHT_WORK, heavyWorkMs, heavyGames: 1 },
      });
    }
  }
  if (wanted('creation')) {
    const games = quick ? 6 : 20;
    for (const pool of [0, POOL_SIZE]) {
      scenarios.push({
        section: 'creation',
        key: pool === 0 ? 'creation-cold' : 'creation-pool',
        title: `${games} games created at 4 a second, ${pool === 0 ? 'no warm pool' : `warm pool of ${pool}`}`,
        label: pool === 0 ? 'cold' : 'pool',
        hosts,
        // Slow creation lets the pool refill between games, as in real use; the window only needs to exist.
        load: { games, players: 2, pool, createRate: 4, durationSeconds: 2 },
      });
    }
  }
  if (wanted('bandwidth')) {
    scenarios.push({
      section: 'bandwidth',
      key: 'bandwidth-4p',
      title: `${quick ? 3 : 10} games x 4 bots, 80 x 22`,
      label: 'bandwidth',
      hosts: hosts.includes('process') ? ['process'] : hosts.slice(0, 1),
      load: { games: quick ? 3 : 10, players: 4, width: 80, height: 22 },
    });
  }
  const capacity: CapacityPlan | null =
    wanted('capacity') && hosts.includes('process')
      ? quick
        ? { players: 4, workMs: 0.2, start: 10, limit: 40, resolution: 10, maxIntervalP99Ms: 20 }
        : { players: 4, workMs: 0.2, start: 50, limit: 800, resolution: 10, maxIntervalP99Ms: 20 }
      : null;
  const burst: BurstPlan | null = wanted('burst') ? { games: quick ? 20 : 300, hosts, deadlineSeconds: quick ? 20 : 30 } : null;
  const floor: FloorPlan | null = wanted('floor')
    ? quick
      ? { children: 10, settleSeconds: 2, windowSeconds: 4 }
      : { children: 100, settleSeconds: 3, windowSeconds: 15 }
    : null;
  return { scenarios, capacity, burst, floor };
}
