import { WebSocket } from 'ws';
import { decodeServerMessage } from '../../shared/client/decode-server-message.js';
import type { ServerMessage } from '../../shared/protocol/server-messages.js';

type MessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/**
 * A WebSocket to a lobby that a tool drives one step at a time: send a
 * message, then await the answer it expects (`next`), skipping whatever
 * came before it. For scripted exchanges (a rejoin timed to the
 * millisecond, a `list`), not for a player that reacts to every frame.
 */
export class ProbeConnection {
  private readonly queue: ServerMessage[] = [];
  private wake: (() => void) | null = null;
  closed = false;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const decoded = decodeServerMessage(data.toString());
      if (decoded.ok) this.queue.push(decoded.value);
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    socket.on('error', () => {});
  }

  /** A connection to the lobby at `url`, or null if it cannot be opened. */
  static connect(url: string): Promise<ProbeConnection | null> {
    return new Promise((resolve) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new ProbeConnection(socket)));
      socket.once('error', () => resolve(null));
    });
  }

  send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  /**
   * The next message of one of `types` (those before it are dropped), or
   * null if the connection closes or `deadline` (a `performance.now()` time)
   * passes first.
   */
  async next<T extends ServerMessage['type']>(types: readonly T[], deadline: number): Promise<MessageOf<T> | null> {
    for (;;) {
      const index = this.queue.findIndex((message) => (types as readonly string[]).includes(message.type));
      if (index >= 0) return this.queue.splice(0, index + 1).at(-1) as MessageOf<T>;
      this.queue.length = 0;
      if (this.closed || performance.now() > deadline) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - performance.now()));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  close(): void {
    this.socket.terminate();
  }
}
