import type { LobbyToRoom, RoomToLobby } from '../shared/protocol/ipc-messages.js';

/**
 * How the lobby reaches a game room, whatever runs it. The lobby depends on
 * this interface only, so a room can live in a forked process (the default,
 * for isolation) or anywhere else that can carry the same messages.
 */
export interface RoomHost {
  readonly kind: string;
  /** Starts a room runtime; it reports `ready` on its own, then waits for `create`. */
  create(listener: RoomListener): RoomChannel;
  /** Process ids of runtimes started ahead of need (a warm pool), if any. */
  idlePids?(): number[];
  /** Stops whatever the host keeps running of its own accord (a warm pool). */
  close?(): Promise<void>;
}

export interface RoomListener {
  onMessage(message: RoomToLobby): void;
  /** Called exactly once, when the runtime is gone for good. */
  onExit(exit: RoomExit): void;
}

export interface RoomExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** The lobby asked for this exit (dispose) rather than the room dying on its own. */
  readonly planned: boolean;
}

export interface RoomChannel {
  /** Operating-system process id, or null for runtimes without their own process. */
  readonly pid: number | null;
  send(message: LobbyToRoom): void;
  /** Asks the room to stop, and makes sure it does; idempotent. `onExit` follows. */
  dispose(): void;
}
