import { nanoid } from 'nanoid';
import type { Checkpoint } from '../shared/rules/checkpoint.js';
import type { Key, Phase } from '../shared/rules/types.js';
import type {
  JoinRejection,
  LobbyToRoom,
  RoomConfig,
  RoomFault,
  RoomToLobby,
} from '../shared/protocol/ipc-messages.js';
import type { GameSummary, RoomStats } from '../shared/protocol/server-messages.js';
import { Histogram } from '../shared/stats/histogram.js';
import type { ClientSession } from './client-session.js';
import type { RoomChannel, RoomExit, RoomHost } from './room-host.js';
import { nextLifecycle, type RoomLifecycle } from './room-lifecycle.js';

/** What the lobby does about a runtime that died on its own. */
export type Recovery =
  /** Start a runtime again, from the checkpoint if there is one; seat requests are asked again. */
  | 'restart'
  /** Start a runtime from the latest checkpoint; players keep their seats. */
  | 'resume'
  /** Give up: the game ends with GAME_CRASHED. */
  | 'end';

/** What a room tells the lobby; the lobby owns the sessions' places. */
export interface LobbyRoomEvents {
  seatGranted(room: LobbyRoom, session: ClientSession, requestId: number, seat: Seat, snapshot: string): void;
  seatRefused(room: LobbyRoom, session: ClientSession, requestId: number, code: JoinRejection): void;
  exited(room: LobbyRoom, exit: RoomExit): void;
}

/** A seat held by a player: connected (session set) or away, waiting to be rejoined. */
export interface Seat {
  readonly player: number;
  readonly token: string;
  session: ClientSession | null;
  /** The address key of whoever holds the seat, connected or not: per-address limits count it. */
  address: string;
  /** Skip frames until the snapshot asked for this seat arrives (after a rejoin or a slow spell). */
  awaitingSnapshot: boolean;
  awayTimer: NodeJS.Timeout | undefined;
}

/**
 * The lobby's handle on one game room: its runtime's lifecycle, who holds its
 * seats, its latest checkpoint, and the phase, player count and timing it
 * reported. Frames from the room are forwarded to every connected player as
 * the very string the room produced.
 */
export class LobbyRoom {
  lifecycle: RoomLifecycle = 'starting';
  /** Why the room's runtime stopped or is stopping; null while it is alive. */
  exitReason: string | null = null;
  /** Why the previous runtime died, when the room was resumed. */
  exitReasonBeforeResume: string | null = null;
  phase: Phase = 'waiting';
  players = 0;
  lastInputAt: number;
  /** When the runtime last said anything: the watchdog's heartbeat. */
  lastHeardAt: number;
  /** When the current runtime was started: the start deadline counts from here. */
  startingSince: number;
  /** Runtime starts that failed (died, or missed the start deadline) since the room was last ready. */
  private failedStarts = 0;
  /** The lifecycle the runtime was in when it exited on its own. */
  private exitedWhile: RoomLifecycle | null = null;
  /** Set when the lobby killed a runtime for missing the start deadline, to say so. */
  private startDeadlineMissedMs: number | null = null;
  /** When the room was last resumed from a checkpoint, if ever. */
  resumedAt: number | null = null;
  /** The latest whole game state the runtime sent, to resume from if it dies. */
  checkpoint: Checkpoint | null = null;
  readonly seats = new Map<number, Seat>();
  readonly pending = new Map<number, ClientSession>();
  private channel: RoomChannel;
  private outbox: LobbyToRoom[] = [];
  private nextRequestId = 1;
  private readonly lateness = new Histogram();
  private ticks = 0;
  private skipped = 0;
  private ticksPerSecond = 0;
  /** Connected players who asked for compact frames; the room makes them only while there are some. */
  private compactPlayers = 0;

  constructor(
    readonly name: string,
    readonly config: RoomConfig,
    private readonly host: RoomHost,
    private readonly events: LobbyRoomEvents,
    now: number,
  ) {
    this.lastInputAt = now;
    this.lastHeardAt = now;
    this.startingSince = now;
    this.channel = this.startRuntime();
  }

  get pid(): number | null {
    return this.channel.pid;
  }

  /** Alive and accepting players: not stopping, not exited. */
  get isOpen(): boolean {
    return this.lifecycle === 'starting' || this.lifecycle === 'running';
  }

  /** Nobody holds or is taking a seat, connected or away. */
  get isEmpty(): boolean {
    return this.seats.size === 0 && this.pending.size === 0;
  }

  summary(): GameSummary {
    return {
      name: this.name,
      players: this.players,
      maxPlayers: this.config.seats,
      phase: this.phase,
      width: this.config.width,
      height: this.config.height,
    };
  }

  stats(): RoomStats {
    return {
      name: this.name,
      pid: this.pid,
      phase: this.phase,
      players: this.players,
      maxPlayers: this.config.seats,
      ticks: this.ticks,
      skipped: this.skipped,
      ticksPerSecond: round(this.ticksPerSecond, 3),
      latenessMs: {
        p50: round(this.lateness.quantile(0.5) / 1000, 3),
        p99: round(this.lateness.quantile(0.99) / 1000, 3),
        max: round(this.lateness.max / 1000, 3),
      },
      latenessHistogramUs: this.lateness.toJSON(),
    };
  }

  requestSeat(session: ClientSession): number {
    const requestId = this.nextRequestId++;
    this.pending.set(requestId, session);
    this.send({ type: 'join', requestId });
    return requestId;
  }

  /**
   * The player gave up waiting for a seat. The room is told too, in order
   * with everything else, so a seat it grants meanwhile is free again before
   * the next request is handled.
   */
  cancelSeatRequest(requestId: number): void {
    if (this.pending.delete(requestId)) this.send({ type: 'cancel-join', requestId });
  }

  seatByToken(token: string): Seat | undefined {
    for (const seat of this.seats.values()) if (seat.token === token) return seat;
    return undefined;
  }

  /** Whether `address` holds a seat here (connected or held for a rejoin) or is being given one. */
  isHeldBy(address: string): boolean {
    for (const seat of this.seats.values()) if (seat.address === address) return true;
    for (const session of this.pending.values()) if (session.remoteAddress === address) return true;
    return false;
  }

  /** Puts a (re)connected player in a seat and asks the room for a snapshot to start them from. */
  reattach(seat: Seat, session: ClientSession): void {
    clearTimeout(seat.awayTimer);
    seat.awayTimer = undefined;
    seat.session = session;
    seat.address = session.remoteAddress;
    this.countCompactPlayers();
    this.resync(seat);
  }

  /** The seat's player is gone for now; the seat is kept until `release` (the lobby owns the timer). */
  detach(seat: Seat, awayTimer: NodeJS.Timeout): void {
    seat.session = null;
    seat.awayTimer = awayTimer;
    this.countCompactPlayers();
  }

  pressKey(player: number, key: Key, now: number): void {
    this.lastInputAt = now;
    this.send({ type: 'key', player, key });
  }

  /** Gives a seat up for good. */
  release(player: number): void {
    const seat = this.seats.get(player);
    if (!seat) return;
    clearTimeout(seat.awayTimer);
    this.seats.delete(player);
    this.send({ type: 'leave', player });
    this.countCompactPlayers();
  }

  /** Everyone connected to or entering the room, for notices when it goes away. */
  connected(): ClientSession[] {
    const sessions: ClientSession[] = [...this.pending.values()];
    for (const seat of this.seats.values()) if (seat.session) sessions.push(seat.session);
    return sessions;
  }

  /** Tests only: reaches the runtime only if its host was started with fault injection. */
  injectFault(fault: RoomFault): void {
    this.send({ type: 'fault', fault });
  }

  /** Ends a runtime that stopped answering; the exit follows with cause `hung`. */
  killHung(): void {
    if (this.lifecycle === 'running' || this.lifecycle === 'starting') this.channel.kill('hung');
  }

  /** Ends a runtime that did not become ready within `deadlineMs`; the exit follows with cause `hung`. */
  killStuckStart(deadlineMs: number): void {
    if (this.lifecycle !== 'starting') return;
    this.startDeadlineMissedMs = deadlineMs;
    this.channel.kill('hung');
  }

  /**
   * Decides what to do about a runtime that died on its own. A bug in the
   * game logic would only repeat, so it ends the game. A runtime that died
   * before it could run the game (while starting, or before its first
   * checkpoint) is started once more. A game that was running is resumed from
   * its checkpoint, unless it already failed soon after the previous resume.
   */
  recoveryFor(exit: RoomExit, now: number, resumeWindowMs: number): Recovery {
    if (exit.planned || exit.cause === 'exception' || this.isEmpty) return 'end';
    if (this.exitedWhile === 'starting' || this.checkpoint === null) {
      if (this.failedStarts === 0) return 'restart';
      this.exitReason = `${this.exitReason}, for the second time in a row`;
      return 'end';
    }
    if (this.resumedAt !== null && now - this.resumedAt < resumeWindowMs) {
      this.exitReason = `${this.exitReason}, again within ${resumeWindowMs / 1000} s of resuming`;
      return 'end';
    }
    return 'resume';
  }

  /** Starts a runtime again after a failed start; players waiting for a seat keep waiting. */
  restart(now: number): void {
    this.failedStarts += 1;
    this.launch(now);
  }

  /** Stops the room on purpose; idempotent. Players are the lobby's to move out first. */
  dispose(reason: string): void {
    if (!this.isOpen) return;
    this.lifecycle = nextLifecycle(this.lifecycle, 'stopping');
    this.exitReason = reason;
    for (const seat of this.seats.values()) clearTimeout(seat.awayTimer);
    this.seats.clear();
    this.pending.clear();
    this.outbox = [];
    this.channel.dispose();
  }

  /**
   * Starts a fresh runtime from the latest checkpoint after the previous one
   * died. Players keep their seats; those who left meanwhile are let go.
   * Players who were waiting for a seat are the lobby's to send away first.
   */
  resume(now: number): void {
    if (this.lifecycle !== 'exited' || !this.checkpoint) {
      throw new Error(`room ${this.name} can only resume after an exit with a checkpoint (lifecycle ${this.lifecycle})`);
    }
    this.resumedAt = now;
    this.pending.clear();
    this.launch(now);
  }

  /**
   * Starts a new runtime for this room, from the checkpoint if there is one,
   * and queues what it must know: the frame format wanted, the seats given up
   * since the checkpoint, and the seat requests still waiting.
   */
  private launch(now: number): void {
    this.lifecycle = nextLifecycle(this.lifecycle, 'starting');
    this.exitReason = null;
    this.exitedWhile = null;
    this.startDeadlineMissedMs = null;
    this.lastHeardAt = now;
    this.startingSince = now;
    const checkpoint = this.checkpoint ?? undefined;
    this.channel = this.startRuntime(checkpoint);
    // A fresh runtime makes full frames only until told otherwise.
    if (this.compactPlayers > 0) this.send({ type: 'frames', compact: true });
    if (checkpoint) {
      for (const cycle of checkpoint.cycles) {
        if (cycle.seated && !this.seats.has(cycle.number)) this.send({ type: 'leave', player: cycle.number });
      }
    }
    for (const requestId of this.pending.keys()) this.send({ type: 'join', requestId });
    // The first frame of a resumed room is a snapshot: every seat resynchronises from it.
    for (const seat of this.seats.values()) seat.awaitingSnapshot = false;
  }

  private startRuntime(resume?: Checkpoint): RoomChannel {
    this.outbox = [];
    const channel = this.host.create({
      onMessage: (message) => {
        if (channel === this.channel) this.channelOnMessage(message);
      },
      onExit: (exit) => {
        if (channel === this.channel) this.channelOnExit(exit);
      },
    });
    this.outbox.push(resume ? { type: 'create', config: this.config, resume } : { type: 'create', config: this.config });
    return channel;
  }

  private send(message: LobbyToRoom): void {
    if (this.lifecycle === 'starting') this.outbox.push(message);
    else if (this.lifecycle === 'running') this.channel.send(message);
  }

  private resync(seat: Seat): void {
    seat.awaitingSnapshot = true;
    this.send({ type: 'resync', player: seat.player });
  }

  private forwardFrame(frame: string, compact: string | undefined): void {
    for (const seat of this.seats.values()) {
      const session = seat.session;
      if (!session || seat.awaitingSnapshot) continue;
      const chosen = compact !== undefined && session.compact ? compact : frame;
      if (session.sendFrame(chosen) === 'lagging-ended') this.resync(seat);
    }
  }

  /** Keeps the room making compact frames exactly while some connected player wants them. */
  private countCompactPlayers(): void {
    let count = 0;
    for (const seat of this.seats.values()) if (seat.session?.compact) count++;
    if ((count > 0) !== (this.compactPlayers > 0)) this.send({ type: 'frames', compact: count > 0 });
    this.compactPlayers = count;
  }

  private readonly messageHandlers: {
    readonly [T in RoomToLobby['type']]: (message: Extract<RoomToLobby, { type: T }>) => void;
  } = {
    ready: () => {
      if (this.lifecycle !== 'starting') return;
      this.lifecycle = nextLifecycle(this.lifecycle, 'running');
      this.failedStarts = 0;
      // Idle time counts from when the game can be played, not from a slow start.
      this.lastInputAt = performance.now();
      const queued = this.outbox;
      this.outbox = [];
      for (const message of queued) this.channel.send(message);
    },
    status: (message) => {
      this.phase = message.phase;
      this.players = message.players;
    },
    stats: (message) => {
      this.ticks = message.ticks;
      this.skipped = message.skipped;
      this.ticksPerSecond = message.windowMs > 0 ? (message.windowTicks * 1000) / message.windowMs : 0;
      this.lateness.merge(Histogram.from(message.latenessUs));
    },
    checkpoint: (message) => {
      this.checkpoint = message.checkpoint;
    },
    heartbeat: () => {
      // Only proves the room is alive; channelOnMessage noted when it was heard.
    },
    frame: (message) => {
      this.forwardFrame(message.frame, message.compact);
    },
    resync: (message) => {
      const seat = this.seats.get(message.player);
      if (!seat?.session || !seat.awaitingSnapshot) return;
      seat.awaitingSnapshot = false;
      seat.session.sendFrame(message.snapshot);
    },
    joined: (message) => {
      const session = this.pending.get(message.requestId);
      this.pending.delete(message.requestId);
      // A request cancelled meanwhile was cancelled in the room too, in order: nothing to give back.
      if (!session) return;
      const seat: Seat = {
        player: message.player,
        token: nanoid(),
        session,
        address: session.remoteAddress,
        awaitingSnapshot: false,
        awayTimer: undefined,
      };
      this.seats.set(message.player, seat);
      this.lastInputAt = performance.now();
      this.countCompactPlayers();
      this.events.seatGranted(this, session, message.requestId, seat, message.snapshot);
    },
    'join-rejected': (message) => {
      const session = this.pending.get(message.requestId);
      this.pending.delete(message.requestId);
      if (session) this.events.seatRefused(this, session, message.requestId, message.code);
    },
  };

  private channelOnMessage(message: RoomToLobby): void {
    if (this.lifecycle === 'exited') return;
    this.lastHeardAt = performance.now();
    this.messageHandlers[message.type](message as never);
  }

  private channelOnExit(exit: RoomExit): void {
    const wasPlanned = this.lifecycle === 'stopping';
    this.exitedWhile = this.lifecycle;
    this.lifecycle = nextLifecycle(this.lifecycle, 'exited');
    if (!wasPlanned) {
      this.exitReason =
        this.startDeadlineMissedMs !== null
          ? `room process was not ready ${this.startDeadlineMissedMs / 1000} s after it was started and was killed`
          : describeExit(exit);
    }
    this.events.exited(this, exit);
  }
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function describeExit(exit: RoomExit): string {
  switch (exit.cause) {
    case 'hung':
      return 'room process stopped answering and was killed';
    case 'out-of-memory':
      return 'room process ran out of memory';
    case 'exception':
      return 'the game logic failed with an exception';
    default:
      if (exit.signal) return `room process killed by ${exit.signal}`;
      return `room process exited with code ${exit.code}`;
  }
}
