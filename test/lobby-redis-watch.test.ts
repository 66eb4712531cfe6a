import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LobbyConnection } from '../client/connection.js';
import { LobbyLink, type LobbyLinkEvents } from '../shared/client/lobby-link.js';
import type { Outcome } from '../shared/client/outcome.js';
import { RedisGameDirectory } from '../server/redis-game-directory.js';
import { CliProcess, closedPort } from './helpers/cli.js';
import { useLobbies, type StartedLobby } from './helpers/lobby-harness.js';
import { childPids, waitForExit } from './helpers/processes.js';
import { RedisServer } from './helpers/redis-server.js';
import { TestClient } from './helpers/test-client.js';
import { waitFor, waitForAnswer } from './helpers/wait-for.js';

/**
 * Spectators in a cluster of lobbies sharing one real redis-server: `watch`
 * is redirected to the lobby that runs the game, a draining lobby sends its
 * spectators on with `moved`, and the client's link watches on through
 * another lobby when the game's lobby is killed.
 */

let redis: RedisServer;
const startLobby = useLobbies();
const servers: CliProcess[] = [];
const clients: TestClient[] = [];
const links: LobbyLink[] = [];
let prefixes = 0;

beforeAll(async () => {
  redis = await RedisServer.start();
});

afterEach(async () => {
  for (const link of links.splice(0)) await link.close();
  for (const client of clients.splice(0)) await client.close();
  for (const server of servers.splice(0)) await server.kill();
});

afterAll(async () => {
  await redis?.stop();
});

const urlOf = (lobby: StartedLobby): string => `ws://127.0.0.1:${lobby.lobby.port}/`;

async function threeLobbies(): Promise<StartedLobby[]> {
  const keyPrefix = `watch-${++prefixes}:`;
  const lobbies: StartedLobby[] = [];
  for (const id of ['lobby-a', 'lobby-b', 'lobby-c']) {
    lobbies.push(await startLobby({}, { directory: new RedisGameDirectory({ url: redis.url, lobbyId: id, keyPrefix }) }));
  }
  return lobbies;
}

async function connect(port: number): Promise<TestClient> {
  const client = await TestClient.connect(port);
  clients.push(client);
  return client;
}

describe('spectators of a cluster of lobbies on Redis', () => {
  it('redirects a watch to the lobby that runs the game, where the spectator watches it with the other lobbies named', async () => {
    const [a, b, c] = (await threeLobbies()) as [StartedLobby, StartedLobby, StartedLobby];
    const player = await c.connect();
    await player.request({ type: 'create', players: 2, name: 'far' });
    expect(await (await a.connect()).request({ type: 'watch', name: 'far' })).toEqual({
      type: 'redirect',
      url: urlOf(c),
      message: `game "far" runs on the lobby at ${urlOf(c)}; watch it there`,
    });
    const spectator = await c.connect();
    // The lobbies learn of each other every half second; once they have, `watching` names the others.
    const watching = await waitForAnswer(async () => {
      const answer = await spectator.request({ type: 'watch', name: 'far' });
      if (answer.type === 'watching' && answer.lobbies?.length === 2) return answer;
      if (answer.type === 'watching') await spectator.request({ type: 'leave' });
      return null;
    }, 5000, 'a watching answer naming both other lobbies', 100);
    expect(watching).toEqual({
      type: 'watching',
      game: { name: 'far', players: 1, bots: 0, maxPlayers: 2, phase: 'waiting', width: 80, height: 22, playerNames: ['player-1'] },
      lobbies: expect.arrayContaining([urlOf(a), urlOf(b)]),
    });
    const snapshot = await spectator.next('snapshot');
    expect(snapshot.cycles.map((cycle: { seated: boolean }) => cycle.seated)).toEqual([true, false]);
    expect(c.lobby.stats().watchers).toBe(1);
    expect(a.lobby.stats().watchers).toBe(0);
  });

  it('sends spectators on with moved when their lobby drains, and they watch the game where it went', async () => {
    const [a] = (await threeLobbies()) as [StartedLobby, StartedLobby, StartedLobby];
    const player = await a.connect();
    await player.request({ type: 'create', players: 2, name: 'travels' });
    const spectator = await a.connect();
    await spectator.request({ type: 'watch', name: 'travels' });
    await spectator.next('state');
    const drained = urlOf(a);
    const closing = a.lobby.close();
    const moved = await spectator.next('moved', 5000);
    expect(moved).toEqual({
      type: 'moved',
      url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/$/),
      message: `game "travels" moved to the lobby at ${moved.url}; watch it there`,
    });
    expect((await player.next('moved', 5000)).url).toBe(moved.url);
    await closing;
    let there = await connect(Number(new URL(moved.url).port));
    // The lobby told takes the game over at once, or redirects to the one that did.
    let answer = await there.request({ type: 'watch', name: 'travels' });
    if (answer.type === 'redirect') {
      expect(answer.url).not.toBe(drained);
      there = await connect(Number(new URL(answer.url).port));
      answer = await there.request({ type: 'watch', name: 'travels' });
    }
    expect(answer).toMatchObject({ type: 'watching', game: { name: 'travels' } });
    expect((await there.next('snapshot')).cycles[0]).toMatchObject({ number: 1, seated: true });
  });

  it('keeps a spectator watching through another lobby when the lobby of its game is killed with SIGKILL', async () => {
    const ports = [await closedPort(), await closedPort()];
    const [doomed, survivor] = ports.map((port) => {
      const server = new CliProcess([
        'server', '--port', String(port), '--host', '127.0.0.1', '--pool', '0',
        '--redis', redis.url, '--public-url', `ws://127.0.0.1:${port}/`,
      ]);
      servers.push(server);
      return server;
    }) as [CliProcess, CliProcess];
    for (const server of [doomed, survivor]) await server.waitForOutput(/lobby \S+ of the cluster/);
    const player = await connect(ports[0]!);
    const joined = await player.request({ type: 'create', players: 2, name: 'survives' });
    // Wait until the doomed lobby knows its peer, so that a spectator learns where else to go.
    await waitForAnswer(async () => {
      const probe = await connect(ports[0]!);
      const answer = await probe.request({ type: 'watch', name: 'survives' });
      await probe.close();
      return answer.lobbies?.length === 1 ? true : null;
    }, 5000, 'the doomed lobby to know its peer', 100);

    const events: { kind: string; resumed?: boolean; type?: string; outcome?: Outcome }[] = [];
    const recorder: LobbyLinkEvents = {
      connected: () => events.push({ kind: 'connected' }),
      seated: (message, resumed) => events.push({ kind: message.type, resumed }),
      game: (message) => events.push({ kind: 'game', type: message.type }),
      malformed: () => events.push({ kind: 'malformed' }),
      reconnecting: () => events.push({ kind: 'reconnecting' }),
      ended: (outcome) => events.push({ kind: 'ended', outcome }),
    };
    const link = new LobbyLink({
      url: `ws://127.0.0.1:${ports[0]}/`,
      target: { action: 'watch', name: 'survives' },
      reconnectWindowMs: 15_000,
      events: recorder,
      connect: LobbyConnection.open,
    });
    links.push(link);
    link.start();
    await waitFor(() => events.some((event) => event.type === 'snapshot'), 5000, 'the first snapshot');

    const children = childPids(doomed.pid);
    doomed.signal('SIGKILL');
    await doomed.finished();
    await waitForExit(children, 5000);
    // The player comes back too, so the game has someone in it when the spectator arrives.
    await waitForAnswer(async () => {
      const client = await connect(ports[1]!);
      const answer = await client.request({ type: 'rejoin', token: joined.token });
      return answer.type === 'joined' ? answer : null;
    }, 10_000, 'the player back on the surviving lobby', 200);
    await waitFor(() => events.some((event) => event.kind === 'watching' && event.resumed === true), 15_000, 'the spectator watching again');
    const again = events.findIndex((event) => event.kind === 'watching' && event.resumed === true);
    await waitFor(() => events.slice(again).some((event) => event.type === 'snapshot'), 5000, 'a snapshot on the surviving lobby');
    expect(events.filter((event) => event.kind === 'ended')).toEqual([]);
    expect(events.some((event) => event.kind === 'reconnecting')).toBe(true);
  });
});
