import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startLobby, type Lobby } from '../server/lobby.js';
import type { LobbyStats } from '../shared/protocol/admin-documents.js';
import { WARM_UP_ARGUMENT } from '../shared/protocol/ipc-messages.js';
import { createRoomHost } from '../server/room-hosts.js';
import type { WarmRoomPool } from '../server/warm-room-pool.js';
import { silentLogger } from '../server/log/root-logger.js';
import { captureLog } from './helpers/captured-log.js';
import { isRunning, waitForExit } from './helpers/processes.js';
import { TestClient } from './helpers/test-client.js';
import { waitFor } from './helpers/wait-for.js';

/** A process's command line, from /proc. */
function argumentsOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((word) => word !== '');
}

let lobby: Lobby | undefined;
const clients: TestClient[] = [];


afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  if (lobby) {
    const pids = lobby.childPids();
    await lobby.close();
    await waitForExit(pids, 5000);
    lobby = undefined;
  }
});

describe('warm room pool', () => {
  it('hands a pre-started process to a new game and starts a replacement', async () => {
    const log = captureLog();
    const pool = createRoomHost('process', 2, log.logger) as WarmRoomPool;
    lobby = await startLobby({ port: 0, host: '127.0.0.1', logger: log.logger }, pool);
    await waitFor(() => pool.ready === 2);
    const spares = lobby.childPids();
    const client = await TestClient.connect(lobby.port);
    clients.push(client);
    expect(await client.request({ type: 'create', players: 1, name: 'warm' })).toMatchObject({ type: 'joined' });
    await client.next('state');
    const [roomPid] = lobby.roomPids();
    expect(spares).toContain(roomPid);
    // The pool is topped up: one room plus two spares.
    await waitFor(() => lobby!.childPids().length === 3);
    expect(new Set(lobby.childPids()).size).toBe(3);
    // A spare's own lines carry its pid and no game: it has none yet.
    await waitFor(() => spares.every((pid) => log.of('room_ready').some((line) => line.pid === pid)));
    const spareLines = log.of('room_ready').filter((line) => !('game' in line));
    expect(spareLines.map((line) => line.pid)).toEqual(expect.arrayContaining(spares));
    expect(log.of('game_created')).toEqual([expect.objectContaining({ game: 'warm', pid: roomPid })]);
    expect(log.lines.filter((line) => line.event !== 'room_ready' && line.event !== 'game_created' && line.event !== 'player_joined')).toEqual([]);
  });

  it('logs and replaces a spare that dies while idle', async () => {
    const log = captureLog();
    lobby = await startLobby({ port: 0, host: '127.0.0.1', logger: log.logger }, createRoomHost('process', 1, log.logger));
    await waitFor(() => lobby!.childPids().length === 1);
    const [spare] = lobby.childPids();
    await new Promise((resolve) => setTimeout(resolve, 300)); // let it finish starting
    process.kill(spare!, 'SIGKILL');
    await waitFor(() => log.of('spare_room_failed').length === 1);
    expect(log.of('spare_room_failed')).toEqual([
      {
        level: 40,
        time: expect.any(Number),
        event: 'spare_room_failed',
        pid: spare,
        detail: 'killed by SIGKILL while idle',
        msg: `spare room process ${spare} killed by SIGKILL while idle; replacing it`,
      },
    ]);
    await waitFor(() => lobby!.childPids().length === 1 && lobby!.childPids()[0] !== spare, 5000);
    expect(isRunning(spare!)).toBe(false);
  });

  it('warms its spares up before they are ready', async () => {
    const log = captureLog();
    const pool = createRoomHost('process', 1, log.logger) as WarmRoomPool;
    lobby = await startLobby({ port: 0, host: '127.0.0.1', logger: log.logger }, pool);
    await waitFor(() => pool.ready === 1, 10_000);
    const [spare] = lobby.childPids();
    expect(argumentsOf(spare!)).toContain(WARM_UP_ARGUMENT);
    // The spare says how long its warm-up took; it has no game yet.
    await waitFor(() => log.of('room_ready').length === 1);
    const [ready] = log.of('room_ready');
    expect(ready).toMatchObject({ level: 20, pid: spare, msg: `room runtime ready after ${ready!.warmUpMs} ms of warm-up` });
    expect(ready!.warmUpMs).toBeGreaterThan(0);
    expect('game' in ready!).toBe(false);
  });

  it('starts a room for a waiting player without the warm-up: the player would wait for it', async () => {
    const log = captureLog();
    lobby = await startLobby({ port: 0, host: '127.0.0.1', logger: log.logger }, createRoomHost('process', 0, log.logger));
    const client = await TestClient.connect(lobby.port);
    clients.push(client);
    expect(await client.request({ type: 'create', players: 1, name: 'fresh' })).toMatchObject({ type: 'joined' });
    expect(argumentsOf(lobby.roomPid('fresh')!)).not.toContain(WARM_UP_ARGUMENT);
    await waitFor(() => log.of('room_ready').length === 1);
    expect(log.of('room_ready')).toEqual([
      expect.objectContaining({ game: 'fresh', pid: lobby.roomPid('fresh'), warmUpMs: 0, msg: 'room runtime ready, without a warm-up' }),
    ]);
    expect(argumentsOf(lobby.roomPid('fresh')!).at(-1)).toMatch(/game-process\/main\.c?js$/);
  });

  it('stops its spares when the lobby closes', async () => {
    lobby = await startLobby({ port: 0, host: '127.0.0.1' }, createRoomHost('process', 3, silentLogger()));
    await waitFor(() => lobby!.childPids().length === 3);
    const spares = lobby.childPids();
    await lobby.close();
    expect(spares.filter(isRunning)).toEqual([]);
    lobby = undefined;
  });
});

describe('lobby stats', () => {
  it('reports each room\'s own tick rate, lateness and memory on the admin port', async () => {
    lobby = await startLobby({ port: 0, host: '127.0.0.1', tickMs: 50 }, createRoomHost('process', 0, silentLogger()));
    const client = await TestClient.connect(lobby.port);
    clients.push(client);
    await client.request({ type: 'create', players: 2, name: 'timed' });
    // Rooms report every 2 s of ticks: 40 ticks at 50 ms.
    await waitFor(() => lobby!.stats().roomStats[0]!.ticks >= 40, 8000);
    const stats = (await (await fetch(`http://127.0.0.1:${lobby.adminPort}/stats`)).json()) as LobbyStats;
    expect(stats).toMatchObject({ type: 'stats', rooms: 'process', games: 1, connections: 1 });
    const room = stats.roomStats[0]!;
    expect(room).toMatchObject({ name: 'timed', players: 1, maxPlayers: 2, phase: 'waiting' });
    // Counted, not ruled out: a machine loaded by something else makes rooms skip slots.
    expect(Number.isInteger(room.skipped) && room.skipped >= 0).toBe(true);
    expect(room.pid).toBe(lobby.roomPids()[0]);
    expect(room.ticksPerSecond).toBeGreaterThan(15);
    expect(room.ticksPerSecond).toBeLessThan(25);
    expect(room.latenessMs.max).toBeGreaterThanOrEqual(room.latenessMs.p99);
    // A room process of a few tens of MB, with a V8 heap of a few MB: measured by the room itself.
    expect(room.memory.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(room.memory.rssBytes).toBeLessThan(512 * 1024 * 1024);
    expect(room.memory.heapUsedBytes).toBeGreaterThan(1024 * 1024);
    expect(room.memory.heapUsedBytes).toBeLessThan(room.memory.rssBytes!);
    expect((await fetch(`http://127.0.0.1:${lobby.port}/stats`)).status).toBe(404);
  });

  it('refuses the benchmark knob workMs unless the lobby allows it', async () => {
    lobby = await startLobby({ port: 0, host: '127.0.0.1' }, createRoomHost('inline', 0, silentLogger()));
    const client = await TestClient.connect(lobby.port);
    clients.push(client);
    expect(await client.request({ type: 'create', players: 1, workMs: 5 })).toEqual({
      type: 'error',
      code: 'BAD_MESSAGE',
      message: 'workMs is a benchmark option; this lobby was not started with --bench',
    });
    expect(lobby.stats().games).toBe(0);
  });
});
