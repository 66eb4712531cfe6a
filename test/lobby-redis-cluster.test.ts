import { createClient } from '@redis/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisGameDirectory } from '../server/redis-game-directory.js';
import { CliProcess, closedPort } from './helpers/cli.js';
import { useLobbies, type StartedLobby } from './helpers/lobby-harness.js';
import { childPids, waitForExit } from './helpers/processes.js';
import { RedisServer } from './helpers/redis-server.js';
import { TestClient } from './helpers/test-client.js';
import { waitForAnswer } from './helpers/wait-for.js';

/**
 * Lobbies of a cluster sharing one real redis-server: three lobbies of this
 * process, each with its own RedisGameDirectory, and `vimtron server
 * --redis` processes.
 */

let redis: RedisServer;
let admin: ReturnType<typeof createClient>;
const startLobby = useLobbies();
const servers: CliProcess[] = [];
const clients: TestClient[] = [];
let prefixes = 0;

beforeAll(async () => {
  redis = await RedisServer.start();
  admin = createClient({ url: redis.url });
  admin.on('error', () => {});
  await admin.connect();
});

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const server of servers.splice(0)) await server.kill();
});

afterAll(async () => {
  admin?.destroy();
  await redis?.stop();
});

const LOBBY_IDS = ['lobby-a', 'lobby-b', 'lobby-c'] as const;

const urlOf = (lobby: StartedLobby): string => `ws://127.0.0.1:${lobby.lobby.port}/`;

/** Three lobbies on one Redis, under a key prefix of their own. */
async function threeLobbies(): Promise<{ lobbies: StartedLobby[]; keyPrefix: string }> {
  const keyPrefix = `cluster-${++prefixes}:`;
  const lobbies: StartedLobby[] = [];
  for (const id of LOBBY_IDS) {
    lobbies.push(await startLobby({}, { directory: new RedisGameDirectory({ url: redis.url, lobbyId: id, keyPrefix }) }));
  }
  return { lobbies, keyPrefix };
}

async function connect(port: number): Promise<TestClient> {
  const client = await TestClient.connect(port);
  clients.push(client);
  return client;
}

async function gameNames(client: TestClient): Promise<string[]> {
  return (await client.request({ type: 'list' })).games.map((game: { name: string }) => game.name);
}

describe('lobbies sharing a Redis game directory', () => {
  it('lists the games of every lobby, oldest first, from any lobby', async () => {
    const { lobbies } = await threeLobbies();
    for (const [index, lobby] of lobbies.entries()) {
      expect(await (await lobby.connect()).request({ type: 'create', players: 2, name: `on-${index}` })).toMatchObject({ type: 'joined' });
    }
    for (const lobby of lobbies) expect(await gameNames(await lobby.connect())).toEqual(['on-0', 'on-1', 'on-2']);
  });

  it('redirects a join and a rejoin to the lobby that runs the game, where they succeed, and names its players to every lobby', async () => {
    const { lobbies } = await threeLobbies();
    const [a, b, c] = lobbies as [StartedLobby, StartedLobby, StartedLobby];
    const creator = await c.connect();
    const created = await creator.request({ type: 'create', players: 3, name: 'far', playerName: 'Ana' });
    expect(await (await a.connect()).request({ type: 'join', name: 'far' })).toEqual({
      type: 'redirect',
      url: urlOf(c),
      message: `game "far" runs on the lobby at ${urlOf(c)}; join it there`,
    });
    expect(await (await c.connect()).request({ type: 'join', name: 'far', playerName: 'bo' })).toMatchObject({
      type: 'joined',
      player: { number: 2, name: 'bo' },
    });
    // Every lobby lists who plays, from the summary the game's lobby keeps in Redis.
    await waitForAnswer(
      async () => ((await (await a.connect()).request({ type: 'list' })).games[0]?.playerNames?.length === 2 ? true : null),
      5000,
      'the names in the list of another lobby',
    );
    expect((await (await b.connect()).request({ type: 'list' })).games).toEqual([
      { name: 'far', players: 2, bots: 0, maxPlayers: 3, phase: 'waiting', width: 80, height: 22, playerNames: ['Ana', 'bo'] },
    ]);
    await creator.close();
    expect(await (await b.connect()).request({ type: 'rejoin', token: created.token })).toEqual({
      type: 'redirect',
      url: urlOf(c),
      message: `your seat is in game "far" on the lobby at ${urlOf(c)}; rejoin there`,
    });
    expect(await (await c.connect()).request({ type: 'rejoin', token: created.token })).toMatchObject({
      type: 'joined',
      player: { number: 1, name: 'Ana' },
    });
  });

  it('gives a name to exactly one of three lobbies creating it at the same moment', async () => {
    const { lobbies, keyPrefix } = await threeLobbies();
    const players = await Promise.all(lobbies.map((lobby) => lobby.connect()));
    const answers = await Promise.all(players.map((player) => player.request({ type: 'create', players: 2, name: 'contested' })));
    expect(answers.map((answer) => answer.type).sort()).toEqual(['error', 'error', 'joined']);
    for (const answer of answers.filter((answer) => answer.type === 'error')) {
      expect(answer).toEqual({ type: 'error', code: 'NAME_TAKEN', message: 'a game named "contested" already exists; join it or pick another name' });
    }
    const winner = answers.findIndex((answer) => answer.type === 'joined');
    expect(await admin.hGet(`${keyPrefix}game:contested`, 'lobbyId')).toBe(LOBBY_IDS[winner]);
    lobbies.forEach((lobby, index) => expect(lobby.lobby.roomPid('contested') !== null).toBe(index === winner));
  });

  it('leaves nothing in Redis once every lobby has closed', async () => {
    const { lobbies, keyPrefix } = await threeLobbies();
    for (const [index, lobby] of lobbies.entries()) {
      const player = await lobby.connect();
      await player.request({ type: 'create', players: 2, name: `game-${index}` });
    }
    expect((await admin.keys(`${keyPrefix}*`)).length).toBeGreaterThan(0);
    for (const lobby of lobbies) await lobby.lobby.close();
    expect(await admin.keys(`${keyPrefix}*`)).toEqual([]);
  });

  it('answers CLUSTER_UNAVAILABLE while Redis is down, plays on, and lists its game again once a restarted Redis is back', async () => {
    const { lobbies } = await threeLobbies();
    const [a, b, c] = lobbies as [StartedLobby, StartedLobby, StartedLobby];
    const player = await a.connect();
    expect(await player.request({ type: 'create', players: 2, name: 'steady' })).toMatchObject({ type: 'joined' });
    await redis.kill();
    const asker = await b.connect();
    expect(await asker.request({ type: 'list' })).toEqual({
      type: 'error',
      code: 'CLUSTER_UNAVAILABLE',
      message: 'the game directory shared by the lobbies cannot be reached; try again shortly',
    });

    // Back empty (no persistence): the lobby that runs the game puts it back.
    await redis.restart();
    const names = await waitForAnswer(async () => {
      const answer = await asker.request({ type: 'list' });
      return answer.type === 'games' && answer.games.length > 0 ? answer.games.map((game: { name: string }) => game.name) : null;
    }, 5000, 'the game listed again', 100);
    expect(names).toEqual(['steady']);
    // Through it all the game kept ticking for its player, who was told nothing.
    player.skipToEnd();
    await player.next('state');
    expect(player.messages.filter((message) => !['joined', 'snapshot', 'state'].includes(message.type))).toEqual([]);
    expect(await (await c.connect()).request({ type: 'join', name: 'steady' })).toMatchObject({ type: 'redirect', url: urlOf(a) });
  });
});

describe('vimtron server --redis', () => {
  /** Two `vimtron server --redis` processes on free ports, once each has logged where it listens. */
  async function twoServers(): Promise<{ ports: number[]; started: CliProcess[]; ids: string[] }> {
    const ports = [await closedPort(), await closedPort()];
    const started = ports.map((port) => {
      const server = new CliProcess([
        'server', '--port', String(port), '--host', '127.0.0.1', '--admin-port', 'off', '--pool', '0',
        '--redis', redis.url, '--public-url', `ws://127.0.0.1:${port}/`,
      ]);
      servers.push(server);
      return server;
    });
    const ids: string[] = [];
    for (const [index, server] of started.entries()) {
      const line = await server.waitForLog('lobby_started');
      const id = String(line.lobby);
      expect(line).toMatchObject({
        lobby: id,
        url: `ws://127.0.0.1:${ports[index]}`,
        redis: redis.url,
        msg: `vimtron lobby listening on ws://127.0.0.1:${ports[index]} (rooms: process, pool 0; lobby ${id} of the cluster on ${redis.url}, reached at ws://127.0.0.1:${ports[index]}/); admin port off`,
      });
      ids.push(id);
    }
    return { ports, started, ids };
  }

  it('runs lobbies under random ids that share games through Redis, hand a game over on SIGTERM, and leave nothing behind', async () => {
    const { ports, started, ids } = await twoServers();
    const [first, second] = started as [CliProcess, CliProcess];
    expect(ids[0]).not.toBe(ids[1]);
    const creator = await connect(ports[0]!);
    expect(await creator.request({ type: 'create', players: 2, name: 'shared' })).toMatchObject({ type: 'joined' });
    const other = await connect(ports[1]!);
    expect(await gameNames(other)).toEqual(['shared']);
    expect(await other.request({ type: 'join', name: 'shared' })).toMatchObject({ type: 'redirect', url: `ws://127.0.0.1:${ports[0]}/` });

    const firstChildren = childPids(first.pid);
    first.signal('SIGTERM');
    const movedTo = `ws://127.0.0.1:${ports[1]}/`;
    expect(await creator.next('moved', 10_000)).toEqual({ type: 'moved', url: movedTo, message: `game "shared" moved to the lobby at ${movedTo}; rejoin it there` });
    expect((await first.finished()).code).toBe(0);
    await waitForExit(firstChildren, 5000);
    expect(await other.request({ type: 'join', name: 'shared' })).toMatchObject({ type: 'joined', player: { number: 2 } });

    const secondChildren = childPids(second.pid);
    second.signal('SIGTERM');
    expect((await second.finished()).code).toBe(0);
    await waitForExit(secondChildren, 5000);
    expect(await admin.keys('vimtron:*')).toEqual([]);
    // Each lobby's log says which lobby wrote every line, and tells the handover from both sides.
    for (const [index, server] of started.entries()) expect(server.logLines().every((line) => line.lobby === ids[index])).toBe(true);
    expect(first.logLines().filter((line) => ['game_handed_over', 'games_handed_over'].includes(line.event))).toEqual([
      expect.objectContaining({ event: 'game_handed_over', game: 'shared', url: movedTo }),
      expect.objectContaining({ event: 'games_handed_over', handed: 1, games: 1 }),
    ]);
    expect(second.logLines().filter((line) => line.event === 'game_adopted')).toEqual([
      expect.objectContaining({ game: 'shared', seatsHeld: 1, lobby: ids[1] }),
    ]);
  });

  it('resumes on another lobby a game whose lobby was killed with SIGKILL, once its lease has run out', async () => {
    const { ports, started } = await twoServers();
    const [doomed, survivor] = started as [CliProcess, CliProcess];
    const player = await connect(ports[0]!);
    const joined = await player.request({ type: 'create', players: 2, name: 'survives', playerName: 'ana' });
    expect(joined).toMatchObject({ type: 'joined' });
    // The checkpoint with the name may be saved up to a tick after the seat.
    await player.next('state');
    await player.next('state');
    const doomedChildren = childPids(doomed.pid);
    doomed.signal('SIGKILL');
    await doomed.finished();
    await waitForExit(doomedChildren, 5000);

    const rejoined = await waitForAnswer(async () => {
      const client = await connect(ports[1]!);
      const answer = await client.request({ type: 'rejoin', token: joined.token });
      return answer.type === 'joined' ? answer : null;
    }, 10_000, 'the seat taken back on the surviving lobby', 200);
    expect(rejoined).toMatchObject({
      type: 'joined',
      game: { name: 'survives', playerNames: ['ana'] },
      player: { number: 1, name: 'ana' },
      token: joined.token,
    });
    expect(await gameNames(await connect(ports[1]!))).toEqual(['survives']);

    const children = childPids(survivor.pid);
    survivor.signal('SIGTERM');
    expect((await survivor.finished()).code).toBe(0);
    await waitForExit(children, 5000);
    expect(await admin.keys('vimtron:*')).toEqual([]);
  });

  it('fences a lobby paused past its lease: another lobby takes its game, and once it runs again it stops its own copy and sends its players there', async () => {
    const { ports, started } = await twoServers();
    const [paused, survivor] = started as [CliProcess, CliProcess];
    const player = await connect(ports[0]!);
    const joined = await player.request({ type: 'create', players: 2, name: 'fenced' });
    await player.next('state');
    const staleRooms = childPids(paused.pid);
    expect(staleRooms).toHaveLength(1);
    paused.signal('SIGSTOP');
    try {
      // Past its lease, a player rejoining through the other lobby makes it take the game over.
      const rejoined = await waitForAnswer(async () => {
        const client = await connect(ports[1]!);
        const answer = await client.request({ type: 'rejoin', token: joined.token });
        return answer.type === 'joined' ? client : null;
      }, 10_000, 'the seat taken back on the other lobby', 200);
      await rejoined.next('snapshot');
    } finally {
      paused.signal('SIGCONT');
    }
    // Running again, the paused lobby's next record save is refused: it stops its room and sends its player on.
    const movedTo = `ws://127.0.0.1:${ports[1]}/`;
    expect(await player.next('moved', 10_000)).toEqual({
      type: 'moved',
      url: movedTo,
      message: `game "fenced" is now run by the lobby at ${movedTo}; rejoin it there`,
    });
    await waitForExit(staleRooms, 5000);
    expect(await paused.waitForLog('game_lost')).toMatchObject({
      level: 40,
      game: 'fenced',
      url: movedTo,
      msg: `game fenced stopped here: another lobby took the game over (${movedTo})`,
    });
    expect(await gameNames(await connect(ports[0]!))).toEqual(['fenced']);
    expect(await (await connect(ports[0]!)).request({ type: 'join', name: 'fenced' })).toMatchObject({ type: 'redirect', url: movedTo });
    for (const server of [paused, survivor]) {
      const children = childPids(server.pid);
      server.signal('SIGTERM');
      expect((await server.finished()).code).toBe(0);
      await waitForExit(children, 5000);
    }
    expect(await admin.keys('vimtron:*')).toEqual([]);
  });

  it('exits with 1 and one line when Redis cannot be reached', async () => {
    const port = await closedPort();
    const server = new CliProcess(['server', '--port', '0', '--host', '127.0.0.1', '--pool', '0', '--redis', `redis://127.0.0.1:${port}`]);
    servers.push(server);
    expect(await server.finished()).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: `vimtron server: Redis at redis://127.0.0.1:${port} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    });
  });
});
