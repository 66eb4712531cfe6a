import type { CycleStatus, Direction, Phase } from '../rules/types.js';
import type { ErrorCode } from './error-codes.js';

/** Everything the lobby sends to a client (lobby -> client boundary). */

export interface GameSummary {
  readonly name: string;
  /** Seats held by people. */
  readonly players: number;
  /** Seats held by bots: a person who joins takes one of them when no seat is free. */
  readonly bots: number;
  readonly maxPlayers: number;
  readonly phase: Phase;
  readonly width: number;
  readonly height: number;
  /** The names of the seated players, in seat order. */
  readonly playerNames: readonly string[];
}

export interface CycleView {
  readonly number: number;
  readonly x: number;
  readonly y: number;
  readonly direction: Direction;
  readonly inserting: boolean;
  readonly status: CycleStatus;
  readonly alive: boolean;
  readonly ready: boolean;
  readonly seated: boolean;
  /** The seat is played by the room's bot. */
  readonly bot: boolean;
}

/** A wall cell: [x, y, owner number]. */
export type WallCell = readonly [number, number, number];

/** The fields every per-tick view of a round has. */
export interface RoundFields {
  readonly tick: number;
  readonly phase: Phase;
  readonly round: number;
  /** Countdown ticks left (0 outside the countdown). */
  readonly countdown: number;
  /** In `finished`: ticks left before `i` readies a player (10 when the round ends, down to 0); 0 otherwise. */
  readonly readyIn: number;
  readonly winner: number | null;
  readonly cycles: readonly CycleView[];
}

/** Who sits in a seat and how they did, for as long as they hold it. */
export interface SeatView {
  readonly number: number;
  /** The seat's player, or its last player once it is free again; null for a seat never taken. */
  readonly name: string | null;
  /** Rounds won since the player took the seat. */
  readonly wins: number;
  /** Crashes since the player took the seat. */
  readonly crashes: number;
}

export interface SnapshotMessage extends RoundFields {
  readonly type: 'snapshot';
  readonly width: number;
  readonly height: number;
  /** Every wall standing. */
  readonly walls: readonly WallCell[];
  /** One per seat, in seat order. */
  readonly seats: readonly SeatView[];
}

export interface StateMessage extends RoundFields {
  readonly type: 'state';
  /** Walls changed since the previous message: new cells, and owners whose walls all vanished. */
  readonly walls: { readonly added: readonly WallCell[]; readonly cleared: readonly number[] };
  /** Every seat, present only on a tick when a name or a score changed. */
  readonly seats?: readonly SeatView[];
}

/** What happened to a seat that the other players hear about. */
export const NoticeEvent = {
  /** A player took a free seat. */
  Joined: 'joined',
  /** A player gave the seat up. */
  Left: 'left',
  /** A player's connection dropped; the seat is held for a rejoin. */
  Dropped: 'dropped',
  /** A player whose connection dropped took the seat back. */
  Back: 'back',
  /** A held seat's time ran out without a rejoin: the seat is free. */
  Expired: 'expired',
} as const;
export type NoticeEvent = (typeof NoticeEvent)[keyof typeof NoticeEvent];

/** Told to every other player of a game when a seat changes hands or its player comes and goes. */
export interface NoticeMessage {
  readonly type: 'notice';
  readonly event: NoticeEvent;
  /** The seat concerned, and its player's name. */
  readonly player: number;
  readonly name: string;
  /** With `dropped` and `expired`: how long a seat is held for a rejoin, in milliseconds. */
  readonly seatHoldMs?: number;
  /** The same, as a sentence for humans: `bo dropped — seat held 30 s`. */
  readonly message: string;
}

export type ServerMessage =
  | { readonly type: 'games'; readonly games: readonly GameSummary[] }
  | {
      readonly type: 'joined';
      readonly game: GameSummary;
      /** Your seat number and your name in the game (made unique: a second "ana" is "ana-2"). */
      readonly player: { readonly number: number; readonly name: string };
      /** Seat token: send it in `rejoin` from a new connection to take the seat back after a drop. */
      readonly token: string;
      /**
       * In a cluster: the other lobbies alive, to `rejoin` through if this
       * one cannot be reached again. Absent from a standalone lobby.
       */
      readonly lobbies?: readonly string[];
    }
  /**
   * You watch a game: its frames follow (a snapshot first), as a seated
   * player receives them, but you take no seat and press no keys.
   */
  | {
      readonly type: 'watching';
      readonly game: GameSummary;
      /** In a cluster: the other lobbies alive, to watch through if this one cannot be reached any more. */
      readonly lobbies?: readonly string[];
    }
  /** How many spectators watch your game (players and spectators alike are told when it changes). */
  | { readonly type: 'watchers'; readonly count: number }
  /** The room's runtime died for a reason outside the game; it restarts from a recent checkpoint. */
  | { readonly type: 'resuming'; readonly message: string }
  /** The lobby is shutting down; the connection closes with 1001 next. */
  | { readonly type: 'shutdown'; readonly message: string }
  /**
   * In a cluster of lobbies: the game asked for (by `join`, `rejoin`,
   * `watch` or `create`) runs on another lobby. Connect to `url` and send the same
   * message there; nothing changed here.
   */
  | { readonly type: 'redirect'; readonly url: string; readonly message: string }
  /**
   * In a cluster of lobbies: your game now runs on another lobby (this one is
   * stopping, or lost it). Connect to `url` and `rejoin` with your seat token
   * (a spectator sends `watch` again).
   */
  | { readonly type: 'moved'; readonly url: string; readonly message: string }
  | SnapshotMessage
  | StateMessage
  | NoticeMessage
  | { readonly type: 'left'; readonly reason?: string }
  | { readonly type: 'pong'; readonly id: unknown }
  | { readonly type: 'error'; readonly code: ErrorCode; readonly message: string };

export type ServerMessageType = ServerMessage['type'];
