import type { Checkpoint } from '../rules/checkpoint.js';
import type { Key, Phase } from '../rules/types.js';
import type { HistogramCounts } from '../stats/histogram.js';

/**
 * The lobby <-> game room boundary. Both sides are our own code, so the
 * messages are typed but not re-validated; frames for players travel as
 * ready-made strings that the lobby forwards without parsing.
 */

export interface RoomConfig {
  readonly name: string;
  readonly seats: number;
  /** Seats the game keeps for bots (see GameState.wantedBots); 0 for none. */
  readonly bots: number;
  readonly width: number;
  readonly height: number;
  readonly seed: number;
  /** Milliseconds per tick; 100 except in tests. */
  readonly tickMs: number;
  /**
   * Benchmark knob, off (null) in normal play: milliseconds of synchronous CPU
   * work added to every tick, drawn anew each tick from [min, max], standing
   * for heavier game logic.
   */
  readonly workMs: WorkRange | null;
}

export interface WorkRange {
  readonly min: number;
  readonly max: number;
}

/** A room's own timing over the last few seconds, measured where the tick runs. */
export interface RoomTimingReport {
  readonly type: 'stats';
  /** Ticks run since the room started. */
  readonly ticks: number;
  /** Tick slots skipped since the room started because its event loop was blocked. */
  readonly skipped: number;
  /** Length of this report's window and the ticks run in it. */
  readonly windowMs: number;
  readonly windowTicks: number;
  /**
   * Tick lateness (actual start minus scheduled start) in whole microseconds,
   * this window only: ticks per bucket, keyed by bucket index (see `bucketRange`).
   */
  readonly latenessUs: HistogramCounts;
  /** Frames this window dropped because the channel to the lobby was congested (the lobby was not reading). */
  readonly droppedFrames: number;
  /** Resident set of the process the room runs in, and the room's own V8 heap in use, in bytes. */
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
}

/** Faults a test can inject into a room; honoured only when the lobby enabled fault injection. */
export const ROOM_FAULTS = ['throw', 'hang', 'oom'] as const;
export type RoomFault = (typeof ROOM_FAULTS)[number];

/** Exit code of a room whose game logic threw: the one failure a fresh process would repeat. */
export const EXIT_CODE_GAME_EXCEPTION = 70;

/**
 * The argument a room process is started with when it should play its
 * warm-up game before saying `ready` (a warm-pool spare, which has the time).
 */
export const WARM_UP_ARGUMENT = '--warm-up';

/** Which frame formats a room makes each tick: full `state` frames, compact ones, both or neither. */
export interface FrameFormats {
  readonly full: boolean;
  readonly compact: boolean;
}

/** Lobby -> room. */
export type LobbyToRoom =
  /** Start the game; with `resume`, from a checkpoint of a room that died. */
  | { readonly type: 'create'; readonly config: RoomConfig; readonly resume?: Checkpoint }
  /** A seat for a player, under `name` (checked by the lobby) or the default name of the seat without one. */
  | { readonly type: 'join'; readonly requestId: number; readonly name?: string }
  /** The player gave up waiting: if the request was granted, free that seat at once. */
  | { readonly type: 'cancel-join'; readonly requestId: number }
  | { readonly type: 'key'; readonly player: number; readonly key: Key }
  /** The seat is free at once (a running round explodes the cycle on the next tick). */
  | { readonly type: 'leave'; readonly player: number }
  /** A player needs a full snapshot (reconnected, or skipped frames while slow). */
  | { readonly type: 'resync'; readonly player: number }
  | { readonly type: 'fault'; readonly fault: RoomFault }
  /** The frame formats the room's players want now; until told, a room makes full frames only. */
  | ({ readonly type: 'frames' } & FrameFormats)
  | { readonly type: 'stop' };

export type JoinRejection = 'GAME_FULL' | 'GAME_IN_PROGRESS';

/** Room -> lobby. */
export type RoomToLobby =
  | { readonly type: 'ready' }
  | {
      readonly type: 'joined';
      readonly requestId: number;
      readonly player: number;
      /** The player's name in the game: the one asked for, made unique, or the seat's default. */
      readonly name: string;
      /** A serialized `snapshot` message for the new player. */
      readonly snapshot: string;
    }
  | { readonly type: 'join-rejected'; readonly requestId: number; readonly code: JoinRejection }
  | { readonly type: 'resync'; readonly player: number; readonly snapshot: string }
  /** The whole game state, every few ticks and after seats change, for resuming elsewhere if this room dies. */
  | { readonly type: 'checkpoint'; readonly checkpoint: Checkpoint }
  /** Sent when the phase, who is seated or the number of bots changes, before the frame that shows it. */
  | {
      readonly type: 'status';
      readonly phase: Phase;
      /** Seats held by people. */
      readonly players: number;
      /** Seats held by bots. */
      readonly bots: number;
      /** The names of the people seated, in seat order (bots' names are not listed). */
      readonly names: readonly string[];
    }
  /**
   * One tick's frame. With `snapshot`, `frame` is a serialized `snapshot` for
   * every player (snapshots have no compact form). Otherwise `frame` is the
   * serialized `state` and `compact` the compact one, each present only while
   * some player wants that format; with neither, the message only says the
   * room ticked.
   */
  | { readonly type: 'frame'; readonly frame?: string; readonly compact?: string; readonly snapshot?: true }
  | RoomTimingReport
  /** Sent instead of a dropped frame while the channel is congested: the room is alive. */
  | { readonly type: 'heartbeat' };
