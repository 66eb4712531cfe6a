import type { RoomExitCause } from './room-host.js';

/** Why a room ended for good; a label of `vimtron_rooms_ended_total`. */
export const RoomEndReason = {
  /** Every player left (or their seats' hold ran out). */
  AllLeft: 'all_left',
  /** No key pressed for the idle timeout. */
  Idle: 'idle',
  /** Its runtime died and could not be resumed: its players got GAME_CRASHED. */
  Crashed: 'crashed',
  /** The lobby shut down with the game still running here. */
  Shutdown: 'shutdown',
  /** Handed over to another lobby of the cluster while this one drained. */
  HandedOver: 'handed_over',
  /** Another lobby of the cluster took the game over (this one had been cut off). */
  TakenOver: 'taken_over',
} as const;
export type RoomEndReason = (typeof RoomEndReason)[keyof typeof RoomEndReason];

/** What a room runtime died of, when it died on its own; a label of `vimtron_room_crashes_total`. */
export type CrashCause = Exclude<RoomExitCause, 'stopped'>;
export const CRASH_CAUSES: readonly CrashCause[] = ['exception', 'out-of-memory', 'hung', 'killed', 'exited'];

/**
 * Something that happened to a room, as the room supervisor tells it: the
 * lobby counts these for its metrics and keeps the latest for the status
 * page. `detail` is the sentence the lobby also logs.
 */
export type RoomEvent =
  | { readonly kind: 'created' | 'adopted' | 'resumed' | 'restarted'; readonly game: string; readonly pid: number | null; readonly detail: string }
  | { readonly kind: 'crashed'; readonly game: string; readonly pid: number | null; readonly cause: CrashCause; readonly detail: string }
  | { readonly kind: 'ended'; readonly game: string; readonly pid: number | null; readonly reason: RoomEndReason; readonly detail: string };

export type RoomEventListener = (event: RoomEvent) => void;
