import type { RoomTimingReport } from '../shared/protocol/ipc-messages.js';
import type { Histogram } from '../shared/stats/histogram.js';
import { CRASH_CAUSES, RoomEndReason, type RoomEvent } from './room-events.js';

/** Why a frame for a player was not sent; a label of `vimtron_frames_dropped_total`. */
export const FrameDropReason = {
  /** The player's connection had too much unread (over the slow-client threshold). */
  SlowClient: 'slow_client',
  /** The player waits for a snapshot (after a rejoin, a slow spell or a format change): frames before it are useless. */
  AwaitingSnapshot: 'awaiting_snapshot',
  /** The room dropped the frame itself: its channel to the lobby was congested. Counted per frame, not per player. */
  IpcCongestion: 'ipc_congestion',
} as const;
export type FrameDropReason = (typeof FrameDropReason)[keyof typeof FrameDropReason];

/** A limit that refused a client something; a label of `vimtron_rejections_total`. */
export const RejectionKind = {
  /** A message dropped by the per-connection rate limit (RATE_LIMITED). */
  RateLimit: 'rate_limit',
  /** A connection closed for going on sending over the rate limit (4001). */
  RateLimitClose: 'rate_limit_close',
  /** A connection closed for not reading its messages (4002). */
  OutboundBudget: 'outbound_budget',
  /** A socket refused because the lobby has as many as it accepts (1013, HTTP 503). */
  MaxConnections: 'max_connections',
  /** A socket refused because its address has as many as it may (4003, HTTP 429). */
  MaxConnectionsPerAddress: 'max_connections_per_address',
  /** A socket cut unanswered: its address or the lobby was well over a cap. */
  AdmissionCut: 'admission_cut',
  /** A create refused because the lobby runs as many games as it may (SERVER_FULL). */
  ServerFull: 'server_full',
  /** A create or join refused because the address plays in as many games as it may (TOO_MANY_GAMES). */
  GamesPerAddress: 'games_per_address',
  /** A create refused because the address created as many games this minute as it may (TOO_MANY_GAMES). */
  GamesPerMinute: 'games_per_minute',
} as const;
export type RejectionKind = (typeof RejectionKind)[keyof typeof RejectionKind];

/** What is kept as a distribution rather than a count: the metrics' histograms hear each value. */
export interface CountObservers {
  /** Every window of tick lateness a room reports (microseconds). */
  lateness(windowUs: Histogram): void;
  /** How long each game's room runtime waited for a start slot, in milliseconds. */
  startWait(waitedMs: number): void;
}

/** Who hit a limit: the address it counts, and the connection (null for a socket refused as it was accepted). */
export interface LimitHit {
  readonly address: string;
  readonly connection: number | null;
  /** Bytes waiting in the connection's socket, for a connection closed for not reading. */
  readonly bufferedBytes?: number;
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

/**
 * Everything a lobby counts, as plain numbers bumped where it happens: a
 * frame relayed, a message refused, a room created. The metrics read them
 * when scraped; counting costs the hot paths an addition, nothing more.
 * Counts only grow, from zero at the lobby's start.
 */
export class LobbyCounters {
  /** WebSocket connections accepted past the caps. */
  websocketsAccepted = 0;
  /** Frames (state and snapshot messages) written to a player's connection. */
  framesRelayed = 0;
  /** Payload bytes of every message written to a WebSocket connection: frames, replies, notices. */
  bytesSent = 0;
  readonly framesDropped = zeros(Object.values(FrameDropReason));
  readonly rejections = zeros(Object.values(RejectionKind));
  roomsCreated = 0;
  /** Games taken over from another lobby of the cluster. */
  roomsAdopted = 0;
  /** Rooms resumed from a checkpoint in a fresh runtime after theirs died. */
  roomsResumed = 0;
  /** Rooms whose runtime died while starting and was started once more. */
  roomsRestarted = 0;
  readonly roomsEnded = zeros(Object.values(RoomEndReason));
  readonly roomCrashes = zeros(CRASH_CAUSES);
  /** Tick slots rooms skipped because their event loop was blocked, as they reported them. */
  tickSlotsSkipped = 0;

  /** Hears of every limit hit, after it is counted: the lobby logs it. */
  private limitListener: (kind: RejectionKind, hit: LimitHit) => void = () => {};

  constructor(private readonly observe: CountObservers) {}

  /**
   * A game's room runtime got its start slot `waitedMs` after it asked for
   * one: 0 when it started at once (or took a warm-pool spare).
   */
  roomStartWaited(waitedMs: number): void {
    this.observe.startWait(waitedMs);
  }

  /** Who hears of every limit hit; set once. */
  onLimitHit(listener: (kind: RejectionKind, hit: LimitHit) => void): void {
    this.limitListener = listener;
  }

  /** Counts a limit that refused `hit` something (a message, a socket, a game), and tells the listener. */
  reject(kind: RejectionKind, hit: LimitHit): void {
    this.rejections[kind] += 1;
    this.limitListener(kind, hit);
  }

  /**
   * A room's timing report: its window's lateness and dropped frames, and
   * the slots skipped since `skippedBefore` (what the same runtime had
   * reported before; 0 for a fresh runtime).
   */
  /** Counts a room event: created, adopted, resumed, restarted, crashed (by cause) or ended (by reason). */
  countRoomEvent(event: RoomEvent): void {
    switch (event.kind) {
      case 'created':
        this.roomsCreated += 1;
        return;
      case 'adopted':
        this.roomsAdopted += 1;
        return;
      case 'resumed':
        this.roomsResumed += 1;
        return;
      case 'restarted':
        this.roomsRestarted += 1;
        return;
      case 'crashed':
        this.roomCrashes[event.cause] += 1;
        return;
      case 'ended':
        this.roomsEnded[event.reason] += 1;
        return;
    }
  }

  addReport(report: RoomTimingReport, latenessUs: Histogram, skippedBefore: number): void {
    this.observe.lateness(latenessUs);
    this.framesDropped[FrameDropReason.IpcCongestion] += report.droppedFrames;
    this.tickSlotsSkipped += Math.max(0, report.skipped - skippedBefore);
  }
}
