import { readSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Key } from '../shared/rules/types.js';
import { decodeKeyRecords, KEY_RECORD_BYTES } from '../shared/protocol/key-pipe-records.js';

/**
 * The room's end of the key pipe (see shared/protocol/key-pipe-records.ts).
 * Nothing listens on it, so a key never wakes the room up: the room reads
 * what has come in when it ticks, and before each command from the lobby, so
 * a key sent before a command is handled before it.
 */
export class KeyPipe {
  /** Room for a few hundred keys a read; more wait for the next read of the same drain. */
  private readonly buffer = Buffer.allocUnsafe(512 * KEY_RECORD_BYTES);
  /** Bytes of a record a read cut in two, at the start of the buffer. */
  private carried = 0;
  private closed = false;

  constructor(private readonly fd: number) {
    // Opened as a socket only to make the descriptor non-blocking: not readable, so libuv never polls it.
    const socket = new Socket({ fd, readable: false, writable: true });
    socket.on('error', () => {});
    socket.unref();
  }

  /** Hands every key that has come in to `onKey`, in the order sent. */
  drain(onKey: (player: number, key: Key) => void): void {
    if (this.closed) return;
    // An empty pipe answers EAGAIN, thrown: without a stack trace that costs next to nothing.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      for (;;) {
        const read = readSync(this.fd, this.buffer, this.carried, this.buffer.length - this.carried, null);
        if (read === 0) {
          this.closed = true;
          return;
        }
        const length = this.carried + read;
        const used = decodeKeyRecords(this.buffer, length, onKey);
        this.carried = length - used;
        if (this.carried > 0) this.buffer.copyWithin(0, used, length);
        if (length < this.buffer.length) return;
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN') this.closed = true;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }
}
