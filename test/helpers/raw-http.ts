import { connect, type Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { closeCodeOf, decodeFrames, encodeFrame, Opcode } from './raw-websocket.js';

/**
 * Raw HTTP over plain TCP for fuzz tests: the bytes go out exactly as given
 * (no client library tidies the request line or the headers), and the answer
 * is reduced to one outcome a test can compare with what it expected.
 */

/**
 * What one raw request got:
 * - `'200'`, `'404'`, ...: a final HTTP response with that status (interim 1xx answers are skipped);
 * - `'101 served'`: upgraded, then a `list` sent as a text frame was answered with `games`;
 * - `'101 closed'`: upgraded, then the server sent a close frame (its code is in `detail`);
 * - `'101 dropped'`: upgraded, then the server cut the connection without a close frame;
 * - `'101 silent'`: upgraded, then neither an answer nor a close before the deadline;
 * - `'dropped'`: the server closed the connection without a response;
 * - `'silent'`: no response before the deadline, connection still open;
 * - `'garbage'`: bytes that are not an HTTP/1.x response.
 */
export type Outcome = string;

export interface Exchange {
  readonly outcome: Outcome;
  readonly detail: string;
  readonly elapsedMs: number;
}

export interface ExchangeOptions {
  /** Loopback address to connect from, so the lobby's per-address limits see one client per phase. */
  readonly localAddress: string;
  /** How long to wait for a response. */
  readonly deadlineMs: number;
  /** After a 101, how long to wait for the answer to `list`; `deadlineMs` by default. */
  readonly upgradedDeadlineMs?: number;
  /** Offsets where the request is split into separate writes, to exercise partial parsing. */
  readonly cuts?: readonly number[];
}

const LIST_FRAME = encodeFrame({ opcode: Opcode.Text, payload: '{"type":"list"}' });

/** Sends one raw request on a new connection and reports what came back; the socket is destroyed before this resolves. */
export function exchange(port: number, request: Buffer, options: ExchangeOptions): Promise<Exchange> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: options.localAddress });
    let received: Buffer = Buffer.alloc(0);
    let upgraded = false;
    let settled = false;
    const onDeadline = (): void => finish(upgraded ? '101 silent' : 'silent', received.toString('latin1', 0, 80));
    let timer = setTimeout(onDeadline, options.deadlineMs);
    function finish(outcome: Outcome, detail = ''): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ outcome, detail, elapsedMs: performance.now() - startedAt });
    }
    function examine(): void {
      if (!upgraded) {
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = received.toString('latin1', 0, end);
        const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/m.exec(head.split('\r\n')[0]!)?.[1];
        if (status === undefined) {
          finish('garbage', head.slice(0, 80));
          return;
        }
        received = received.subarray(end + 4);
        if (status.startsWith('1') && status !== '101') {
          examine();
          return;
        }
        if (status !== '101') {
          finish(status, head.split('\r\n')[0]);
          return;
        }
        upgraded = true;
        clearTimeout(timer);
        timer = setTimeout(onDeadline, options.upgradedDeadlineMs ?? options.deadlineMs);
        socket.write(LIST_FRAME);
      }
      const { frames, rest } = decodeFrames(received);
      received = rest;
      for (const frame of frames) {
        if (frame.opcode === Opcode.Close) {
          finish('101 closed', `close ${closeCodeOf(frame)} ${frame.payload.toString('utf8', 2)}`);
          return;
        }
        if (frame.opcode === Opcode.Text && frame.payload.toString().startsWith('{"type":"games"')) {
          finish('101 served');
          return;
        }
      }
    }
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      examine();
    });
    // A reset after the server refused us is one of the answers being measured; 'close' settles it.
    socket.on('error', () => {});
    socket.on('close', () => {
      if (upgraded) finish('101 dropped');
      else finish(received.length === 0 ? 'dropped' : 'garbage', received.toString('latin1', 0, 80));
    });
    socket.once('connect', () => void writeInPieces(socket, request, options.cuts ?? []));
  });
}

async function writeInPieces(socket: Socket, bytes: Buffer, cuts: readonly number[]): Promise<void> {
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= from || cut >= bytes.length) continue;
    if (socket.destroyed) return;
    socket.write(bytes.subarray(from, cut));
    from = cut;
    await nextTurn();
  }
  if (!socket.destroyed) socket.write(bytes.subarray(from));
}

/**
 * Opens a connection that sends the start of a request and never finishes its
 * headers. Records whether the server answered or closed it.
 */
export class HalfSentRequest {
  received = Buffer.alloc(0);
  closedByServer = false;
  /** Settles once the prefix is written, or the server refused the connection. */
  readonly settled: Promise<void>;
  private destroyedByUs = false;
  private readonly socket: Socket;

  constructor(port: number, localAddress: string, prefix: Buffer) {
    this.socket = connect({ port, host: '127.0.0.1', localAddress });
    this.socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
    });
    this.socket.on('error', () => {});
    this.settled = new Promise((resolve) => {
      this.socket.on('close', () => {
        this.closedByServer = !this.destroyedByUs;
        resolve();
      });
      this.socket.once('connect', () => {
        if (prefix.length > 0) this.socket.write(prefix, () => resolve());
        else resolve();
      });
    });
  }

  destroy(): void {
    this.destroyedByUs = true;
    this.socket.destroy();
  }
}
