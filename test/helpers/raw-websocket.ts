import { connect, type Socket } from 'node:net';

/**
 * WebSocket frames as raw bytes (RFC 6455 section 5.2), for tests that must
 * send what no well-behaved client library would: unmasked frames, reserved
 * opcodes and bits, fragmented or oversized control frames, lying lengths.
 */

export const Opcode = {
  Continuation: 0x0,
  Text: 0x1,
  Binary: 0x2,
  Close: 0x8,
  Ping: 0x9,
  Pong: 0xa,
} as const;

export interface FrameSpec {
  readonly opcode: number;
  readonly payload?: Buffer | string;
  readonly fin?: boolean;
  /** The three reserved bits, 0 to 7 (RSV1 is 4). */
  readonly rsv?: number;
  /** Clients must mask; false sends the payload in clear. */
  readonly mask?: boolean;
  /** Declare this payload length instead of the real one (a lie). */
  readonly declaredLength?: number;
}

export function encodeFrame(spec: FrameSpec): Buffer {
  const payload = typeof spec.payload === 'string' ? Buffer.from(spec.payload) : (spec.payload ?? Buffer.alloc(0));
  const masked = spec.mask ?? true;
  const length = spec.declaredLength ?? payload.length;
  const first = ((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | (spec.opcode & 0x0f);
  const maskBit = masked ? 0x80 : 0;
  let head: Buffer;
  if (length < 126) {
    head = Buffer.from([first, maskBit | length]);
  } else if (length < 65536) {
    head = Buffer.from([first, maskBit | 126, length >> 8, length & 0xff]);
  } else {
    head = Buffer.alloc(10);
    head[0] = first;
    head[1] = maskBit | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!masked) return Buffer.concat([head, payload]);
  const key = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
  const body = Buffer.from(payload.map((byte, index) => byte ^ key[index % 4]!));
  return Buffer.concat([head, key, body]);
}

export interface ReceivedFrame {
  readonly fin: boolean;
  readonly opcode: number;
  readonly payload: Buffer;
}

/** Splits complete frames off the front of `buffer`; `rest` is an incomplete frame, if any. */
export function decodeFrames(buffer: Buffer): { frames: ReceivedFrame[]; rest: Buffer } {
  const frames: ReceivedFrame[] = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const first = buffer[offset]!;
    const second = buffer[offset + 1]!;
    let length = second & 0x7f;
    let cursor = offset + 2;
    if (length === 126) {
      if (buffer.length - cursor < 2) break;
      length = buffer.readUInt16BE(cursor);
      cursor += 2;
    } else if (length === 127) {
      if (buffer.length - cursor < 8) break;
      length = Number(buffer.readBigUInt64BE(cursor));
      cursor += 8;
    }
    const masked = (second & 0x80) !== 0;
    const key = masked ? buffer.subarray(cursor, cursor + 4) : null;
    if (masked) cursor += 4;
    if (buffer.length - cursor < length) break;
    let payload = Buffer.from(buffer.subarray(cursor, cursor + length));
    if (key) payload = Buffer.from(payload.map((byte, index) => byte ^ key[index % 4]!));
    frames.push({ fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload });
    offset = cursor + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

/** The status code of a close frame, or null when it carries none. */
export function closeCodeOf(frame: ReceivedFrame): number | null {
  return frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : null;
}

export function upgradeRequest(path: string, host: string): string {
  return [
    `GET ${path} HTTP/1.1`,
    `Host: ${host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    '',
    '',
  ].join('\r\n');
}

/**
 * A WebSocket client speaking raw bytes over a plain TCP socket: whatever a
 * test writes goes out as is, and every frame the server sends is recorded.
 */
export class RawWebSocket {
  readonly frames: ReceivedFrame[] = [];
  /** The server closed the TCP connection (with or without a close frame first). */
  ended = false;
  private pending: Buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = decodeFrames(Buffer.concat([this.pending, chunk]));
      this.pending = rest;
      this.frames.push(...frames);
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
    // A reset after the server gave up on us is an answer, not a test failure; `ended` records it.
    socket.on('error', () => {});
  }

  /** Opens a connection and completes a valid upgrade; rejects unless the answer is 101. */
  static open(port: number, localAddress: string, path = '/'): Promise<RawWebSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', localAddress });
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer): void => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.removeListener('data', onData);
        socket.removeListener('close', onClose);
        const status = head.subarray(0, end).toString('latin1').split('\r\n')[0]!;
        if (!status.startsWith('HTTP/1.1 101 ')) {
          socket.destroy();
          reject(new Error(`upgrade answered "${status}"`));
          return;
        }
        const client = new RawWebSocket(socket);
        const rest = head.subarray(end + 4);
        if (rest.length > 0) socket.emit('data', rest);
        resolve(client);
      };
      const onClose = (): void => reject(new Error('connection closed during the upgrade'));
      socket.on('data', onData);
      socket.once('close', onClose);
      socket.on('error', () => {});
      socket.once('connect', () => socket.write(upgradeRequest(path, `127.0.0.1:${port}`)));
    });
  }

  write(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** Stops reading, so what the server sends piles up in its buffers. */
  pauseReading(): void {
    this.socket.pause();
  }

  /**
   * The first frame from index `from` on that matches, or null once the
   * server has ended the connection or the deadline passed.
   */
  async waitFor(match: (frame: ReceivedFrame) => boolean, timeoutMs: number, from = 0): Promise<ReceivedFrame | null> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      const left = deadline - performance.now();
      if (this.ended || left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The close frame the server sent, if any. */
  get closeFrame(): ReceivedFrame | undefined {
    return this.frames.find((frame) => frame.opcode === Opcode.Close);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
