import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useLobbies } from './helpers/lobby-harness.js';
import { collect, openRawSocket, rawExchange, upgradeRequest } from './helpers/raw-socket.js';
import type { TestClient } from './helpers/test-client.js';

const lobbyWith = useLobbies();
const rawSockets: Socket[] = [];

afterEach(() => {
  for (const socket of rawSockets.splice(0)) socket.destroy();
});

async function heldOpen(port: number, bytes: string, localAddress?: string): Promise<Socket> {
  const socket = await openRawSocket(port, localAddress);
  rawSockets.push(socket);
  socket.write(bytes);
  return socket;
}

/** The close code a new WebSocket from `localAddress` gets, or 'open' if it stays open for a moment. */
function fateOfNewWebSocket(port: number, localAddress = '127.0.0.1'): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/`, { localAddress });
    let timer: NodeJS.Timeout | undefined;
    socket.once('open', () => {
      timer = setTimeout(() => {
        socket.close();
        resolve('open');
      }, 200);
    });
    socket.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    socket.once('error', reject);
  });
}

async function consecutiveTicks(client: TestClient, count: number): Promise<void> {
  const first = await client.next('state');
  for (let index = 1; index <= count; index++) {
    const state = await client.next('state');
    expect(state.tick).toBe(first.tick + index);
  }
}

describe('lobby HTTP and WebSocket handshakes', () => {
  it('answers a handshake whose target is not a plain path with 400 or 404 and keeps every game going', async () => {
    const { lobby, connect, log } = await lobbyWith();
    const honest = await connect();
    await honest.request({ type: 'create', players: 2, name: 'steady' });
    await honest.next('state');
    const pid = lobby.roomPid('steady');
    const answers: Record<string, number | null> = {};
    for (const target of ['//', '///', '//a:b@', '//a:b@/', '*', 'http://x/', 'ws://lobby/', '%', '/nope', '/stats', '//?frames=compact']) {
      answers[target] = (await rawExchange(lobby.port, upgradeRequest(target))).status;
    }
    expect(answers).toEqual({
      '//': 404,
      '///': 404,
      '//a:b@': 404,
      '//a:b@/': 404,
      '*': 400,
      'http://x/': 400,
      'ws://lobby/': 400,
      '%': 400,
      '/nope': 404,
      '/stats': 404,
      '//?frames=compact': 404,
    });
    await consecutiveTicks(honest, 5);
    expect(lobby.roomPid('steady')).toBe(pid);
    expect((await honest.request({ type: 'list' })).games).toHaveLength(1);
    expect(log.of('internal_error')).toEqual([]);
  });

  it('refuses an HTTP/1.1 handshake without a Host header with 400, as Node does a plain request', async () => {
    const { lobby } = await lobbyWith();
    const withoutHost = upgradeRequest('/').replace('Host: 127.0.0.1\r\n', '');
    expect((await rawExchange(lobby.port, withoutHost)).status).toBe(400);
    expect((await rawExchange(lobby.port, 'GET / HTTP/1.1\r\n\r\n')).status).toBe(400);
  });

  it('upgrades at / with any query, reading only frames=compact', async () => {
    const { connect } = await lobbyWith();
    const odd = await connect('/?frames=compact&x=%zz&%=&frames=full');
    expect(await odd.request({ type: 'create', players: 1, name: 'odd' })).toMatchObject({ type: 'joined' });
    expect(await odd.next((message) => message.type === 's' || message.type === 'state')).toMatchObject({ type: 's' });
  });

  it('answers unknown paths with 404, methods other than GET and HEAD with 405, and HEAD without a body', async () => {
    const { lobby } = await lobbyWith();
    const base = `http://127.0.0.1:${lobby.port}`;
    const missing = await fetch(`${base}/nope`);
    expect([missing.status, await missing.text()]).toEqual([
      404,
      "404 no such page; the lobby serves / and the browser client's files here (operators: /stats, /metrics and /status are on its admin port)\n",
    ]);
    for (const [method, path] of [['POST', '/'], ['PUT', '/'], ['DELETE', '/'], ['OPTIONS', '/?x=1'], ['PATCH', '/']] as const) {
      const response = await fetch(`${base}${path}`, { method });
      expect([method, response.status, response.headers.get('allow'), await response.text()]).toEqual([
        method,
        405,
        'GET, HEAD',
        `405 method ${method} is not allowed; use GET or HEAD\n`,
      ]);
    }
    const head = await fetch(`${base}/`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([200, 'text/plain; charset=utf-8', '']);
    const page = await fetch(`${base}/?anything=1`);
    expect(page.status).toBe(200);
  });

  it('refuses a request that carries a body without reading it, and closes the connection', async () => {
    const { lobby } = await lobbyWith();
    for (const [head, status] of [
      ['GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 52428800\r\n\r\n', 413],
      ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 52428800\r\n\r\n', 405],
      ['GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', 413],
    ] as const) {
      const socket = await openRawSocket(lobby.port);
      rawSockets.push(socket);
      let written = 0;
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const answer = collect(socket, head, 5000);
      // Keep pushing body bytes as fast as the socket takes them, as a client uploading 50 MB would.
      const pump = (): void => {
        while (!socket.destroyed && written < 52_428_800) {
          written += chunk.length;
          if (!socket.write(chunk)) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
      const result = await answer;
      expect(result.status).toBe(status);
      expect(result.text).toMatch(/\r\nconnection: close\r\n/i);
      expect(result.closedByServer).toBe(true);
      // Kernel buffers take a few megabytes at most; the lobby read no more than that.
      expect(written).toBeLessThan(20 * 1024 * 1024);
    }
  });

  it('answers a malformed request line or header with 400 and stays up', async () => {
    const { lobby, connect } = await lobbyWith();
    for (const bytes of ['GARBAGE\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', 'GET / HTTP/1.1\r\nBad Header\r\n\r\n']) {
      expect((await rawExchange(lobby.port, bytes)).status).toBe(400);
    }
    const client = await connect();
    expect(await client.request({ type: 'list' })).toEqual({ type: 'games', games: [] });
  });
});

describe('lobby connection caps', () => {
  it('counts half-sent HTTP requests against the per-address cap, answers them 408 after the header timeout, and lets others in meanwhile', async () => {
    const { lobby } = await lobbyWith({ maxConnectionsPerAddress: 4, headersTimeoutMs: 400, requestTimeoutMs: 800 });
    const halfSent = await Promise.all(
      Array.from({ length: 4 }, () => heldOpen(lobby.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ')),
    );
    const answers = halfSent.map((socket) => collect(socket, null, 5000));
    expect(await fateOfNewWebSocket(lobby.port)).toBe(4003);
    // Another address is not affected by this one's sockets.
    expect(await fateOfNewWebSocket(lobby.port, '127.0.0.2')).toBe('open');
    const results = await Promise.all(answers);
    expect(results.map((result) => [result.status, result.closedByServer])).toEqual(Array(4).fill([408, true]));
    expect(await fateOfNewWebSocket(lobby.port)).toBe('open');
  });

  it('closes a socket that sends nothing at all after the header timeout', async () => {
    const { lobby } = await lobbyWith({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const silent = await openRawSocket(lobby.port);
    rawSockets.push(silent);
    const started = performance.now();
    const result = await collect(silent, null, 5000);
    expect(result.closedByServer).toBe(true);
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('answers plain HTTP over the per-address cap with 429, and cuts sockets beyond the few it answers', async () => {
    const { lobby } = await lobbyWith({ maxConnectionsPerAddress: 2 });
    await heldOpen(lobby.port, 'GET / HTTP/1.1\r\nHost: x\r\n');
    await heldOpen(lobby.port, 'GET / HTTP/1.1\r\nHost: x\r\n');
    const refused = await rawExchange(lobby.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('429 too many connections from your address');
    // Eight refused sockets are kept long enough to be told why; the ninth is cut without a word.
    const waiting = await Promise.all(Array.from({ length: 8 }, () => heldOpen(lobby.port, '')));
    const cut = await rawExchange(lobby.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 2000 });
    expect([cut.status, cut.text, cut.closedByServer]).toEqual([null, '', true]);
    for (const socket of waiting) socket.destroy();
  });

  it('counts plain HTTP sockets towards the total cap too: 503 over HTTP, 1013 over WebSocket', async () => {
    const { lobby } = await lobbyWith({ maxConnections: 2 });
    await heldOpen(lobby.port, 'GET / HTTP/1.1\r\nHost: x\r\n');
    await heldOpen(lobby.port, 'GET / HTTP/1.1\r\nHost: x\r\n', '127.0.0.3');
    expect((await rawExchange(lobby.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { localAddress: '127.0.0.4' })).status).toBe(503);
    expect(await fateOfNewWebSocket(lobby.port, '127.0.0.5')).toBe(1013);
  });
});
