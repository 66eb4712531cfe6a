import type { Spread } from '../../shared/stats/spread.js';
import type { RoomHostName } from '../generator/load-options.js';
import { ratioOf, type FigureName } from './bench-figures.js';
import type { BenchSection } from './bench-plan.js';
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
    atMost('scale 200 rooms x 2 bots: client p99 |interval-100| <= 10 ms, process host', scale200, 'clientIntervalP99Ms', 10, 'ms'),
  );

  const process100 = at('scale', 'process', 100);
  const inline100 = at('scale', 'inline', 100);
  const cpuRatio = ratioOf(process100?.scenario.spreads.serverCpuPercent ?? null, inline100?.scenario.spreads.serverCpuPercent ?? null);
  checks.push({
    target: 'server CPU (lobby + rooms) at 100 rooms x 2: process <= 1.5 x inline',
    measured:
      cpuRatio === null
        ? '-'
        : `${cpuRatio.toFixed(2)} x (process ${spreadText(process100!.scenario.spreads.serverCpuPercent, 1)} %, inline ${spreadText(inline100!.scenario.spreads.serverCpuPercent, 1)} %)`,
    verdict: cpuRatio === null ? 'NOT MEASURED' : cpuRatio <= 1.5 ? 'PASS' : 'MISS',
    note: noteOf(process100),
  });

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
  const relay = process100?.scenario.spreads.relayCpuUsPerMessage ?? null;
  checks.push({
    target: 'lobby relay: CPU microseconds per relayed state message per player (process host, 100 rooms)',
    measured: relay ? `${spreadText(relay, 1)} us` : '-',
    verdict: relay ? 'REPORT' : 'NOT MEASURED',
    note: noteOf(process100),
  });
  const roomTick = process100?.scenario.spreads.roomCpuUsPerTick ?? null;
  checks.push({
    target: 'room tick: CPU microseconds per tick of a room process, its work knob included (process host, 100 rooms)',
    measured: roomTick ? `${spreadText(roomTick, 1)} us` : '-',
    verdict: roomTick ? 'REPORT' : 'NOT MEASURED',
    note: noteOf(process100),
  });
  return checks;
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
