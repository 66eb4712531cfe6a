import { ErrorCode } from '../shared/protocol/error-codes.js';
import type { RoomLogRecord } from '../shared/protocol/room-log.js';
import type { JoinRejection, RoomConfig } from '../shared/protocol/ipc-messages.js';
import type { ClientSession } from './client-session.js';
import type { ClaimedGame, GameDirectory } from './game-directory.js';
import { LobbyRoom, type RecordChange, type Seat } from './lobby-room.js';
import type { LobbyCounters } from './lobby-counters.js';
import type { LobbyOptions } from './lobby-options.js';
import { RoomEndReason, type RoomEventListener } from './room-events.js';
import type { RoomExit, RoomHost } from './room-host.js';
import { seatNotice } from './seat-notices.js';
import type { SessionPlaces } from './session-places.js';
import { logEvent } from './log/log-events.js';
import { logRoomRecord } from './log/room-records.js';
import { describeError, ThrottledLog } from './throttled-log.js';

/** How often the watchdog looks for rooms that stopped answering or did not start. */
const WATCHDOG_EVERY_MS = 200;

/** What the supervisor hands back to whoever seats players. */
export interface SeatEvents {
  seatGranted(room: LobbyRoom, session: ClientSession, requestId: number, seat: Seat, snapshot: string): void;
  seatRefused(room: LobbyRoom, session: ClientSession, requestId: number, code: JoinRejection): void;
}

/**
 * The rooms this lobby runs and their lives: opening them, the watchdog
 * (hung or never ready), the idle sweep, recovery after a runtime dies
 * (restart, resume, or end with GAME_CRASHED), closing them, and keeping
 * the game directory told. Sessions' places are changed only to send
 * players back to the lobby when their room goes.
 */
export class RoomSupervisor {
  /** Open rooms by name: the ones players can list and join. */
  private readonly rooms = new Map<string, LobbyRoom>();
  /** Every room whose runtime has not exited yet, including those stopping. */
  private readonly live = new Set<LobbyRoom>();
  private readonly exitWaiters = new Set<() => void>();
  private readonly watchdogTimer: NodeJS.Timeout;
  private readonly sweepTimer: NodeJS.Timeout;
  private watchdogLastRan = performance.now();
  private seatEvents: SeatEvents | null = null;
  /** Told whenever a room's record changes, to keep it in a shared directory. */
  private recordListener: ((room: LobbyRoom, change: RecordChange) => void) | null = null;
  /** A directory that keeps failing must not flood the log: a few lines, then a count. */
  private readonly directoryErrors: ThrottledLog;

  constructor(
    private readonly options: LobbyOptions,
    private readonly host: RoomHost,
    private readonly directory: GameDirectory,
    private readonly places: SessionPlaces,
    private readonly counters: LobbyCounters,
    /** Told of every room created, adopted, crashed, resumed, restarted and ended. */
    private readonly onRoomEvent: RoomEventListener,
  ) {
    this.directoryErrors = new ThrottledLog(options.logger);
    this.watchdogTimer = setInterval(this.watchRooms, WATCHDOG_EVERY_MS);
    this.sweepTimer = setInterval(this.sweepIdleRooms, Math.max(50, Math.min(5000, Math.floor(options.idleTimeoutMs / 4))));
  }

  /** Who is told of seats granted and refused; set once, before the first room opens. */
  onSeats(events: SeatEvents): void {
    if (this.seatEvents) throw new Error('room supervisor seat events are already set');
    this.seatEvents = events;
  }

  /** Who is told whenever a room's record changes; set once. */
  onRecordChange(listener: (room: LobbyRoom, change: RecordChange) => void): void {
    if (this.recordListener) throw new Error('room supervisor record listener is already set');
    this.recordListener = listener;
  }

  get count(): number {
    return this.rooms.size;
  }

  room(name: string): LobbyRoom | undefined {
    return this.rooms.get(name);
  }

  all(): IterableIterator<LobbyRoom> {
    return this.rooms.values();
  }

  /** Room runtimes started and not yet exited, stopping ones included; a room waiting for a start slot has none yet. */
  get liveCount(): number {
    let started = 0;
    for (const room of this.live) if (room.lifecycle !== 'queued') started++;
    return started;
  }

  /** Process ids of every room runtime not yet exited. */
  livePids(): number[] {
    return [...this.live].map((room) => room.pid).filter((pid): pid is number => pid !== null);
  }

  /** Starts a room for a game whose name the directory already reserved for this lobby. */
  open(config: RoomConfig): LobbyRoom {
    if (this.rooms.has(config.name)) throw new Error(`a room named ${config.name} is already open`);
    const room = new LobbyRoom(config.name, config, this.host, this.roomEvents, this.counters, performance.now());
    this.rooms.set(config.name, room);
    this.live.add(room);
    const detail = `${config.seats} seat${config.seats === 1 ? '' : 's'}, ${config.width}x${config.height}`;
    const games = this.rooms.size;
    logEvent(
      this.options.logger,
      { event: 'game_created', game: config.name, pid: room.pid, seats: config.seats, bots: config.bots, width: config.width, height: config.height, games },
      `game ${config.name} created: ${detail}${config.bots > 0 ? ` (${config.bots} for bots)` : ''}, ${runtimeOf(room)}, ${games} game${games === 1 ? '' : 's'} open`,
    );
    this.onRoomEvent({ kind: 'created', game: config.name, pid: room.pid, detail });
    return room;
  }

  /**
   * Starts a room for a game taken over from a lobby that is gone, from its
   * record, with its seats held for their players for the seat hold.
   */
  adopt(claimed: ClaimedGame): LobbyRoom {
    const { config } = claimed;
    if (this.rooms.has(config.name)) throw new Error(`a room named ${config.name} is already open`);
    const room = new LobbyRoom(config.name, config, this.host, this.roomEvents, this.counters, performance.now(), claimed.generation, claimed);
    this.rooms.set(config.name, room);
    this.live.add(room);
    for (const seat of room.seats.values()) this.holdSeat(room, seat);
    const detail = `taken over from tick ${claimed.checkpoint.tick} (generation ${claimed.generation}), ${claimed.seats.length} seat${claimed.seats.length === 1 ? '' : 's'} held`;
    logEvent(
      this.options.logger,
      { event: 'game_adopted', game: config.name, pid: room.pid, tick: claimed.checkpoint.tick, generation: claimed.generation, seatsHeld: claimed.seats.length },
      `game ${config.name} ${detail}, ${runtimeOf(room)}`,
    );
    this.onRoomEvent({ kind: 'adopted', game: config.name, pid: room.pid, detail });
    return room;
  }

  /**
   * Keeps a seat whose player is away for the seat hold; then it is given up,
   * and an empty room closes. The other players are told either way.
   */
  holdSeat(room: LobbyRoom, seat: Seat): void {
    const holdMs = this.options.seatHoldMs;
    room.detach(
      seat,
      setTimeout(() => {
        if (room.seats.get(seat.player) !== seat || seat.session) return;
        logEvent(
          this.options.logger,
          { event: 'seat_expired', game: room.name, pid: room.pid, player: seat.player, name: seat.name, connection: null },
          `player ${seat.player} (${seat.name}) of game ${room.name} did not come back within ${holdMs / 1000} s; the seat is given up`,
        );
        room.release(seat.player);
        room.tellPlayers(seatNotice('expired', seat, holdMs));
        this.disposeIfEmpty(room);
      }, holdMs),
    );
    room.tellPlayers(seatNotice('dropped', seat, holdMs));
  }

  /**
   * Stops a room whose game is no longer this lobby's to run (another lobby
   * claimed it, or it is being handed over), without freeing its name or
   * seats in the directory. Each connected player and spectator is handed to
   * `tell` first, with which of the two it is.
   */
  surrender(room: LobbyRoom, reason: string, endReason: RoomEndReason, tell: (session: ClientSession, watching: boolean) => void): void {
    if (this.rooms.get(room.name) !== room) return;
    for (const session of room.connected()) {
      this.places.backToLobby(session);
      tell(session, room.isWatchedBy(session));
    }
    this.rooms.delete(room.name);
    room.dispose(reason, endReason);
  }

  /** Closes a room nobody holds a seat in any more; its spectators, the only ones left, are told why. */
  disposeIfEmpty(room: LobbyRoom): void {
    if (room.isOpen && room.isEmpty) this.dispose(room, 'all players left', RoomEndReason.AllLeft, `game ${room.name} closed: every player left`);
  }

  /** Closes a room on purpose; its players are back in the lobby at once, told `notice` if given. */
  dispose(room: LobbyRoom, reason: string, endReason: RoomEndReason, notice?: string): void {
    if (!room.isOpen) return;
    for (const session of room.connected()) {
      this.places.backToLobby(session);
      if (notice !== undefined) session.send({ type: 'left', reason: notice });
    }
    this.forget(room);
    room.dispose(reason, endReason);
  }

  /** Closes every room and resolves once all have exited, or after `deadlineMs`. */
  async closeAll(deadlineMs: number): Promise<void> {
    clearInterval(this.watchdogTimer);
    clearInterval(this.sweepTimer);
    for (const room of [...this.rooms.values()]) this.dispose(room, 'lobby shutting down', RoomEndReason.Shutdown);
    await this.allExited(deadlineMs);
  }

  private allExited(deadlineMs: number): Promise<void> {
    if (this.live.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.exitWaiters.delete(waiter);
        resolve();
      };
      const waiter = (): void => {
        if (this.live.size === 0) done();
      };
      const timer = setTimeout(done, deadlineMs);
      this.exitWaiters.add(waiter);
    });
  }

  /** Takes a room off the list and out of the directory: its name and seat tokens are free. */
  private forget(room: LobbyRoom): void {
    if (this.rooms.get(room.name) !== room) return;
    this.rooms.delete(room.name);
    this.tellDirectory(room.name, `release ${room.name}`, this.directory.release(room.name));
  }

  /** Directory writes are not waited for; one that fails is logged, and the game goes on. */
  private tellDirectory(game: string, what: string, done: Promise<void>): void {
    done.catch((error: unknown) =>
      this.directoryErrors.write({ event: 'directory_error', game, err: error }, `game directory: could not ${what}: ${describeError(error)}`),
    );
  }

  private readonly watchRooms = (): void => {
    const now = performance.now();
    const lobbyWasBlocked = now - this.watchdogLastRan > this.options.hangTimeoutMs / 2;
    this.watchdogLastRan = now;
    for (const room of this.rooms.values()) room.watch(now, this.options, lobbyWasBlocked);
  };

  private readonly sweepIdleRooms = (): void => {
    const now = performance.now();
    for (const room of [...this.rooms.values()]) {
      if (!room.isIdle(now, this.options.idleTimeoutMs)) continue;
      const seconds = this.options.idleTimeoutMs / 1000;
      this.dispose(room, `idle for ${seconds} s`, RoomEndReason.Idle, `game ${room.name} closed after ${seconds} s without a key pressed`);
    }
  };

  private readonly roomEvents = {
    seatGranted: (room: LobbyRoom, session: ClientSession, requestId: number, seat: Seat, snapshot: string): void => {
      this.tellDirectory(
        room.name,
        `hold a seat of ${room.name}`,
        this.directory.holdSeat(seat.token, {
          game: room.name,
          player: seat.player,
          lobbyId: this.directory.lobbyId,
          lobbyUrl: this.directory.lobbyUrl,
        }),
      );
      this.seatEvents?.seatGranted(room, session, requestId, seat, snapshot);
    },
    seatRefused: (room: LobbyRoom, session: ClientSession, requestId: number, code: JoinRejection): void => {
      this.seatEvents?.seatRefused(room, session, requestId, code);
    },
    seatReleased: (room: LobbyRoom, seat: Seat): void => {
      this.tellDirectory(room.name, `release a seat of ${room.name}`, this.directory.releaseSeat(seat.token));
    },
    statusChanged: (room: LobbyRoom): void => {
      if (this.rooms.get(room.name) === room) this.tellDirectory(room.name, `update ${room.name}`, this.directory.update(room.summary()));
    },
    recordChanged: (room: LobbyRoom, change: RecordChange): void => {
      this.recordListener?.(room, change);
    },
    logged: (room: LobbyRoom, pid: number | null, record: RoomLogRecord): void => {
      logRoomRecord(this.options.logger, { game: room.name, pid }, record);
    },
    exited: (room: LobbyRoom, exit: RoomExit): void => {
      const pid = room.pid;
      if (!exit.planned && exit.cause !== 'stopped') {
        const detail = room.exitReason ?? 'unknown';
        logEvent(
          this.options.logger,
          { event: 'room_crashed', game: room.name, pid, cause: exit.cause, detail },
          `the room of game ${room.name} (pid ${pid ?? '-'}) failed: ${detail}`,
        );
        this.onRoomEvent({ kind: 'crashed', game: room.name, pid, cause: exit.cause, detail });
      }
      if (!exit.planned && this.rooms.get(room.name) === room && this.recover(room, exit, pid)) return;
      this.live.delete(room);
      if (!exit.planned && this.rooms.get(room.name) === room) {
        this.forget(room);
        for (const session of room.connected()) {
          this.places.backToLobby(session);
          session.sendError(
            ErrorCode.GameCrashed,
            `game "${room.name}" stopped unexpectedly (${room.exitReason}); you are back in the lobby`,
          );
        }
        room.letGo();
      }
      const reason = room.endReason ?? RoomEndReason.Crashed;
      const detail = room.exitReason ?? 'unknown';
      logEvent(this.options.logger, { event: 'game_ended', game: room.name, pid, reason, detail }, `game ${room.name} ended: ${detail} (pid ${pid ?? '-'})`);
      this.onRoomEvent({ kind: 'ended', game: room.name, pid, reason, detail });
      for (const waiter of [...this.exitWaiters]) waiter();
    },
  };

  /**
   * Gives a room whose runtime died on its own another runtime when that can
   * help (see `LobbyRoom.recoveryFor`); false when the game must end.
   */
  private recover(room: LobbyRoom, exit: RoomExit, pid: number | null): boolean {
    const now = performance.now();
    const recovery = room.recoveryFor(exit, now, this.options.resumeWindowMs);
    const reason = room.exitReason ?? 'unknown';
    if (recovery === 'end') return false;
    if (recovery === 'restart') {
      room.restart(now);
      logEvent(
        this.options.logger,
        { event: 'room_restarted', game: room.name, pid: room.pid, previousPid: pid, detail: reason },
        `game ${room.name} is starting again after: ${reason} (pid ${pid ?? '-'} -> ${newPidOf(room)})`,
      );
      this.onRoomEvent({ kind: 'restarted', game: room.name, pid: room.pid, detail: `starting again after: ${reason} (pid ${pid ?? '-'} before)` });
      return true;
    }
    const tick = room.checkpoint?.tick;
    for (const session of room.connected()) {
      const kind = this.places.of(session).kind;
      if (kind !== 'playing' && kind !== 'watching') continue;
      session.send({ type: 'resuming', message: `the game stopped (${reason}); it resumes in a moment from tick ${tick}` });
    }
    for (const session of room.pending.values()) {
      this.places.backToLobby(session);
      session.sendError(ErrorCode.GameCrashed, `game "${room.name}" is restarting; try joining again in a moment`);
    }
    room.resume(now);
    logEvent(
      this.options.logger,
      { event: 'room_resumed', game: room.name, pid: room.pid, previousPid: pid, tick: tick ?? 0, detail: reason },
      `game ${room.name} resumed from tick ${tick} after: ${reason} (pid ${pid ?? '-'} -> ${newPidOf(room)})`,
    );
    this.onRoomEvent({ kind: 'resumed', game: room.name, pid: room.pid, detail: `resumed from tick ${tick} after: ${reason} (pid ${pid ?? '-'} before)` });
    return true;
  }
}

/** A room's runtime for a log line: its pid, or that it waits for a start slot (no process yet). */
function runtimeOf(room: LobbyRoom): string {
  return room.lifecycle === 'queued' ? 'waiting for a start slot' : `pid ${room.pid ?? '-'}`;
}

/** The pid of a room's new runtime, or that it waits for a start slot. */
function newPidOf(room: LobbyRoom): string {
  return room.lifecycle === 'queued' ? 'queued' : String(room.pid ?? '-');
}
