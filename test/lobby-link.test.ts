import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { LobbyConnection } from '../client/connection.js';
import { LobbyLink, type LobbyLinkEvents, type ReconnectStatus } from '../shared/client/lobby-link.js';
import type { Outcome } from '../shared/client/outcome.js';
import type { PlayTarget } from '../shared/client/play-target.js';
import { InMemoryGameDirectory, MemoryDirectoryStore } from '../server/in-memory-game-directory.js';
import { useLobbies } from './helpers/lobby-harness.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { waitFor } from './helpers/wait-for.js';

/**
 * The client's hold on a seat across connections, in this process against
 * real lobbies: a TCP relay cuts and restores the connection the way a
 * network does, and lobbies sharing a game directory redirect to each other.
 */

const startLobby = useLobbies();

type LinkEvent =
  | { readonly kind: 'connected' }
  | {
      readonly kind: 'seated';
      readonly number: number;
      readonly name: string;
      readonly game: string;
      readonly token: string;
      readonly resumed: boolean;
    }
  | { readonly kind: 'game'; readonly type: string }
  | { readonly kind: 'malformed'; readonly problem: string }
  | { readonly kind: 'reconnecting'; readonly status: ReconnectStatus }
  | { readonly kind: 'ended'; readonly outcome: Outcome };

/** A link whose every event is recorded, with the time it came, for the test to wait on. */
class RecordedLink {
  readonly events: (LinkEvent & { readonly at: number })[] = [];
  readonly link: LobbyLink;

  constructor(url: string, target: PlayTarget, reconnectWindowMs: number) {
    const record = (event: LinkEvent): void => {
      this.events.push({ ...event, at: performance.now() });
    };
    const events: LobbyLinkEvents = {
      connected: () => record({ kind: 'connected' }),
      // A spectator has neither a seat number nor a token: 0 and ''.
      seated: (message, resumed) =>
        record({
          kind: 'seated',
          number: message.type === 'joined' ? message.player.number : 0,
          name: message.type === 'joined' ? message.player.name : '',
          game: message.game.name,
          token: message.type === 'joined' ? message.token : '',
          resumed,
        }),
      game: (message) => record({ kind: 'game', type: message.type }),
      malformed: (problem) => record({ kind: 'malformed', problem }),
      reconnecting: (status) => record({ kind: 'reconnecting', status }),
      ended: (outcome) => record({ kind: 'ended', outcome }),
    };
    this.link = new LobbyLink({ url, target, reconnectWindowMs, events, connect: LobbyConnection.open });
    this.link.start();
  }

  /** The first event after index `from` that matches, once it has come. */
  async next<K extends LinkEvent['kind']>(
    kind: K,
    from = 0,
    match: (event: Extract<LinkEvent, { kind: K }>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Extract<LinkEvent, { kind: K }> & { at: number; index: number }> {
    const find = () =>
      this.events.findIndex((event, index) => index >= from && event.kind === kind && match(event as unknown as Extract<LinkEvent, { kind: K }>));
    await waitFor(() => find() !== -1, timeoutMs, `a ${kind} event`);
    const index = find();
    return { ...(this.events[index] as unknown as Extract<LinkEvent, { kind: K }> & { at: number }), index };
  }

  kinds(): string[] {
    return this.events.filter((event) => event.kind !== 'game' && event.kind !== 'reconnecting').map((event) => event.kind);
  }
}

const links: RecordedLink[] = [];
const proxies: TcpProxy[] = [];
const scripted: WebSocketServer[] = [];

afterEach(async () => {
  for (const recorded of links.splice(0)) await recorded.link.close();
  for (const proxy of proxies.splice(0)) await proxy.stop();
  for (const server of scripted.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

function link(url: string, target: PlayTarget, reconnectWindowMs = 30_000): RecordedLink {
  const recorded = new RecordedLink(url, target, reconnectWindowMs);
  links.push(recorded);
  return recorded;
}

async function proxyTo(port: number): Promise<{ proxy: TcpProxy; url: string }> {
  const proxy = await TcpProxy.open(port);
  proxies.push(proxy);
  return { proxy, url: `ws://127.0.0.1:${proxy.listeningPort}` };
}

/**
 * A WebSocket server that answers each client message with `answer`, for
 * what no lobby does on request: `moved` (sent by lobbies handing games over)
 * and a redirect loop. It records the path every connection asked for.
 */
async function scriptedLobby(answer: (message: { type: string }, socket: WebSocket) => void): Promise<{ url: string; paths: string[] }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  scripted.push(server);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const paths: string[] = [];
  server.on('connection', (socket, request) => {
    paths.push(request.url ?? '');
    socket.on('message', (data) => answer(JSON.parse(data.toString()) as { type: string }, socket));
  });
  return { url: `ws://127.0.0.1:${(server.address() as { port: number }).port}/`, paths };
}

describe('the lobby link', () => {
  it('takes the same seat back on a new connection after the connection is cut, and plays on', async () => {
    const { lobby, connect } = await startLobby();
    const { proxy, url } = await proxyTo(lobby.port);
    const recorded = link(url, { action: 'create', players: 2, name: 'cut', playerName: 'Ana' });
    const seated = await recorded.next('seated');
    expect(seated).toMatchObject({ number: 1, game: 'cut', resumed: false });
    await recorded.next('game', seated.index, (event) => event.type === 'snapshot');

    await proxy.stop();
    const first = await recorded.next('reconnecting');
    expect(first.status).toMatchObject({ cause: 'lost', url, attempt: 1 });
    // Nothing listens: attempts go on, 250 ms then 500 ms apart.
    const third = await recorded.next('reconnecting', first.index, (event) => event.status.attempt === 3);
    expect(third.at - first.at).toBeGreaterThanOrEqual(700);

    await proxy.start();
    const back = performance.now();
    const reseated = await recorded.next('seated', seated.index + 1);
    expect(reseated).toMatchObject({ number: 1, game: 'cut', token: seated.token, resumed: true });
    const snapshot = await recorded.next('game', reseated.index, (event) => event.type === 'snapshot');
    await recorded.next('game', snapshot.index, (event) => event.type === 'state');
    // The wait between attempts is at most 2 s, and a rejoin takes milliseconds.
    expect(snapshot.at - back).toBeLessThan(2500);
    expect(recorded.kinds()).toEqual(['connected', 'seated', 'seated']);

    // Same seat, no second one taken: the game still has one player of two.
    const observer = await connect();
    expect((await observer.request({ type: 'list' })).games).toEqual([
      { name: 'cut', players: 1, bots: 0, maxPlayers: 2, phase: 'waiting', width: 80, height: 22, playerNames: ['Ana'] },
    ]);
    // Closing the link gives the seat up, which closes the game now nobody is in it.
    await recorded.link.close();
    await waitFor(() => lobby.stats().games === 0, 5000, 'the game to close');
  });

  it('gives up after the reconnect window, saying what was lost and what the last try met', async () => {
    const { lobby } = await startLobby();
    const { proxy, url } = await proxyTo(lobby.port);
    const recorded = link(url, { action: 'create', players: 1, name: 'lost' }, 600);
    await recorded.next('seated');

    await proxy.stop();
    const ended = await recorded.next('ended');
    const drop = (await recorded.next('reconnecting')).at;
    expect(ended.at - drop).toBeGreaterThanOrEqual(590);
    expect(ended.outcome).toEqual({
      exitCode: 1,
      message:
        `vimtron: lost the connection to the lobby at ${url}: the connection dropped\n` +
        `vimtron: gave up getting back into game lost after 0.6 s (last try at ${url}: connection refused (is a vimtron lobby running there?))`,
    });
  });

  it('ends at the drop with the lost connection when the window is 0', async () => {
    const { lobby } = await startLobby();
    const { proxy, url } = await proxyTo(lobby.port);
    const recorded = link(url, { action: 'create', players: 1, name: 'once' }, 0);
    await recorded.next('seated');
    await proxy.stop();
    expect((await recorded.next('ended')).outcome).toEqual({
      exitCode: 1,
      message: `vimtron: lost the connection to the lobby at ${url}: the connection dropped`,
    });
    expect(recorded.events.some((event) => event.kind === 'reconnecting')).toBe(false);
  });

  it('says the seat is gone when the lobby answers the rejoin with INVALID_TOKEN', async () => {
    const { lobby } = await startLobby({ seatHoldMs: 100 });
    const { proxy, url } = await proxyTo(lobby.port);
    const recorded = link(url, { action: 'create', players: 1, name: 'expired' });
    await recorded.next('seated');

    await proxy.stop();
    await waitFor(() => lobby.stats().games === 0, 5000, 'the held seat to expire and its game to close');
    await proxy.start();
    expect((await recorded.next('ended')).outcome).toEqual({
      exitCode: 1,
      message:
        `vimtron: lost the connection to the lobby at ${url}: the connection dropped\n` +
        'vimtron: your seat in game expired is gone: the lobby no longer holds it (its hold ran out, or the game closed) (INVALID_TOKEN)',
    });
  });

  it('follows a redirect to the lobby that runs the game', async () => {
    const store = new MemoryDirectoryStore();
    const a = await startLobby({}, { directory: new InMemoryGameDirectory('lobby-a', store) });
    const b = await startLobby({}, { directory: new InMemoryGameDirectory('lobby-b', store) });
    const creator = await b.connect();
    expect(await creator.request({ type: 'create', players: 3, name: 'far' })).toMatchObject({ type: 'joined' });

    const recorded = link(`ws://127.0.0.1:${a.lobby.port}`, { action: 'join', name: 'far', playerName: 'bo' });
    const seated = await recorded.next('seated');
    expect(seated).toMatchObject({ number: 2, name: 'bo', game: 'far', resumed: false });
    await waitFor(() => b.lobby.stats().roomStats[0]?.players === 2, 5000, 'two players in the game on lobby b');
    expect((await creator.request({ type: 'list' })).games[0].playerNames).toEqual(['player-1', 'bo']);
    expect(a.lobby.stats().games).toBe(0);
  });

  it('reconnects to the lobby that `moved` names when its lobby hands the game over, and rejoins there', async () => {
    const store = new MemoryDirectoryStore();
    const a = await startLobby({}, { directory: new InMemoryGameDirectory('lobby-a', store) });
    const b = await startLobby({}, { directory: new InMemoryGameDirectory('lobby-b', store) });
    const recorded = link(`ws://127.0.0.1:${a.lobby.port}`, { action: 'create', players: 2, name: 'travelling' });
    const seated = await recorded.next('seated');

    await a.lobby.close();
    const target = `ws://127.0.0.1:${b.lobby.port}/`;
    const moved = await recorded.next('reconnecting');
    expect(moved.status).toMatchObject({ cause: 'moved', url: target, attempt: 1 });
    const reseated = await recorded.next('seated', moved.index);
    expect(reseated).toMatchObject({ number: 1, game: 'travelling', token: seated.token, resumed: true });
    await recorded.next('game', reseated.index, (event) => event.type === 'snapshot');
    expect(b.lobby.roomPid('travelling')).not.toBeNull();
  });

  it('rejoins through another lobby of the cluster when its own lobby cannot be reached any more', async () => {
    const store = new MemoryDirectoryStore();
    // Lobby a is reached only through the relay, so cutting the relay makes it unreachable, as if it had died.
    const relay = await TcpProxy.open(0);
    proxies.push(relay);
    const relayUrl = `ws://127.0.0.1:${relay.listeningPort}/`;
    // Lobby b first, so that lobby a knows it as a peer from its start and names it in `joined`.
    const b = await startLobby({}, { directory: new InMemoryGameDirectory('lobby-b', store) });
    const a = await startLobby({ publicUrl: relayUrl }, { directory: new InMemoryGameDirectory('lobby-a', store) });
    relay.pointAt(a.lobby.port);
    const recorded = link(relayUrl, { action: 'create', players: 2, name: 'orphan' });
    const seated = await recorded.next('seated');
    // A game is recorded for failover at its checkpoints: this one's must know the seat.
    await waitFor(() => store.games.get('orphan')?.record?.seats.length === 1, 5000, 'the seat in the game record');

    await relay.stop();
    // Lobby a's lease runs out: lobby b claims its game and resumes it from its record.
    store.expire('lobby-a');
    const reseated = await recorded.next('seated', seated.index + 1);
    expect(reseated).toMatchObject({ number: 1, game: 'orphan', token: seated.token, resumed: true });
    await recorded.next('game', reseated.index, (event) => event.type === 'snapshot');
    const tried = new Set(recorded.events.flatMap((event) => (event.kind === 'reconnecting' ? [event.status.url] : [])));
    expect([...tried].sort()).toEqual([relayUrl, `ws://127.0.0.1:${b.lobby.port}/`].sort());
    expect(b.lobby.roomPid('orphan')).not.toBeNull();
  });

  it('watches a game, and watches it again on a new connection after the connection is cut, without a seat either time', async () => {
    const { lobby, connect } = await startLobby();
    const player = await connect();
    await player.request({ type: 'create', players: 2, name: 'show' });
    const { proxy, url } = await proxyTo(lobby.port);
    const recorded = link(url, { action: 'watch', name: 'show' });
    const watching = await recorded.next('seated');
    expect(watching).toMatchObject({ number: 0, game: 'show', token: '', resumed: false });
    await recorded.next('game', watching.index, (event) => event.type === 'snapshot');
    await recorded.next('game', watching.index, (event) => event.type === 'watchers');

    await proxy.stop();
    await recorded.next('reconnecting');
    await proxy.start();
    const again = await recorded.next('seated', watching.index + 1);
    expect(again).toMatchObject({ number: 0, game: 'show', resumed: true });
    await recorded.next('game', again.index, (event) => event.type === 'snapshot');
    expect(recorded.kinds()).toEqual(['connected', 'seated', 'seated']);
    await waitFor(() => lobby.stats().watchers === 1, 5000, 'one spectator');
    expect(lobby.stats().roomStats[0]).toMatchObject({ players: 1, watchers: 1 });
    // Closing the link stops watching; the game goes on for its player.
    await recorded.link.close();
    await waitFor(() => lobby.stats().watchers === 0, 5000, 'no spectator');
    expect(lobby.stats().games).toBe(1);
  });

  it('watches on at the lobby `moved` names when its lobby hands the game over', async () => {
    const store = new MemoryDirectoryStore();
    const a = await startLobby({}, { directory: new InMemoryGameDirectory('lobby-a', store) });
    const b = await startLobby({}, { directory: new InMemoryGameDirectory('lobby-b', store) });
    const player = await a.connect();
    await player.request({ type: 'create', players: 2, name: 'travelling' });
    const recorded = link(`ws://127.0.0.1:${a.lobby.port}`, { action: 'watch', name: 'travelling' });
    const watching = await recorded.next('seated');

    await a.lobby.close();
    const moved = await recorded.next('reconnecting');
    expect(moved.status).toMatchObject({ cause: 'moved', url: `ws://127.0.0.1:${b.lobby.port}/`, attempt: 1 });
    const again = await recorded.next('seated', watching.index + 1);
    expect(again).toMatchObject({ number: 0, game: 'travelling', resumed: true });
    await recorded.next('game', again.index, (event) => event.type === 'snapshot');
    expect(b.lobby.stats().watchers).toBe(1);
  });

  it('ends, saying the game is over, when the game it watched is gone once it reconnects', async () => {
    const { lobby, connect } = await startLobby();
    const player = await connect();
    await player.request({ type: 'create', players: 2, name: 'fleeting' });
    const { proxy, url } = await proxyTo(lobby.port);
    const recorded = link(url, { action: 'watch', name: 'fleeting' });
    await recorded.next('seated');

    await proxy.stop();
    await recorded.next('reconnecting');
    await player.request({ type: 'leave' });
    await waitFor(() => lobby.stats().games === 0, 5000, 'the game to close');
    await proxy.start();
    expect((await recorded.next('ended')).outcome).toEqual({
      exitCode: 1,
      message: `vimtron: lost the connection to the lobby at ${url}: the connection dropped\nvimtron: game fleeting is no longer there to watch (it ended) (GAME_NOT_FOUND)`,
    });
  });

  it('stops following redirects after 3, keeping compact frames on every hop', async () => {
    const loop = await scriptedLobby((message, socket) => {
      socket.send(JSON.stringify({ type: 'redirect', url: loop.url, message: 'not here' }));
    });
    const recorded = link(loop.url, { action: 'join', name: 'nowhere' });
    expect((await recorded.next('ended')).outcome).toEqual({
      exitCode: 1,
      message: `vimtron: could not join game "nowhere": the lobbies sent the request on 4 times without serving it (last to ${loop.url}: not here)`,
    });
    expect(loop.paths).toEqual(['/?frames=compact', '/?frames=compact', '/?frames=compact', '/?frames=compact']);
  });
});
