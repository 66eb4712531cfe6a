import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useLobbies } from './helpers/lobby-harness.js';
import { nonReader } from './helpers/non-reader.js';

const lobbyWith = useLobbies();

/** Loose enough for a flood of replies to pile up quickly, tight enough to see the budget act. */
const FLOODABLE = {
  rateBurst: 100_000,
  ratePerSecond: 100_000,
  slowBufferBytes: 64 * 1024,
  outboundBudgetBytes: 256 * 1024,
  slowTimeoutMs: 600,
};

/** A ping whose pong echoes a 200-character id: a reply worth piling up. */
const BIG_REPLY_PING = JSON.stringify({ type: 'ping', id: 'x'.repeat(200) });

describe('outbound budget', () => {
  it('closes with 4002 a client outside any game that asks for replies and does not read them, and spares an honest player', async () => {
    const { lobby, connect, log } = await lobbyWith(FLOODABLE);
    const honest = await connect();
    await honest.request({ type: 'create', players: 2, name: 'honest' });
    const first = await honest.next('state');
    const flooder = await nonReader(lobby.port);
    const before = process.memoryUsage().rss;
    // Far more than the kernel's socket buffers hold: without a budget, the rest would pile up in the lobby.
    for (let index = 0; index < 40_000; index++) flooder.socket.send(BIG_REPLY_PING);
    await expectClosedSoon(() => lobby.stats().connections === 1);
    expect(await flooder.drainAndClose()).toBe(4002);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    // The operator reads who was closed and how much was waiting for it.
    expect(log.of('slow_client_closed')).toEqual([
      expect.objectContaining({ level: 40, address: '127.0.0.1', connection: 2, bufferedBytes: expect.any(Number) }),
    ]);
    expect(log.of('slow_client_closed')[0]!.bufferedBytes).toBeGreaterThan(FLOODABLE.outboundBudgetBytes);
    const later = await honest.next((message) => message.type === 'state' && message.tick >= first.tick + 10);
    expect(later.tick).toBe(first.tick + 10);
  });

  it('closes with 4002 a client that stopped reading even when nothing more is sent to it', async () => {
    // A budget it cannot reach: only the time spent lagging can close it.
    const { lobby, log } = await lobbyWith({ ...FLOODABLE, slowBufferBytes: 1024, outboundBudgetBytes: 512 * 1024 * 1024 });
    const stuck = await nonReader(lobby.port);
    for (let index = 0; index < 40_000; index++) stuck.socket.send(BIG_REPLY_PING);
    await expectClosedSoon(() => lobby.stats().connections === 0);
    expect(await stuck.drainAndClose()).toBe(4002);
    expect(log.of('slow_client_closed')).toEqual([expect.objectContaining({ address: '127.0.0.1', connection: 1 })]);
  });

  it('answers ping frames within the same budget, so a ping flood from a non-reader is closed too', async () => {
    const { lobby } = await lobbyWith(FLOODABLE);
    const pinger = await nonReader(lobby.port);
    const payload = Buffer.alloc(125, 'p');
    for (let index = 0; index < 60_000; index++) pinger.socket.ping(payload);
    await expectClosedSoon(() => lobby.stats().connections === 0);
    expect(await pinger.drainAndClose()).toBe(4002);
  });

  it('cuts a connection that keeps sending but never answers the heartbeat ping: only reading proves it alive', async () => {
    const { lobby } = await lobbyWith({ heartbeatMs: 150 });
    const socket = new WebSocket(`ws://127.0.0.1:${lobby.port}/`, { autoPong: false });
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    await new Promise((resolve) => socket.once('open', resolve));
    const chatter = setInterval(() => socket.send('{"type":"ping","id":1}'), 30);
    try {
      // Cut without a close handshake: 1006 on this side.
      expect(await closed).toBe(1006);
    } finally {
      clearInterval(chatter);
    }
  });
});

/** Waits, with a deadline, for the lobby to have let go of the flooding connection. */
async function expectClosedSoon(gone: () => boolean): Promise<void> {
  const deadline = performance.now() + 15_000;
  while (!gone()) {
    if (performance.now() > deadline) throw new Error('the lobby kept the connection that does not read');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
