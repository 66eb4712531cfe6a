import { describe, expect, it } from 'vitest';
import { ClientRoomMetrics } from '../load/bots/client-room-metrics.js';
import { TickStreamMeter } from '../load/bots/tick-stream-meter.js';
import { defaultLoadOptions } from '../load/generator/load-options.js';
import { buildLoadReport } from '../load/generator/load-report.js';
import { ServerWindow, tickRateOfReports } from '../load/generator/server-window.js';
import type { LobbyStats, RoomStats } from '../shared/protocol/admin-documents.js';
import { Histogram } from '../shared/stats/histogram.js';
import { summarizeMicroseconds } from '../shared/stats/quantile-summary.js';
import { spreadOf } from '../shared/stats/spread.js';

function histogramOf(...runs: [value: number, times: number][]): Histogram {
  const histogram = new Histogram();
  for (const [value, times] of runs) for (let index = 0; index < times; index++) histogram.record(value);
  return histogram;
}

function room(name: string, ticks: number, skipped: number, ticksPerSecond: number, lateness: Histogram): RoomStats {
  return {
    name,
    pid: 4242,
    runtime: 'running',
    phase: 'running',
    players: 2,
    bots: 0,
    maxPlayers: 2,
    watchers: 0,
    ticks,
    skipped,
    ticksPerSecond,
    latenessMs: { p50: 0, p99: 0, max: 0 },
    latenessHistogramUs: lateness.toJSON(),
    memory: { rssBytes: 40_000_000, heapUsedBytes: 5_000_000 },
  };
}

function stats(...rooms: RoomStats[]): LobbyStats {
  return statsWithLoopDelay(new Histogram(), ...rooms);
}

function statsWithLoopDelay(loopDelayUs: Histogram, ...rooms: RoomStats[]): LobbyStats {
  return {
    type: 'stats',
    rooms: 'process',
    uptimeMs: 0,
    connections: 0,
    slowConnections: 0,
    games: rooms.length,
    watchers: 0,
    lobby: { pid: 1, rssBytes: 0, cpuUs: 0, eventLoopDelayMs: summarizeMicroseconds(loopDelayUs), eventLoopDelayHistogramUs: loopDelayUs.toJSON() },
    roomStats: rooms,
  };
}

describe('summarizeMicroseconds', () => {
  it('gives p50, p99 and max in milliseconds as the upper bounds of their buckets', () => {
    const values = new Histogram();
    for (let value = 1; value <= 1000; value++) values.record(value);
    // 500 falls in the bucket [496, 503], 990 in [976, 991]; the max is kept exactly.
    expect(summarizeMicroseconds(values)).toEqual({ count: 1000, p50: 0.503, p99: 0.991, max: 1 });
  });

  it('is exact below 64 microseconds and all zeros for no samples', () => {
    expect(summarizeMicroseconds(histogramOf([10, 50], [63, 50]))).toEqual({ count: 100, p50: 0.01, p99: 0.063, max: 0.063 });
    expect(summarizeMicroseconds(new Histogram())).toEqual({ count: 0, p50: 0, p99: 0, max: 0 });
  });
});

describe('spreadOf', () => {
  it('gives the median, the minimum and the maximum of repeated runs', () => {
    expect(spreadOf([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, runs: 3 });
    expect(spreadOf([4, 1, 2, 10])).toEqual({ median: 3, min: 1, max: 10, runs: 4 });
  });

  it('skips runs without a figure and is null when none has one', () => {
    expect(spreadOf([5, Number.NaN])).toEqual({ median: 5, min: 5, max: 5, runs: 1 });
    expect(spreadOf([])).toBeNull();
  });
});

describe('tickRateOfReports', () => {
  it('takes the harmonic mean, since every report covers the same number of ticks', () => {
    expect(tickRateOfReports([10, 10])).toBe(10);
    // 20 ticks in 2 s and 20 ticks in 4 s: 40 ticks in 6 s.
    expect(tickRateOfReports([10, 5])).toBe(6.667);
  });

  it('ignores the placeholder 0 of a room that has not reported yet', () => {
    expect(tickRateOfReports([0, 10])).toBe(10);
    expect(tickRateOfReports([0])).toBeNull();
    expect(tickRateOfReports([])).toBeNull();
  });
});

describe('ServerWindow', () => {
  it('keeps only the lateness, ticks and skips recorded after the window opened', () => {
    const before = histogramOf([500, 20]);
    const afterFirstReport = histogramOf([500, 20], [2015, 20]);
    const afterSecondReport = histogramOf([500, 20], [2015, 20], [40959, 20]);
    const window = new ServerWindow();
    window.begin(stats(room('a', 100, 1, 10, before)));
    window.observe(stats(room('a', 120, 1, 10, afterFirstReport)));
    window.observe(stats(room('a', 120, 1, 10, afterFirstReport))); // no new report since the last look
    window.observe(stats(room('a', 140, 3, 5, afterSecondReport)));
    const [figures] = window.figures();
    expect(figures).toMatchObject({
      name: 'a',
      pid: 4242,
      ticks: 40,
      skipped: 2,
      ticksPerSecond: 6.667,
      latenessMs: { count: 40, p50: 2.015, p99: 40.959, max: 40.959 },
    });
  });

  it('counts the whole history of a room created after the window opened', () => {
    const window = new ServerWindow();
    window.begin(stats());
    window.observe(stats(room('late', 20, 0, 10, histogramOf([63, 20]))));
    expect(window.figures()).toMatchObject([{ name: 'late', ticks: 20, skipped: 0, ticksPerSecond: 10, latenessMs: { count: 20, p99: 0.063 } }]);
  });

  it("keeps the lobby's event-loop delay recorded after the window opened, every lobby's together", () => {
    const window = new ServerWindow();
    window.begin(statsWithLoopDelay(histogramOf([900, 50], [30_000, 1])), 'one');
    window.begin(statsWithLoopDelay(histogramOf([500, 10])), 'two');
    window.observe(statsWithLoopDelay(histogramOf([900, 80], [30_000, 1], [5000, 1])), 'one');
    window.observe(statsWithLoopDelay(histogramOf([900, 100], [30_000, 1], [5000, 2])), 'one');
    window.observe(statsWithLoopDelay(histogramOf([500, 30])), 'two');
    // A lobby started during the window counts from its start.
    window.observe(statsWithLoopDelay(histogramOf([40, 5])), 'three');
    // 50 + 2 samples of 'one', 20 of 'two', 5 of 'three'; 900 us falls in the bucket [896, 911], 5000 us in [4992, 5119].
    expect(summarizeMicroseconds(window.lobbyEventLoopDelayUs())).toEqual({ count: 77, p50: 0.911, p99: 5.119, max: 5.119 });
  });

  it('reports no lobby event-loop delay when no lobby said it', () => {
    const window = new ServerWindow();
    window.begin(stats());
    expect(window.lobbyEventLoopDelayUs().count).toBe(0);
  });

  it('reports no tick rate for a room that sent no report in the window', () => {
    const lateness = histogramOf([100, 20]);
    const window = new ServerWindow();
    window.begin(stats(room('quiet', 20, 0, 10, lateness)));
    window.observe(stats(room('quiet', 20, 0, 10, lateness)));
    expect(window.figures()).toMatchObject([{ name: 'quiet', ticks: 0, ticksPerSecond: null, latenessMs: { count: 0 } }]);
  });
});

describe('TickStreamMeter', () => {
  it('records |interval - 100 ms| and counts the ticks that never arrived, from the first frame in the window on', () => {
    const metrics = new ClientRoomMetrics('r', false, 1);
    const meter = new TickStreamMeter(100);
    meter.frame(1, 0, null); // before the window: only the starting point
    meter.frame(2, 100, metrics);
    meter.frame(3, 205, metrics);
    meter.frame(5, 300, metrics); // tick 4 never came
    expect(metrics.frames).toBe(3);
    expect(metrics.missedTicks).toBe(1);
    expect(summarizeMicroseconds(metrics.intervalDeviationUs)).toEqual({ count: 3, p50: 5, p99: 5, max: 5 });
  });

  it('starts afresh on a tick that does not move forward instead of counting a negative gap', () => {
    const metrics = new ClientRoomMetrics('r', false, 1);
    const meter = new TickStreamMeter(100);
    meter.frame(7, 0, metrics);
    meter.frame(7, 50, metrics);
    meter.frame(8, 150, metrics);
    expect([metrics.frames, metrics.missedTicks, metrics.intervalDeviationUs.count]).toEqual([3, 0, 1]);
    expect(metrics.intervalDeviationUs.max).toBe(0);
  });
});

describe('buildLoadReport', () => {
  it('sums light and heavy rooms apart and gives bytes and frames per player per second', () => {
    const light = new ClientRoomMetrics('light-0', false, 2);
    light.frames = 200;
    light.bytes = 80_000;
    light.keysSent = 60;
    light.creationUs = 3000;
    light.intervalDeviationUs.record(1000);
    const heavy = new ClientRoomMetrics('heavy-0', true, 2);
    heavy.frames = 100;
    heavy.missedTicks = 4;
    heavy.bytes = 40_000;
    heavy.creationUs = null;
    heavy.countError('GAME_CRASHED');
    const report = buildLoadReport({
      options: defaultLoadOptions,
      startedAt: '2025-01-01T00:00:00.000Z',
      failure: null,
      lobby: { url: 'ws://127.0.0.1:1', started: true, rooms: 'process', pid: 1 },
      setupSeconds: 5,
      windowSeconds: 10,
      allGamesRunning: true,
      server: [],
      lobbyEventLoopDelayUs: histogramOf([1200, 99], [45_000, 1]),
      client: [light.figures(), heavy.figures()],
      resources: null,
      generator: { botProcesses: 1, botProcessPids: [2], cpuPercent: 3 },
      reaping: null,
      cluster: null,
      machine: { cpus: 2, loadAverage: [0, 0, 0], node: 'v20' },
    });
    expect(report.light?.client).toMatchObject({ frames: 200, bytesPerPlayerPerSecond: 4000, framesPerPlayerPerSecond: 10, keysPerPlayerPerSecond: 3, missedTicks: 0 });
    expect(report.heavy?.client).toMatchObject({ frames: 100, bytesPerPlayerPerSecond: 2000, missedTicks: 4 });
    expect(report.creation).toEqual({ games: 2, failed: 1, latencyMs: { count: 1, p50: 3, p99: 3, max: 3 } });
    expect(report.errors).toEqual({ GAME_CRASHED: 1 });
    // 1200 us falls in [1184, 1215], 45000 us in [44032, 45055]; the max is the bucket's upper bound after merging, here recorded directly.
    expect(report.lobbyEventLoopDelayMs).toEqual({ count: 100, p50: 1.215, p99: 1.215, max: 45 });
    expect(report.ok).toBe(true);
    expect(report.cluster).toBeNull();
  });

  it('adds up the kills, the seats kept and lost, and the pauses of a cluster run', () => {
    const first = new ClientRoomMetrics('a', false, 2);
    first.seatsDropped = 2;
    first.seatsKept = 2;
    first.rejoinPauseUs.record(2_000_000);
    first.rejoinPauseUs.record(2_500_000);
    const second = new ClientRoomMetrics('b', false, 2);
    second.seatsDropped = 2;
    second.seatsKept = 1;
    second.seatsLost = 1;
    second.rejoinPauseUs.record(3_000_000);
    const kill = { victimUrl: 'ws://127.0.0.1:1', victimPid: 10, replacementUrl: 'ws://127.0.0.1:3' };
    const report = buildLoadReport({
      options: { ...defaultLoadOptions, lobbies: 2, killLobbyEverySeconds: 3 },
      startedAt: '2025-01-01T00:00:00.000Z',
      failure: null,
      lobby: { url: 'ws://127.0.0.1:1', started: true, rooms: 'process', pid: 1 },
      setupSeconds: 5,
      windowSeconds: 10,
      allGamesRunning: true,
      server: [],
      lobbyEventLoopDelayUs: null,
      client: [first.figures(), second.figures()],
      resources: null,
      generator: { botProcesses: 1, botProcessPids: [2], cpuPercent: 3 },
      reaping: null,
      cluster: {
        lobbies: 2,
        redisUrl: 'redis://127.0.0.1:4',
        killEverySeconds: 3,
        kills: [
          { ...kill, atSeconds: 3, games: 1, resumed: 1, notResumed: [] },
          { ...kill, atSeconds: 6, games: 2, resumed: 1, notResumed: ['b'] },
        ],
        redisCommandsPerSecond: 50,
      },
      machine: { cpus: 2, loadAverage: [0, 0, 0], node: 'v20' },
    });
    expect(report.cluster).toMatchObject({
      lobbiesKilled: 2,
      gamesOnKilledLobbies: 3,
      gamesResumed: 2,
      seatsDropped: 4,
      seatsKept: 3,
      seatsLost: 1,
      pauseMs: { count: 3 },
      redisCommandsPerSecond: 50,
      // 50 commands a second over the 10 games of the default options.
      redisCommandsPerGamePerSecond: 5,
    });
    // The histogram is within about 3 % above 64 us.
    expect(report.cluster!.pauseMs.max).toBeGreaterThan(2900);
    expect(report.cluster!.pauseMs.max).toBeLessThan(3100);
    expect(report.cluster!.pauseMs.p50).toBeGreaterThan(2400);
    expect(report.cluster!.pauseMs.p50).toBeLessThan(2600);
  });
});
