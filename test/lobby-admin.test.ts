import { connect as connectTcp } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { LobbyStats, LobbyStatus, RoomStats } from '../shared/protocol/admin-documents.js';
import { bucketRange, Histogram } from '../shared/stats/histogram.js';
import { TICK_LATENESS_BUCKETS } from '../server/admin/lobby-metrics.js';
import { adminGet, httpGet, Metrics } from './helpers/admin-http.js';
import { defaultRoomHostOptions } from '../server/room-host.js';
import { useLobbies, type StartedLobby } from './helpers/lobby-harness.js';
import { rawExchange, upgradeRequest } from './helpers/raw-socket.js';
import { TestClient } from './helpers/test-client.js';
import { waitFor, waitForAnswer } from './helpers/wait-for.js';

/** A create or join waits for a room process to start: seconds on a machine busy with other tests. */
const ROOM_START_MS = 20_000;

const startLobby = useLobbies();

const OPERATOR_PATHS = ['/stats', '/metrics', '/status', '/status.json', '/status.js', '/healthz', '/readyz'] as const;

/** A client that adds up the payload bytes and the game frames it receives, for exact comparisons with the lobby's counts. */
async function countingClient(started: StartedLobby, localAddress?: string): Promise<TestClient & { bytes: number; frames: number }> {
  const client = localAddress === undefined ? await started.connect() : await TestClient.connect(started.lobby.port, '/', { localAddress });
  const counting = Object.assign(client, { bytes: 0, frames: 0 });
  client.socket.on('message', (data: Buffer) => {
    counting.bytes += data.length;
    const type = (JSON.parse(data.toString()) as { type: string }).type;
    if (type === 'state' || type === 'snapshot' || type === 's') counting.frames += 1;
  });
  return counting;
}

function refused(port: number, host: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connectTcp({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('the admin port', () => {
  it('serves the operators\' pages on 127.0.0.1 only, and none of them on the public port', async () => {
    const { lobby } = await startLobby({ host: '0.0.0.0' });
    const admin = lobby.adminPort!;
    expect(admin).not.toBe(lobby.port);
    // The public port listens on every interface; the admin port on 127.0.0.1 alone.
    expect(await refused(lobby.port, '127.0.0.2')).toBe('connected');
    expect(await refused(admin, '127.0.0.2')).toBe('ECONNREFUSED');
    for (const path of OPERATOR_PATHS) {
      const publicAnswer = await httpGet(lobby.port, path);
      expect([path, publicAnswer.status]).toEqual([path, 404]);
      const adminAnswer = await httpGet(admin, path);
      expect([path, adminAnswer.status]).toEqual([path, 200]);
    }
    expect((await httpGet(admin, '/healthz')).body).toBe('ok\n');
    expect((await httpGet(admin, '/readyz')).body).toBe('ready\n');
    expect((await httpGet(admin, '/metrics')).contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect((await httpGet(admin, '/stats')).contentType).toBe('application/json');
    expect((await httpGet(admin, '/status')).contentType).toBe('text/html; charset=utf-8');
    expect((await httpGet(admin, '/status.js')).contentType).toBe('text/javascript; charset=utf-8');
  });

  it('refuses what the public port refuses, and every WebSocket handshake, without touching the games', async () => {
    const started = await startLobby();
    const { lobby } = started;
    const admin = lobby.adminPort!;
    const player = await started.connect();
    await player.request({ type: 'create', players: 1, name: 'steady' }, ROOM_START_MS);
    expect(await httpGet(admin, '/nope')).toEqual({
      status: 404,
      contentType: 'text/plain; charset=utf-8',
      body: '404 no such page; the admin port serves /, /healthz, /readyz, /metrics, /stats, /status.json, /status, /status.js\n',
    });
    expect((await httpGet(admin, '/metrics', { method: 'POST' })).status).toBe(405);
    expect(await httpGet(admin, '/stats', { method: 'HEAD' })).toMatchObject({ status: 200, body: '' });
    const quick = { timeoutMs: 500 };
    expect((await rawExchange(admin, 'GET /stats HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789', quick)).status).toBe(413);
    const upgrade = await rawExchange(admin, upgradeRequest('/'), quick);
    expect([upgrade.status, upgrade.text.split('\r\n\r\n')[1]]).toEqual([
      404,
      "404 this port takes no WebSocket connections; players connect to the lobby's public port\n",
    ]);
    expect((await rawExchange(admin, 'GET %zz HTTP/1.1\r\nHost: x\r\n\r\n', quick)).status).toBe(400);
    const before = (await player.next('state', ROOM_START_MS)).tick as number;
    expect((await player.next((message) => message.type === 'state' && message.tick >= before + 3)).tick).toBe(before + 3);
    expect(started.log.of('internal_error')).toEqual([]);
  });

  it('is off with adminPort off, and the lobby plays on', async () => {
    const started = await startLobby({ adminPort: 'off' });
    expect(started.lobby.adminPort).toBeNull();
    expect(await (await started.connect()).request({ type: 'create', players: 1 }, ROOM_START_MS)).toMatchObject({ type: 'joined' });
  });
});

describe('/metrics', () => {
  it('counts games created, crashed, resumed and ended, frames relayed and bytes sent, exactly, after real games', async () => {
    const started = await startLobby({ tickMs: 50 }, { hostOptions: { ...defaultRoomHostOptions, faultInjection: true } });
    const { lobby } = started;
    const [a, b, c, d] = [await countingClient(started), await countingClient(started), await countingClient(started), await countingClient(started)];
    await a.request({ type: 'create', players: 2, name: 'alpha' }, ROOM_START_MS);
    await b.request({ type: 'join', name: 'alpha' }, ROOM_START_MS);
    a.send({ type: 'key', key: 'i' });
    b.send({ type: 'key', key: 'i' });
    // A checkpoint comes every 5 ticks: after 10 the room can be resumed.
    await a.next((message) => message.type === 'state' && message.tick >= 10, ROOM_START_MS);
    const killed = lobby.roomPid('alpha')!;
    process.kill(killed, 'SIGKILL');
    for (const player of [a, b]) {
      await player.next('resuming', ROOM_START_MS);
      await player.next('snapshot', ROOM_START_MS);
    }
    await c.request({ type: 'create', players: 1, name: 'bravo' }, ROOM_START_MS);
    lobby.injectFault('bravo', 'throw');
    expect(await c.next('error', ROOM_START_MS)).toMatchObject({ code: 'GAME_CRASHED' });
    await d.request({ type: 'create', players: 1, name: 'charlie' }, ROOM_START_MS);
    await d.next('state', ROOM_START_MS);
    const during = await Metrics.of(lobby);
    // charlie waits for its player to press i; alpha's round runs, or has ended already if nobody steered well.
    const phases = during.byLabel('vimtron_rooms', 'phase');
    expect([phases.waiting, phases.countdown! + phases.running! + phases.finished!]).toEqual([1, 1]);
    expect(during.all('vimtron_rooms', { room_host: 'process' })).toHaveLength(4);
    expect(during.byLabel('vimtron_players', 'state')).toEqual({ connected: 3, away: 0 });
    expect(during.value('vimtron_room_runtimes')).toBe(2);
    expect(during.value('vimtron_connections')).toBe(4);

    expect(await d.request({ type: 'leave' })).toEqual({ type: 'left' });
    expect(await a.request({ type: 'leave' })).toEqual({ type: 'left' });
    expect(await b.request({ type: 'leave' })).toEqual({ type: 'left' });
    // Rooms end when their runtime has exited.
    const after = await waitForAnswer(async () => {
      const metrics = await Metrics.of(lobby);
      return metrics.value('vimtron_room_runtimes') === 0 && metrics.value('vimtron_rooms_ended_total', { reason: 'all_left' }) === 2 ? metrics : null;
    }, 5000, 'every room to have ended');
    expect(after.value('vimtron_lobby_info', { lobby: 'standalone', room_host: 'process', cluster: 'false' })).toBe(1);
    expect(after.value('vimtron_rooms_created_total')).toBe(3);
    expect(after.value('vimtron_rooms_adopted_total')).toBe(0);
    expect(after.value('vimtron_rooms_resumed_total')).toBe(1);
    expect(after.value('vimtron_rooms_restarted_total')).toBe(0);
    expect(after.byLabel('vimtron_rooms_ended_total', 'reason')).toEqual({
      all_left: 2, idle: 0, crashed: 1, shutdown: 0, handed_over: 0, taken_over: 0,
    });
    expect(after.byLabel('vimtron_room_crashes_total', 'cause')).toEqual({ exception: 1, out_of_memory: 0, hung: 0, killed: 1, exited: 0 });
    expect(after.byLabel('vimtron_rooms', 'phase')).toEqual({ waiting: 0, countdown: 0, running: 0, finished: 0 });
    expect(after.byLabel('vimtron_players', 'state')).toEqual({ connected: 0, away: 0 });
    expect(after.value('vimtron_websocket_connections_accepted_total')).toBe(4);
    // Every frame and every byte the lobby says it sent, the players received: all of them have had their last message.
    const players = [a, b, c, d];
    expect(after.value('vimtron_frames_relayed_total')).toBe(players.reduce((sum, player) => sum + player.frames, 0));
    expect(after.value('vimtron_websocket_sent_bytes_total')).toBe(players.reduce((sum, player) => sum + player.bytes, 0));
    expect(after.value('vimtron_frames_relayed_total')).toBeGreaterThan(20);
    expect(after.value('vimtron_rejections_total', { kind: 'rate_limit' })).toBe(0);
    expect(after.value('vimtron_ready')).toBe(1);
    expect(started.log.of('room_exception')).toEqual([
      expect.objectContaining({ level: 50, err: expect.objectContaining({ message: 'injected fault: the game logic threw' }) }),
    ]);
  });

  it('counts every refusal by the limit that made it', async () => {
    const started = await startLobby({
      maxGames: 2,
      maxGamesPerAddress: 1,
      maxGamesPerAddressPerMinute: 1,
      maxConnectionsPerAddress: 2,
      rateBurst: 3,
      ratePerSecond: 1,
      rateStrikes: 5,
    }, { rooms: 'inline' });
    const { lobby } = started;
    const y = await countingClient(started);
    const z = await countingClient(started);
    expect(await y.request({ type: 'create', players: 2, name: 'one' }, ROOM_START_MS)).toMatchObject({ type: 'joined' });
    expect(await z.request({ type: 'create', players: 2 }, ROOM_START_MS)).toMatchObject({ type: 'error', code: 'TOO_MANY_GAMES' });
    const w = await countingClient(started, '127.0.0.2');
    expect(await w.request({ type: 'create', players: 2, name: 'two' }, ROOM_START_MS)).toMatchObject({ type: 'joined' });
    const v = await countingClient(started, '127.0.0.3');
    expect(await v.request({ type: 'create', players: 2 }, ROOM_START_MS)).toMatchObject({ type: 'error', code: 'SERVER_FULL' });
    expect(await w.request({ type: 'leave' })).toEqual({ type: 'left' });
    expect(await w.request({ type: 'create', players: 2 }, ROOM_START_MS)).toMatchObject({ type: 'error', code: 'TOO_MANY_GAMES' });
    const third = await TestClient.connect(lobby.port);
    await waitFor(() => third.closeCode !== null, 5000, 'the third connection from one address to be closed');
    expect(third.closeCode).toBe(4003);
    // A burst of 3, then 5 refused in a row: the fifth closes the connection.
    const flooder = await countingClient(started, '127.0.0.4');
    for (let ping = 0; ping < 8; ping++) flooder.send({ type: 'ping', id: ping });
    await waitFor(() => flooder.closeCode !== null, 5000, 'the flooder to be closed');
    expect(flooder.closeCode).toBe(4001);
    for (const client of [w, v]) await client.close();
    const metrics = await Metrics.of(lobby);
    expect(metrics.byLabel('vimtron_rejections_total', 'kind')).toEqual({
      rate_limit: 5,
      rate_limit_close: 1,
      outbound_budget: 0,
      max_connections: 0,
      max_connections_per_address: 1,
      admission_cut: 0,
      server_full: 1,
      games_per_address: 1,
      games_per_minute: 1,
    });
    // The refused socket never became a WebSocket session of the lobby.
    expect(metrics.value('vimtron_websocket_connections_accepted_total')).toBe(5);
    // Every limit hit is logged too, with the address it counts (fewer than five of a kind: none held back).
    const hits = started.log.of('limit_hit');
    expect(hits.map((line) => [line.limit, line.address])).toEqual([
      ['games_per_address', '127.0.0.1'],
      ['server_full', '127.0.0.3'],
      ['games_per_minute', '127.0.0.2'],
      ['max_connections_per_address', '127.0.0.1'],
      ...Array.from({ length: 5 }, () => ['rate_limit', '127.0.0.4']),
      ['rate_limit_close', '127.0.0.4'],
    ]);
    expect(hits.find((line) => line.limit === 'max_connections_per_address')).toMatchObject({ level: 40, connection: null });
    expect(new Set(hits.filter((line) => line.address === '127.0.0.4').map((line) => line.connection)).size).toBe(1);
    expect(hits.every((line) => !('heldBack' in line))).toBe(true);
  });

  it('holds every tick the rooms measured in its lateness histogram, in buckets from 0.1 ms to 1 s', async () => {
    const started = await startLobby({ tickMs: 50 });
    const { lobby } = started;
    for (const name of ['north', 'south']) await (await started.connect()).request({ type: 'create', players: 1, name }, ROOM_START_MS);
    // Rooms report every 2 s of ticks (40 at 50 ms): wait for two reports from each.
    await waitFor(() => lobby.stats().roomStats.every((room) => totalOf(room) >= 80), 15_000, 'two reports from each room');
    // A report may land between the two reads: read again until the rooms' histograms did not move meanwhile.
    const { metrics, rooms } = await waitForAnswer(async () => {
      const before = lobby.stats().roomStats;
      const metrics = await Metrics.of(lobby);
      const rooms = lobby.stats().roomStats;
      return JSON.stringify(before) === JSON.stringify(rooms) ? { metrics, rooms } : null;
    }, 10_000, 'a quiet moment between reports');
    const expected = new Map<string, number>(TICK_LATENESS_BUCKETS.map((bound) => [String(bound), 0]));
    let ticks = 0;
    for (const room of rooms) {
      for (const [index, count] of Object.entries(room.latenessHistogramUs)) {
        const { lowest, highest } = bucketRange(Number(index));
        const seconds = (lowest + highest) / 2 / 1e6;
        for (const bound of TICK_LATENESS_BUCKETS) if (seconds <= bound) expected.set(String(bound), expected.get(String(bound))! + count);
        ticks += count;
      }
    }
    const buckets = metrics.byLabel('vimtron_tick_lateness_seconds_bucket', 'le');
    expect(metrics.all('vimtron_tick_lateness_seconds_bucket').map((sample) => sample.labels.le)).toEqual([...TICK_LATENESS_BUCKETS.map(String), '+Inf']);
    expect(buckets).toEqual({ ...Object.fromEntries(expected), '+Inf': ticks });
    expect(metrics.value('vimtron_tick_lateness_seconds_count')).toBe(ticks);
    expect(ticks).toBeGreaterThanOrEqual(160);
    const sum = metrics.value('vimtron_tick_lateness_seconds_sum');
    expect(sum).toBeGreaterThan(0);
    expect(sum / ticks).toBeLessThan(0.05);
    const slowest = metrics.value('vimtron_slowest_room_ticks_per_second', { room_host: 'process' });
    // The document rounds rates to 3 decimals.
    expect(slowest).toBeCloseTo(Math.min(...rooms.map((room) => room.ticksPerSecond)), 2);
    expect(slowest).toBeGreaterThan(15);
    expect(slowest).toBeLessThan(25);
    expect(metrics.value('vimtron_tick_slots_skipped_total')).toBe(rooms.reduce((sum, room) => sum + room.skipped, 0));
  });

  it('shows the warm pool, with no tick rate before any room has reported', async () => {
    const { lobby } = await startLobby({}, { pool: 2 });
    const metrics = await waitForAnswer(async () => {
      const metrics = await Metrics.of(lobby);
      return metrics.value('vimtron_warm_pool_rooms', { state: 'ready' }) === 2 ? metrics : null;
    }, 10_000, 'two spares ready');
    expect(metrics.byLabel('vimtron_warm_pool_rooms', 'state')).toEqual({ ready: 2, starting: 0 });
    expect(metrics.value('vimtron_warm_pool_target_rooms')).toBe(2);
    expect(metrics.all('vimtron_slowest_room_ticks_per_second')).toEqual([]);
    expect(metrics.all('vimtron_directory_up')).toEqual([]);
    // prom-client's process metrics are there, named as Prometheus expects them.
    expect(metrics.value('process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(metrics.value('process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    expect(metrics.all('nodejs_eventloop_lag_p99_seconds')).toHaveLength(1);
  });
});

function totalOf(room: RoomStats): number {
  return Object.values(room.latenessHistogramUs).reduce((sum, count) => sum + count, 0);
}

describe('/stats', () => {
  it("holds the lobby's own event-loop delay since it started, cumulative, and a blocked loop shows in it", async () => {
    const { lobby } = await startLobby();
    // The document is rebuilt at most every 250 ms.
    const read = async (): Promise<LobbyStats> => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return JSON.parse((await adminGet(lobby, '/stats')).body) as LobbyStats;
    };
    const first = (await read()).lobby;
    expect(Object.keys(first)).toEqual(['pid', 'rssBytes', 'cpuUs', 'eventLoopDelayMs', 'eventLoopDelayHistogramUs']);
    expect(Object.keys(first.eventLoopDelayMs)).toEqual(['count', 'p50', 'p99', 'max']);
    const firstCounts = Histogram.from(first.eventLoopDelayHistogramUs);
    expect(first.eventLoopDelayMs.count).toBe(firstCounts.count);
    expect(first.eventLoopDelayMs.count).toBeGreaterThan(0);
    // The lobby runs in this process: holding its loop for 200 ms makes its 20 ms timer that late.
    const blockedFrom = performance.now();
    while (performance.now() - blockedFrom < 200);
    const second = (await read()).lobby;
    const window = Histogram.from(second.eventLoopDelayHistogramUs).since(firstCounts);
    expect(second.eventLoopDelayMs.count).toBeGreaterThan(first.eventLoopDelayMs.count);
    expect(window.count).toBe(second.eventLoopDelayMs.count - first.eventLoopDelayMs.count);
    expect(window.max).toBeGreaterThanOrEqual(180_000);
    expect(second.eventLoopDelayMs.max).toBeGreaterThanOrEqual(180);
  });
});

describe('/readyz and /healthz', () => {
  it('answers 503 until the warm pool has been full once, then 200', async () => {
    const { lobby } = await startLobby({}, { pool: 1 });
    // A spare stopped before it is ready keeps the pool from filling.
    const [spare] = lobby.childPids();
    process.kill(spare!, 'SIGSTOP');
    try {
      const notReady = await adminGet(lobby, '/readyz');
      expect(notReady.status).toBe(503);
      expect(notReady.body).toMatch(/^503 not ready: warm pool starting: 0 of 1 spare rooms ready\n$/);
      expect((await adminGet(lobby, '/healthz')).status).toBe(200);
      expect((await Metrics.of(lobby)).value('vimtron_ready')).toBe(0);
    } finally {
      process.kill(spare!, 'SIGCONT');
    }
    await waitForAnswer(async () => ((await adminGet(lobby, '/readyz')).status === 200 ? true : null), 10_000, 'the pool to fill');
  });

  it('answers 503 while the lobby drains and 200 /healthz until it has stopped', async () => {
    const started = await startLobby();
    const { lobby } = started;
    await (await started.connect()).request({ type: 'create', players: 1, name: 'stopped' }, ROOM_START_MS);
    // A room that does not answer its stop keeps the lobby draining for the stop grace (2 s).
    process.kill(lobby.roomPid('stopped')!, 'SIGSTOP');
    const closing = lobby.close();
    const draining = await adminGet(lobby, '/readyz');
    expect([draining.status, draining.body]).toEqual([503, '503 not ready: draining: the lobby is shutting down\n']);
    expect((await adminGet(lobby, '/healthz')).status).toBe(200);
    await closing;
    expect(await refused(lobby.adminPort!, '127.0.0.1')).toBe('ECONNREFUSED');
  });
});

describe('/status', () => {
  it('serves a page with nothing from elsewhere, and a document with every room, its players and the latest events', async () => {
    const started = await startLobby({ tickMs: 50 }, { pool: 1, hostOptions: { ...defaultRoomHostOptions, faultInjection: true } });
    const { lobby } = started;
    const html = (await adminGet(lobby, '/status')).body;
    expect(html).toContain('<script type="module" src="/status.js"></script>');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const script = (await adminGet(lobby, '/status.js')).body;
    expect(script).toContain("fetch('/status.json'");
    expect(script).not.toMatch(/https?:\/\//);

    const player = await started.connect();
    await player.request({ type: 'create', players: 2, name: 'duel', width: 40, height: 20 }, ROOM_START_MS);
    const other = await started.connect();
    await other.request({ type: 'create', players: 1, name: 'solo' }, ROOM_START_MS);
    await other.next('state', ROOM_START_MS);
    lobby.injectFault('solo', 'throw');
    await other.next('error', ROOM_START_MS);
    const status = await waitForAnswer(async () => {
      const document = JSON.parse((await adminGet(lobby, '/status.json')).body) as LobbyStatus;
      // The warm pool's spare may still be starting on a busy machine: the lobby is ready once it is.
      return document.events.length === 4 && document.readiness.ready ? document : null;
    }, 10_000, 'four events and a ready lobby');
    expect(status).toMatchObject({
      lobbyId: 'standalone',
      url: `ws://127.0.0.1:${lobby.port}/`,
      readiness: { ready: true, reason: null },
      seats: { connected: 1, away: 0 },
      pool: { target: 1 },
      cluster: null,
    });
    expect(Date.parse(status.startedAt)).toBeLessThanOrEqual(Date.now());
    expect(status.stats.roomStats.map((room) => [room.name, room.pid, room.players])).toEqual([['duel', lobby.roomPid('duel'), 1]]);
    expect(status.events.map((event) => [event.kind, event.game])).toEqual([
      ['ended', 'solo'],
      ['crashed', 'solo'],
      ['created', 'solo'],
      ['created', 'duel'],
    ]);
    expect(status.events[0]!.detail).toBe('the game logic failed with an exception');
    expect(status.events[3]!).toMatchObject({ pid: lobby.roomPid('duel'), detail: '2 seats, 40x20' });
  });
});
