import { describe, expect, it } from 'vitest';
import { InMemoryGameDirectory, MemoryDirectoryStore } from '../server/in-memory-game-directory.js';
import type { LobbyOptions } from '../server/lobby-options.js';
import { useLobbies } from './helpers/lobby-harness.js';
import { TestClient } from './helpers/test-client.js';

const startLobby = useLobbies();

/** Two lobbies of one process sharing a game directory, as lobbies of a cluster share one. */
async function twoLobbies(options: Partial<LobbyOptions> = {}) {
  const store = new MemoryDirectoryStore();
  const a = await startLobby(options, { directory: new InMemoryGameDirectory('lobby-a', store) });
  const b = await startLobby(options, { directory: new InMemoryGameDirectory('lobby-b', store) });
  return { a, b, urlOf: (port: number) => `ws://127.0.0.1:${port}/` };
}

describe('lobbies sharing a game directory', () => {
  it('lists the games of every lobby from any lobby', async () => {
    const { a, b } = await twoLobbies();
    await (await a.connect()).request({ type: 'create', players: 2, name: 'on-a' });
    await (await b.connect()).request({ type: 'create', players: 3, name: 'on-b' });
    const names = async (client: TestClient) => (await client.request({ type: 'list' })).games.map((game: { name: string }) => game.name).sort();
    expect(await names(await a.connect())).toEqual(['on-a', 'on-b']);
    expect(await names(await b.connect())).toEqual(['on-a', 'on-b']);
  });

  it('redirects a join for a game of another lobby to that lobby, where the join succeeds', async () => {
    const { a, b, urlOf } = await twoLobbies();
    await (await b.connect()).request({ type: 'create', players: 2, name: 'far' });
    const player = await a.connect();
    expect(await player.request({ type: 'join', name: 'far' })).toEqual({
      type: 'redirect',
      url: urlOf(b.lobby.port),
      message: `game "far" runs on the lobby at ${urlOf(b.lobby.port)}; join it there`,
    });
    const there = await b.connect();
    expect(await there.request({ type: 'join', name: 'far' })).toMatchObject({ type: 'joined', player: { number: 2 } });
  });

  it('redirects a rejoin to the lobby that holds the seat', async () => {
    const { a, b, urlOf } = await twoLobbies();
    const original = await b.connect();
    const joined = await original.request({ type: 'create', players: 2, name: 'held' });
    await original.close();
    const back = await a.connect();
    expect(await back.request({ type: 'rejoin', token: joined.token })).toEqual({
      type: 'redirect',
      url: urlOf(b.lobby.port),
      message: `your seat is in game "held" on the lobby at ${urlOf(b.lobby.port)}; rejoin there`,
    });
    expect(await (await b.connect()).request({ type: 'rejoin', token: joined.token })).toMatchObject({ type: 'joined', player: { number: 1 } });
  });

  it('sends a create to the lobby with room for it when this one is full, and refuses it when every lobby is', async () => {
    const { a, b, urlOf } = await twoLobbies({ maxGames: 1 });
    await (await a.connect()).request({ type: 'create', players: 2, name: 'first' });
    const creator = await a.connect();
    expect(await creator.request({ type: 'create', players: 2, name: 'second' })).toEqual({
      type: 'redirect',
      url: urlOf(b.lobby.port),
      message: `this lobby runs as many games as it may; create the game on the lobby at ${urlOf(b.lobby.port)}`,
    });
    expect(await (await b.connect()).request({ type: 'create', players: 2, name: 'second' })).toMatchObject({ type: 'joined' });
    expect(await creator.request({ type: 'create', players: 2, name: 'third' })).toEqual({
      type: 'error',
      code: 'SERVER_FULL',
      message: 'this server runs at most 1 games; try again later',
    });
    // A full peer cannot take a game over: a lobby closing now ends its game and leaves nothing behind.
    await a.lobby.close();
    expect((await (await b.connect()).request({ type: 'list' })).games.map((game: { name: string }) => game.name)).toEqual(['second']);
  });

  it('gives a name to exactly one of two lobbies creating it at the same moment', async () => {
    const { a, b } = await twoLobbies();
    const [first, second] = [await a.connect(), await b.connect()];
    const answers = await Promise.all([
      first.request({ type: 'create', players: 2, name: 'contested' }),
      second.request({ type: 'create', players: 2, name: 'contested' }),
    ]);
    expect(answers.map((answer) => answer.type).sort()).toEqual(['error', 'joined']);
    expect(answers.find((answer) => answer.type === 'error')).toMatchObject({ code: 'NAME_TAKEN' });
  });

  it('leaves nothing in the directory once every lobby has closed', async () => {
    const store = new MemoryDirectoryStore();
    const a = await startLobby({}, { directory: new InMemoryGameDirectory('lobby-a', store) });
    const b = await startLobby({}, { directory: new InMemoryGameDirectory('lobby-b', store) });
    const player = await b.connect();
    await player.request({ type: 'create', players: 2, name: 'leaving' });
    await player.next('state');
    // The first to close hands its game to the other; the last one ends it.
    await b.lobby.close();
    expect((await (await a.connect()).request({ type: 'list' })).games.map((game: { name: string }) => game.name)).toEqual(['leaving']);
    await a.lobby.close();
    expect([store.games.size, store.seats.size, store.lobbies.size]).toEqual([0, 0, 0]);
  });
});
