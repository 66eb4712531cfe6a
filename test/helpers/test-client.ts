import WebSocket from 'ws';

/** Messages that come without being asked for: frames and notices. */
const UNASKED: ReadonlySet<string> = new Set(['state', 'snapshot', 's', 'notice']);

/** A parsed message from the lobby, loosely typed: tests assert on exact fields. */
export type Received = { type: string; [field: string]: any };

/**
 * A real WebSocket client for tests: records every message and lets a test
 * wait for the next one matching a predicate, with a deadline instead of a sleep.
 */
export class TestClient {
  readonly messages: Received[] = [];
  private cursor = 0;
  private waiters: (() => void)[] = [];
  closeCode: number | null = null;
  private readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as Received);
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code) => {
        this.closeCode = code;
        this.wake();
        resolve(code);
      });
    });
  }

  static connect(port: number, path = '/', options: WebSocket.ClientOptions = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, options);
      const client = new TestClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Waits for the next message (after those already taken) that matches; skips the others. */
  async next(match: string | ((message: Received) => boolean), timeoutMs = 5000): Promise<Received> {
    const predicate = typeof match === 'string' ? (message: Received) => message.type === match : match;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.messages.length) {
        const message = this.messages[this.cursor++]!;
        if (predicate(message)) return message;
      }
      if (this.closeCode !== null) throw new Error(`connection closed (${this.closeCode}) while waiting`);
      const left = deadline - Date.now();
      if (left <= 0) {
        const last = this.messages.slice(-3).map((message) => JSON.stringify(message).slice(0, 200));
        throw new Error(`timed out waiting for a message; last received: ${last.join(' | ')}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next message that is not a per-tick frame (full or compact) nor news of another player (`notice`). */
  nextReply(timeoutMs = 5000): Promise<Received> {
    return this.next((message) => !UNASKED.has(message.type), timeoutMs);
  }

  /** Sends a message and returns the next reply that is not a tick frame. */
  async request(message: unknown, timeoutMs = 5000): Promise<Received> {
    this.skipToEnd();
    this.send(message);
    return this.nextReply(timeoutMs);
  }

  skipToEnd(): void {
    this.cursor = this.messages.length;
  }

  close(): Promise<number> {
    if (this.closeCode === null) this.socket.close();
    return this.closed;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
