import { availableParallelism } from 'node:os';
import type { LobbyToRoom, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import type { RoomLogRecord } from '../shared/protocol/room-log.js';

/**
 * How the lobby reaches a game room, whatever runs it. The lobby depends on
 * this interface only, so a room can live in a forked process (the default,
 * for isolation) or anywhere else that can carry the same messages.
 */
export interface RoomHost {
  readonly kind: string;
  /**
   * Starts a room runtime, at once or, on a host that bounds how many start
   * together, once a start slot is free (the channel's `startedAt` says which;
   * `onStarted` tells when a waiting one starts). The runtime reports `ready`
   * on its own, then waits for `create`. `priority` orders the waiting ones.
   */
  create(listener: RoomListener, priority?: StartPriority): RoomChannel;
  /** Process ids of runtimes started ahead of need (a warm pool), if any. */
  idlePids?(): number[];
  /** The spares a warm pool keeps, if the host has one. */
  spares?(): SpareRooms;
  /** The runtimes starting and waiting to start, if the host bounds how many start at once. */
  startQueue?(): StartQueueState | null;
  /** Stops whatever the host keeps running of its own accord (a warm pool). */
  close?(): Promise<void>;
}

/** A warm pool's spare runtimes right now. */
export interface SpareRooms {
  /** Spares the pool keeps when it can. */
  readonly target: number;
  /** Started and ready to be handed out. */
  readonly ready: number;
  /** Not ready yet: started, or waiting for a start slot. */
  readonly starting: number;
  /** The pool has been full at least once since it started: it is past its start-up. */
  readonly warmedUp: boolean;
}

/** A host's room starts right now, when it bounds how many start at once. */
export interface StartQueueState {
  /** Most runtimes starting at once (`--start-concurrency`). */
  readonly concurrency: number;
  /** Runtimes started and not ready yet: each holds a start slot. */
  readonly starting: number;
  /** Runtimes waiting for a start slot (no process yet), by priority. */
  readonly queued: Readonly<Record<StartPriority, number>>;
}

/**
 * Which waiting runtimes start first when starts are queued, each kind in
 * the order asked: a game that was already under way or failed to start
 * (resumed after a crash, started again, taken over from another lobby),
 * then a new game, then a warm-pool spare, which never goes ahead of a player.
 */
export type StartPriority = 'restart' | 'new' | 'spare';

export interface RoomListener {
  /**
   * A runtime that waited for a start slot has been started: its pid is known
   * and its start deadline counts from now. Never called for one that
   * `create` started at once.
   */
  onStarted?(): void;
  onMessage(message: RoomToLobby): void;
  /** Called exactly once, when the runtime is gone for good. */
  onExit(exit: RoomExit): void;
  /**
   * A line the runtime wrote for the log: a record of its own, or anything
   * else it printed (see shared/protocol/room-log.ts). Its last lines may
   * come after `onExit`.
   */
  onLog(record: RoomLogRecord): void;
}

/**
 * Why a room runtime ended. Only `exception` is the game's own fault (a fresh
 * runtime would repeat it); the others come from outside the game logic.
 */
export type RoomExitCause = 'stopped' | 'exception' | 'out-of-memory' | 'hung' | 'killed' | 'exited';

export interface RoomExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** The lobby asked for this exit (dispose) rather than the room dying on its own. */
  readonly planned: boolean;
  readonly cause: RoomExitCause;
}

/** Settings every host applies to the runtimes it starts. */
export interface RoomHostOptions {
  /** V8 old-space cap per room, in MB (not enforceable for inline rooms). */
  readonly heapMb: number;
  /** Let runtimes obey `fault` messages. Test fixtures only; never set by the command line. */
  readonly faultInjection: boolean;
  /**
   * Most runtimes starting at once (from spawn until `ready`, or their end);
   * the others wait in order. A start is mostly CPU work (Node's own start-up,
   * loading the game, the warm-up), so about one per core keeps every core
   * busy without starving the lobby, and rooms come up one after another
   * instead of all late together.
   */
  readonly startConcurrency: number;
}

export const defaultRoomHostOptions: RoomHostOptions = { heapMb: 64, faultInjection: false, startConcurrency: availableParallelism() };

export interface RoomChannel {
  /** Operating-system process id; null for runtimes without their own process, or not started yet. */
  readonly pid: number | null;
  /** When the runtime was started (`performance.now()`); null while it waits for a start slot. */
  readonly startedAt: number | null;
  send(message: LobbyToRoom): void;
  /** Asks the room to stop, and makes sure it does; idempotent. `onExit` follows. */
  dispose(): void;
  /** Ends the runtime at once, without asking (it stopped answering); `onExit` follows with this cause. */
  kill(cause: 'hung'): void;
}
