import type { Logger } from 'pino';
import { logEvent } from './log/log-events.js';

/** The little of a Redis client this needs: one of its own, since a subscribed connection can send nothing else. */
export interface SubscriberClient {
  on(event: 'error', listener: (error: unknown) => void): unknown;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  destroy(): void;
  readonly isOpen: boolean;
}

/** What `HAND_OVER` publishes when a lobby hands a game to an heir. */
interface HandoverNotice {
  readonly heir: string;
  readonly game: string;
}

/**
 * A lobby's ear for games handed to it: its own connection (a subscribed
 * Redis connection can send nothing else), subscribed to the channel the
 * `HAND_OVER` script publishes on. Best effort by design: a notice missed
 * while this connection is down costs only the wait for the next look for
 * orphans. A lost connection is not logged here (the directory's own
 * connection says when Redis is unreachable, and the client reconnects and
 * subscribes again by itself); a subscription that cannot be made at the
 * start is, once.
 */
export class RedisHandoverNotices {
  private listener: ((game: string) => void) | null = null;
  private started = false;
  private closed = false;

  constructor(
    private readonly client: SubscriberClient,
    private readonly channel: string,
    private readonly lobbyId: string,
    private readonly logger: Logger,
  ) {
    // Without an 'error' listener a lost connection would end the process.
    client.on('error', () => {});
  }

  onHandedOver(listener: (game: string) => void): void {
    this.listener = listener;
  }

  /** Connects and subscribes; never rejects. */
  async start(): Promise<void> {
    if (this.started || this.closed) return;
    this.started = true;
    try {
      await this.client.connect();
      await this.client.subscribe(this.channel, this.onMessage);
    } catch (error) {
      if (!this.closed) {
        const detail = error instanceof Error ? error.message : String(error);
        logEvent(
          this.logger,
          { event: 'handover_notices_unavailable', detail },
          `game directory: lobby ${this.lobbyId} cannot hear of games handed to it (${detail}); it takes them at its next look for orphans instead`,
        );
      }
    }
    // Closed while connecting: the connection opened since must not keep the process alive.
    if (this.closed && this.client.isOpen) this.client.destroy();
  }

  /** Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.client.isOpen) this.client.destroy();
  }

  private readonly onMessage = (message: string): void => {
    let notice: HandoverNotice;
    try {
      notice = JSON.parse(message) as HandoverNotice;
    } catch {
      return;
    }
    if (notice.heir === this.lobbyId && typeof notice.game === 'string') this.listener?.(notice.game);
  };
}
