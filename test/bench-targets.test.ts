import { describe, expect, it } from 'vitest';
import { FIGURE_NAMES, figureSpreads, type FigureName, type RunFigures } from '../load/bench/bench-figures.js';
import { checkTargets, spreadText } from '../load/bench/bench-targets.js';
import { BURST_FIGURE_NAMES, burstResult, type BurstFigureName, type BurstRun } from '../load/bench/bench-burst.js';
import type { FloorReport } from '../load/bench/floor-children.js';
import type { BenchResults, ScenarioResult } from '../load/bench/run-bench.js';
import type { BurstReport } from '../load/burst/run-burst.js';
import type { LoadReport } from '../load/generator/load-report.js';
import type { RoomHostName } from '../load/generator/load-options.js';

function figures(values: Partial<Record<FigureName, number>>): RunFigures {
  return Object.fromEntries(FIGURE_NAMES.map((name) => [name, values[name] ?? null])) as RunFigures;
}

function scenario(section: ScenarioResult['section'], key: string, games: number, host: RoomHostName, runs: Partial<Record<FigureName, number>>[]): ScenarioResult {
  return { section, key, title: key, label: key, games, host, runs: [], spreads: figureSpreads(runs.map(figures)) };
}

function scenarioWithRuns(section: ScenarioResult['section'], key: string, games: number, host: RoomHostName, runs: { ok: boolean; failure: string | null; figures: Partial<Record<FigureName, number>> }[]): ScenarioResult {
  return {
    ...scenario(section, key, games, host, runs.map((run) => run.figures)),
    runs: runs.map((run) => ({ ok: run.ok, failure: run.failure, figures: figures(run.figures), report: {} as LoadReport })),
  };
}

function burstRun(ok: boolean, values: Partial<Record<BurstFigureName, number>>): BurstRun {
  const all = Object.fromEntries(BURST_FIGURE_NAMES.map((name) => [name, values[name] ?? null])) as Record<BurstFigureName, number | null>;
  return { ok, failure: ok ? null : '3 of 300 games not joined within 30 s', figures: all, report: {} as BurstReport };
}

function floorReport(cpuUsPerTick: number, pssMedianBytes: number): FloorReport {
  return {
    ok: true,
    failure: null,
    options: { children: 100, settleSeconds: 3, windowSeconds: 15 },
    ticks: 15_000,
    cpuUsPerTick,
    pssPerChildBytes: { median: pssMedianBytes, min: pssMedianBytes, max: pssMedianBytes, runs: 100 },
    pidsChecked: 100,
    survivors: [],
  };
}

function results(scenarios: ScenarioResult[], extra: Pick<BenchResults, 'bursts' | 'floor'> = {}): BenchResults {
  return {
    version: 1,
    startedAt: '',
    finishedAt: '',
    options: { quick: false, sections: [], hosts: [], repeats: 3, durationSeconds: 10, outDirectory: null, renderFrom: null },
    machine: { cpus: 2, loadAverageAtStart: [], node: 'v20' },
    scenarios,
    capacity: null,
    ...extra,
    cancelled: false,
  };
}

describe('checkTargets', () => {
  it('judges each target on the median of the runs and shows min-max beside it', () => {
    const checks = checkTargets(
      results([
        scenario('noisy', 'noisy-fixed', 20, 'process', [
          { ticksPerSecondMin: 10, serverLatenessP99Ms: 1.5, clientIntervalP99Ms: 2 },
          { ticksPerSecondMin: 9.9, serverLatenessP99Ms: 2.5, clientIntervalP99Ms: 4 },
          { ticksPerSecondMin: 9.96, serverLatenessP99Ms: 1.8, clientIntervalP99Ms: 3.5 },
        ]),
        scenario('noisy', 'noisy-fixed', 20, 'inline', [{ serverLatenessP99Ms: 30 }]),
      ]),
    );
    const byTarget = new Map(checks.map((check) => [check.target, check]));
    expect(byTarget.get('noisy neighbour (heavy room 80 ms a tick): light rooms 10.0 ticks/s, process host')).toEqual({
      target: 'noisy neighbour (heavy room 80 ms a tick): light rooms 10.0 ticks/s, process host',
      measured: '9.96 (9.90-10.00) ticks/s (slowest light room)',
      verdict: 'PASS',
      note: null,
    });
    expect(byTarget.get('noisy neighbour (heavy room 80 ms a tick): light rooms server p99 lateness <= 2 ms, process host')?.verdict).toBe('PASS');
    expect(byTarget.get('noisy neighbour (heavy room 80 ms a tick): light rooms client p99 |interval-100| <= 3 ms, process host')).toMatchObject({
      measured: '3.50 (2.00-4.00) ms',
      verdict: 'MISS',
    });
    expect(byTarget.get('noisy neighbour (heavy room 80 ms a tick): light rooms p99 lateness inline/process >= 10')).toMatchObject({
      measured: '16.7 x (30.00 / 1.80 (1.50-2.50) ms)',
      verdict: 'PASS',
    });
    expect(byTarget.get('capacity >= 300 concurrent 4-player rooms, process host (p99 |interval-100| <= 20 ms, no missed tick)')?.verdict).toBe(
      'NOT MEASURED',
    );
  });

  it('checks a target on the largest scenario of its section that ran, and says so', () => {
    const checks = checkTargets(results([scenario('scale', 'scale-20', 20, 'process', [{ ticksPerSecondMin: 9.9, serverLatenessP99Ms: 0.9 }])]));
    expect(checks.find((check) => check.target === 'scale 200 rooms x 2 bots: 10.0 ticks/s, process host')).toEqual({
      target: 'scale 200 rooms x 2 bots: 10.0 ticks/s, process host',
      measured: '9.90 ticks/s (slowest room)',
      verdict: 'MISS',
      note: 'measured at 20 rooms, not 200',
    });
  });
});

describe("checkTargets: issue 12's targets", () => {
  const MB = 2 ** 20;
  const checked = checkTargets(
    results(
      [
        scenario('scale', 'scale-100', 100, 'process', [{ serverCpuPercent: 60 }]),
        scenario('scale', 'scale-100', 100, 'inline', [{ serverCpuPercent: 50 }]),
        scenario('scale', 'scale-200', 200, 'process', [
          { ticksPerSecondMin: 10, clientIntervalP99Ms: 18, serverCpuPercent: 140, relayCpuUsPerMessage: 30, pssPerRoomMB: 9.7, roomCpuUsPerTick: 400 },
          { ticksPerSecondMin: 9.99, clientIntervalP99Ms: 25, serverCpuPercent: 150, relayCpuUsPerMessage: 28, pssPerRoomMB: 9.9, roomCpuUsPerTick: 420 },
          { ticksPerSecondMin: 10, clientIntervalP99Ms: 19, serverCpuPercent: 146, relayCpuUsPerMessage: 26, pssPerRoomMB: 9.8, roomCpuUsPerTick: 410 },
        ]),
        scenario('scale', 'scale-200', 200, 'inline', [{ serverCpuPercent: 70, serverCpuUsPerRoomTick: 350 }]),
        scenarioWithRuns('scale', 'scale-300', 300, 'process', [
          { ok: true, failure: null, figures: { ticksPerSecondMin: 9.92, clientIntervalP99Ms: 38 } },
          { ok: false, failure: 'only 280 of 300 games started a round within the warm-up (90 s)', figures: { ticksPerSecondMin: 9.5, clientIntervalP99Ms: 60 } },
        ]),
        scenario('scale4', 'scale4-50', 50, 'process', [{ serverCpuPercent: 42 }]),
        scenario('scale4', 'scale4-50', 50, 'inline', [{ serverCpuPercent: 28 }]),
      ],
      {
        bursts: [
          burstResult('process', 300, [
            burstRun(true, { joinedWithin10s: 300, joinedP50Ms: 2100, joinedP99Ms: 6400, joinedMaxMs: 7000, lobbyPingP99Ms: 31 }),
            burstRun(false, { joinedWithin10s: 297, joinedP50Ms: 2500, joinedP99Ms: 9900, joinedMaxMs: 30_000, lobbyPingP99Ms: 70 }),
            burstRun(true, { joinedWithin10s: 300, joinedP50Ms: 2300, joinedP99Ms: 7100, joinedMaxMs: 8000, lobbyPingP99Ms: 45 }),
          ]),
        ],
        floor: floorReport(180.5, 9.2 * MB),
      },
    ),
  );
  const byTarget = new Map(checked.map((check) => [check.target, check]));
  const check = (target: string) => {
    expect([...byTarget.keys()]).toContain(target);
    return byTarget.get(target)!;
  };

  it('checks 200 rooms x 2 for full rate, client p99 <= 20 ms and server CPU against the inline host', () => {
    expect(check('scale 200 rooms x 2 bots: 10.0 ticks/s, process host')).toMatchObject({ measured: '10.00 (9.99-10.00) ticks/s (slowest room)', verdict: 'PASS' });
    expect(check('scale 200 rooms x 2 bots: client p99 |interval-100| <= 20 ms, process host')).toMatchObject({ measured: '19.00 (18.00-25.00) ms', verdict: 'PASS' });
    expect(check('scale 200 rooms x 2 bots: server CPU (lobby + rooms) process <= 1.5 x inline')).toEqual({
      target: 'scale 200 rooms x 2 bots: server CPU (lobby + rooms) process <= 1.5 x inline',
      measured: '2.09 x (process 146.0 (140.0-150.0) %, inline 70.0 %)',
      verdict: 'MISS',
      note: null,
    });
    expect(byTarget.has('scale 200 rooms x 2 bots: client p99 |interval-100| <= 10 ms, process host')).toBe(false);
  });

  it('misses 300 rooms x 2 when a run did not set up, and checks its rate and client p99 on the median', () => {
    expect(check('scale 300 rooms x 2 bots: sets up (every run completes), process host')).toEqual({
      target: 'scale 300 rooms x 2 bots: sets up (every run completes), process host',
      measured: '1 of 2 runs ok; only 280 of 300 games started a round within the warm-up (90 s)',
      verdict: 'MISS',
      note: null,
    });
    expect(check('scale 300 rooms x 2 bots: >= 9.9 ticks/s, process host')).toMatchObject({ measured: '9.71 (9.50-9.92) ticks/s (slowest room)', verdict: 'MISS' });
    expect(check('scale 300 rooms x 2 bots: client p99 |interval-100| <= 40 ms, process host')).toMatchObject({ measured: '49.00 (38.00-60.00) ms', verdict: 'MISS' });
  });

  it('compares 50 rooms x 4 with the inline host and keeps the 100-room CPU target', () => {
    expect(check('50 rooms x 4 bots: server CPU (lobby + rooms) process <= 1.5 x inline')).toMatchObject({ measured: '1.50 x (process 42.0 %, inline 28.0 %)', verdict: 'PASS' });
    expect(check('server CPU (lobby + rooms) at 100 rooms x 2: process <= 1.5 x inline')).toMatchObject({ measured: '1.20 x (process 60.0 %, inline 50.0 %)', verdict: 'PASS' });
  });

  it('holds room PSS against the floor of the same run, and the relay against 25 us a frame', () => {
    expect(check('room PSS <= bare Node child PSS + 1 MB (process host, 200 rooms x 2; floor children of the same run)')).toMatchObject({
      measured: 'room 9.80 (9.70-9.90) MB, bare child 9.20 MB (+0.60 MB)',
      verdict: 'PASS',
    });
    expect(check('lobby CPU per relayed frame <= 25 us (process host, 200 rooms x 2)')).toMatchObject({ measured: '28.00 (26.00-30.00) us', verdict: 'MISS' });
  });

  it('reports the floor, the room and the inline server CPU per room-tick side by side', () => {
    expect(check('CPU per room-tick: floor of a process per room vs process host room vs inline host server (200 rooms x 2)')).toEqual({
      target: 'CPU per room-tick: floor of a process per room vs process host room vs inline host server (200 rooms x 2)',
      measured: 'floor (bare child) 180.5 us, process room 410.0 (400.0-420.0) us, inline server per room-tick 350.0 us',
      verdict: 'REPORT',
      note: null,
    });
  });

  it('misses the burst when any run left a game waiting past 10 s, and judges the ping on the median', () => {
    expect(check('creation burst of 300 creates at once, process host: every joined within 10 s')).toMatchObject({
      measured: '300 (297-300) of 300 joined within 10 s',
      verdict: 'MISS',
    });
    expect(check('creation burst of 300 creates at once, process host: time to joined p50 / p99')).toMatchObject({
      measured: 'p50 2300 (2100-2500) ms, p99 7100 (6400-9900) ms',
      verdict: 'REPORT',
    });
    expect(check('creation burst of 300 creates at once, process host: lobby ping p99 <= 50 ms during the burst')).toMatchObject({
      measured: '45.0 (31.0-70.0) ms',
      verdict: 'PASS',
      note: null,
    });
  });

  it('says NOT MEASURED for the burst and the floor when they did not run, and which burst size stood in', () => {
    const none = checkTargets(results([]));
    for (const target of [
      'creation burst of 300 creates at once, process host: every joined within 10 s',
      'room PSS <= bare Node child PSS + 1 MB (process host, 200 rooms x 2; floor children of the same run)',
      'CPU per room-tick: floor of a process per room vs process host room vs inline host server (200 rooms x 2)',
    ]) {
      expect(none.find((entry) => entry.target === target)?.verdict).toBe('NOT MEASURED');
    }
    const small = checkTargets(results([], { bursts: [burstResult('process', 20, [burstRun(true, { joinedWithin10s: 20, lobbyPingP99Ms: 12 })])] }));
    expect(small.find((entry) => entry.target === 'creation burst of 300 creates at once, process host: every joined within 10 s')).toEqual({
      target: 'creation burst of 300 creates at once, process host: every joined within 10 s',
      measured: '20 of 20 joined within 10 s',
      verdict: 'PASS',
      note: 'measured with 20 creates, not 300',
    });
  });
});

describe('spreadText', () => {
  it('prints the median alone for one run and adds min-max for several', () => {
    expect(spreadText({ median: 2, min: 2, max: 2, runs: 1 }, 1)).toBe('2.0');
    expect(spreadText({ median: 2, min: 1, max: 3, runs: 3 }, 2)).toBe('2.00 (1.00-3.00)');
    expect(spreadText(null, 2)).toBe('-');
  });
});
