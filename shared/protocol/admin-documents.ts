import type { Phase } from '../rules/types.js';
import type { HistogramCounts } from '../stats/histogram.js';

/**
 * The lobby -> operator boundary: the JSON documents the admin listener
 * serves (`GET /stats`, `GET /status.json`). Players never see them; the
 * load tools and the status page read them. docs/operations.md documents
 * every field.
 */

export type RoomRuntimeState = 'queued' | 'starting' | 'running' | 'stopping' | 'exited';

/** Server-side timing of one room, as measured by the room itself. */
export interface RoomStats {
  readonly name: string;
  /** Null for a thread or inline room, and for one waiting for a start slot. */
  readonly pid: number | null;
  /**
   * Where the room's runtime is: waiting for a start slot (no process yet),
   * started and not ready, running, asked to stop, or gone (about to be
   * resumed or started again).
   */
  readonly runtime: RoomRuntimeState;
  readonly phase: Phase;
  /** Seats held by people, and by the room's bots. */
  readonly players: number;
  readonly bots: number;
  readonly maxPlayers: number;
  /** Spectators watching the game. */
  readonly watchers: number;
  /** Ticks run since the room's runtime started, and slots skipped because its loop was blocked. */
  readonly ticks: number;
  readonly skipped: number;
  /** Tick rate over the room's last report window (about 2 s). */
  readonly ticksPerSecond: number;
  /** Tick lateness since the room started, in milliseconds. */
  readonly latenessMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /**
   * The same lateness as a histogram, for merging: ticks per bucket, keyed by
   * bucket index; `bucketRange` in shared/stats/histogram.ts (and docs/protocol.md)
   * gives the microseconds each bucket stands for.
   */
  readonly latenessHistogramUs: HistogramCounts;
  /**
   * The room's memory as it last reported it (every 2 s): the resident set
   * of its own process (null for a room without one: a thread or inline
   * room, or before its first report) and its V8 heap in use (null before
   * its first report; for an inline room, the lobby's whole heap).
   */
  readonly memory: { readonly rssBytes: number | null; readonly heapUsedBytes: number | null };
}

/** `GET /stats`: the lobby's own figures and one entry per open game. */
export interface LobbyStats {
  readonly type: 'stats';
  /** Which room host runs the rooms: process, thread or inline. */
  readonly rooms: string;
  readonly uptimeMs: number;
  readonly connections: number;
  /** Open connections that do not read fast enough: frames to them are being skipped. */
  readonly slowConnections: number;
  readonly games: number;
  /** Spectators watching games of this lobby, all games together. */
  readonly watchers: number;
  readonly lobby: {
    readonly pid: number;
    readonly rssBytes: number;
    /** CPU time the lobby process has used since it started (user + system), in microseconds. */
    readonly cpuUs: number;
    /**
     * How late a timer due every 20 ms ran on the lobby's event loop, since
     * the lobby started: what a frame from a room waits before the lobby
     * can relay it. Cumulative, so two reads subtract to a window.
     */
    readonly eventLoopDelayMs: { readonly count: number; readonly p50: number; readonly p99: number; readonly max: number };
    /** The same as a histogram in microseconds, keyed like `RoomStats.latenessHistogramUs`. */
    readonly eventLoopDelayHistogramUs: HistogramCounts;
  };
  readonly roomStats: readonly RoomStats[];
}

/** What happened to a room, as the status page lists it. */
export const ROOM_EVENT_KINDS = ['created', 'adopted', 'crashed', 'restarted', 'resumed', 'ended'] as const;
export type RoomEventKind = (typeof ROOM_EVENT_KINDS)[number];

/** One line of the lobby's recent room events. */
export interface RoomEventEntry {
  /** When it happened: an ISO 8601 time. */
  readonly at: string;
  readonly kind: RoomEventKind;
  readonly game: string;
  /** The room runtime's process id when it happened (the new one after a resume or restart). */
  readonly pid: number | null;
  /** A sentence: why it ended or crashed, the tick it resumed from, ... */
  readonly detail: string;
}

/** Another lobby of the cluster, as the game directory last saw it. */
export interface ClusterLobbyEntry {
  readonly lobbyId: string;
  /** How players reach it: `ws://HOST:PORT/`. */
  readonly url: string;
  readonly games: number;
  readonly maxGames: number;
}

/** Whether the lobby accepts games, as `GET /readyz` answers. */
export interface Readiness {
  readonly ready: boolean;
  /** Why not, in a few words; null when ready. */
  readonly reason: string | null;
}

/** The room start queue, as the status page shows it. */
export interface StartQueueDocument {
  readonly concurrency: number;
  /** Runtimes started and not ready yet. */
  readonly starting: number;
  /** Waiting for a start slot: games under way first, then new games, then warm-pool spares. */
  readonly queued: { readonly restart: number; readonly new: number; readonly spare: number };
}

/** `GET /status.json`: everything the status page shows, in one document. */
export interface LobbyStatus {
  /** The lobby's id in its game directory (`standalone` without a cluster). */
  readonly lobbyId: string;
  /** How players reach this lobby: `ws://HOST:PORT/`. */
  readonly url: string;
  /** When the lobby started: an ISO 8601 time. */
  readonly startedAt: string;
  readonly readiness: Readiness;
  /** Seats held: with their player connected, and held for a player who dropped. */
  readonly seats: { readonly connected: number; readonly away: number };
  /** The warm pool of spare room runtimes; null without one. */
  readonly pool: { readonly target: number; readonly ready: number; readonly starting: number } | null;
  /**
   * Room starts: at most `concurrency` runtimes start at once (each holds a
   * slot from its spawn until it is ready); the others wait, by priority.
   */
  readonly starts: StartQueueDocument | null;
  readonly stats: LobbyStats;
  /** The latest room events, newest first. */
  readonly events: readonly RoomEventEntry[];
  /**
   * Every lobby of the cluster, this one included, by id; null for a
   * standalone lobby. `error` says why the list could not be read this time.
   */
  readonly cluster: { readonly lobbies: readonly ClusterLobbyEntry[]; readonly error: string | null } | null;
}
