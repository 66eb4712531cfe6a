import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoadReport } from '../load/generator/load-report.js';
import { CliProcess, closedPort } from './helpers/cli.js';
import { runCompiledTool } from './helpers/compiled-tool.js';
import { childPids, isRunning } from './helpers/processes.js';
import { RedisServer } from './helpers/redis-server.js';

const CLI = resolve(import.meta.dirname, '../dist/load/generator/load-cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'vimtron-load-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(['process', 'thread', 'inline'] as const)('the load generator against a lobby with %s rooms', (rooms) => {
  it('plays a few games for a few seconds, reports sane figures and leaves no process behind', async () => {
    const jsonPath = join(scratch, `${rooms}.json`);
    const run = await runCompiledTool(
      CLI,
      ['--games', '2', '--players', '2', '--duration', '3', '--rooms', rooms, '--work-ms', '0.2', '--json', jsonPath, '--no-progress'],
      90_000,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('result: ok');
    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as LoadReport;

    expect(report.ok).toBe(true);
    expect(report.failure).toBeNull();
    expect(report.lobby).toMatchObject({ started: true, rooms });
    expect(report.timing.allGamesRunning).toBe(true);
    expect(report.timing.windowSeconds).toBeGreaterThanOrEqual(3);
    expect(report.heavy).toBeNull();
    expect(report.errors).toEqual({});

    const light = report.light!;
    expect([light.rooms, light.bots]).toEqual([2, 4]);
    // 4 bots x 10 frames/s x 3 s = 120 frames, give or take the edges of the window.
    expect(light.client.frames).toBeGreaterThanOrEqual(100);
    expect(light.client.frames).toBeLessThanOrEqual(140);
    expect(light.client.missedTicks).toBe(0);
    // Skipped ticks are counted, not ruled out: a machine loaded by something else makes rooms skip.
    expect(Number.isInteger(light.server.skippedTicks) && light.server.skippedTicks >= 0).toBe(true);
    expect(light.server.latenessMs.count).toBeGreaterThan(0);
    expect(light.server.ticksPerSecond!.min).toBeGreaterThan(9.5);
    expect(light.server.ticksPerSecond!.max).toBeLessThan(10.5);
    expect(light.client.intervalDeviationMs.count).toBeGreaterThan(90);
    // Compact frames of a 2-player game: about 90 bytes a tick.
    expect(light.client.bytesPerPlayerPerSecond).toBeGreaterThan(500);
    expect(light.client.bytesPerPlayerPerSecond).toBeLessThan(2000);
    expect(report.creation).toMatchObject({ games: 2, failed: 0, latencyMs: { count: 2 } });
    expect(report.rooms).toHaveLength(2);
    // The lobby's 20 ms timer over a window of 3 s and a little (its stats are cached 250 ms): about 150 samples, fewer on a busy machine.
    const loopDelay = report.lobbyEventLoopDelayMs!;
    expect(Object.keys(loopDelay)).toEqual(['count', 'p50', 'p99', 'max']);
    expect(loopDelay.count).toBeGreaterThan(50);
    expect(loopDelay.count).toBeLessThan(200);
    expect(loopDelay.p50).toBeLessThanOrEqual(loopDelay.p99);
    expect(loopDelay.p99).toBeLessThanOrEqual(loopDelay.max);
    expect(run.stdout).toMatch(/^lobby event-loop delay \(its 20 ms timer, late by\) ms p50\/p99\/max: \d+\.\d\d \/ \d+\.\d\d \/ \d+\.\d\d; beside the light bots' /m);

    const resources = report.resources!;
    expect(resources.lobbyCpuPercent).toBeGreaterThanOrEqual(0);
    expect(resources.lobbyPssBytes).toBeGreaterThan(0);
    if (rooms === 'process') {
      expect(resources.roomProcesses).toBe(2);
      expect(resources.roomsPssBytes).toBeGreaterThan(0);
      // At least the 0.2 ms of work asked for each tick, and far from a whole tick.
      expect(resources.roomCpuUsPerTick).toBeGreaterThan(200);
      expect(resources.roomCpuUsPerTick).toBeLessThan(100_000);
      expect(run.stdout).toMatch(/; \d+\.\d us of room CPU per tick\n/);
      expect(report.rooms.every((room) => typeof room.pid === 'number')).toBe(true);
    } else {
      expect(resources.roomProcesses).toBe(0);
      expect(resources.roomsCpuPercent).toBeNull();
      expect(resources.roomCpuUsPerTick).toBeNull();
      expect(report.rooms.every((room) => room.pid === null)).toBe(true);
    }

    expect(report.reaping).toMatchObject({ lobbyExit: { code: 0, signal: null, forced: false }, survivors: [], reaped: true });
    expect(report.reaping!.pidsChecked).toBe(rooms === 'process' ? 2 : 0);
    const pids = [report.lobby.pid!, ...report.generator.botProcessPids, ...report.rooms.map((room) => room.pid).filter((pid) => pid !== null)];
    expect(pids.filter(isRunning)).toEqual([]);
  }, 100_000);
});

describe('the load generator against a cluster of lobbies', () => {
  it('kills a lobby on schedule, and every game and seat survives it, with nothing left behind', async () => {
    const jsonPath = join(scratch, 'cluster.json');
    const run = await runCompiledTool(
      CLI,
      ['--lobbies', '2', '--kill-lobby-every', '3', '--duration', '7', '--games', '4', '--players', '2', '--json', jsonPath, '--no-progress'],
      90_000,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('lobbies killed: 2');
    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as LoadReport;
    expect(report.ok).toBe(true);

    const cluster = report.cluster!;
    expect(cluster.lobbies).toBe(2);
    expect(cluster.lobbiesKilled).toBeGreaterThanOrEqual(1);
    expect(cluster.kills.every((kill) => kill.notResumed.length === 0)).toBe(true);
    expect(cluster.gamesResumed).toBe(cluster.gamesOnKilledLobbies);
    expect(cluster.gamesOnKilledLobbies).toBeGreaterThanOrEqual(2);
    expect(cluster.seatsLost).toBe(0);
    expect(cluster.seatsKept).toBe(cluster.seatsDropped);
    expect(cluster.seatsDropped).toBeGreaterThanOrEqual(4);
    // A lease of 2 s runs out before another lobby claims the game.
    expect(cluster.pauseMs.count).toBe(cluster.seatsKept);
    expect(cluster.pauseMs.max).toBeGreaterThan(1000);
    expect(cluster.pauseMs.max).toBeLessThan(15_000);
    expect(Object.keys(report.errors)).toEqual(['CONNECTION_CLOSED']);

    // Games were spread round-robin, so both lobbies played.
    expect(report.light!.rooms).toBe(4);
    expect(report.resources!.roomProcesses).toBe(4);

    const reaping = report.reaping!;
    expect(reaping).toMatchObject({ survivors: [], reaped: true });
    expect(reaping.lobbyExits).toHaveLength(2);
    expect(reaping.lobbyPidsChecked).toBe(2 + cluster.lobbiesKilled);
    const pids = [
      reaping.redisPid!,
      ...cluster.kills.map((kill) => kill.victimPid),
      ...report.generator.botProcessPids,
      ...report.rooms.map((room) => room.pid).filter((pid) => pid !== null),
    ];
    expect(pids.filter(isRunning)).toEqual([]);
  }, 100_000);
});

describe('the load generator against a cluster it was given', () => {
  it('spreads the games over the lobbies named, reads the Redis command rate, and stops none of them', async () => {
    const redis = await RedisServer.start();
    const servers: CliProcess[] = [];
    try {
      const ports = [await closedPort(), await closedPort()];
      for (const port of ports) {
        servers.push(
          new CliProcess([
            'server', '--port', String(port), '--host', '127.0.0.1', '--admin-port', '0', '--pool', '0', '--bench',
            '--redis', redis.url, '--public-url', `ws://127.0.0.1:${port}/`,
          ]),
        );
      }
      // Their admin ports are free ones, not the default port + 1: the run is told them with --admin.
      const admins: string[] = [];
      for (const server of servers) admins.push(String((await server.waitForLog('lobby_started')).adminUrl));
      const jsonPath = join(scratch, 'given-cluster.json');
      const addresses = ports.map((port) => `ws://127.0.0.1:${port}`).join(',');
      // The rooms each lobby forks, looked at while the run plays.
      const mostRooms = [0, 0];
      const watcher = setInterval(() => servers.forEach((server, index) => (mostRooms[index] = Math.max(mostRooms[index]!, childPids(server.pid).length))), 100);
      const run = await runCompiledTool(
        CLI,
        ['--address', addresses, '--admin', admins.join(','), '--redis', redis.url, '--games', '4', '--players', '2', '--duration', '3', '--json', jsonPath, '--no-progress'],
        90_000,
      ).finally(() => clearInterval(watcher));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/redis: \d+ commands\/s in the window, \d+\.\d\d per game/);
      const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as LoadReport;
      expect(report.ok).toBe(true);
      expect(report.lobby).toMatchObject({ url: `ws://127.0.0.1:${ports[0]}`, started: false });
      expect(report.cluster).toMatchObject({ lobbies: 2, redisUrl: redis.url, lobbiesKilled: 0, seatsLost: 0 });
      // Each game writes its records a tick at a time, and every lobby renews its lease and looks for orphans.
      expect(report.cluster!.redisCommandsPerSecond).toBeGreaterThan(4 * 2);
      expect(report.light!.rooms).toBe(4);
      // Round-robin over the two lobbies: each ran two of the rooms.
      expect(mostRooms).toEqual([2, 2]);
      expect(report.reaping).toBeNull();
      expect(servers.every((server) => isRunning(server.pid))).toBe(true);
      expect(report.generator.botProcessPids.filter(isRunning)).toEqual([]);
    } finally {
      for (const server of servers) await server.kill();
      await redis.stop();
    }
  }, 100_000);
});
