import { describe, expect, it } from 'vitest';
import { FIGURE_NAMES, figureSpreads, type FigureName, type RunFigures } from '../load/bench/bench-figures.js';
import { checkTargets, spreadText } from '../load/bench/bench-targets.js';
import type { BenchResults, ScenarioResult } from '../load/bench/run-bench.js';
import type { RoomHostName } from '../load/generator/load-options.js';

function figures(values: Partial<Record<FigureName, number>>): RunFigures {
  return Object.fromEntries(FIGURE_NAMES.map((name) => [name, values[name] ?? null])) as RunFigures;
}

function scenario(section: ScenarioResult['section'], key: string, games: number, host: RoomHostName, runs: Partial<Record<FigureName, number>>[]): ScenarioResult {
  return { section, key, title: key, label: key, games, host, runs: [], spreads: figureSpreads(runs.map(figures)) };
}

function results(scenarios: ScenarioResult[]): BenchResults {
  return {
    version: 1,
    startedAt: '',
    finishedAt: '',
    options: { quick: false, sections: [], hosts: [], repeats: 3, durationSeconds: 10, outDirectory: null, renderFrom: null },
    machine: { cpus: 2, loadAverageAtStart: [], node: 'v20' },
    scenarios,
    capacity: null,
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

describe('spreadText', () => {
  it('prints the median alone for one run and adds min-max for several', () => {
    expect(spreadText({ median: 2, min: 2, max: 2, runs: 1 }, 1)).toBe('2.0');
    expect(spreadText({ median: 2, min: 1, max: 3, runs: 3 }, 2)).toBe('2.00 (1.00-3.00)');
    expect(spreadText(null, 2)).toBe('-');
  });
});
