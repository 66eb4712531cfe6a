import { WebSocket } from 'ws';
import { CloseCode } from '../shared/protocol/close-codes.js';
import type { ErrorCode } from '../shared/protocol/error-codes.js';
import type { ServerMessage } from '../shared/protocol/server-messages.js';
import type { FrameOutcome } from './frame-outcome.js';
import { FrameDropReason, RejectionKind, type LimitHit, type LobbyCounters } from './lobby-counters.js';
import { TokenBucket } from './token-bucket.js';

export interface SessionLimits {
  /** Above this many bytes waiting in the socket, frames are skipped (the latest wins). */
  readonly slowBufferBytes: number;
  /** A connection lagging for this long is closed with 4002. */
  readonly slowTimeoutMs: number;
  /** Above this many bytes waiting in the socket, the connection is closed with 4002 at once. */
  readonly outboundBudgetBytes: number;
  readonly rateBurst: number;
  readonly ratePerSecond: number;
  /** Messages refused in a row, after being told, before the connection is closed with 4001. */
  readonly rateStrikes: number;
}

/**
 * One WebSocket connection: what it may send (rate limit), what waits to be
 * sent to it (outbound budget), and its messages handled one at a time. The
 * socket stays here, in the lobby: game state never holds sockets, rooms only
 * know seat numbers, and where the player is lives in `SessionPlaces`.
 */
export class ClientSession {
  /** Asked for compact state frames when connecting (`?frames=compact`). */
  readonly compact: boolean;
  /**
   * Answered the last heartbeat ping. Only a pong counts: a client that sends
   * but does not read never reaches our ping in its stream, so it is cut.
   */
  alive = true;
  private readonly bucket: TokenBucket;
  /** Since when more than `slowBufferBytes` have been waiting in the socket. */
  private laggingSince: number | null = null;
  /** Frames were skipped since the last one sent: the player needs a snapshot. */
  private skippedFrames = false;
  private refusedInARow = 0;
  private lastRateNoticeAt = -Infinity;
  /** The message being handled; the next one waits for it (handlers may wait on the game directory). */
  private handling: Promise<void> = Promise.resolve();

  constructor(
    readonly id: number,
    readonly socket: WebSocket,
    /** The key per-address limits count this connection under (see `addressKey`). */
    readonly remoteAddress: string,
    private readonly limits: SessionLimits,
    /** The lobby's counts: frames relayed and dropped, bytes sent, limits hit. */
    private readonly counters: LobbyCounters,
    now: number,
    compact = false,
  ) {
    this.compact = compact;
    this.bucket = new TokenBucket(limits.rateBurst, limits.ratePerSecond, now);
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** More than `slowBufferBytes` were waiting when last looked at: frames to it are being skipped. */
  get isLagging(): boolean {
    return this.laggingSince !== null;
  }

  /**
   * Sends a reply or notice. Replies are never skipped, but they share the
   * connection's outbound budget with frames: a client that lets more than
   * `outboundBudgetBytes` pile up is closed with 4002, in a game or not.
   */
  send(message: ServerMessage): void {
    this.sendSerialized(JSON.stringify(message));
  }

  /** `send` for a message already serialized (a document shared by many replies). */
  sendSerialized(text: string): void {
    if (!this.isOpen || this.overBudget()) return;
    this.counters.bytesSent += Buffer.byteLength(text);
    this.socket.send(text);
  }

  /** Answers a client's ping, within the same budget as everything else. */
  pong(data: Buffer): void {
    if (!this.isOpen || this.overBudget()) return;
    this.socket.pong(data);
  }

  /**
   * Forwards a frame the room already serialized, as is (as bytes when
   * several sockets share it, sent as a text message all the same), unless the client is
   * not reading: then frames are skipped so the lobby's memory stays flat, and
   * once it drains the caller resynchronises it with a snapshot.
   */
  sendFrame(frame: string | Buffer): FrameOutcome {
    if (!this.isOpen) return 'skipped';
    // Every frame of every player passes here: the backlog is read once, the clock only while lagging.
    const waiting = this.socket.bufferedAmount;
    if (this.overBudget(waiting) || this.lagging(waiting, null)) {
      this.skippedFrames = true;
      this.counters.framesDropped[FrameDropReason.SlowClient] += 1;
      return 'skipped';
    }
    if (this.skippedFrames) {
      // This frame would follow a gap: the player is resynchronised from a snapshot instead.
      this.skippedFrames = false;
      this.counters.framesDropped[FrameDropReason.SlowClient] += 1;
      return 'lagging-ended';
    }
    this.counters.framesRelayed += 1;
    this.counters.bytesSent += typeof frame === 'string' ? Buffer.byteLength(frame) : frame.length;
    this.socket.send(frame, { binary: false });
    return 'sent';
  }

  /**
   * Looks at what waits in the socket; called on every send and regularly by
   * the lobby, so a connection that stopped reading while nothing is sent to
   * it is still closed in time. True while it is lagging.
   */
  checkLag(now: number): boolean {
    return this.lagging(this.socket.bufferedAmount, now);
  }

  /** `waiting` bytes are in the socket; `now` is read only when needed if not given. */
  private lagging(waiting: number, now: number | null): boolean {
    if (waiting <= this.limits.slowBufferBytes) {
      this.laggingSince = null;
      return false;
    }
    const at = now ?? performance.now();
    this.laggingSince ??= at;
    if (at - this.laggingSince > this.limits.slowTimeoutMs) this.closeTooSlow();
    return true;
  }

  private overBudget(waiting = this.socket.bufferedAmount): boolean {
    if (waiting <= this.limits.outboundBudgetBytes) return false;
    this.closeTooSlow();
    return true;
  }

  private closeTooSlow(): void {
    if (!this.isOpen) return;
    this.counters.reject(RejectionKind.OutboundBudget, { ...this.who(), bufferedBytes: this.socket.bufferedAmount });
    // The close frame waits behind the backlog; the server's close timeout cuts the socket if it never drains.
    this.socket.close(CloseCode.TooSlow, 'not reading its messages');
  }

  /** This connection, as a limit it hits is logged. */
  who(): LimitHit {
    return { address: this.remoteAddress, connection: this.id };
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
    this.counters.reject(RejectionKind.RateLimit, this.who());
    if (this.refusedInARow >= this.limits.rateStrikes) {
      if (this.isOpen) this.counters.reject(RejectionKind.RateLimitClose, this.who());
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

  /**
   * Runs `task` once every task queued before it has finished, so that one
   * connection's messages take effect in the order they were sent even when
   * handling one waits. `onError` gets whatever a task throws or rejects with.
   */
  serially(task: () => void | Promise<void>, onError: (error: unknown) => void): void {
    this.handling = this.handling.then(task).catch(onError);
  }
}
