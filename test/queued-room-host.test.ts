import { afterEach, describe, expect, it } from 'vitest';
import type { Lobby } from '../server/lobby.js';
import type { QueuedRoomHost } from '../server/queued-room-host.js';
import { InlineRoomHost } from '../server/inline-room-host.js';
import { silentLogger } from '../server/log/root-logger.js';
import { defaultRoomHostOptions } from '../server/room-host.js';
import { createRoomHost } from '../server/room-hosts.js';
import { startLobby as startLobbyWithHost } from '../server/lobby.js';
import type { LobbyStatus, LobbyStats } from '../shared/protocol/admin-documents.js';
import { adminGet, Metrics } from './helpers/admin-http.js';
import { useLobbies } from './helpers/lobby-harness.js';
import { isRunning } from './helpers/processes.js';
import type { TestClient } from './helpers/test-client.js';
import { TestClient as Client } from './helpers/test-client.js';
import { waitFor } from './helpers/wait-for.js';

const startLobby = useLobbies();

/**
 * Stops (SIGSTOP) every room process of a lobby the moment it appears, so
 * that none can say `ready` until the test lets it go: a stopped process
 * holds its start slot, which makes the queue's order and bound visible.
 */
class RoomFreezer {
  /** Every process frozen, in the order they appeared. */
  readonly order: number[] = [];
  private readonly seen: Set<number>;
  private readonly released = new Set<number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly lobby: Lobby) {
    this.seen = new Set(lobby.childPids());
    this.timer = setInterval(this.scan, 2);
  }

  /** Frozen and not let go yet: processes holding a start slot. */
  get frozen(): number[] {
    return this.order.filter((pid) => !this.released.has(pid) && isRunning(pid));
  }

  release(pid: number): void {
    this.released.add(pid);
    process.kill(pid, 'SIGCONT');
  }

  /** Stops freezing; every process still frozen is let go (the lobby stops them at the end of the test). */
  dispose(): void {
    clearInterval(this.timer);
    for (const pid of this.frozen) this.release(pid);
  }

  private readonly scan = (): void => {
    for (const pid of this.lobby.childPids()) {
      if (this.seen.has(pid)) continue;
      this.seen.add(pid);
      process.kill(pid, 'SIGSTOP');
      this.order.push(pid);
    }
  };
}

const freezers: RoomFreezer[] = [];
afterEach(() => {
  for (const freezer of freezers.splice(0)) freezer.dispose();
});

function freeze(lobby: Lobby): RoomFreezer {
  const freezer = new RoomFreezer(lobby);
  freezers.push(freezer);
  return freezer;
}

/** Creates a game named `name` and waits until the lobby has it (open, and queued or started). */
async function create(lobby: Lobby, client: TestClient, name: string): Promise<void> {
  const before = lobby.stats().games;
  client.send({ type: 'create', players: 2, name });
  await waitFor(() => lobby.stats().games === before + 1, 5000, `game ${name} opened`);
}

/** Proves nothing more starts: the slots stay as they are for a while. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('room start queue', () => {
  it('starts at most --start-concurrency rooms at once, and the others in the order they were created', async () => {
    const concurrency = 2;
    const { lobby, connect } = await startLobby({}, { hostOptions: { ...defaultRoomHostOptions, startConcurrency: concurrency } });
    const freezer = freeze(lobby);
    const names = ['a', 'b', 'c', 'd', 'e'];
    const clients = new Map<string, TestClient>();
    for (const name of names) {
      const client = await connect();
      clients.set(name, client);
      await create(lobby, client, name);
    }
    await waitFor(() => freezer.order.length === concurrency);
    await pause(500);
    expect(freezer.order).toEqual([lobby.roomPid('a'), lobby.roomPid('b')]);
    expect(['c', 'd', 'e'].map((name) => lobby.roomPid(name))).toEqual([null, null, null]);
    expect(lobby.childPids()).toHaveLength(concurrency);
    // Each room that becomes ready hands its slot to the next one waiting, and no more than that.
    for (const [index, name] of names.entries()) {
      freezer.release(lobby.roomPid(name)!);
      expect(await clients.get(name)!.nextReply(10_000)).toMatchObject({ type: 'joined', game: { name } });
      const next = names[index + concurrency];
      if (next) await waitFor(() => lobby.roomPid(next) !== null, 10_000, `room ${next} started`);
      expect(freezer.frozen.length).toBeLessThanOrEqual(concurrency);
    }
    expect(freezer.order).toEqual(names.map((name) => lobby.roomPid(name)));
  });

  it('counts the start deadline from the spawn, not from the wait in the queue', async () => {
    const { lobby, connect, log } = await startLobby(
      { startTimeoutMs: 2500 },
      { hostOptions: { ...defaultRoomHostOptions, startConcurrency: 1 } },
    );
    const freezer = freeze(lobby);
    const stuck = await connect();
    await create(lobby, stuck, 'stuck');
    const patient = await connect();
    await create(lobby, patient, 'patient');
    expect(lobby.roomPid('patient')).toBeNull();
    // The stuck room misses its deadline twice (its second start goes ahead of the waiting room) and ends.
    expect(await stuck.nextReply(15_000)).toMatchObject({ type: 'error', code: 'GAME_CRASHED' });
    await waitFor(() => lobby.roomPid('patient') !== null, 5000, 'the waiting room started');
    freezer.release(lobby.roomPid('patient')!);
    // It waited longer than the deadline before it started: only its own start counts.
    expect(await patient.nextReply(10_000)).toMatchObject({ type: 'joined', game: { name: 'patient' } });
    // A game whose room waits for a start slot has no pid yet.
    expect(log.lines.filter((line) => line.game === 'patient').map((line) => [line.event, line.pid])).toEqual([
      ['game_created', null],
      ['room_ready', lobby.roomPid('patient')],
      ['player_joined', lobby.roomPid('patient')],
    ]);
    expect(log.of('game_created')[1]!.msg).toBe('game patient created: 2 seats, 80x22, waiting for a start slot, 2 games open');
    expect(log.of('room_restarted')).toEqual([
      expect.objectContaining({
        game: 'stuck',
        pid: null,
        previousPid: freezer.order[0],
        msg: `game stuck is starting again after: room process was not ready 2.5 s after it was started and was killed (pid ${freezer.order[0]} -> queued)`,
      }),
    ]);
  });

  it('drops a waiting room without ever starting it when its creator leaves or disconnects', async () => {
    const { lobby, connect, log } = await startLobby({}, { hostOptions: { ...defaultRoomHostOptions, startConcurrency: 1 } });
    const freezer = freeze(lobby);
    const first = await connect();
    await create(lobby, first, 'first');
    const leaver = await connect();
    await create(lobby, leaver, 'leaver');
    const quitter = await connect();
    await create(lobby, quitter, 'quitter');
    expect(await leaver.request({ type: 'leave' })).toEqual({ type: 'left' });
    await quitter.close();
    await waitFor(() => lobby.stats().games === 1);
    expect(log.of('game_ended').filter((line) => line.game !== 'first').map((line) => [line.game, line.pid, line.reason, line.msg])).toEqual([
      ['leaver', null, 'all_left', 'game leaver ended: all players left (pid -)'],
      ['quitter', null, 'all_left', 'game quitter ended: all players left (pid -)'],
    ]);
    expect((await leaver.request({ type: 'list' })).games.map((game: { name: string }) => game.name)).toEqual(['first']);
    freezer.release(lobby.roomPid('first')!);
    expect(await first.nextReply(10_000)).toMatchObject({ type: 'joined', game: { name: 'first' } });
    await pause(500);
    expect(freezer.order).toEqual([lobby.roomPid('first')]);
    expect(lobby.childPids()).toEqual([lobby.roomPid('first')]);
  });

  it('hands out a spare still starting rather than starting another, and starts new spares only behind players', async () => {
    const { lobby, connect } = await startLobby(
      { startTimeoutMs: 20_000 },
      { pool: 1, hostOptions: { ...defaultRoomHostOptions, startConcurrency: 1 } },
    );
    await waitFor(() => lobby.childPids().length === 1, 10_000, 'the first spare started');
    const [readySpare] = lobby.childPids();
    const freezer = freeze(lobby);
    const alice = await connect();
    // Alice gets the first spare, ready or still starting.
    expect(await alice.request({ type: 'create', players: 2, name: 'alice' }, 15_000)).toMatchObject({ type: 'joined' });
    expect(lobby.roomPid('alice')).toBe(readySpare);
    // Its replacement starts in the free slot, and is stopped there while starting.
    await waitFor(() => freezer.order.length === 1, 5000, 'a replacement spare started');
    const startingSpare = freezer.order[0]!;
    const bob = await connect();
    await create(lobby, bob, 'bob');
    expect(lobby.roomPid('bob')).toBe(startingSpare);
    // Another spare is asked for behind bob's room; carol's room, asked for later, still goes first.
    await pause(200);
    const carol = await connect();
    await create(lobby, carol, 'carol');
    expect(lobby.roomPid('carol')).toBeNull();
    freezer.release(startingSpare);
    expect(await bob.nextReply(10_000)).toMatchObject({ type: 'joined', game: { name: 'bob' } });
    await waitFor(() => freezer.order.length === 2, 10_000, 'the next start');
    expect(freezer.order[1]).toBe(lobby.roomPid('carol'));
    freezer.release(freezer.order[1]!);
    expect(await carol.nextReply(10_000)).toMatchObject({ type: 'joined', game: { name: 'carol' } });
    await waitFor(() => freezer.order.length === 3, 10_000, 'the new spare started');
    expect(lobby.childPids().sort()).toEqual([readySpare, startingSpare, freezer.order[1], freezer.order[2]].sort());
  });
});

describe('room start queue on the admin port', () => {
  const unbounded: Lobby[] = [];
  afterEach(async () => {
    for (const lobby of unbounded.splice(0)) await lobby.close();
  });

  it('shows rooms waiting for a start slot in the metrics, /stats and /status.json, and how long each waited', async () => {
    const { lobby, connect } = await startLobby({}, { hostOptions: { ...defaultRoomHostOptions, startConcurrency: 1 } });
    const freezer = freeze(lobby);
    const clients = new Map<string, TestClient>();
    for (const name of ['a', 'b', 'c']) {
      const client = await connect();
      clients.set(name, client);
      await create(lobby, client, name);
    }
    await waitFor(() => freezer.order.length === 1);

    const waiting = await Metrics.of(lobby);
    expect(waiting.byLabel('vimtron_room_starts_queued', 'priority')).toEqual({ restart: 0, new: 2, spare: 0 });
    expect(waiting.value('vimtron_room_starts_in_progress')).toBe(1);
    expect(waiting.value('vimtron_room_start_concurrency')).toBe(1);
    // Only the room that started has a runtime; all three games are open, waiting for players.
    expect(waiting.value('vimtron_room_runtimes', { room_host: 'process' })).toBe(1);
    expect(waiting.value('vimtron_rooms', { phase: 'waiting', room_host: 'process' })).toBe(3);
    // The first room started at once; the others have not started yet, so they are not counted.
    expect(waiting.value('vimtron_room_start_wait_seconds_count')).toBe(1);
    expect(waiting.value('vimtron_room_start_wait_seconds_bucket', { le: '0.001' })).toBe(1);

    const stats = JSON.parse((await adminGet(lobby, '/stats')).body) as LobbyStats;
    expect(stats.roomStats.map((room) => [room.name, room.runtime, room.pid])).toEqual([
      ['a', 'starting', freezer.order[0]],
      ['b', 'queued', null],
      ['c', 'queued', null],
    ]);
    const status = JSON.parse((await adminGet(lobby, '/status.json')).body) as LobbyStatus;
    expect(status.starts).toEqual({ concurrency: 1, starting: 1, queued: { restart: 0, new: 2, spare: 0 } });

    // Each room waits in the queue for at least this long before its slot comes.
    await pause(300);
    for (const name of ['a', 'b', 'c']) {
      await waitFor(() => lobby.roomPid(name) !== null && freezer.order.includes(lobby.roomPid(name)!), 10_000, `room ${name} started`);
      freezer.release(lobby.roomPid(name)!);
      expect(await clients.get(name)!.nextReply(10_000)).toMatchObject({ type: 'joined', game: { name } });
    }
    const after = await Metrics.of(lobby);
    expect(after.byLabel('vimtron_room_starts_queued', 'priority')).toEqual({ restart: 0, new: 0, spare: 0 });
    expect(after.value('vimtron_room_starts_in_progress')).toBe(0);
    expect(after.value('vimtron_room_runtimes', { room_host: 'process' })).toBe(3);
    expect(after.value('vimtron_room_start_wait_seconds_count')).toBe(3);
    expect(after.value('vimtron_room_start_wait_seconds_bucket', { le: '0.25' })).toBe(1);
    expect(after.value('vimtron_room_start_wait_seconds_sum')).toBeGreaterThan(0.6);
    const running = JSON.parse((await adminGet(lobby, '/stats')).body) as LobbyStats;
    expect(running.roomStats.map((room) => room.runtime)).toEqual(['running', 'running', 'running']);
  });

  it('has no start queue figures for a lobby embedded with a host that starts every room at once', async () => {
    const lobby = await startLobbyWithHost({ port: 0, host: '127.0.0.1', adminPort: 0 }, new InlineRoomHost());
    unbounded.push(lobby);
    const metrics = await Metrics.of(lobby);
    expect(metrics.all('vimtron_room_starts_queued')).toEqual([]);
    expect(metrics.all('vimtron_room_starts_in_progress')).toEqual([]);
    expect(metrics.all('vimtron_room_start_concurrency')).toEqual([]);
    const status = JSON.parse((await adminGet(lobby, '/status.json')).body) as LobbyStatus;
    expect(status.starts).toBeNull();
  });
});

describe('room start queue with thread rooms', () => {
  let lobby: Lobby | undefined;
  const clients: Client[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    await lobby?.close();
    lobby = undefined;
  });

  it('starts worker threads one slot at a time too, and every game is joined', async () => {
    const host = createRoomHost('thread', 0, silentLogger(), { ...defaultRoomHostOptions, startConcurrency: 1 }) as QueuedRoomHost;
    lobby = await startLobbyWithHost({ port: 0, host: '127.0.0.1' }, host);
    for (let index = 0; index < 4; index++) clients.push(await Client.connect(lobby.port));
    let mostStarting = 0;
    let mostWaiting = 0;
    const watch = setInterval(() => {
      mostStarting = Math.max(mostStarting, host.startingCount);
      mostWaiting = Math.max(mostWaiting, host.waitingCount);
    }, 1);
    for (const [index, client] of clients.entries()) client.send({ type: 'create', players: 2, name: `thread-${index}` });
    for (const [index, client] of clients.entries()) {
      expect(await client.nextReply(15_000)).toMatchObject({ type: 'joined', game: { name: `thread-${index}` } });
    }
    clearInterval(watch);
    expect(mostStarting).toBe(1);
    expect(mostWaiting).toBeGreaterThan(0);
    expect(host.waitingCount).toBe(0);
  });
});
