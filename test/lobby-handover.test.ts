import { describe, expect, it } from 'vitest';
import type { ClaimedGame } from '../server/game-directory.js';
import { InMemoryGameDirectory, MemoryDirectoryStore } from '../server/in-memory-game-directory.js';
import { useLobbies } from './helpers/lobby-harness.js';
import { waitForExit } from './helpers/processes.js';
import { waitFor } from './helpers/wait-for.js';
import { TestClient } from './helpers/test-client.js';

const startLobby = useLobbies();

/** Two lobbies of one process sharing a game directory, as the lobbies of a cluster share one. */
async function twoLobbies() {
  const store = new MemoryDirectoryStore();
  const a = await startLobby({}, { directory: new InMemoryGameDirectory('lobby-a', store) });
  const b = await startLobby({}, { directory: new InMemoryGameDirectory('lobby-b', store) });
  return { a, b, store, urlOf: (port: number) => `ws://127.0.0.1:${port}/` };
}

describe('games handed between lobbies sharing a game directory', () => {
  it('moves every game to another lobby when a lobby stops: players are told where, rejoin there, and play on from where it stopped', async () => {
    const { a, b, urlOf } = await twoLobbies();
    const player = await a.connect();
    const joined = await player.request({ type: 'create', players: 2, name: 'travelling' });
    const before = await player.next('state');
    const oldPid = a.lobby.roomPid('travelling')!;
    const closing = a.lobby.close();
    expect(await player.next('moved', 5000)).toEqual({
      type: 'moved',
      url: urlOf(b.lobby.port),
      message: `game "travelling" moved to the lobby at ${urlOf(b.lobby.port)}; rejoin it there`,
    });
    await closing;
    await waitForExit([oldPid], 3000);
    const there = await TestClient.connect(b.lobby.port);
    try {
      expect(await there.request({ type: 'rejoin', token: joined.token })).toMatchObject({ type: 'joined', player: { number: 1 } });
      const snapshot = await there.next('snapshot');
      expect(snapshot.tick).toBeGreaterThanOrEqual(before.tick);
      expect(snapshot.cycles[0]).toMatchObject({ number: 1, seated: true });
      // A resumed room's first frame is a snapshot too.
      const next = await there.next((message) => message.type === 'state' || message.type === 'snapshot');
      expect(next.tick).toBe(snapshot.tick + 1);
      expect(b.log.of('game_adopted')).toEqual([
        expect.objectContaining({ level: 30, game: 'travelling', pid: b.lobby.roomPid('travelling'), tick: expect.any(Number), seatsHeld: 1 }),
      ]);
      expect(a.log.of('game_handed_over')).toEqual([
        expect.objectContaining({
          level: 30,
          game: 'travelling',
          pid: oldPid,
          url: urlOf(b.lobby.port),
          msg: `game travelling handed over to the lobby at ${urlOf(b.lobby.port)}`,
        }),
      ]);
      expect(a.log.of('game_ended')).toEqual([expect.objectContaining({ game: 'travelling', pid: oldPid, reason: 'handed_over' })]);
    } finally {
      await there.close();
    }
  });

  it('sends a create that arrives while the lobby is handing its games over to another lobby, so that no game starts there to be lost', async () => {
    const { a, b, urlOf } = await twoLobbies();
    const player = await a.connect();
    await player.request({ type: 'create', players: 2, name: 'leaving' });
    await player.next('state');
    const latecomer = await a.connect();
    const closing = a.lobby.close();
    expect(await latecomer.request({ type: 'create', players: 2, name: 'latecomer' })).toEqual({
      type: 'redirect',
      url: urlOf(b.lobby.port),
      message: `this lobby is shutting down; create the game on the lobby at ${urlOf(b.lobby.port)}`,
    });
    await closing;
    expect(a.lobby.roomPid('latecomer')).toBeNull();
  });

  it('ends games as a standalone lobby does when no other lobby is alive to take them', async () => {
    const store = new MemoryDirectoryStore();
    const alone = await startLobby({}, { directory: new InMemoryGameDirectory('alone', store) });
    const player = await alone.connect();
    await player.request({ type: 'create', players: 2, name: 'last' });
    await alone.lobby.close();
    expect(player.messages.map((message) => message.type)).toContain('shutdown');
    expect(player.messages.map((message) => message.type)).not.toContain('moved');
  });

  it('stops a game another lobby claimed while this one had lost its lease, and sends its players there', async () => {
    const { a, b, store, urlOf } = await twoLobbies();
    const player = await a.connect();
    const joined = await player.request({ type: 'create', players: 2, name: 'contested' });
    await player.next('state');
    // Lobby a is cut off: its lease runs out, b claims the game and resumes it from its record.
    store.expire('lobby-a');
    expect(await player.next('moved', 5000)).toEqual({
      type: 'moved',
      url: urlOf(b.lobby.port),
      message: `game "contested" is now run by the lobby at ${urlOf(b.lobby.port)}; rejoin it there`,
    });
    expect(a.lobby.roomPid('contested')).toBeNull();
    const there = await TestClient.connect(b.lobby.port);
    try {
      expect(await there.request({ type: 'rejoin', token: joined.token })).toMatchObject({ type: 'joined', player: { number: 1 } });
      await there.next('snapshot');
    } finally {
      await there.close();
    }
    expect(a.log.of('game_lost')).toEqual([
      expect.objectContaining({
        level: 40,
        game: 'contested',
        url: urlOf(b.lobby.port),
        msg: `game contested stopped here: another lobby took the game over (${urlOf(b.lobby.port)})`,
      }),
    ]);
  });

  it('sends the spectators of a game another lobby claimed there with moved, and they watch it there', async () => {
    const { a, b, store, urlOf } = await twoLobbies();
    const player = await a.connect();
    await player.request({ type: 'create', players: 2, name: 'watched' });
    const spectator = await a.connect();
    await spectator.request({ type: 'watch', name: 'watched' });
    await spectator.next('state');
    store.expire('lobby-a');
    expect(await spectator.next('moved', 5000)).toEqual({
      type: 'moved',
      url: urlOf(b.lobby.port),
      message: `game "watched" is now run by the lobby at ${urlOf(b.lobby.port)}; watch it there`,
    });
    expect(a.lobby.stats().watchers).toBe(0);
    const there = await b.connect();
    expect(await there.request({ type: 'watch', name: 'watched' })).toMatchObject({ type: 'watching', game: { name: 'watched' } });
    await there.next('snapshot');
  });

  it('takes a game over at once when a player rejoins through it while the game\'s lobby is gone, instead of sending them there', async () => {
    const { a, b, store } = await twoLobbies();
    const player = await a.connect();
    const joined = await player.request({ type: 'create', players: 2, name: 'stranded' });
    await player.next('state');
    store.expire('lobby-a');
    const there = await TestClient.connect(b.lobby.port);
    try {
      expect(await there.request({ type: 'rejoin', token: joined.token })).toMatchObject({ type: 'joined', player: { number: 1 } });
      expect(b.lobby.roomPid('stranded')).not.toBeNull();
    } finally {
      await there.close();
    }
  });

  it('spreads the games of a lobby that is gone over the lobbies alive, which resume them side by side', async () => {
    const store = new MemoryDirectoryStore();
    const [a, b, c] = [
      await startLobby({}, { directory: new InMemoryGameDirectory('lobby-a', store) }),
      await startLobby({}, { directory: new InMemoryGameDirectory('lobby-b', store) }),
      await startLobby({}, { directory: new InMemoryGameDirectory('lobby-c', store) }),
    ];
    const names = ['one', 'two', 'three', 'four'];
    for (const name of names) {
      const player = await a.connect();
      await player.request({ type: 'create', players: 2, name });
      await player.next('state');
    }
    store.expire('lobby-a');
    const resumed = (lobby: typeof b): string[] => names.filter((name) => lobby.lobby.roomPid(name) !== null);
    await waitFor(() => resumed(b).length + resumed(c).length === 4, 10_000, 'all four games resumed');
    expect([resumed(b).length, resumed(c).length]).toEqual([2, 2]);
  });

  it('drops keys a player sends while its game is being handed over, without an error, until moved tells it where to go', async () => {
    const { a } = await twoLobbies();
    const player = await a.connect();
    await player.request({ type: 'create', players: 2, name: 'typing' });
    await player.next('state');
    // Keys every few milliseconds, through the moment the room stops and the player is let go before moved.
    const typing = setInterval(() => player.send({ type: 'key', key: 'i' }), 3);
    try {
      const closing = a.lobby.close();
      await player.next('moved', 5000);
      await closing;
    } finally {
      clearInterval(typing);
    }
    expect(player.messages.filter((message) => message.type === 'error')).toEqual([]);
  });

  it('sends the players of a stopping lobby to the other lobbies in turn, each game where its players go', async () => {
    const store = new MemoryDirectoryStore();
    const [a, b, c] = [
      await startLobby({}, { directory: new InMemoryGameDirectory('lobby-a', store) }),
      await startLobby({}, { directory: new InMemoryGameDirectory('lobby-b', store) }),
      await startLobby({}, { directory: new InMemoryGameDirectory('lobby-c', store) }),
    ];
    const players: { client: TestClient; token: string; name: string }[] = [];
    for (const name of ['one', 'two', 'three', 'four']) {
      const client = await a.connect();
      const joined = await client.request({ type: 'create', players: 2, name });
      await client.next('state');
      players.push({ client, token: joined.token, name });
    }
    const closing = a.lobby.close();
    const moves = await Promise.all(players.map(({ client }) => client.next('moved', 5000)));
    const urls = moves.map((move) => move.url).sort();
    const [bUrl, cUrl] = [b, c].map((lobby) => `ws://127.0.0.1:${lobby.lobby.port}/`);
    expect(urls).toEqual([bUrl, bUrl, cUrl, cUrl].sort());
    // Each player rejoins where it was sent and is served there, not sent on.
    const rejoins = await Promise.all(
      players.map(async ({ token }, index) => {
        const lobby = moves[index]!.url === bUrl ? b : c;
        const there = await TestClient.connect(lobby.lobby.port);
        try {
          return (await there.request({ type: 'rejoin', token })).type;
        } finally {
          await there.close();
        }
      }),
    );
    expect(rejoins).toEqual(['joined', 'joined', 'joined', 'joined']);
    await closing;
  });

  it('answers a rejoin that arrives between its lobby claiming the game and resuming it with joined, not INVALID_TOKEN', async () => {
    const store = new MemoryDirectoryStore();
    const a = await startLobby({}, { directory: new InMemoryGameDirectory('lobby-a', store) });
    const slow = new SlowClaimDirectory('lobby-b', store);
    const b = await startLobby({}, { directory: slow });
    const player = await a.connect();
    const joined = await player.request({ type: 'create', players: 2, name: 'in-between' });
    await player.next('state');
    store.expire('lobby-a');
    // Lobby b's own look for orphans has claimed the game in the directory and is held before it resumes it.
    await slow.claimed;
    const there = await TestClient.connect(b.lobby.port);
    try {
      there.send({ type: 'rejoin', token: joined.token });
      setTimeout(() => slow.releaseClaim(), 200);
      expect(await there.next('joined')).toMatchObject({ type: 'joined', player: { number: 1 } });
      expect(b.lobby.roomPid('in-between')).not.toBeNull();
    } finally {
      await there.close();
    }
  });
});

/** A directory whose first successful claim is held back, as a slow Redis answer would hold it, until released. */
class SlowClaimDirectory extends InMemoryGameDirectory {
  readonly claimed: Promise<void>;
  private onClaimed: () => void = () => {};
  private readonly gate: Promise<void>;
  releaseClaim: () => void = () => {};

  constructor(lobbyId: string, store: MemoryDirectoryStore) {
    super(lobbyId, store);
    this.claimed = new Promise((resolve) => (this.onClaimed = resolve));
    this.gate = new Promise((resolve) => (this.releaseClaim = resolve));
  }

  override async claimOrphans(limit: number, asked?: readonly string[]): Promise<ClaimedGame[]> {
    const claimed = await super.claimOrphans(limit, asked);
    if (claimed.length > 0) {
      this.onClaimed();
      await this.gate;
    }
    return claimed;
  }
}
