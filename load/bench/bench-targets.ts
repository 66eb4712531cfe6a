import type { Spread } from '../../shared/stats/spread.js';
import type { RoomHostName } from '../generator/load-options.js';
import { ratioOf, type FigureName } from './bench-figures.js';
import type { BenchSection } from './bench-plan.js';
import type { FloorReport } from './floor-children.js';
import type { BenchResults, ScenarioResult } from './run-bench.js';

export type Verdict = 'PASS' | 'MISS' | 'REPORT' | 'NOT MEASURED';

/** One performance target of the project, with the figure measured and the verdict. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly verdict: Verdict;
  /** Where the figure comes from, when it is not the scenario the target names (--quick, --only). */
  readonly note: string | null;
}

/** "10.0 ticks/s" is met by a rate that rounds to 10.0. */
const FULL_RATE = 9.95;
const BANDWIDTH_TARGET_BYTES = 2000;
/** Server CPU of the process host at most this many times the inline host's. */
const CPU_RATIO_LIMIT = 1.5;
/** The creation burst the targets name. */
const BURST_TARGET_GAMES = 300;
const MB = 2 ** 20;

/**
 * Checks the performance targets against the benchmark's medians. Under --quick
 * (or --only) a target is checked on the nearest scenario that ran, and says so.
 */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const at = (section: BenchSection, host: RoomHostName, games?: number, key?: string) => findScenario(results, section, host, games, key);

  for (const [key, name] of [
    ['noisy-fixed', 'noisy neighbour (heavy room 80 ms a tick)'],
    ['noisy-irregular', 'noisy neighbour (heavy room 40-120 ms a tick)'],
  ] as const) {
    const process = at('noisy', 'process', undefined, key);
    const inline = at('noisy', 'inline', undefined, key);
    checks.push(
      atLeast(`${name}: light rooms 10.0 ticks/s, process host`, process, 'ticksPerSecondMin', FULL_RATE, 'ticks/s (slowest light room)'),
      atMost(`${name}: light rooms server p99 lateness <= 2 ms, process host`, process, 'serverLatenessP99Ms', 2, 'ms'),
      atMost(`${name}: light rooms client p99 |interval-100| <= 3 ms, process host`, process, 'clientIntervalP99Ms', 3, 'ms'),
      ratioAtLeast(`${name}: light rooms p99 lateness inline/process >= 10`, inline, process, 'serverLatenessP99Ms', 10),
    );
  }

  const heavy10 = at('heavy', 'process', 10);
  checks.push(
    atMost('heavy 10 rooms x 10 ms: server p99 lateness <= 5 ms, process host', heavy10, 'serverLatenessP99Ms', 5, 'ms'),
    atLeast('heavy 10 rooms x 10 ms: 10.0 ticks/s, process host', heavy10, 'ticksPerSecondMin', FULL_RATE, 'ticks/s (slowest room)'),
    atLeast('heavy 20 rooms x 10 ms: every room >= 9.7 ticks/s, process host', at('heavy', 'process', 20), 'ticksPerSecondMin', 9.7, 'ticks/s (slowest room)'),
  );

  const scale200 = at('scale', 'process', 200);
  checks.push(
    atLeast('scale 200 rooms x 2 bots: 10.0 ticks/s, process host', scale200, 'ticksPerSecondMin', FULL_RATE, 'ticks/s (slowest room)'),
    atMost('scale 200 rooms x 2 bots: server p99 lateness <= 5 ms, process host', scale200, 'serverLatenessP99Ms', 5, 'ms'),
    atMost('scale 200 rooms x 2 bots: client p99 |interval-100| <= 20 ms, process host', scale200, 'clientIntervalP99Ms', 20, 'ms'),
    cpuRatioAtMost('scale 200 rooms x 2 bots: server CPU (lobby + rooms) process <= 1.5 x inline', scale200, at('scale', 'inline', 200)),
  );

  const scale300 = at('scale', 'process', 300);
  checks.push(
    setsUp('scale 300 rooms x 2 bots: sets up (every run completes), process host', scale300),
    atLeast('scale 300 rooms x 2 bots: >= 9.9 ticks/s, process host', scale300, 'ticksPerSecondMin', 9.9, 'ticks/s (slowest room)'),
    atMost('scale 300 rooms x 2 bots: client p99 |interval-100| <= 40 ms, process host', scale300, 'clientIntervalP99Ms', 40, 'ms'),
  );

  const process100 = at('scale', 'process', 100);
  checks.push(
    cpuRatioAtMost('server CPU (lobby + rooms) at 100 rooms x 2: process <= 1.5 x inline', process100, at('scale', 'inline', 100)),
    cpuRatioAtMost('50 rooms x 4 bots: server CPU (lobby + rooms) process <= 1.5 x inline', at('scale4', 'process', 50), at('scale4', 'inline', 50)),
  );

  const capacity = results.capacity;
  checks.push({
    target: 'capacity >= 300 concurrent 4-player rooms, process host (p99 |interval-100| <= 20 ms, no missed tick)',
    measured: capacity ? `${capacity.capacity} rooms${capacity.reachedLimit ? ` (search limit ${capacity.plan.limit} reached)` : ''}` : '-',
    verdict: capacity ? (capacity.capacity >= 300 ? 'PASS' : 'MISS') : 'NOT MEASURED',
    note: capacity && capacity.plan.limit < 300 ? `--quick searches only up to ${capacity.plan.limit} rooms` : null,
  });

  checks.push(
    atMost('memory <= 8 MB PSS per room process at 100 rooms', process100, 'pssPerRoomMB', 8, 'MB'),
    atMost('creation latency with warm pool p99 <= 10 ms, process host', at('creation', 'process', undefined, 'creation-pool'), 'creationP99Ms', 10, 'ms'),
    atMost(
      'bandwidth: bytes per player per second, 4-player 80x22 game (target under 2 KB/s)',
      at('bandwidth', 'process'),
      'bytesPerPlayerPerSecond',
      BANDWIDTH_TARGET_BYTES,
      'B/s',
    ),
  );
  checks.push(
    atMost('lobby CPU per relayed frame <= 25 us (process host, 200 rooms x 2)', scale200, 'relayCpuUsPerMessage', 25, 'us'),
    roomPssAgainstFloor(scale200, results.floor ?? null),
  );
  const roomTick = process100?.scenario.spreads.roomCpuUsPerTick ?? null;
  checks.push({
    target: 'room tick: CPU microseconds per tick of a room process, its work knob included (process host, 100 rooms)',
    measured: roomTick ? `${spreadText(roomTick, 1)} us` : '-',
    verdict: roomTick ? 'REPORT' : 'NOT MEASURED',
    note: noteOf(process100),
  });
  checks.push(cpuPerTickAgainstFloor(scale200, at('scale', 'inline', 200), results.floor ?? null));
  checks.push(...burstChecks(results));
  return checks;
}

/** Creation burst targets, on the process host. */
function burstChecks(results: BenchResults): TargetCheck[] {
  const burst = results.bursts?.find((entry) => entry.host === 'process') ?? null;
  const name = `creation burst of ${BURST_TARGET_GAMES} creates at once, process host`;
  const note = burst && burst.games !== BURST_TARGET_GAMES ? `measured with ${burst.games} creates, not ${BURST_TARGET_GAMES}` : null;
  if (!burst) {
    return [
      { target: `${name}: every joined within 10 s`, measured: '-', verdict: 'NOT MEASURED', note: null },
      { target: `${name}: time to joined p50 / p99`, measured: '-', verdict: 'NOT MEASURED', note: null },
      { target: `${name}: lobby ping p99 <= 50 ms during the burst`, measured: '-', verdict: 'NOT MEASURED', note: null },
    ];
  }
  const within = burst.spreads.joinedWithin10s;
  const p50 = burst.spreads.joinedP50Ms;
  const p99 = burst.spreads.joinedP99Ms;
  const ping = burst.spreads.lobbyPingP99Ms;
  return [
    {
      target: `${name}: every joined within 10 s`,
      measured: within ? `${spreadText(within, 0)} of ${burst.games} joined within 10 s` : '-',
      // Every run, not the median one: a burst that leaves one player waiting misses.
      verdict: within ? (within.min >= burst.games ? 'PASS' : 'MISS') : 'NOT MEASURED',
      note,
    },
    {
      target: `${name}: time to joined p50 / p99`,
      measured: p50 && p99 ? `p50 ${spreadText(p50, 0)} ms, p99 ${spreadText(p99, 0)} ms` : '-',
      verdict: p50 && p99 ? 'REPORT' : 'NOT MEASURED',
      note,
    },
    {
      target: `${name}: lobby ping p99 <= 50 ms during the burst`,
      measured: ping ? `${spreadText(ping, 1)} ms` : '-',
      verdict: ping ? (ping.median <= 50 ? 'PASS' : 'MISS') : 'NOT MEASURED',
      note,
    },
  ];
}

/** Server CPU of the process host against the inline host's in the same scenario. */
function cpuRatioAtMost(target: string, process: Found | null, inline: Found | null): TargetCheck {
  const ratio = ratioOf(process?.scenario.spreads.serverCpuPercent ?? null, inline?.scenario.spreads.serverCpuPercent ?? null);
  return {
    target,
    measured:
      ratio === null
        ? '-'
        : `${ratio.toFixed(2)} x (process ${spreadText(process!.scenario.spreads.serverCpuPercent, 1)} %, inline ${spreadText(inline!.scenario.spreads.serverCpuPercent, 1)} %)`,
    verdict: ratio === null ? 'NOT MEASURED' : ratio <= CPU_RATIO_LIMIT ? 'PASS' : 'MISS',
    note: noteOf(process) ?? noteOf(inline),
  };
}

/** Every run of the scenario completed: the games were created and all started within the warm-up. */
function setsUp(target: string, found: Found | null): TargetCheck {
  if (!found || found.scenario.runs.length === 0) return { target, measured: '-', verdict: 'NOT MEASURED', note: found?.note ?? null };
  const runs = found.scenario.runs;
  const failed = runs.filter((run) => !run.ok);
  return {
    target,
    measured: `${runs.length - failed.length} of ${runs.length} runs ok${failed.length > 0 ? `; ${failed[0]!.failure ?? 'failed'}` : ''}`,
    verdict: failed.length === 0 ? 'PASS' : 'MISS',
    note: found.note,
  };
}

/** A room process's PSS against a bare Node child's, both measured in this run. */
function roomPssAgainstFloor(process: Found | null, floor: FloorReport | null): TargetCheck {
  const target = 'room PSS <= bare Node child PSS + 1 MB (process host, 200 rooms x 2; floor children of the same run)';
  const room = process?.scenario.spreads.pssPerRoomMB ?? null;
  const bare = floor?.pssPerChildBytes ?? null;
  if (!room || !bare) return { target, measured: '-', verdict: 'NOT MEASURED', note: noteOf(process) };
  const bareMB = bare.median / MB;
  return {
    target,
    measured: `room ${spreadText(room, 2)} MB, bare child ${bareMB.toFixed(2)} MB (+${(room.median - bareMB).toFixed(2)} MB)`,
    verdict: room.median <= bareMB + 1 ? 'PASS' : 'MISS',
    note: noteOf(process),
  };
}

/**
 * Why the CPU ratio can or cannot be met: the floor's CPU per tick of a bare
 * child, a room process's CPU per tick, and the inline host's whole server
 * CPU per room-tick, side by side.
 */
function cpuPerTickAgainstFloor(process: Found | null, inline: Found | null, floor: FloorReport | null): TargetCheck {
  const room = process?.scenario.spreads.roomCpuUsPerTick ?? null;
  const inlinePerTick = inline?.scenario.spreads.serverCpuUsPerRoomTick ?? null;
  const bare = floor?.cpuUsPerTick ?? null;
  const measured = [
    `floor (bare child) ${bare === null ? '-' : bare.toFixed(1)} us`,
    `process room ${spreadText(room, 1)} us`,
    `inline server per room-tick ${spreadText(inlinePerTick, 1)} us`,
  ].join(', ');
  return {
    target: 'CPU per room-tick: floor of a process per room vs process host room vs inline host server (200 rooms x 2)',
    measured,
    verdict: bare === null && !room && !inlinePerTick ? 'NOT MEASURED' : 'REPORT',
    note: noteOf(process) ?? noteOf(inline),
  };
}

interface Found {
  readonly scenario: ScenarioResult;
  /** Set when the scenario is a stand-in for the one the target names. */
  readonly note: string | null;
}

/** The scenario a target names, or the largest of its section that ran (noted), or null. */
function findScenario(results: BenchResults, section: BenchSection, host: RoomHostName, games?: number, key?: string): Found | null {
  const candidates = results.scenarios.filter((scenario) => scenario.section === section && scenario.host === host && (key === undefined || scenario.key === key));
  if (candidates.length === 0) return null;
  const exact = games === undefined ? candidates[0]! : candidates.find((scenario) => scenario.games === games);
  if (exact) return { scenario: exact, note: null };
  const largest = candidates.reduce((best, scenario) => (scenario.games > best.games ? scenario : best));
  return { scenario: largest, note: `measured at ${largest.games} rooms, not ${games}` };
}

function atMost(target: string, found: Found | null, figure: FigureName, limit: number, unit: string): TargetCheck {
  return bound(target, found, figure, unit, (value) => value <= limit);
}

function atLeast(target: string, found: Found | null, figure: FigureName, limit: number, unit: string): TargetCheck {
  return bound(target, found, figure, unit, (value) => value >= limit);
}

function bound(target: string, found: Found | null, figure: FigureName, unit: string, meets: (value: number) => boolean): TargetCheck {
  const spread = found?.scenario.spreads[figure] ?? null;
  if (!found || !spread) return { target, measured: '-', verdict: 'NOT MEASURED', note: found?.note ?? null };
  return { target, measured: `${spreadText(spread, 2)} ${unit}`, verdict: meets(spread.median) ? 'PASS' : 'MISS', note: found.note };
}

function ratioAtLeast(target: string, numerator: Found | null, denominator: Found | null, figure: FigureName, limit: number): TargetCheck {
  const ratio = ratioOf(numerator?.scenario.spreads[figure] ?? null, denominator?.scenario.spreads[figure] ?? null);
  if (ratio === null) return { target, measured: '-', verdict: 'NOT MEASURED', note: null };
  return {
    target,
    measured: `${ratio.toFixed(1)} x (${spreadText(numerator!.scenario.spreads[figure], 2)} / ${spreadText(denominator!.scenario.spreads[figure], 2)} ms)`,
    verdict: ratio >= limit ? 'PASS' : 'MISS',
    note: numerator!.note ?? denominator!.note,
  };
}

function noteOf(found: Found | null): string | null {
  return found?.note ?? null;
}

/** "median (min-max)", or the median alone for a single run. */
export function spreadText(spread: Spread | null, digits: number): string {
  if (!spread) return '-';
  if (spread.runs === 1 || spread.min === spread.max) return spread.median.toFixed(digits);
  return `${spread.median.toFixed(digits)} (${spread.min.toFixed(digits)}-${spread.max.toFixed(digits)})`;
}
