import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ClientSession, type SessionLimits } from '../server/client-session.js';
import { LobbyCounters } from '../server/lobby-counters.js';
import { TokenBucket } from '../server/token-bucket.js';

/**
 * A stand-in for a ws socket whose send buffer we control: the kernel will not
 * let a loopback test fill a real one in reasonable time.
 */
class BufferedSocket {
  readyState: number = WebSocket.OPEN;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closed: { code: number; reason: string } | null = null;
  send(data: string): void {
    this.sent.push(data);
  }
  pong(data: Buffer): void {
    this.sent.push(`pong:${data.toString()}`);
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
    this.readyState = WebSocket.CLOSING;
  }
}

const limits: SessionLimits = {
  slowBufferBytes: 1000,
  slowTimeoutMs: 50,
  outboundBudgetBytes: 4000,
  rateBurst: 3,
  ratePerSecond: 1,
  rateStrikes: 4,
};

function session(socket: BufferedSocket, counters = new LobbyCounters({ lateness: () => {}, startWait: () => {} })): ClientSession {
  return new ClientSession(1, socket as unknown as WebSocket, '127.0.0.1', limits, counters, 0);
}

describe('client session', () => {
  it('skips frames while the socket is backed up and asks for a resync once it drains', () => {
    const socket = new BufferedSocket();
    const player = session(socket);
    expect(player.sendFrame('a')).toBe('sent');
    socket.bufferedAmount = 2000;
    expect(player.sendFrame('b')).toBe('skipped');
    expect(player.sendFrame('c')).toBe('skipped');
    socket.bufferedAmount = 0;
    expect(player.sendFrame('d')).toBe('lagging-ended');
    expect(player.sendFrame('e')).toBe('sent');
    expect(socket.sent).toEqual(['a', 'e']);
    expect(socket.closed).toBeNull();
  });

  it('counts frames sent and skipped, the bytes it writes, and the limits it enforces', () => {
    const socket = new BufferedSocket();
    const counters = new LobbyCounters({ lateness: () => {}, startWait: () => {} });
    const player = session(socket, counters);
    player.sendFrame('{"type":"state"}');
    socket.bufferedAmount = 2000;
    player.sendFrame('skipped-1');
    player.sendFrame('skipped-2');
    socket.bufferedAmount = 0;
    expect(player.sendFrame('after-the-gap')).toBe('lagging-ended');
    player.sendSerialized('{"type":"pong","id":"é"}');
    for (let message = 0; message < 3 + 4; message++) player.admit(0);
    expect(counters.framesRelayed).toBe(1);
    expect(counters.framesDropped).toEqual({ slow_client: 3, awaiting_snapshot: 0, ipc_congestion: 0 });
    // The é is two bytes in UTF-8; the RATE_LIMITED notice went out too.
    const notice = socket.sent.find((text) => text.includes('RATE_LIMITED'))!;
    expect(counters.bytesSent).toBe(16 + 25 + Buffer.byteLength(notice));
    expect(counters.rejections).toMatchObject({ rate_limit: 4, rate_limit_close: 1, outbound_budget: 0 });
    expect(socket.closed).toEqual({ code: 4001, reason: 'rate limit exceeded' });
  });

  it('closes with 4002 a connection that stays backed up past the time limit', async () => {
    const socket = new BufferedSocket();
    const player = session(socket);
    socket.bufferedAmount = 2000;
    expect(player.sendFrame('a')).toBe('skipped');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(player.sendFrame('b')).toBe('skipped');
    expect(socket.closed).toEqual({ code: 4002, reason: 'not reading its messages' });
  });

  it('closes with 4002 at once a connection whose backlog passes the outbound budget, whatever is sent', () => {
    for (const sendOne of [
      (player: ClientSession) => player.send({ type: 'pong', id: 1 }),
      (player: ClientSession) => player.sendSerialized('{"type":"games","games":[]}'),
      (player: ClientSession) => player.sendError('BAD_MESSAGE', 'nope'),
      (player: ClientSession) => player.pong(Buffer.from('x')),
      (player: ClientSession) => player.sendFrame('frame'),
    ]) {
      const socket = new BufferedSocket();
      const player = session(socket);
      socket.bufferedAmount = 4001;
      sendOne(player);
      expect(socket.sent).toEqual([]);
      expect(socket.closed).toEqual({ code: 4002, reason: 'not reading its messages' });
    }
  });

  it('still sends replies, but no frames, to a connection between the frame threshold and the budget', () => {
    const socket = new BufferedSocket();
    const player = session(socket);
    socket.bufferedAmount = 4000;
    player.send({ type: 'pong', id: 7 });
    expect(player.sendFrame('frame')).toBe('skipped');
    expect(socket.sent).toEqual(['{"type":"pong","id":7}']);
    expect(socket.closed).toBeNull();
  });

  it('closes with 4002 a connection outside any game that stays backed up past the time limit, when checked', async () => {
    const socket = new BufferedSocket();
    const player = session(socket);
    socket.bufferedAmount = 2000;
    expect(player.checkLag(0)).toBe(true);
    expect(player.checkLag(50)).toBe(true);
    expect(socket.closed).toBeNull();
    expect(player.checkLag(51)).toBe(true);
    expect(socket.closed).toEqual({ code: 4002, reason: 'not reading its messages' });
  });

  it('forgets a lag once the backlog drains below the frame threshold', () => {
    const socket = new BufferedSocket();
    const player = session(socket);
    socket.bufferedAmount = 2000;
    expect(player.checkLag(0)).toBe(true);
    socket.bufferedAmount = 0;
    expect(player.checkLag(40)).toBe(false);
    socket.bufferedAmount = 2000;
    expect(player.checkLag(80)).toBe(true);
    expect(player.checkLag(120)).toBe(true);
    expect(socket.closed).toBeNull();
  });

  it('admits a burst, then refuses with one RATE_LIMITED notice a second, then closes with 4001', () => {
    const socket = new BufferedSocket();
    const player = session(socket);
    expect([player.admit(0), player.admit(0), player.admit(0)]).toEqual([true, true, true]);
    expect(player.admit(0)).toBe(false);
    expect(player.admit(10)).toBe(false);
    expect(socket.sent.map((text) => JSON.parse(text).code)).toEqual(['RATE_LIMITED']);
    expect(player.admit(20)).toBe(false);
    expect(player.admit(30)).toBe(false);
    expect(socket.closed).toEqual({ code: 4001, reason: 'rate limit exceeded' });
  });
});

describe('token bucket', () => {
  it('refills at its rate up to its capacity', () => {
    const bucket = new TokenBucket(2, 10, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, false]);
    expect(bucket.take(50)).toBe(false);
    expect(bucket.take(100)).toBe(true);
    expect([bucket.take(10_000), bucket.take(10_000), bucket.take(10_000)]).toEqual([true, true, false]);
  });

  it('rejects a bucket that could never admit anything', () => {
    expect(() => new TokenBucket(0, 1, 0)).toThrow(
      new RangeError('token bucket needs capacity >= 1 and perSecond > 0, got 0 and 1'),
    );
  });
});
