import { describe, expect, it } from 'vitest';
import type { LobbyOptions } from '../server/lobby-options.js';
import { ROOM_HOST_KINDS } from '../server/room-hosts.js';
import { adminGet } from './helpers/admin-http.js';
import { useLobbies } from './helpers/lobby-harness.js';
import { nonReader } from './helpers/non-reader.js';
import { RecordingRoomHost } from './helpers/recording-room-host.js';
import type { Received, TestClient } from './helpers/test-client.js';
import { waitFor } from './helpers/wait-for.js';

/**
 * Spectators, end to end with real WebSocket clients against a real lobby,
 * on each room host: `watch` in every phase, no seat taken, the caps, keys
 * refused, the watcher count, slow spectators, and proof that the room
 * never hears of them.
 */

const startLobbyOn = useLobbies();

const isFrame = (message: Received): boolean => message.type === 'state' || message.type === 'snapshot' || message.type === 's';

/** Waits for `client`'s frame of tick `tick` (a state or a snapshot). */
function frameAt(client: TestClient, tick: number, timeoutMs = 5000): Promise<Received> {
  return client.next((message) => isFrame(message) && message.tick === tick, timeoutMs);
}

/** The next frame `client` receives whose phase is `phase`. */
function framePhase(client: TestClient, phase: string, timeoutMs = 8000): Promise<Received> {
  return client.next((message) => isFrame(message) && message.phase === phase, timeoutMs);
}

describe.each(ROOM_HOST_KINDS)('spectators with %s rooms', (kind) => {
  const lobbyWith = (options: Partial<LobbyOptions> = {}, recording?: (host: RecordingRoomHost) => void) =>
    startLobbyOn(options, {
      rooms: kind,
      ...(recording
        ? {
            wrapHost: (host) => {
              const recorder = new RecordingRoomHost(host);
              recording(recorder);
              return recorder;
            },
          }
        : {}),
    });

  it('lets a spectator watch a waiting game: watching, a snapshot, then the very states the player gets, and no seat taken', async () => {
    const { connect } = await lobbyWith();
    const player = await connect();
    await player.request({ type: 'create', players: 2, name: 'show', width: 30, height: 12 });
    const spectator = await connect();
    expect(await spectator.request({ type: 'watch', name: ' Show ' })).toEqual({
      type: 'watching',
      game: { name: 'show', players: 1, bots: 0, maxPlayers: 2, phase: 'waiting', width: 30, height: 12, playerNames: ['player-1'] },
    });
    const snapshot = await spectator.next('snapshot');
    expect(snapshot).toMatchObject({ phase: 'waiting', width: 30, height: 12, walls: [] });
    expect(snapshot.cycles.map((cycle: { seated: boolean }) => cycle.seated)).toEqual([true, false]);
    // The snapshot holds what the player's frame of the same tick holds, and the seats (names, scores) of the player's own snapshot.
    const players = await frameAt(player, snapshot.tick);
    const { type: _snapshot, width: _w, height: _h, walls: _walls, seats, ...round } = snapshot;
    const { type: _state, walls: _changes, ...playersRound } = players;
    expect(round).toEqual(playersRound);
    expect(seats).toEqual(player.messages.find((message) => message.type === 'snapshot')!.seats);
    expect(seats[0]).toMatchObject({ name: 'player-1' });
    for (let tick = snapshot.tick + 1; tick <= snapshot.tick + 5; tick++) {
      expect(await spectator.next('state')).toEqual(await frameAt(player, tick));
    }
    // No seat: the game still has one player of two, and the free seat goes to the next to join.
    expect((await (await connect()).request({ type: 'list' })).games).toEqual([
      { name: 'show', players: 1, bots: 0, maxPlayers: 2, phase: 'waiting', width: 30, height: 12, playerNames: ['player-1'] },
    ]);
    expect(await (await connect()).request({ type: 'join', name: 'show' })).toMatchObject({ type: 'joined', player: { number: 2 } });
    // Spectators hear the game's news as its players do.
    expect(await spectator.next('notice')).toMatchObject({ type: 'notice', event: 'joined', player: 2, name: 'player-2' });
  });

  it('shows a spectator every phase: waiting, countdown, running and finished', async () => {
    const { connect } = await lobbyWith();
    const alice = await connect();
    const bob = await connect();
    await alice.request({ type: 'create', players: 2, name: 'phases', width: 60, height: 30 });
    const watchers: Record<string, TestClient> = {};
    const watchIn = async (phase: string): Promise<void> => {
      const spectator = await connect();
      watchers[phase] = spectator;
      const answer = await spectator.request({ type: 'watch', name: 'phases' });
      expect(answer).toMatchObject({ type: 'watching', game: { name: 'phases', phase } });
      expect((await spectator.next('snapshot')).phase).toBe(phase);
    };

    await watchIn('waiting');
    await bob.request({ type: 'join', name: 'phases' });
    alice.send({ type: 'key', key: 'i' });
    bob.send({ type: 'key', key: 'i' });
    await framePhase(alice, 'countdown');
    await watchIn('countdown');
    await framePhase(alice, 'running');
    await watchIn('running');
    // Bob leaves mid-round: his cycle explodes and Alice wins the round.
    expect(await bob.request({ type: 'leave' })).toEqual({ type: 'left' });
    const finished = await framePhase(alice, 'finished');
    expect(finished.winner).toBe(1);
    await watchIn('finished');

    // Every spectator, whenever it came, now receives the same frames as Alice.
    const tick = finished.tick + 8;
    const alices = await frameAt(alice, tick);
    for (const spectator of Object.values(watchers)) expect(await frameAt(spectator, tick)).toEqual(alices);
  });

  it('never takes a seat: a full game stays full for joins and a free seat stays free, however many watch', async () => {
    const { connect } = await lobbyWith();
    const player = await connect();
    await player.request({ type: 'create', players: 1, name: 'solo' });
    for (let index = 0; index < 3; index++) {
      expect(await (await connect()).request({ type: 'watch', name: 'solo' })).toMatchObject({ type: 'watching' });
    }
    expect(await (await connect()).request({ type: 'join', name: 'solo' })).toEqual({
      type: 'error',
      code: 'GAME_FULL',
      message: 'game "solo" has all 1 seats taken',
    });
    const pair = await connect();
    await pair.request({ type: 'create', players: 2, name: 'pair' });
    expect(await (await connect()).request({ type: 'watch', name: 'pair' })).toMatchObject({ type: 'watching' });
    expect(await (await connect()).request({ type: 'join', name: 'pair' })).toMatchObject({ type: 'joined', player: { number: 2 } });
    expect(await (await connect()).request({ type: 'join', name: 'pair' })).toMatchObject({ type: 'error', code: 'GAME_FULL' });
  });

  it('refuses keys from a spectator with NOT_A_PLAYER, and create, join, rejoin or watch until it leaves', async () => {
    const { connect } = await lobbyWith();
    const player = await connect();
    const joined = await player.request({ type: 'create', players: 2, name: 'strict' });
    const spectator = await connect();
    await spectator.request({ type: 'watch', name: 'strict' });
    await spectator.next('snapshot');
    expect(await spectator.request({ type: 'key', key: 'i' })).toEqual({
      type: 'error',
      code: 'NOT_A_PLAYER',
      message: 'you are watching game "strict"; spectators cannot press keys (leave, then join to play)',
    });
    const alreadyIn = (doing: string) => ({ type: 'error', code: 'ALREADY_IN_GAME', message: `stop watching game "strict" before ${doing}` });
    expect(await spectator.request({ type: 'create', players: 1 })).toEqual(alreadyIn('creating another'));
    expect(await spectator.request({ type: 'join', name: 'strict' })).toEqual(alreadyIn('joining another'));
    expect(await spectator.request({ type: 'rejoin', token: joined.token })).toEqual(alreadyIn('rejoining another'));
    expect(await spectator.request({ type: 'watch', name: 'strict' })).toEqual(alreadyIn('watching another'));
    // The key changed nothing: the one player is not ready, and the free seat is still free.
    const state = await player.next('state');
    expect(state.cycles.map((cycle: { ready: boolean; seated: boolean }) => [cycle.seated, cycle.ready])).toEqual([
      [true, false],
      [false, false],
    ]);
  });

  it('lets a spectator leave, receive no more frames, and then join, create or watch again', async () => {
    const { connect } = await lobbyWith();
    const player = await connect();
    await player.request({ type: 'create', players: 2, name: 'door' });
    const spectator = await connect();
    await spectator.request({ type: 'watch', name: 'door' });
    await spectator.next('state');
    expect(await spectator.request({ type: 'leave' })).toEqual({ type: 'left' });
    const leftAt = spectator.messages.length;
    const later = (await player.next('state')).tick + 3;
    await frameAt(player, later);
    expect(spectator.messages.slice(leftAt).filter(isFrame)).toEqual([]);
    expect(await spectator.request({ type: 'leave' })).toMatchObject({ type: 'error', code: 'NOT_IN_GAME' });

    expect(await spectator.request({ type: 'watch', name: 'door' })).toMatchObject({ type: 'watching' });
    await spectator.next('snapshot');
    await spectator.request({ type: 'leave' });
    expect(await spectator.request({ type: 'join', name: 'door' })).toMatchObject({ type: 'joined', player: { number: 2 } });
    await spectator.request({ type: 'leave' });
    expect(await spectator.request({ type: 'create', players: 1, name: 'own' })).toMatchObject({ type: 'joined', player: { number: 1 } });
  });

  it('answers GAME_NOT_FOUND for a game that does not exist and BAD_MESSAGE for a bad watch', async () => {
    const { connect } = await lobbyWith();
    const client = await connect();
    expect(await client.request({ type: 'watch', name: 'ghost' })).toEqual({
      type: 'error',
      code: 'GAME_NOT_FOUND',
      message: 'no game named "ghost"; send {"type":"list"} to see the games',
    });
    expect(await client.request({ type: 'watch' })).toEqual({ type: 'error', code: 'BAD_MESSAGE', message: 'watch needs a string "name"' });
    expect(await client.request({ type: 'watch', name: 'bad name' })).toMatchObject({ type: 'error', code: 'BAD_MESSAGE' });
    expect(await client.request({ type: 'watch', name: 'x', seat: 1 })).toEqual({
      type: 'error',
      code: 'BAD_MESSAGE',
      message: 'unexpected field "seat" in watch message',
    });
  });

  it('refuses a spectator over the game\'s cap and over the lobby\'s cap with WATCHERS_FULL, and takes one again once another leaves', async () => {
    const { connect, lobby } = await lobbyWith({ maxWatchersPerGame: 2, maxWatchers: 3 });
    const first = await connect();
    await first.request({ type: 'create', players: 2, name: 'busy' });
    const second = await connect();
    await second.request({ type: 'create', players: 2, name: 'quiet' });
    const busy = [await connect(), await connect()];
    for (const spectator of busy) expect(await spectator.request({ type: 'watch', name: 'busy' })).toMatchObject({ type: 'watching' });
    const third = await connect();
    expect(await third.request({ type: 'watch', name: 'busy' })).toEqual({
      type: 'error',
      code: 'WATCHERS_FULL',
      message: 'game "busy" has 2 spectators, the most a game may have; try again later',
    });
    expect(await third.request({ type: 'watch', name: 'quiet' })).toMatchObject({ type: 'watching' });
    const fourth = await connect();
    expect(await fourth.request({ type: 'watch', name: 'quiet' })).toEqual({
      type: 'error',
      code: 'WATCHERS_FULL',
      message: 'this lobby has 3 spectators, the most it allows; try again later',
    });
    // Refused, it is still in the lobby and may join as a player; the caps do not touch seats.
    expect(await fourth.request({ type: 'join', name: 'busy' })).toMatchObject({ type: 'joined', player: { number: 2 } });
    await busy[0]!.close();
    await waitFor(() => lobby.stats().watchers === 2, 5000, 'the closed spectator to be gone');
    expect(await (await connect()).request({ type: 'watch', name: 'quiet' })).toMatchObject({ type: 'watching' });
  });

  it('tells players and spectators how many watch, once a tick, only when the count they heard changes', async () => {
    // One-second ticks: everything a test client does between two ticks takes a few milliseconds.
    // (A room is judged hung after a silence of a tick or more, so that limit goes up with them.)
    const { connect } = await lobbyWith({ tickMs: 1000, hangTimeoutMs: 5000 });
    const player = await connect();
    await player.request({ type: 'create', players: 2, name: 'crowd' });
    await player.next('state');
    const counts = (client: TestClient) => client.messages.filter((message) => message.type === 'watchers').map((message) => message.count);

    const spectators = [await connect(), await connect(), await connect()];
    await Promise.all(spectators.map((spectator) => spectator.request({ type: 'watch', name: 'crowd' })));
    await player.next('watchers', 3000);
    expect(counts(player)).toEqual([3]);
    for (const spectator of spectators) {
      await spectator.next('watchers', 3000);
      expect(counts(spectator)).toEqual([3]);
    }

    // One comes and goes within a tick: the count nobody heard change is not sent.
    const passing = await connect();
    await passing.request({ type: 'watch', name: 'crowd' });
    await passing.request({ type: 'leave' });
    await spectators[0]!.request({ type: 'leave' });
    const second = await player.next('watchers', 3000);
    expect(second.count).toBe(2);
    const tick = (await player.next('state', 3000)).tick;
    await frameAt(player, tick + 1, 3000);
    expect(counts(player)).toEqual([3, 2]);
    expect(counts(spectators[1]!)).toEqual([3, 2]);
    expect(counts(spectators[0]!)).toEqual([3]);

    // A player who sits down hears the count at once; a spectator who watches again hears it anew.
    const late = await connect();
    await late.request({ type: 'join', name: 'crowd' });
    expect(await late.next('watchers', 3000)).toEqual({ type: 'watchers', count: 2 });
    await spectators[0]!.request({ type: 'watch', name: 'crowd' });
    expect(await spectators[0]!.next('watchers', 3000)).toEqual({ type: 'watchers', count: 3 });
    expect(counts(player)).toContain(3);
  });

  it('never tells the room of spectators reading a format a player reads, and only says which formats to make otherwise', async () => {
    let recorder!: RecordingRoomHost;
    const { connect, lobby } = await lobbyWith({}, (host) => (recorder = host));
    const player = await connect('/?frames=compact');
    await player.request({ type: 'create', players: 2, name: 'quiet-room' });
    await player.next('s');
    const from = recorder.sent.length;

    const spectators: TestClient[] = [];
    for (let index = 0; index < 10; index++) {
      const spectator = await connect('/?frames=compact');
      spectators.push(spectator);
      await spectator.request({ type: 'watch', name: 'quiet-room' });
    }
    for (const spectator of spectators) await spectator.next('s');
    await spectators[0]!.request({ type: 'key', key: 'i' });
    await spectators[1]!.request({ type: 'leave' });
    await spectators[2]!.close();
    const tick = (await player.next('s')).h[0] as number;
    await player.next((message) => message.type === 's' && message.h[0] === tick + 2);
    expect(recorder.messagesSince(from)).toEqual([]);
    expect(lobby.stats().roomStats[0]).toMatchObject({ name: 'quiet-room', watchers: 8 });

    // A spectator reading full frames, which nobody else reads: the room is told to make them too, and no more.
    const full = await connect();
    await full.request({ type: 'watch', name: 'quiet-room' });
    const first = await full.next(isFrame);
    expect(first.type).toBe('snapshot');
    expect((await full.next(isFrame)).type).toBe('state');
    await full.request({ type: 'leave' });
    expect(recorder.messagesSince(from)).toEqual([
      { type: 'frames', full: true, compact: true },
      { type: 'frames', full: false, compact: true },
    ]);
  });

  it('closes the game for its spectators when its last player leaves, saying why', async () => {
    const { connect } = await lobbyWith();
    const player = await connect();
    await player.request({ type: 'create', players: 2, name: 'brief' });
    const spectator = await connect();
    await spectator.request({ type: 'watch', name: 'brief' });
    await spectator.next('snapshot');
    await player.request({ type: 'leave' });
    expect(await spectator.nextReply()).toEqual({ type: 'left', reason: 'game brief closed: every player left' });
    expect(await spectator.request({ type: 'list' })).toEqual({ type: 'games', games: [] });
  });

  it('closes an idle game whose players all dropped even while spectators watch it, and tells them why', async () => {
    const { connect } = await lobbyWith({ idleTimeoutMs: 600, seatHoldMs: 60_000 });
    const player = await connect();
    await player.request({ type: 'create', players: 2, name: 'abandoned' });
    const spectator = await connect();
    await spectator.request({ type: 'watch', name: 'abandoned' });
    await spectator.next('snapshot');
    // The player's seat is held for a minute, but nobody who could press a key is left.
    await player.close();
    expect(await spectator.nextReply(5000)).toEqual({ type: 'left', reason: 'game abandoned closed after 0.6 s without a key pressed' });
  });

  it('skips frames to a spectator that stops reading, resumes it with a snapshot once it reads again, and spares the player', async () => {
    const { lobby, connect } = await lobbyWith({
      rateBurst: 100_000,
      ratePerSecond: 100_000,
      slowBufferBytes: 64 * 1024,
      outboundBudgetBytes: 512 * 1024 * 1024,
      slowTimeoutMs: 60_000,
    });
    const player = await connect();
    await player.request({ type: 'create', players: 2, name: 'laggy' });
    const slow = await nonReader(lobby.port);
    slow.resumeReading();
    slow.socket.send(JSON.stringify({ type: 'watch', name: 'laggy' }));
    await waitFor(() => slow.messages.filter((message) => message.type === 'state').length >= 2, 5000, 'the spectator to receive states');
    slow.pauseReading();
    // Replies share the spectator's outbound budget with frames: enough of them fill every buffer on the way.
    const flood = JSON.stringify({ type: 'ping', id: 'x'.repeat(3500) });
    for (let index = 0; index < 10_000; index++) slow.socket.send(flood);
    await waitFor(() => lobby.stats().slowConnections === 1, 20_000, 'the spectator to lag');
    const start = (await player.next('state')).tick;
    await frameAt(player, start + 3);
    slow.resumeReading();
    // Everything that waited arrives first: frames from before it lagged, then, after the gap, a snapshot and more.
    const framesAfterSecondSnapshot = (): number => {
      const frames = slow.messages.filter(isFrame);
      const second = frames.findIndex((frame, index) => index > 0 && frame.type === 'snapshot');
      return second === -1 ? 0 : frames.length - second;
    };
    await waitFor(() => framesAfterSecondSnapshot() >= 4, 15_000, 'a snapshot and frames to the spectator again');
    const frames = slow.messages.filter(isFrame);
    // A snapshot first, then states; after the frames it missed, a snapshot again, and consecutive states from it.
    expect(frames[0]!.type).toBe('snapshot');
    const gap = frames.findIndex((frame, index) => index > 0 && frame.tick !== frames[index - 1]!.tick + 1);
    expect(gap).toBeGreaterThan(0);
    expect(frames[gap]!.type).toBe('snapshot');
    for (let index = gap + 1; index < frames.length; index++) {
      expect(frames[index]).toMatchObject({ type: 'state', tick: frames[index - 1]!.tick + 1 });
    }
    // The player's frames kept coming, every tick.
    let tick = start;
    for (const message of player.messages.filter(isFrame)) if (message.tick > start) expect(message.tick).toBe(++tick);
    slow.socket.close();
  });

  it('closes a spectator that does not read for too long with 4002, as it would a player', async () => {
    const { lobby, connect } = await lobbyWith({
      rateBurst: 100_000,
      ratePerSecond: 100_000,
      slowBufferBytes: 64 * 1024,
      outboundBudgetBytes: 512 * 1024 * 1024,
      slowTimeoutMs: 600,
    });
    const player = await connect();
    await player.request({ type: 'create', players: 2, name: 'stuck' });
    const stuck = await nonReader(lobby.port);
    stuck.socket.send(JSON.stringify({ type: 'watch', name: 'stuck' }));
    const flood = JSON.stringify({ type: 'ping', id: 'x'.repeat(3500) });
    for (let index = 0; index < 10_000; index++) stuck.socket.send(flood);
    await waitFor(() => lobby.stats().connections === 1, 15_000, 'the stuck spectator to be closed');
    expect(await stuck.drainAndClose()).toBe(4002);
    await waitFor(() => lobby.stats().watchers === 0, 5000, 'the closed spectator to stop counting');
    const state = await player.next('state');
    expect(await player.next('state')).toMatchObject({ tick: state.tick + 1 });
  });

  it('counts spectators in stats, per game and in all', async () => {
    const { lobby, connect } = await lobbyWith();
    for (const name of ['one', 'two']) await (await connect()).request({ type: 'create', players: 2, name });
    for (const name of ['one', 'one', 'two']) await (await connect()).request({ type: 'watch', name });
    // The stats document is the operators': on the admin port.
    const stats = JSON.parse((await adminGet(lobby, '/stats')).body);
    expect(stats.watchers).toBe(3);
    expect(Object.fromEntries(stats.roomStats.map((room: { name: string; watchers: number }) => [room.name, room.watchers]))).toEqual({ one: 2, two: 1 });
    expect(lobby.stats().watchers).toBe(3);
  });
});

describe('spectators of a room that dies', () => {
  it('tell a spectator the game is resuming when its room process is killed, and show it the resumed game', async () => {
    const { lobby, connect } = await startLobbyOn({}, { rooms: 'process' });
    const player = await connect();
    await player.request({ type: 'create', players: 2, name: 'phoenix' });
    const spectator = await connect();
    await spectator.request({ type: 'watch', name: 'phoenix' });
    await spectator.next('state');
    const pid = lobby.roomPid('phoenix')!;
    process.kill(pid, 'SIGKILL');
    expect(await spectator.nextReply()).toEqual({
      type: 'resuming',
      message: expect.stringMatching(/^the game stopped \(room process killed by SIGKILL\); it resumes in a moment from tick \d+$/),
    });
    const resumed = await spectator.next('snapshot');
    await player.next('resuming');
    expect(await frameAt(player, resumed.tick)).toEqual(resumed);
    expect(await spectator.next('state')).toEqual(await frameAt(player, resumed.tick + 1));
    expect(lobby.roomPid('phoenix')).not.toBe(pid);
  });
});
