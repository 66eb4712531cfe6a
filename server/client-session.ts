import { WebSocket } from 'ws';
import { CloseCode } from '../shared/protocol/close-codes.js';
import type { ErrorCode } from '../shared/protocol/error-codes.js';
import type { ServerMessage } from '../shared/protocol/server-messages.js';
import type { LobbyRoom, Seat } from './lobby-room.js';
import { TokenBucket } from './token-bucket.js';

/** Where a connected player is: in the lobby, waiting for a seat, or seated in a room. */
export type SessionPlace =
  | { readonly kind: 'lobby' }
  | { readonly kind: 'joining'; readonly room: LobbyRoom; readonly requestId: number }
  | { readonly kind: 'playing'; readonly room: LobbyRoom; readonly seat: Seat };

const IN_LOBBY: SessionPlace = { kind: 'lobby' };

export interface SessionLimits {
  /** Above this many bytes waiting in the socket, frames are skipped (the latest wins). */
  readonly slowBufferBytes: number;
  /** A connection lagging for this long is closed with 4002. */
  readonly slowTimeoutMs: number;
  readonly rateBurst: number;
  readonly ratePerSecond: number;
  /** Messages refused in a row, after being told, before the connection is closed with 4001. */
  readonly rateStrikes: number;
}

export type FrameOutcome = 'sent' | 'skipped' | 'lagging-ended';

/**
 * One WebSocket connection and where its player is. The socket stays here, in
 * the lobby: game state never holds sockets, rooms only know seat numbers.
 */
export class ClientSession {
  place: SessionPlace = IN_LOBBY;
  /** Asked for compact state frames when connecting (`?frames=compact`). */
  readonly compact: boolean;
  /** Answered the last heartbeat ping (or said anything since). */
  alive = true;
  /** Creation times of the games this connection created recently. */
  readonly createdAt: number[] = [];
  private readonly bucket: TokenBucket;
  private laggingSince: number | null = null;
  private refusedInARow = 0;
  private lastRateNoticeAt = -Infinity;

  constructor(
    readonly id: number,
    readonly socket: WebSocket,
    readonly remoteAddress: string,
    private readonly limits: SessionLimits,
    now: number,
    compact = false,
  ) {
    this.compact = compact;
    this.bucket = new TokenBucket(limits.rateBurst, limits.ratePerSecond, now);
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(message: ServerMessage): void {
    if (this.isOpen) this.socket.send(JSON.stringify(message));
  }

  /**
   * Forwards a frame the room already serialized, as is, unless the client is
   * not reading: then frames are skipped so the lobby's memory stays flat, and
   * once it drains the caller resynchronises it with a snapshot.
   */
  sendFrame(frame: string): FrameOutcome {
    if (!this.isOpen) return 'skipped';
    if (this.socket.bufferedAmount > this.limits.slowBufferBytes) {
      const now = performance.now();
      this.laggingSince ??= now;
      if (now - this.laggingSince > this.limits.slowTimeoutMs) {
        this.socket.close(CloseCode.TooSlow, 'not reading its messages');
      }
      return 'skipped';
    }
    if (this.laggingSince !== null) {
      this.laggingSince = null;
      return 'lagging-ended';
    }
    this.socket.send(frame);
    return 'sent';
  }

  sendError(code: ErrorCode, message: string): void {
    this.send({ type: 'error', code, message });
  }

  /**
   * Counts one incoming message against the rate limit. False means refuse it:
   * the client is told RATE_LIMITED (at most once a second) and, if it keeps
   * on regardless, the connection is closed with 4001.
   */
  admit(now: number): boolean {
    if (this.bucket.take(now)) {
      this.refusedInARow = 0;
      return true;
    }
    this.refusedInARow += 1;
    if (this.refusedInARow >= this.limits.rateStrikes) {
      this.socket.close(CloseCode.RateLimited, 'rate limit exceeded');
    } else if (now - this.lastRateNoticeAt >= 1000) {
      this.lastRateNoticeAt = now;
      this.sendError(
        'RATE_LIMITED',
        `too many messages: at most ${this.limits.ratePerSecond} a second (bursts of ${this.limits.rateBurst}); this one was dropped`,
      );
    }
    return false;
  }

  backToLobby(): void {
    this.place = IN_LOBBY;
  }
}
