import type { Level, Logger } from 'pino';
import type { RejectionKind } from '../lobby-counters.js';
import type { CrashCause, RoomEndReason } from '../room-events.js';

/**
 * Every event a lobby logs, one JSON line each, with the fields it carries
 * (docs/operations.md#logs lists them for operators; a test holds the two
 * together). Besides these fields every line has pino's `level` (a number:
 * 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal), `time`
 * (milliseconds since the epoch), `msg` (a sentence for people), and in a
 * cluster `lobby` (the lobby's id). Lines a room writes itself are not
 * here: see room-log-events.ts.
 */

/** Where something happened to a room: its game, and the process running it (null for a thread or inline room, or one waiting for a start). */
interface RoomFields {
  readonly game: string;
  readonly pid: number | null;
}

/** A seat of a game and who holds it: `player` is the seat number (1 to 6), `connection` the lobby's id for the connection. */
interface SeatFields extends RoomFields {
  readonly player: number;
  readonly name: string;
  /** Null when nobody is connected to the seat (it was being held for a rejoin). */
  readonly connection: number | null;
}

/** An error, logged under `err` with pino's serializer: `type`, `message`, `stack`. */
interface ErrorFields {
  readonly err: unknown;
  /** Lines of the same kind held back since the last one logged (see ThrottledLog). */
  readonly heldBack?: number;
}

export type LobbyLogRecord =
  | {
      readonly event: 'lobby_started';
      /** Where players connect: `ws://HOST:PORT`. */
      readonly url: string;
      /** The admin listener, `http://HOST:PORT/`; null when it is off. */
      readonly adminUrl: string | null;
      readonly rooms: string;
      readonly pool: number;
      readonly bench: boolean;
      /** The lobby's own process id (`pid` is always a room's). */
      readonly lobbyPid: number;
      /** The cluster's Redis without its password; null for a standalone lobby. */
      readonly redis: string | null;
    }
  | { readonly event: 'lobby_stopping'; readonly signal: string; readonly games: number }
  | { readonly event: 'lobby_stopped'; readonly stopMs: number }
  | ({ readonly event: 'game_created'; readonly seats: number; readonly bots: number; readonly width: number; readonly height: number; readonly games: number } & RoomFields)
  | ({ readonly event: 'game_adopted'; readonly tick: number; readonly generation: number; readonly seatsHeld: number } & RoomFields)
  | ({ readonly event: 'game_ended'; readonly reason: RoomEndReason; readonly detail: string } & RoomFields)
  | ({ readonly event: 'room_crashed'; readonly cause: CrashCause; readonly detail: string } & RoomFields)
  | ({ readonly event: 'room_restarted'; readonly previousPid: number | null; readonly detail: string } & RoomFields)
  | ({ readonly event: 'room_resumed'; readonly previousPid: number | null; readonly tick: number; readonly detail: string } & RoomFields)
  | ({ readonly event: 'player_joined' | 'player_left' | 'player_rejoined' | 'seat_expired' } & SeatFields)
  | ({ readonly event: 'player_dropped'; readonly holdMs: number } & SeatFields)
  | ({ readonly event: 'spectator_joined' | 'spectator_left'; readonly connection: number } & RoomFields)
  | {
      readonly event: 'limit_hit';
      /** Which limit: the `kind` label of `vimtron_rejections_total`. */
      readonly limit: RejectionKind;
      /** The address the limit counts (an IPv6 /64 as one). */
      readonly address: string;
      /** The connection refused something; null for a socket refused as it was accepted. */
      readonly connection: number | null;
      readonly heldBack?: number;
    }
  | {
      readonly event: 'slow_client_closed';
      readonly address: string;
      readonly connection: number;
      /** Bytes waiting in its socket when it was closed. */
      readonly bufferedBytes: number;
      readonly heldBack?: number;
    }
  | { readonly event: 'spare_room_failed'; readonly pid: number | null; readonly detail: string }
  | ({ readonly event: 'game_handed_over'; readonly url: string } & RoomFields)
  | { readonly event: 'games_handed_over'; readonly handed: number; readonly games: number }
  | ({ readonly event: 'game_lost'; readonly url: string | null } & RoomFields)
  | { readonly event: 'directory_unavailable'; readonly redis: string; readonly detail: string }
  | { readonly event: 'directory_available'; readonly redis: string }
  | { readonly event: 'lease_restored'; readonly redis: string; readonly gamesRestored: number }
  | { readonly event: 'directory_leave_failed'; readonly redis: string; readonly detail: string }
  | { readonly event: 'handover_notices_unavailable'; readonly detail: string }
  | ({ readonly event: 'directory_error'; readonly game: string } & ErrorFields)
  | ({ readonly event: 'cluster_error' } & ErrorFields)
  | ({ readonly event: 'internal_error' } & ErrorFields);

export type LobbyLogEvent = LobbyLogRecord['event'];

/** The level of each event; `game_ended` is `error` instead when the game crashed (see `levelOf`). */
export const EVENT_LEVELS = {
  lobby_started: 'info',
  lobby_stopping: 'info',
  lobby_stopped: 'info',
  game_created: 'info',
  game_adopted: 'info',
  game_ended: 'info',
  room_crashed: 'error',
  room_restarted: 'warn',
  room_resumed: 'warn',
  player_joined: 'info',
  player_left: 'info',
  player_dropped: 'info',
  player_rejoined: 'info',
  seat_expired: 'info',
  spectator_joined: 'info',
  spectator_left: 'info',
  limit_hit: 'warn',
  slow_client_closed: 'warn',
  spare_room_failed: 'warn',
  game_handed_over: 'info',
  games_handed_over: 'info',
  game_lost: 'warn',
  directory_unavailable: 'error',
  directory_available: 'info',
  lease_restored: 'warn',
  directory_leave_failed: 'warn',
  handover_notices_unavailable: 'warn',
  directory_error: 'error',
  cluster_error: 'error',
  internal_error: 'error',
} as const satisfies { readonly [E in LobbyLogEvent]: Level };

export function levelOf(record: LobbyLogRecord): Level {
  if (record.event === 'game_ended' && record.reason === 'crashed') return 'error';
  return EVENT_LEVELS[record.event];
}

/** Logs one event at its level, with `msg` the sentence a person reads. */
export function logEvent(logger: Logger, record: LobbyLogRecord, msg: string): void {
  logger[levelOf(record)](record, msg);
}
