import { describe, expect, it } from 'vitest';
import { startLobby } from '../server/lobby.js';
import type { LobbyOptions } from '../server/lobby-options.js';
import { silentLogger } from '../server/log/root-logger.js';
import { createRoomHost, ROOM_HOST_KINDS } from '../server/room-hosts.js';
import { useLobbies } from './helpers/lobby-harness.js';
import { isRunning, waitForExit } from './helpers/processes.js';
import { TestClient } from './helpers/test-client.js';
import { waitFor } from './helpers/wait-for.js';

const startLobbyOn = useLobbies();

describe.each(ROOM_HOST_KINDS)('lobby with %s rooms', (kind) => {
  const lobbyWith = (options: Partial<LobbyOptions> = {}) => startLobbyOn(options, { rooms: kind });

  it('lists no games on a fresh lobby', async () => {
    const { connect } = await lobbyWith();
    const client = await connect();
    expect(await client.request({ type: 'list' })).toEqual({ type: 'games', games: [] });
  });

  it('creates a named game, seats its creator and sends a snapshot then consecutive states', async () => {
    const { connect } = await lobbyWith();
    const client = await connect();
    const joined = await client.request({ type: 'create', players: 2, name: 'Arena-1', width: 40, height: 20 });
    expect(joined).toEqual({
      type: 'joined',
      game: { name: 'arena-1', players: 1, bots: 0, maxPlayers: 2, phase: 'waiting', width: 40, height: 20, playerNames: ['player-1'] },
      player: { number: 1, name: 'player-1' },
      token: expect.stringMatching(/^[A-Za-z0-9_-]{21}$/),
    });
    const snapshot = await client.next('snapshot');
    expect(snapshot).toMatchObject({ width: 40, height: 20, phase: 'waiting', walls: [] });
    expect(snapshot.cycles).toHaveLength(2);
    expect(snapshot.cycles[0]).toMatchObject({ number: 1, seated: true, ready: false, status: 'alive', alive: true });
    expect(snapshot.cycles[1]).toMatchObject({ number: 2, seated: false });
    let tick = snapshot.tick as number;
    for (let index = 0; index < 5; index++) {
      const state = await client.next('state');
      expect(state.tick).toBe(tick + 1);
      expect(state.walls).toEqual({ added: [], cleared: [] });
      tick = state.tick;
    }
    const other = await connect();
    expect(await other.request({ type: 'list' })).toEqual({
      type: 'games',
      games: [{ name: 'arena-1', players: 1, bots: 0, maxPlayers: 2, phase: 'waiting', width: 40, height: 20, playerNames: ['player-1'] }],
    });
  });

  it('gives a game a memorable random name when none is asked for', async () => {
    const { connect } = await lobbyWith();
    const client = await connect();
    const joined = await client.request({ type: 'create', players: 1 });
    expect(joined.game.name).toMatch(/^[a-z]+-[a-z]+$/);
    expect(joined.game).toMatchObject({ maxPlayers: 1, width: 80, height: 22 });
  });

  it('seats a second player who joins by name, and both see the same ticks', async () => {
    const { connect } = await lobbyWith();
    const first = await connect();
    const second = await connect();
    await first.request({ type: 'create', players: 2, name: 'duel' });
    const joined = await second.request({ type: 'join', name: 'DUEL' });
    expect(joined).toMatchObject({ type: 'joined', game: { name: 'duel', players: 2 }, player: { number: 2 } });
    const snapshot = await second.next('snapshot');
    const firstState = await first.next((message) => message.type === 'state' && message.tick === snapshot.tick + 1);
    const secondState = await second.next('state');
    expect(secondState).toEqual(firstState);
    expect(secondState.cycles.map((cycle: { seated: boolean }) => cycle.seated)).toEqual([true, true]);
  });

  it('answers every kind of mistake with its error code and keeps the connection usable', async () => {
    const { connect } = await lobbyWith({ maxGames: 2 });
    const client = await connect();
    const error = (code: string) => ({ type: 'error', code, message: expect.any(String) });

    expect(await client.request('not json')).toEqual({ type: 'error', code: 'BAD_MESSAGE', message: 'message is not valid JSON' });
    expect(await client.request({ type: 'fly' })).toEqual(error('BAD_MESSAGE'));
    expect(await client.request({ type: 'create', players: 9 })).toEqual({
      type: 'error',
      code: 'BAD_MESSAGE',
      message: 'players must be an integer from 1 to 6',
    });
    expect(await client.request({ type: 'key', key: 'h' })).toEqual(error('NOT_IN_GAME'));
    expect(await client.request({ type: 'leave' })).toEqual(error('NOT_IN_GAME'));
    expect(await client.request({ type: 'join', name: 'nowhere' })).toEqual(error('GAME_NOT_FOUND'));

    expect(await client.request({ type: 'create', players: 1, name: 'solo' })).toMatchObject({ type: 'joined' });
    expect(await client.request({ type: 'create', players: 1 })).toEqual(error('ALREADY_IN_GAME'));
    expect(await client.request({ type: 'join', name: 'solo' })).toEqual(error('ALREADY_IN_GAME'));

    const second = await connect();
    expect(await second.request({ type: 'create', players: 2, name: 'solo' })).toEqual(error('NAME_TAKEN'));
    expect(await second.request({ type: 'join', name: 'solo' })).toEqual(error('GAME_FULL'));
    expect(await second.request({ type: 'create', players: 2, name: 'pair' })).toMatchObject({ type: 'joined' });
    const third = await connect();
    expect(await third.request({ type: 'create', players: 2 })).toEqual(error('SERVER_FULL'));
    expect(await third.request({ type: 'ping', id: 7 })).toEqual({ type: 'pong', id: 7 });
  });

  it('refuses to seat a player while a round is running', async () => {
    const { connect } = await lobbyWith();
    const player = await connect();
    await player.request({ type: 'create', players: 1, name: 'busy' });
    // Practice game: the countdown starts when its only player is ready.
    player.send({ type: 'key', key: 'i' });
    await player.next((message) => message.type === 'state' && message.phase === 'countdown');
    const late = await connect();
    const reply = await late.request({ type: 'join', name: 'busy' });
    expect(reply).toMatchObject({ type: 'error', code: 'GAME_FULL' });
  });

  it('ignores i for 1 s after a round ends, counting readyIn down in every frame, then starts the rematch on it', async () => {
    const { connect } = await lobbyWith();
    const player = await connect();
    await player.request({ type: 'create', players: 1, name: 'again', width: 20, height: 10 });
    player.send({ type: 'key', key: 'i' });
    const ended = await player.next((message) => message.type === 'state' && message.phase === 'finished', 10_000);
    expect(ended).toMatchObject({ readyIn: 10, round: 1 });

    // Pressed at once, as a late INSERT would be: it readies nobody and is not kept for later.
    player.send({ type: 'key', key: 'i' });
    let frame = ended;
    while (frame.readyIn > 0) {
      const next = await player.next('state');
      expect(next).toMatchObject({ tick: frame.tick + 1, phase: 'finished', readyIn: frame.readyIn - 1 });
      expect(next.cycles[0]).toMatchObject({ ready: false });
      frame = next;
    }
    for (let tick = 0; tick < 3; tick++) {
      const later = await player.next('state');
      expect(later).toMatchObject({ phase: 'finished', readyIn: 0 });
      expect(later.cycles[0]).toMatchObject({ ready: false });
    }

    player.send({ type: 'key', key: 'i' });
    const rematch = await player.next((message) => message.type === 'state' && message.phase !== 'finished');
    expect(rematch).toMatchObject({ phase: 'countdown', countdown: 30, readyIn: 0, round: 1 });
    expect(rematch.cycles[0]).toMatchObject({ ready: true, status: 'alive' });
  });

  it('sends a player back to waiting when one leaves during the countdown, freeing the seat', async () => {
    const { connect } = await lobbyWith();
    const first = await connect();
    const second = await connect();
    await first.request({ type: 'create', players: 2, name: 'racing' });
    await second.request({ type: 'join', name: 'racing' });
    first.send({ type: 'key', key: 'i' });
    second.send({ type: 'key', key: 'i' });
    await first.next((message) => message.type === 'state' && message.phase === 'countdown');
    expect(await second.request({ type: 'leave' })).toEqual({ type: 'left' });
    const back = await first.next((message) => message.type === 'state' && message.phase === 'waiting');
    expect(back.cycles[1]).toMatchObject({ seated: false, ready: false });
    const third = await connect();
    expect(await third.request({ type: 'join', name: 'racing' })).toMatchObject({ type: 'joined', player: { number: 2 } });
  });

  it('frees a seat before telling the leaver left: a join sent right after never finds the game full', async () => {
    const { connect } = await lobbyWith();
    const host = await connect();
    await host.request({ type: 'create', players: 2, name: 'swap' });
    let seated = await connect();
    expect(await seated.request({ type: 'join', name: 'swap' })).toMatchObject({ type: 'joined', player: { number: 2 } });
    for (let attempt = 0; attempt < 10; attempt++) {
      const next = await connect();
      expect(await seated.request({ type: 'leave' })).toEqual({ type: 'left' });
      // Sent the moment `left` arrives, as the outside test did.
      expect(await next.request({ type: 'join', name: 'swap' })).toMatchObject({ type: 'joined', player: { number: 2 } });
      await seated.close();
      seated = next;
    }
  });

  it('calls a countdown off the moment a player leaves: a join sent right after left is seated', async () => {
    const { connect } = await lobbyWith();
    const first = await connect();
    const second = await connect();
    await first.request({ type: 'create', players: 2, name: 'counting' });
    await second.request({ type: 'join', name: 'counting' });
    first.send({ type: 'key', key: 'i' });
    second.send({ type: 'key', key: 'i' });
    await first.next((message) => message.type === 'state' && message.phase === 'countdown');
    const third = await connect();
    expect(await second.request({ type: 'leave' })).toEqual({ type: 'left' });
    expect(await third.request({ type: 'join', name: 'counting' })).toMatchObject({ type: 'joined', player: { number: 2 } });
  });

  it('frees a seat granted to a request the player gave up on before the next request is answered', async () => {
    const { connect } = await lobbyWith();
    const host = await connect();
    await host.request({ type: 'create', players: 2, name: 'hasty' });
    for (let attempt = 0; attempt < 5; attempt++) {
      const quitter = await connect();
      const next = await connect();
      // The leave reaches the lobby while the room may still be granting the seat.
      quitter.send({ type: 'join', name: 'hasty' });
      quitter.send({ type: 'leave' });
      expect(await quitter.next('left')).toEqual({ type: 'left' });
      expect(await next.request({ type: 'join', name: 'hasty' })).toMatchObject({ type: 'joined', player: { number: 2 } });
      expect(await next.request({ type: 'leave' })).toEqual({ type: 'left' });
      await quitter.close();
      await next.close();
    }
  });

  it('answers a join to a running round with a free seat with GAME_IN_PROGRESS', async () => {
    const { connect } = await lobbyWith();
    const players = [await connect(), await connect(), await connect()];
    await players[0]!.request({ type: 'create', players: 3, name: 'trio' });
    await players[1]!.request({ type: 'join', name: 'trio' });
    await players[2]!.request({ type: 'join', name: 'trio' });
    for (const player of players) player.send({ type: 'key', key: 'i' });
    await players[0]!.next((message) => message.type === 'snapshot' && message.phase === 'running', 6000);
    // One leaves mid-round: two are still racing, so the round goes on with a free seat.
    players[2]!.send({ type: 'leave' });
    const after = await players[0]!.next((message) => message.type === 'state' && message.cycles[2].seated === false);
    expect(after.phase).toBe('running');
    expect(after.cycles[2].status).toBe('exploding');
    const late = await connect();
    expect(await late.request({ type: 'join', name: 'trio' })).toEqual({
      type: 'error',
      code: 'GAME_IN_PROGRESS',
      message: 'game "trio" is playing a round; join when it has finished',
    });
  });

  it('plays a two-player game to a winner', async () => {
    const { connect } = await lobbyWith({ tickMs: 50 });
    const crasher = await connect();
    const survivor = await connect();
    await crasher.request({ type: 'create', players: 2, name: 'final' });
    await survivor.request({ type: 'join', name: 'final' });
    crasher.send({ type: 'key', key: 'i' });
    survivor.send({ type: 'key', key: 'i' });
    await survivor.next((message) => message.type === 'snapshot' && message.phase === 'running');
    // Player 1 rides straight into the border; player 2 steers clear of everything.
    for (;;) {
      const state = await survivor.next((message) => message.type === 'state' || message.type === 'snapshot', 10_000);
      if (state.phase === 'finished') {
        expect(state.winner).toBe(2);
        expect(state.cycles[0].status).not.toBe('alive');
        expect(state.cycles[1].status).toBe('alive');
        break;
      }
      const me = state.cycles[1];
      const turn = safeTurn(me, 80, 22);
      if (turn) survivor.send({ type: 'key', key: turn });
    }
    const list = await crasher.request({ type: 'list' });
    expect(list.games[0]).toMatchObject({ name: 'final', phase: 'finished', players: 2 });
  });

  it.runIf(kind === 'process')('runs each room in its own process, apart from the lobby and from each other (processes only)', async () => {
    const { lobby, connect, log } = await lobbyWith();
    const names = ['one', 'two', 'three'];
    for (const name of names) {
      const client = await connect();
      await client.request({ type: 'create', players: 2, name });
    }
    const pids = lobby.roomPids();
    expect(pids).toHaveLength(3);
    expect(new Set(pids).size).toBe(3);
    expect(pids).not.toContain(process.pid);
    for (const pid of pids) expect(isRunning(pid)).toBe(true);
    expect(log.of('game_created').map((line) => [line.game, line.pid])).toEqual(names.map((name, index) => [name, pids[index]]));
  });

  it.runIf(kind === 'process')('resumes a room killed with SIGKILL, and gives its players GAME_CRASHED when it dies again at once, while another room keeps ticking (processes only)', async () => {
    const { lobby, connect, log } = await lobbyWith();
    const victim = await connect();
    const bystander = await connect();
    await victim.request({ type: 'create', players: 2, name: 'doomed' });
    await victim.next('state');
    const firstPid = lobby.roomPid('doomed')!;
    await bystander.request({ type: 'create', players: 2, name: 'steady' });
    const before = await bystander.next('state');

    process.kill(firstPid, 'SIGKILL');
    const notice = await victim.nextReply();
    expect(notice).toEqual({
      type: 'resuming',
      message: expect.stringMatching(/^the game stopped \(room process killed by SIGKILL\); it resumes in a moment from tick \d+$/),
    });
    const resumed = await victim.next('snapshot');
    expect(resumed.cycles[0]).toMatchObject({ number: 1, seated: true });
    const secondPid = lobby.roomPid('doomed')!;
    expect(secondPid).not.toBe(firstPid);
    await victim.next('state');

    process.kill(secondPid, 'SIGKILL');
    expect(await victim.nextReply()).toEqual({
      type: 'error',
      code: 'GAME_CRASHED',
      message: 'game "doomed" stopped unexpectedly (room process killed by SIGKILL, again within 5 s of resuming); you are back in the lobby',
    });
    let tick = before.tick as number;
    for (let index = 0; index < 5; index++) {
      const state = await bystander.next('state');
      expect(state.tick).toBe(++tick);
    }
    // Back in the lobby and still connected: list, then create again.
    expect(await victim.request({ type: 'list' })).toMatchObject({ games: [{ name: 'steady' }] });
    expect(await victim.request({ type: 'create', players: 1, name: 'doomed' })).toMatchObject({ type: 'joined' });
    expect(log.of('room_crashed')).toEqual([
      expect.objectContaining({ level: 50, game: 'doomed', pid: firstPid, cause: 'killed', detail: 'room process killed by SIGKILL' }),
      expect.objectContaining({ level: 50, game: 'doomed', pid: secondPid, cause: 'killed', detail: 'room process killed by SIGKILL' }),
    ]);
    expect(log.of('room_resumed')).toEqual([
      expect.objectContaining({ level: 40, game: 'doomed', pid: secondPid, previousPid: firstPid, tick: expect.any(Number), detail: 'room process killed by SIGKILL' }),
    ]);
    expect(log.of('game_ended')).toEqual([
      expect.objectContaining({
        level: 50,
        game: 'doomed',
        pid: secondPid,
        reason: 'crashed',
        detail: 'room process killed by SIGKILL, again within 5 s of resuming',
        msg: `game doomed ended: room process killed by SIGKILL, again within 5 s of resuming (pid ${secondPid})`,
      }),
    ]);
  });

  it('disposes a room when its last player leaves, and its runtime exits', async () => {
    const { lobby, connect, log } = await lobbyWith();
    const client = await connect();
    await client.request({ type: 'create', players: 2, name: 'brief' });
    const pids = lobby.roomPids();
    expect(pids).toHaveLength(kind === 'process' ? 1 : 0);
    expect(await client.request({ type: 'leave' })).toEqual({ type: 'left' });
    await waitForExit(pids, 3000);
    expect(await client.request({ type: 'list' })).toEqual({ type: 'games', games: [] });
    await waitFor(() => log.of('game_ended').length === 1);
    expect(log.of('player_left')).toEqual([expect.objectContaining({ level: 30, game: 'brief', pid: pids[0] ?? null, player: 1 })]);
    expect(log.of('game_ended')).toEqual([expect.objectContaining({ level: 30, game: 'brief', pid: pids[0] ?? null, reason: 'all_left', detail: 'all players left' })]);
  });

  it('disposes a room when its last player disconnects and does not come back within the seat hold', async () => {
    const { lobby, connect, log } = await lobbyWith({ seatHoldMs: 200 });
    const client = await connect();
    await client.request({ type: 'create', players: 3, name: 'gone' });
    const pids = lobby.roomPids();
    await client.close();
    await waitForExit(pids, 3000);
    await waitFor(() => log.of('game_ended').length === 1);
    const lobbyLines = log.lines.filter((line) => line.event !== 'room_ready');
    expect(lobbyLines.map((line) => [line.event, line.game, line.player])).toEqual([
      ['game_created', 'gone', undefined],
      ['player_joined', 'gone', 1],
      ['player_dropped', 'gone', 1],
      ['seat_expired', 'gone', 1],
      ['game_ended', 'gone', undefined],
    ]);
    expect(lobby.roomPids()).toEqual([]);
  });

  it('sends compact state frames to a player who asked for them and full ones to the others', async () => {
    const { connect } = await lobbyWith();
    const full = await connect();
    const compact = await connect('/?frames=compact');
    await full.request({ type: 'create', players: 2, name: 'mixed' });
    await compact.request({ type: 'join', name: 'mixed' });
    expect(await compact.next('snapshot')).toMatchObject({ type: 'snapshot', width: 80 });
    const first = await compact.next('s');
    const second = await compact.next('s');
    expect(second.h[0]).toBe(first.h[0] + 1);
    expect(first.c).toEqual([1, expect.any(Number), expect.any(Number), expect.stringMatching(/^[udlr]$/), 4, 2, expect.any(Number), expect.any(Number), expect.stringMatching(/^[udlr]$/), 4]);
    const fullState = await full.next((message) => message.type === 'state' && message.tick === second.h[0]);
    expect(fullState.cycles[1]).toMatchObject({ number: 2, x: second.c[6], y: second.c[7], seated: true, ready: false });
  });

  it('answers a plain HTTP request with a page that says how to connect', async () => {
    const { lobby } = await lobbyWith();
    const response = await fetch(`http://127.0.0.1:${lobby.port}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('vimtron lobby');
    expect(text).toContain(`vimtron play --address 127.0.0.1 --port ${lobby.port} --players 2`);
  });

  it('stops every room and closes every player with 1001 when it closes', async () => {
    const lobby = await startLobby({ port: 0, host: '127.0.0.1' }, createRoomHost(kind, 0, silentLogger()));
    const clients = [await TestClient.connect(lobby.port), await TestClient.connect(lobby.port)];
    await clients[0]!.request({ type: 'create', players: 2, name: 'a' });
    await clients[1]!.request({ type: 'create', players: 2, name: 'b' });
    const pids = lobby.roomPids();
    expect(pids).toHaveLength(kind === 'process' ? 2 : 0);
    expect(lobby.stats().games).toBe(2);
    await lobby.close();
    expect(pids.filter(isRunning)).toEqual([]);
    expect(await clients[0]!.close()).toBe(1001);
    expect(await clients[1]!.close()).toBe(1001);
  });
});


const STEP: Record<string, [number, number]> = { up: [0, -1], down: [0, 1], left: [-1, 0], right: [1, 0] };
const KEY: Record<string, string> = { up: 'k', down: 'j', left: 'h', right: 'l' };

/** Turns away from the border when the cell ahead is deadly (the arena has no walls unless someone inserts). */
function safeTurn(cycle: { x: number; y: number; direction: string }, width: number, height: number): string | null {
  const free = (direction: string, distance: number) => {
    const [dx, dy] = STEP[direction]!;
    const x = cycle.x + dx * distance;
    const y = cycle.y + dy * distance;
    return x > 0 && y > 0 && x < width - 1 && y < height - 1;
  };
  if (free(cycle.direction, 1) && free(cycle.direction, 2)) return null;
  const options = cycle.direction === 'up' || cycle.direction === 'down' ? ['left', 'right'] : ['up', 'down'];
  const best = options.sort((a, b) => room(b) - room(a))[0]!;
  return KEY[best]!;

  function room(direction: string): number {
    let distance = 0;
    while (free(direction, distance + 1)) distance++;
    return distance;
  }
}
