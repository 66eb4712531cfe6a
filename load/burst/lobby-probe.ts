/**
 * The burst benchmark's probe, run in a worker thread so that its timing
 * does not wait behind the main thread's hundreds of sockets: it pings the
 * lobby every few milliseconds (round robin over a few connections, each
 * under the lobby's rate limit) and, now and then, opens a fresh connection
 * and asks it for the list of games. Every sample carries the wall-clock time
 * it was sent at, so the main thread can sort them into before, during and
 * after the burst. It stops when told, and sends every sample back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WebSocket } from 'ws';
import type { ProbeOptions, ProbeReport, ProbeSample } from './probe-messages.js';

if (!parentPort) throw new Error('the burst probe runs as a worker thread of the burst benchmark');
const port = parentPort;
const options = workerData as ProbeOptions;

/** Any time on one clock shared with the main thread (each thread's performance.now() has its own origin). */
function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

const pings: ProbeSample[] = [];
const connects: ProbeSample[] = [];
const lists: ProbeSample[] = [];
const failures: string[] = [];
/** Ping id -> when it was sent. */
const pingsInFlight = new Map<number, number>();

const pingSockets = await Promise.all(Array.from({ length: options.pingConnections }, () => open(options.url)));
for (const socket of pingSockets) {
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { type: string; id?: unknown; code?: string };
    if (message.type === 'pong' && typeof message.id === 'number') {
      const sentAt = pingsInFlight.get(message.id);
      if (sentAt === undefined) return;
      pingsInFlight.delete(message.id);
      pings.push({ sentAt, ms: wallNow() - sentAt });
    } else if (message.type === 'error') {
      failures.push(`ping connection: ${message.code}`);
    }
  });
  socket.on('close', () => failures.push('a ping connection was closed by the lobby'));
}

let nextPing = 0;
const pingTimer = setInterval(() => {
  const id = nextPing++;
  const socket = pingSockets[id % pingSockets.length]!;
  if (socket.readyState !== WebSocket.OPEN) return;
  pingsInFlight.set(id, wallNow());
  socket.send(JSON.stringify({ type: 'ping', id }));
}, options.pingEveryMs);

/** A new player arrives: how long until the lobby accepts it, then how long `list` takes. */
async function connectAndList(): Promise<void> {
  const startedAt = wallNow();
  let socket: WebSocket;
  try {
    socket = await open(options.url);
  } catch (error) {
    failures.push(`a new connection failed: ${(error as Error).message}`);
    return;
  }
  connects.push({ sentAt: startedAt, ms: wallNow() - startedAt });
  const listedAt = wallNow();
  await new Promise<void>((resolve) => {
    socket.once('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === 'games') lists.push({ sentAt: listedAt, ms: wallNow() - listedAt });
      else failures.push(`list answered with ${message.type}`);
      resolve();
    });
    socket.once('close', () => resolve());
    socket.send(JSON.stringify({ type: 'list' }));
  });
  socket.close();
}

let connecting: Promise<void> = Promise.resolve();
const connectTimer = setInterval(() => {
  connecting = connecting.then(connectAndList);
}, options.connectEveryMs);

port.once('message', async () => {
  clearInterval(pingTimer);
  clearInterval(connectTimer);
  await connecting;
  // Pings still unanswered by now were never answered: they count as lost, with when they were sent.
  const unanswered = [...pingsInFlight.values()];
  for (const socket of pingSockets) socket.terminate();
  port.postMessage({ pings, unanswered, connects, lists, failures } satisfies ProbeReport);
  port.close();
});
port.postMessage('ready');
