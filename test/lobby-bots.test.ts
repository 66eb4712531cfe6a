import { describe, expect, it } from 'vitest';
import type { LobbyOptions } from '../server/lobby-options.js';
import { InMemoryGameDirectory, MemoryDirectoryStore } from '../server/in-memory-game-directory.js';
import { ROOM_HOST_KINDS, type RoomHostKind } from '../server/room-hosts.js';
import type { GameSummary } from '../shared/protocol/server-messages.js';
import { defaultRoomHostOptions } from '../server/room-host.js';
import { useLobbies } from './helpers/lobby-harness.js';
import type { Received, TestClient } from './helpers/test-client.js';

const startLobbyOn = useLobbies();

interface FrameCycle {
  number: number;
  x: number;
  y: number;
  direction: string;
  status: string;
  ready: boolean;
  seated: boolean;
  bot: boolean;
}

/** Compact cycle flags: 2 ready, 4 seated, 32 bot. */
const READY_SEATED_BOT = 2 | 4 | 32;

/** Waits for the next full frame whose cycles match. */
function frameWhere(client: TestClient, match: (cycles: FrameCycle[], message: Received) => boolean, timeoutMs = 5000): Promise<Received> {
  return client.next(
    (message) => (message.type === 'state' || message.type === 'snapshot') && match(message.cycles as FrameCycle[], message),
    timeoutMs,
  );
}

async function startRound(client: TestClient): Promise<Received> {
  client.send({ type: 'key', key: 'i' });
  return client.next((message) => message.type === 'snapshot' && message.phase === 'running', 10_000);
}

describe.each(ROOM_HOST_KINDS)('bots with %s rooms', (kind) => {
  const lobbyWith = (options: Partial<LobbyOptions> = {}) => startLobbyOn(options, { rooms: kind });

  it('seats the bots asked for in the highest seats, ready at once, and shows them as bots in joined, list and frames', async () => {
    const { connect } = await lobbyWith();
    const host = await connect('/?frames=compact');
    const joined = await host.request({ type: 'create', players: 4, bots: 2, name: 'Rush', width: 40, height: 16, playerName: 'ana' });
    expect(joined).toEqual({
      type: 'joined',
      game: { name: 'rush', players: 1, bots: 2, maxPlayers: 4, phase: 'waiting', width: 40, height: 16, playerNames: ['ana'] },
      player: { number: 1, name: 'ana' },
      token: expect.stringMatching(/^[A-Za-z0-9_-]{21}$/),
    });
    const snapshot = await host.next('snapshot');
    expect(snapshot.cycles.map((cycle: FrameCycle) => [cycle.number, cycle.seated, cycle.ready, cycle.bot])).toEqual([
      [1, true, false, false],
      [2, false, false, false],
      [3, true, true, true],
      [4, true, true, true],
    ]);
    // Bots go by bot-N and keep a score like anyone.
    expect(snapshot.seats).toEqual([
      { number: 1, name: 'ana', wins: 0, crashes: 0 },
      { number: 2, name: null, wins: 0, crashes: 0 },
      { number: 3, name: 'bot-3', wins: 0, crashes: 0 },
      { number: 4, name: 'bot-4', wins: 0, crashes: 0 },
    ]);
    const compact = await host.next('s');
    const flags = [4, 9, 14, 19].map((index) => compact.c[index]);
    expect(flags).toEqual([4, 0, READY_SEATED_BOT, READY_SEATED_BOT]);
    const other = await connect();
    expect(await other.request({ type: 'list' })).toEqual({
      type: 'games',
      games: [{ name: 'rush', players: 1, bots: 2, maxPlayers: 4, phase: 'waiting', width: 40, height: 16, playerNames: ['ana'] }],
    });
  });

  it('starts the round as soon as its only person is ready, and the bots steer with no key sent for them', async () => {
    const { connect } = await lobbyWith({ tickMs: 40 });
    const host = await connect();
    await host.request({ type: 'create', players: 3, bots: 2, name: 'solo', width: 40, height: 16 });
    host.send({ type: 'key', key: 'i' });
    const counting = await frameWhere(host, (_cycles, message) => message.phase === 'countdown');
    expect(counting.cycles.map((cycle: FrameCycle) => cycle.ready)).toEqual([true, true, true]);
    const start = await host.next((message) => message.type === 'snapshot' && message.phase === 'running', 10_000);
    const startDirections = (start.cycles as FrameCycle[]).map((cycle) => cycle.direction);
    // A bot turns before it reaches the border, 38 cells away at most, long before its player would have.
    const turned = await frameWhere(
      host,
      (cycles) => cycles.some((cycle) => cycle.bot && cycle.status === 'alive' && cycle.direction !== startDirections[cycle.number - 1]),
      10_000,
    );
    expect(turned.phase).toMatch(/^(running|finished)$/);
    // The person pressed nothing since: their cycle still heads where it started, or crashed doing so.
    expect(turned.cycles[0].direction).toBe(startDirections[0]);
  });

  it('seats a person who finds no free seat in place of the lowest bot, and answers GAME_FULL only once people hold every seat', async () => {
    const { connect } = await lobbyWith();
    const host = await connect();
    await host.request({ type: 'create', players: 3, bots: 2, name: 'crowd' });
    const second = await connect();
    expect(await second.request({ type: 'join', name: 'crowd' })).toMatchObject({
      type: 'joined',
      game: { players: 2, bots: 1, maxPlayers: 3 },
      player: { number: 2 },
    });
    const snapshot = await second.next('snapshot');
    expect(snapshot.cycles[1]).toMatchObject({ number: 2, seated: true, ready: false, bot: false });
    expect(snapshot.cycles[2]).toMatchObject({ number: 3, seated: true, ready: true, bot: true });
    const third = await connect();
    expect(await third.request({ type: 'join', name: 'crowd' })).toMatchObject({ type: 'joined', game: { players: 3, bots: 0 }, player: { number: 3 } });
    const fourth = await connect();
    expect(await fourth.request({ type: 'join', name: 'crowd' })).toEqual({
      type: 'error',
      code: 'GAME_FULL',
      message: 'game "crowd" has all 3 seats taken',
    });
    expect((await fourth.request({ type: 'list' })).games).toEqual([
      { name: 'crowd', players: 3, bots: 0, maxPlayers: 3, phase: 'waiting', width: 80, height: 22, playerNames: ['player-1', 'player-2', 'player-3'] },
    ]);
  });

  it('gives a seat a person gives up back to a bot, ready at once, so the game keeps its bots', async () => {
    const { connect } = await lobbyWith();
    const host = await connect();
    await host.request({ type: 'create', players: 2, bots: 1, name: 'visit' });
    const guest = await connect();
    expect(await guest.request({ type: 'join', name: 'visit' })).toMatchObject({ player: { number: 2 }, game: { players: 2, bots: 0 } });
    await frameWhere(host, (cycles) => !cycles[1]!.bot);
    expect(await guest.request({ type: 'leave' })).toEqual({ type: 'left' });
    const back = await frameWhere(host, (cycles) => cycles[1]!.bot);
    expect(back.cycles[1]).toMatchObject({ number: 2, seated: true, ready: true, bot: true });
    expect((await guest.request({ type: 'list' })).games).toEqual([
      { name: 'visit', players: 1, bots: 1, maxPlayers: 2, phase: 'waiting', width: 80, height: 22, playerNames: ['player-1'] },
    ]);
  });

  it('lets a person take a bot seat during the countdown, which is called off since the newcomer is not ready', async () => {
    const { connect } = await lobbyWith();
    const host = await connect();
    await host.request({ type: 'create', players: 2, bots: 1, name: 'late' });
    host.send({ type: 'key', key: 'i' });
    await frameWhere(host, (_cycles, message) => message.phase === 'countdown');
    const guest = await connect();
    expect(await guest.request({ type: 'join', name: 'late' })).toMatchObject({ type: 'joined', player: { number: 2 } });
    expect(await guest.next('snapshot')).toMatchObject({ phase: 'waiting', countdown: 0 });
    const back = await frameWhere(host, (_cycles, message) => message.phase === 'waiting');
    expect(back.cycles.map((cycle: FrameCycle) => [cycle.ready, cycle.bot])).toEqual([
      [true, false],
      [false, false],
    ]);
  });

  it('refuses a person while a round with bots runs, as in progress, since a bot seat frees up when it ends', async () => {
    const { connect } = await lobbyWith();
    const host = await connect();
    await host.request({ type: 'create', players: 2, bots: 1, name: 'busy' });
    await startRound(host);
    const late = await connect();
    expect(await late.request({ type: 'join', name: 'busy' })).toEqual({
      type: 'error',
      code: 'GAME_IN_PROGRESS',
      message: 'game "busy" is playing a round; join when it has finished',
    });
  });

  it('refuses a bots count outside 0 to players - 1 with BAD_MESSAGE, and creates nothing', async () => {
    const { connect } = await lobbyWith();
    const client = await connect();
    for (const [players, bots] of [
      [2, 2],
      [1, 1],
      [3, -1],
      [3, 1.5],
      [3, '2'],
    ] as const) {
      expect(await client.request({ type: 'create', players, bots, name: 'nope' })).toEqual({
        type: 'error',
        code: 'BAD_MESSAGE',
        message: `bots must be an integer from 0 to ${players - 1}, one fewer than players: the creator takes a seat`,
      });
    }
    expect(await client.request({ type: 'list' })).toEqual({ type: 'games', games: [] });
    expect(await client.request({ type: 'create', players: 3, bots: 2, name: 'nope' })).toMatchObject({ type: 'joined' });
  });

  it('closes a round with bots after the idle timeout when no person pressed a key, though its bots kept moving', async () => {
    // The largest arena and a short timeout, so the two bots cannot both crash (which would end the round) first.
    const { connect } = await lobbyWith({ idleTimeoutMs: 1000, tickMs: 40 });
    const host = await connect();
    await host.request({ type: 'create', players: 3, bots: 2, name: 'quiet', width: 200, height: 100 });
    const pressedAt = performance.now();
    const start = await startRound(host);
    const notice = await host.nextReply(10_000);
    const closedAfterMs = performance.now() - pressedAt;
    expect(notice).toEqual({ type: 'left', reason: 'game quiet closed after 1 s without a key pressed' });
    expect(closedAfterMs).toBeGreaterThanOrEqual(1000);
    // Every frame of the round before the notice: the bots raced on the whole time.
    const frames = host.messages.filter((message) => message.type === 'state' && message.tick > start.tick);
    expect(frames.length).toBeGreaterThan(10);
    const moved = (number: number) => {
      const first = (start.cycles as FrameCycle[])[number - 1]!;
      return frames.some((frame) => (frame.cycles as FrameCycle[])[number - 1]!.x !== first.x || (frame.cycles as FrameCycle[])[number - 1]!.y !== first.y);
    };
    expect([moved(2), moved(3)]).toEqual([true, true]);
  });
});

describe.each(['process', 'thread'] as const satisfies readonly RoomHostKind[])('bots in a resumed game with %s rooms', (kind) => {
  it('resumes a game whose room hung from its checkpoint with its bots in their seats, and they race on', async () => {
    const { lobby, connect } = await startLobbyOn({ tickMs: 40 }, { rooms: kind, hostOptions: { ...defaultRoomHostOptions, faultInjection: true } });
    const host = await connect();
    await host.request({ type: 'create', players: 3, bots: 2, name: 'stuck', width: 60, height: 20 });
    const start = await startRound(host);
    await host.next((message) => message.type === 'state' && message.tick >= start.tick + 3);
    lobby.injectFault('stuck', 'hang');
    expect(await host.next('resuming', 10_000)).toMatchObject({ type: 'resuming' });
    const before = host.messages.filter((message) => message.type === 'state' && message.tick > start.tick);
    const resumed = await host.next('snapshot', 10_000);
    expect(resumed.cycles.map((cycle: FrameCycle) => [cycle.number, cycle.seated, cycle.bot])).toEqual([
      [1, true, false],
      [2, true, true],
      [3, true, true],
    ]);
    // The room plays the game again from its checkpoint, bots and all, exactly as it did the first time.
    const seen = before.find((message) => message.tick === resumed.tick);
    if (seen) {
      expect(resumed.cycles).toEqual(seen.cycles);
      expect(resumed.phase).toBe(seen.phase);
    } else {
      // The checkpoint was of the last tick seen: the round goes on (let go, both bots would have exploded and ended it).
      expect(resumed.tick).toBe(before.at(-1)!.tick + 1);
      expect(resumed.phase).toBe('running');
    }
    // The bots play on.
    const bot = (resumed.cycles as FrameCycle[]).find((cycle) => cycle.bot && cycle.status === 'alive');
    if (resumed.phase === 'running' && bot) {
      await frameWhere(host, (cycles) => cycles[bot.number - 1]!.x !== bot.x || cycles[bot.number - 1]!.y !== bot.y || cycles[bot.number - 1]!.status !== 'alive');
    }
    expect((await host.request({ type: 'list' })).games).toEqual([
      {
        name: 'stuck',
        players: 1,
        bots: 2,
        maxPlayers: 3,
        phase: expect.stringMatching(/^(running|finished)$/),
        width: 60,
        height: 20,
        playerNames: ['player-1'],
      },
    ]);
  });
});

describe('bots in a cluster of lobbies of different versions', () => {
  it('lists a game an older lobby put in the directory, which has no bots count nor names, as one without either', async () => {
    const store = new MemoryDirectoryStore();
    const older = new InMemoryGameDirectory('lobby-old', store);
    await older.join({ url: 'ws://127.0.0.1:1/', load: () => ({ games: 1, maxGames: 10 }) });
    const summary = { name: 'vintage', players: 1, maxPlayers: 2, phase: 'waiting', width: 80, height: 22 };
    expect(await older.reserve(summary as unknown as GameSummary)).toBe(true);
    const { connect } = await startLobbyOn({}, { rooms: 'inline', directory: new InMemoryGameDirectory('lobby-new', store) });
    const client = await connect();
    expect(await client.request({ type: 'list' })).toEqual({ type: 'games', games: [{ ...summary, bots: 0, playerNames: [] }] });
  });
});
