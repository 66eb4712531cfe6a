import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useLobbies } from './helpers/lobby-harness.js';
import { TestClient } from './helpers/test-client.js';

const lobbyWith = useLobbies();

const bad = (message: string) => ({ type: 'error', code: 'BAD_MESSAGE', message });

describe('hostile input', () => {
  it('closes with 1009 a connection that sends a frame over the size limit', async () => {
    const { connect, lobby } = await lobbyWith({ maxFrameBytes: 4096 });
    const client = await connect();
    client.send(JSON.stringify({ type: 'list', padding: 'x'.repeat(5000) }));
    expect(await client.close()).toBe(1009);
    expect(lobby.stats().games).toBe(0);
  });

  it('answers binary frames, broken JSON and wrong fields with BAD_MESSAGE saying what is wrong, and changes nothing', async () => {
    const { connect, lobby } = await lobbyWith();
    const client = await connect();
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await client.nextReply()).toEqual(bad('binary frames are not accepted; send JSON text frames'));
    expect(await client.request('{"type":"list"')).toEqual(bad('message is not valid JSON'));
    expect(await client.request('[1,2,3]')).toEqual(bad('message must be a JSON object'));
    expect(await client.request({ type: 42 })).toEqual(bad('message needs a string "type"'));
    expect(await client.request({ type: 'create', players: 0 })).toEqual(bad('players must be an integer from 1 to 6'));
    expect(await client.request({ type: 'create', players: 99 })).toEqual(bad('players must be an integer from 1 to 6'));
    expect(await client.request({ type: 'create', players: 2, width: 1e9 })).toEqual(bad('width must be an integer from 20 to 200'));
    expect(await client.request('{"type":"create","players":2,"height":NaN}')).toEqual(bad('message is not valid JSON'));
    expect(await client.request({ type: 'create', players: '2' })).toEqual(bad('players must be an integer from 1 to 6'));
    expect(await client.request({ type: 'create', players: 2, name: 'x'.repeat(200) })).toEqual(
      bad('name must be at most 24 characters'),
    );
    const nameError = bad('name may contain only letters a-z, digits, "-" and "_", and must start with a letter or digit');
    expect(await client.request({ type: 'create', players: 2, name: 'evil\u0007bell' })).toEqual(nameError);
    expect(await client.request({ type: 'create', players: 2, name: 'tr\u043En' })).toEqual(nameError); // Cyrillic o
    expect(await client.request({ type: 'create', players: 2, name: 'a\u200Bb' })).toEqual(nameError); // zero-width space
    expect(await client.request({ type: 'key', key: 'x' })).toEqual(bad('key must be one of h j k l i esc'));
    expect(await client.request({ type: 'list', admin: true })).toEqual(bad('unexpected field "admin" in list message'));
    expect(lobby.stats().games).toBe(0);
    expect(await client.request({ type: 'list' })).toEqual({ type: 'games', games: [] });
  });

  it('makes " Tron " and "tron" the same game name, so one cannot impersonate the other', async () => {
    const { connect } = await lobbyWith();
    const first = await connect();
    const second = await connect();
    expect(await first.request({ type: 'create', players: 2, name: ' Tron ' })).toMatchObject({ game: { name: 'tron' } });
    expect(await second.request({ type: 'create', players: 2, name: 'TRON' })).toMatchObject({ code: 'NAME_TAKEN' });
  });

  it('answers a flood with RATE_LIMITED, then closes the connection with 4001, while another room keeps ticking', async () => {
    const { connect } = await lobbyWith({ rateBurst: 20, ratePerSecond: 10, rateStrikes: 300 });
    const flooder = await connect();
    const honest = await connect();
    await flooder.request({ type: 'create', players: 2, name: 'flood' });
    await honest.request({ type: 'create', players: 2, name: 'quiet' });
    const first = await honest.next('state');
    for (let index = 0; index < 400; index++) flooder.send({ type: 'key', key: 'h' });
    const limited = await flooder.next((message) => message.type === 'error');
    expect(limited).toEqual({
      type: 'error',
      code: 'RATE_LIMITED',
      message: 'too many messages: at most 10 a second (bursts of 20); this one was dropped',
    });
    expect(await flooder.close()).toBe(4001);
    const later = await honest.next((message) => message.type === 'state' && message.tick >= first.tick + 5);
    expect(later.tick).toBe(first.tick + 5);
  });

  it('caps connections per address with close code 4003 and in total with 1013', async () => {
    const { connect, lobby } = await lobbyWith({ maxConnectionsPerAddress: 2 });
    await connect();
    await connect();
    expect(await closeCodeOfNewConnection(lobby.port)).toBe(4003);
    const small = await lobbyWith({ maxConnections: 1 });
    await small.connect();
    expect(await closeCodeOfNewConnection(small.lobby.port)).toBe(1013);
  });

  it('caps the games one address may create in a minute with TOO_MANY_GAMES, over all its connections', async () => {
    const { connect } = await lobbyWith({ maxGamesPerAddressPerMinute: 2 });
    for (let index = 0; index < 2; index++) {
      const client = await connect();
      expect(await client.request({ type: 'create', players: 1 })).toMatchObject({ type: 'joined' });
      expect(await client.request({ type: 'leave' })).toEqual({ type: 'left' });
      await client.close();
    }
    const fresh = await connect();
    expect(await fresh.request({ type: 'create', players: 1 })).toEqual({
      type: 'error',
      code: 'TOO_MANY_GAMES',
      message: 'one address may create at most 2 games a minute; try again shortly',
    });
  });
});

function closeCodeOfNewConnection(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`);
    socket.once('close', (code) => resolve(code));
    socket.once('error', reject);
  });
}
