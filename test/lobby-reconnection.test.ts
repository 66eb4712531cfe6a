import { connect as connectTcp, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useLobbies } from './helpers/lobby-harness.js';

const lobbyWith = useLobbies();

describe('reconnection', () => {
  it('gives a dropped player their seat back with the token, a snapshot, and a cycle that raced on', async () => {
    const { connect } = await lobbyWith();
    const first = await connect();
    const second = await connect();
    const joined = await first.request({ type: 'create', players: 2, name: 'relay' });
    await second.request({ type: 'join', name: 'relay' });
    first.send({ type: 'key', key: 'i' });
    second.send({ type: 'key', key: 'i' });
    const running = await second.next((message) => message.type === 'snapshot' && message.phase === 'running', 6000);
    await first.close();
    // The cycle keeps going while its player is away: it is a race.
    const later = await second.next((message) => message.type === 'state' && message.tick >= running.tick + 3);
    expect(later.cycles[0].seated).toBe(true);

    const back = await connect();
    const rejoined = await back.request({ type: 'rejoin', token: joined.token });
    expect(rejoined).toEqual({
      type: 'joined',
      game: expect.objectContaining({ name: 'relay', players: 2 }),
      player: { number: 1, name: 'player-1' },
      token: joined.token,
    });
    const snapshot = await back.next('snapshot');
    expect(snapshot.tick).toBeGreaterThanOrEqual(later.tick);
    const next = await back.next('state');
    expect(next.tick).toBe(snapshot.tick + 1);
    back.send({ type: 'key', key: 'esc' });
    expect(await back.request({ type: 'ping', id: 1 })).toEqual({ type: 'pong', id: 1 });
  });

  it('answers a wrong token with INVALID_TOKEN, and a malformed one with BAD_MESSAGE', async () => {
    const { connect } = await lobbyWith();
    const client = await connect();
    expect(await client.request({ type: 'rejoin', token: 'A'.repeat(21) })).toEqual({
      type: 'error',
      code: 'INVALID_TOKEN',
      message: 'no seat is held for that token: it is wrong, or the seat was given up',
    });
    expect(await client.request({ type: 'rejoin', token: 'short' })).toEqual({
      type: 'error',
      code: 'BAD_MESSAGE',
      message: 'rejoin needs the "token" string from your joined message',
    });
  });

  it('gives the seat up when the hold expires, so the token no longer works', async () => {
    const { connect, lobby } = await lobbyWith({ seatHoldMs: 150 });
    const stayer = await connect();
    const leaver = await connect();
    await stayer.request({ type: 'create', players: 2, name: 'held' });
    const joined = await leaver.request({ type: 'join', name: 'held' });
    await leaver.close();
    await stayer.next((message) => message.type === 'state' && message.cycles[1].seated === false, 3000);
    const back = await connect();
    expect(await back.request({ type: 'rejoin', token: joined.token })).toMatchObject({ code: 'INVALID_TOKEN' });
    expect(lobby.stats().games).toBe(1);
  });

  it('closes a connection that stops answering heartbeat pings', async () => {
    const { lobby } = await lobbyWith({ heartbeatMs: 100 });
    const socket = await rawWebSocket(lobby.port);
    const openedAt = performance.now();
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    // One interval to send the ping, one more to find it unanswered.
    expect(performance.now() - openedAt).toBeGreaterThanOrEqual(150);
    const deadline = Date.now() + 2000;
    while (lobby.stats().connections !== 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lobby.stats().connections).toBe(0);
  });
});

/** A WebSocket handshake done by hand, after which the socket never answers anything (not even pings). */
function rawWebSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, '127.0.0.1', () => {
      socket.write(
        'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    socket.once('data', (data) => {
      if (data.toString().startsWith('HTTP/1.1 101')) resolve(socket);
      else reject(new Error(`handshake failed: ${data.toString().split('\r\n')[0]}`));
    });
    socket.on('data', () => {});
    socket.once('error', reject);
  });
}
