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
import type { RoomStats } from '../shared/protocol/admin-documents.js';
import type { RoomLogRecord } from '../shared/protocol/room-log.js';
import type { GameSummary, ServerMessage } from '../shared/protocol/server-messages.js';
import { defaultPlayerName } from '../shared/rules/seats.js';
import { Histogram } from '../shared/stats/histogram.js';
import type { ClientSession } from './client-session.js';
import type { FrameFormats } from '../shared/protocol/ipc-messages.js';
import type { GameRecord } from './game-directory.js';
import { FrameDropReason, type LobbyCounters } from './lobby-counters.js';
import { RelayedFrame } from './relayed-frame.js';
import type { RoomEndReason } from './room-events.js';
import type { RoomChannel, RoomExit, RoomHost } from './room-host.js';
import { nextLifecycle, type RoomLifecycle } from './room-lifecycle.js';
import { RoomWatchers } from './room-watchers.js';

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
  /** A seat was given up for good: its token leads nowhere any more. */
  seatReleased(room: LobbyRoom, seat: Seat): void;
  /** The phase or the number of seated players changed. */
  statusChanged(room: LobbyRoom): void;
  /** The room's record for failover changed: a new checkpoint, or a seat granted or given up. */
  recordChanged(room: LobbyRoom, change: RecordChange): void;
  exited(room: LobbyRoom, exit: RoomExit): void;
  /** A runtime of this room (`pid`: its process) wrote a line for the log; even one that has exited since. */
  logged(room: LobbyRoom, pid: number | null, record: RoomLogRecord): void;
}

/** What changed in a room's record: its game state only, or who holds its seats. */
export type RecordChange = 'checkpoint' | 'seats';

/** A game taken over from a lobby that is gone: where to start from, and the seats its players will come back to. */
export interface Adoption {
  readonly checkpoint: Checkpoint;
  readonly seats: readonly { readonly player: number; readonly token: string }[];
}

/** What a runtime makes until told otherwise. */
const DEFAULT_FORMATS: FrameFormats = { full: true, compact: false };

/** A seat held by a player: connected (session set) or away, waiting to be rejoined. */
export interface Seat {
  readonly player: number;
  readonly token: string;
  /** The player's name in the game, as the room made it. */
  readonly name: string;
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
  private lifecycleNow: RoomLifecycle = 'queued';
  private exitReasonNow: string | null = null;
  /** Why the lobby stopped the room on purpose; null unless it did. */
  private endReasonNow: RoomEndReason | null = null;
  private phaseNow: Phase = 'waiting';
  private playersNow = 0;
  private playerNamesNow: readonly string[] = [];
  private botsNow = 0;
  private lastInputAtNow: number;
  /** When the runtime last said anything: the watchdog's heartbeat. */
  private lastHeardAt: number;
  /** When the current runtime was started (not queued): the start deadline counts from here. */
  private startingSince: number;
  /** When the current runtime was asked for, while it waits for a start slot. */
  private queuedSince: number | null = null;
  /** Runtime starts that failed (died, or missed the start deadline) since the room was last ready. */
  private failedStarts = 0;
  /** The lifecycle the runtime was in when it exited on its own. */
  private exitedWhile: RoomLifecycle | null = null;
  /** Set when the lobby killed a runtime for missing the start deadline, to say so. */
  private startDeadlineMissedMs: number | null = null;
  /** When the room was last resumed from a checkpoint, if ever. */
  private resumedAt: number | null = null;
  /** The latest whole game state the runtime sent, to resume from if it dies. */
  private latestCheckpoint: Checkpoint | null = null;
  readonly seats = new Map<number, Seat>();
  readonly pending = new Map<number, ClientSession>();
  /** The name each pending request asked for, to ask again if the runtime has to start over. */
  private readonly pendingNames = new Map<number, string>();
  /** Spectators: the lobby's alone, never the room's. */
  private readonly watchers = new RoomWatchers();
  private channel: RoomChannel;
  private outbox: LobbyToRoom[] = [];
  private nextRequestId = 1;
  private readonly latenessUs = new Histogram();
  private ticks = 0;
  private skipped = 0;
  private ticksPerSecond = 0;
  /** Whether the current runtime has sent a timing report yet (its tick rate means something). */
  private reportedTiming = false;
  private memory: RoomStats['memory'] = { rssBytes: null, heapUsedBytes: null };
  /** The frame formats the current runtime was asked to make. */
  private formats: FrameFormats = DEFAULT_FORMATS;

  private resolveExited!: () => void;
  /** Settles once the runtime has exited for good (not resumed). */
  readonly exited = new Promise<void>((resolve) => {
    this.resolveExited = resolve;
  });

  /**
   * Starts the room's runtime: a new game, or with `adoption` a game another
   * lobby ran, from its checkpoint, with its seats held for their players
   * (the lobby owns their hold timers). `generation` is the fencing
   * generation the game directory holds the game under for this lobby.
   */
  constructor(
    readonly name: string,
    readonly config: RoomConfig,
    private readonly host: RoomHost,
    private readonly events: LobbyRoomEvents,
    private readonly counters: LobbyCounters,
    now: number,
    readonly generation = 1,
    adoption?: Adoption,
  ) {
    this.lastInputAtNow = now;
    this.lastHeardAt = now;
    this.startingSince = now;
    if (adoption) {
      this.latestCheckpoint = adoption.checkpoint;
      this.resumedAt = now;
      // As the game stood, until its new runtime reports: a player rejoining meanwhile is told so.
      // Bots' seats are counted apart; a checkpoint from an older lobby has none.
      const seated = adoption.checkpoint.cycles.filter((cycle) => cycle.seated && !cycle.bot);
      this.phaseNow = adoption.checkpoint.phase;
      this.playersNow = seated.length;
      this.botsNow = adoption.checkpoint.cycles.filter((cycle) => cycle.bot).length;
      this.playerNamesNow = seated.map((cycle) => cycle.name ?? defaultPlayerName(cycle.number));
      for (const { player, token } of adoption.seats) {
        // The names are in the game state; a checkpoint from an older lobby may have none.
        const name = adoption.checkpoint.cycles[player - 1]?.name ?? defaultPlayerName(player);
        this.seats.set(player, { player, token, name, session: null, address: 'unknown', awaitingSnapshot: false, awayTimer: undefined });
      }
    }
    this.channel = this.startRuntime(adoption?.checkpoint);
    this.enterStartLifecycle(now, true);
  }

  get lifecycle(): RoomLifecycle {
    return this.lifecycleNow;
  }

  /** Why the room's runtime stopped or is stopping; null while it is alive. */
  get exitReason(): string | null {
    return this.exitReasonNow;
  }

  /** Why the lobby stopped the room on purpose (`dispose`); null if it did not. */
  get endReason(): RoomEndReason | null {
    return this.endReasonNow;
  }

  /**
   * The current runtime's tick rate over its last report window (about 2 s);
   * null before its first report (a room starting, or just resumed).
   */
  get measuredTicksPerSecond(): number | null {
    return this.reportedTiming ? this.ticksPerSecond : null;
  }

  get phase(): Phase {
    return this.phaseNow;
  }

  /** Seats held by people, as the room last reported. */
  get players(): number {
    return this.playersNow;
  }

  /** Seats held by the room's bots, as the room last reported. */
  get bots(): number {
    return this.botsNow;
  }

  /**
   * When a key was last pressed, or the room became ready, a player sat
   * down, came back or went away, or a round started running.
   */
  get lastInputAt(): number {
    return this.lastInputAtNow;
  }

  /**
   * Whether the idle timeout closes this room at `now`. Only a room that
   * went `idleTimeoutMs` without input (see `lastInputAt`) can be idle, and
   * only if nobody is connected to it, or its round is running: a running
   * round nobody steers is abandoned, while between rounds a connected
   * player may wait for friends for as long as they like. Spectators do not
   * count: they cannot press a key, so they keep no game alive. A room
   * still starting has its own deadline.
   */
  isIdle(now: number, idleTimeoutMs: number): boolean {
    if (this.lifecycleNow !== 'running' || now - this.lastInputAtNow < idleTimeoutMs) return false;
    return this.phaseNow === 'running' || !this.hasPlayerConnected();
  }

  /** A player is connected to a seat, or waiting for one. */
  private hasPlayerConnected(): boolean {
    if (this.pending.size > 0) return true;
    for (const seat of this.seats.values()) if (seat.session) return true;
    return false;
  }

  get checkpoint(): Checkpoint | null {
    return this.latestCheckpoint;
  }

  /**
   * What the watchdog makes of this room at `now`: a running room silent for
   * longer than `hangTimeoutMs`, or a starting one not ready `startTimeoutMs`
   * after it was started, is killed (its exit follows). A room waiting for a
   * start slot is not judged: its deadline starts with its runtime. `lobbyWasBlocked` means
   * the lobby itself did not run for a while: messages may be waiting unread,
   * so the room is not judged this time.
   */
  watch(now: number, limits: { readonly hangTimeoutMs: number; readonly startTimeoutMs: number }, lobbyWasBlocked: boolean): void {
    if (lobbyWasBlocked) {
      this.lastHeardAt = now;
      return;
    }
    if (this.lifecycleNow === 'running' && now - this.lastHeardAt > limits.hangTimeoutMs) {
      this.channel.kill('hung');
    } else if (this.lifecycleNow === 'starting' && now - this.startingSince > limits.startTimeoutMs) {
      this.startDeadlineMissedMs = limits.startTimeoutMs;
      this.channel.kill('hung');
    }
  }

  get pid(): number | null {
    return this.channel.pid;
  }

  /** Alive and accepting players: not stopping, not exited. */
  get isOpen(): boolean {
    return this.lifecycle === 'queued' || this.lifecycle === 'starting' || this.lifecycle === 'running';
  }

  /** Not ready yet: waiting for a start slot, or started and not ready. */
  get isStarting(): boolean {
    return this.lifecycle === 'queued' || this.lifecycle === 'starting';
  }

  /** Spectators watching; they hold no seat and do not keep the room open. */
  get watcherCount(): number {
    return this.watchers.count;
  }

  /** Nobody holds or is taking a seat, connected or away. Spectators do not count. */
  get isEmpty(): boolean {
    return this.seats.size === 0 && this.pending.size === 0;
  }

  /** What another lobby needs to take this game over; null before the first checkpoint. */
  record(): GameRecord | null {
    if (!this.latestCheckpoint) return null;
    const seats = [...this.seats.values()].map((seat) => ({ player: seat.player, token: seat.token }));
    return { config: this.config, checkpoint: this.latestCheckpoint, seats };
  }

  summary(): GameSummary {
    return {
      name: this.name,
      players: this.players,
      bots: this.botsNow,
      maxPlayers: this.config.seats,
      phase: this.phaseNow,
      width: this.config.width,
      height: this.config.height,
      playerNames: this.playerNamesNow,
    };
  }

  stats(): RoomStats {
    return {
      name: this.name,
      pid: this.pid,
      runtime: this.lifecycleNow,
      phase: this.phase,
      players: this.players,
      bots: this.botsNow,
      maxPlayers: this.config.seats,
      watchers: this.watchers.count,
      ticks: this.ticks,
      skipped: this.skipped,
      ticksPerSecond: round(this.ticksPerSecond, 3),
      latenessMs: {
        p50: round(this.latenessUs.quantile(0.5) / 1000, 3),
        p99: round(this.latenessUs.quantile(0.99) / 1000, 3),
        max: round(this.latenessUs.max / 1000, 3),
      },
      latenessHistogramUs: this.latenessUs.toJSON(),
      memory: this.memory,
    };
  }

  /** Asks the room for a seat for `session`'s player, under `name` (checked) or the seat's default. */
  requestSeat(session: ClientSession, name?: string): number {
    const requestId = this.nextRequestId++;
    this.pending.set(requestId, session);
    if (name !== undefined) this.pendingNames.set(requestId, name);
    this.send(joinRequest(requestId, name));
    this.updateFormats();
    return requestId;
  }

  /**
   * The player gave up waiting for a seat. The room is told too, in order
   * with everything else, so a seat it grants meanwhile is free again before
   * the next request is handled.
   */
  cancelSeatRequest(requestId: number): void {
    this.pendingNames.delete(requestId);
    if (!this.pending.delete(requestId)) return;
    this.send({ type: 'cancel-join', requestId });
    this.updateFormats();
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
    this.lastInputAtNow = performance.now();
    this.watchers.playerArrived(session);
    this.updateFormats();
    this.resync(seat);
  }

  /**
   * A spectator starts watching: it gets frames from the next snapshot on.
   * The room hears nothing of it, unless it reads a frame format nobody read
   * before (see `updateFormats`).
   */
  addWatcher(session: ClientSession): void {
    this.watchers.add(session);
    this.updateFormats();
  }

  /** A spectator stops watching; false if it was not watching here. */
  removeWatcher(session: ClientSession): boolean {
    if (!this.watchers.remove(session)) return false;
    this.updateFormats();
    return true;
  }

  isWatchedBy(session: ClientSession): boolean {
    return this.watchers.has(session);
  }

  /** The seat's player is gone for now; the seat is kept until `release` (the lobby owns the timer). */
  detach(seat: Seat, awayTimer: NodeJS.Timeout): void {
    seat.session = null;
    seat.awayTimer = awayTimer;
    // A room nobody is connected to is idle after the timeout counted from now, not from the last key.
    this.lastInputAtNow = performance.now();
    this.updateFormats();
  }

  pressKey(player: number, key: Key, now: number): void {
    this.lastInputAtNow = now;
    this.send({ type: 'key', player, key });
  }

  /** Gives a seat up for good. */
  release(player: number): void {
    const seat = this.seats.get(player);
    if (!seat) return;
    clearTimeout(seat.awayTimer);
    this.seats.delete(player);
    this.send({ type: 'leave', player });
    this.updateFormats();
    this.events.seatReleased(this, seat);
    this.events.recordChanged(this, 'seats');
  }

  /**
   * Sends a message to every player connected to a seat, and every
   * spectator, but `except`: news of the game (a `notice`) rather than a
   * frame, so it is never skipped.
   */
  tellPlayers(message: ServerMessage, except?: ClientSession): void {
    let text: string | undefined;
    for (const seat of this.seats.values()) {
      const session = seat.session;
      if (!session || session === except) continue;
      text ??= JSON.stringify(message);
      session.sendSerialized(text);
    }
    for (const session of this.watchers.sessions()) {
      text ??= JSON.stringify(message);
      session.sendSerialized(text);
    }
  }

  /** Everyone connected to or entering the room, for notices when it goes away. */
  /** Everyone connected to, entering or watching the room, for notices when it goes away. */
  connected(): ClientSession[] {
    const sessions: ClientSession[] = [...this.pending.values()];
    for (const seat of this.seats.values()) if (seat.session) sessions.push(seat.session);
    for (const session of this.watchers.sessions()) sessions.push(session);
    return sessions;
  }

  /** Tests only: reaches the runtime only if its host was started with fault injection. */
  injectFault(fault: RoomFault): void {
    this.send({ type: 'fault', fault });
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
    if (this.exitedWhile === 'queued' || this.exitedWhile === 'starting' || this.latestCheckpoint === null) {
      if (this.failedStarts === 0) return 'restart';
      this.exitReasonNow = `${this.exitReasonNow}, for the second time in a row`;
      return 'end';
    }
    if (this.resumedAt !== null && now - this.resumedAt < resumeWindowMs) {
      this.exitReasonNow = `${this.exitReasonNow}, again within ${resumeWindowMs / 1000} s of resuming`;
      return 'end';
    }
    return 'resume';
  }

  /** Starts a runtime again after a failed start; players waiting for a seat keep waiting. */
  restart(now: number): void {
    this.failedStarts += 1;
    this.launch(now);
  }

  /** Stops the room on purpose, saying why (`reason`, for people, and `endReason`); idempotent. Players are the lobby's to move out first. */
  dispose(reason: string, endReason: RoomEndReason): void {
    if (!this.isOpen) return;
    this.lifecycleNow = nextLifecycle(this.lifecycleNow, 'stopping');
    this.exitReasonNow = reason;
    this.endReasonNow = endReason;
    this.letGo();
    this.outbox = [];
    this.channel.dispose();
  }

  /** Forgets every seat, seat request and spectator, with their timers, once the game is over; idempotent. */
  letGo(): void {
    for (const seat of this.seats.values()) clearTimeout(seat.awayTimer);
    this.seats.clear();
    this.pending.clear();
    this.pendingNames.clear();
    this.watchers.clear();
  }

  /**
   * Starts a fresh runtime from the latest checkpoint after the previous one
   * died. Players keep their seats; those who left meanwhile are let go.
   * Players who were waiting for a seat are the lobby's to send away first.
   */
  resume(now: number): void {
    if (this.lifecycleNow !== 'exited' || !this.latestCheckpoint) {
      throw new Error(`room ${this.name} can only resume after an exit with a checkpoint (lifecycle ${this.lifecycleNow})`);
    }
    this.resumedAt = now;
    this.pending.clear();
    this.pendingNames.clear();
    this.launch(now);
  }

  /**
   * Starts a new runtime for this room, from the checkpoint if there is one,
   * and queues what it must know: the frame format wanted, the seats given up
   * since the checkpoint, and the seat requests still waiting.
   */
  private launch(now: number): void {
    this.exitReasonNow = null;
    this.exitedWhile = null;
    this.startDeadlineMissedMs = null;
    this.reportedTiming = false;
    this.skipped = 0;
    const checkpoint = this.latestCheckpoint ?? undefined;
    this.channel = this.startRuntime(checkpoint);
    this.enterStartLifecycle(now);
    if (checkpoint) {
      for (const cycle of checkpoint.cycles) {
        // Bots' seats are the room's own; only people who left meanwhile are let go.
        if (cycle.seated && cycle.bot === null && !this.seats.has(cycle.number)) this.send({ type: 'leave', player: cycle.number });
      }
    }
    for (const requestId of this.pending.keys()) this.send(joinRequest(requestId, this.pendingNames.get(requestId)));
    this.updateFormats();
    // The first frame of a resumed room is a snapshot: every seat and spectator resynchronises from it.
    for (const seat of this.seats.values()) seat.awaitingSnapshot = false;
    // Without a checkpoint the new runtime starts afresh with a state frame: spectators wait for a snapshot.
    if (!checkpoint) this.watchers.resyncAll();
  }

  /**
   * Asks the host for a runtime. A game that was already under way (it has a
   * checkpoint: resumed, or taken over from another lobby) or whose start
   * failed goes ahead of new games when starts are queued.
   */
  private startRuntime(resume?: Checkpoint): RoomChannel {
    this.outbox = [];
    this.formats = DEFAULT_FORMATS;
    const priority = resume !== undefined || this.failedStarts > 0 ? 'restart' : 'new';
    const channel = this.host.create(
      {
        onStarted: () => {
          if (channel === this.channel) this.channelOnStarted();
        },
        onMessage: (message) => {
          if (channel === this.channel) this.channelOnMessage(message);
        },
        onExit: (exit) => {
          if (channel === this.channel) this.channelOnExit(exit);
        },
        // A runtime's last words (a stack trace, V8's report) may come after its exit, or after a new runtime started.
        onLog: (record) => this.events.logged(this, channel.pid, record),
      },
      priority,
    );
    this.outbox.push(resume ? { type: 'create', config: this.config, resume } : { type: 'create', config: this.config });
    return channel;
  }

  /** Queued or starting: the runtime gets it once ready. */
  private send(message: LobbyToRoom): void {
    if (this.isStarting) this.outbox.push(message);
    else if (this.lifecycleNow === 'running') this.channel.send(message);
  }

  private resync(seat: Seat): void {
    seat.awaitingSnapshot = true;
    this.send({ type: 'resync', player: seat.player });
  }

  private forwardFrame(message: Extract<RoomToLobby, { type: 'frame' }>): void {
    const frame = new RelayedFrame(message);
    for (const seat of this.seats.values()) {
      const session = seat.session;
      if (!session) continue;
      if (seat.awaitingSnapshot) {
        this.counters.framesDropped[FrameDropReason.AwaitingSnapshot] += 1;
        continue;
      }
      const chosen = frame.for(session.compact);
      // The room had not yet heard that this player wants this format: resynchronise from a snapshot.
      if (chosen === undefined) {
        this.counters.framesDropped[FrameDropReason.AwaitingSnapshot] += 1;
        this.resync(seat);
      }
      else if (session.sendFrame(chosen) === 'lagging-ended') this.resync(seat);
    }
    this.watchers.forwardFrame(frame);
    // Checked first: the generator is made only on a tick when the count changed.
    if (this.watchers.countDue) this.watchers.tellCount(this.seatedSessions());
  }

  private *seatedSessions(): Generator<ClientSession> {
    for (const seat of this.seats.values()) if (seat.session) yield seat.session;
  }

  /**
   * Keeps the room making exactly the frame formats its players and
   * spectators want: full, compact, both or (nobody connected) neither.
   * Encoding a format nobody reads costs the room CPU every tick and the
   * channel bytes. This is the one thing spectators ever make the lobby tell
   * the room, and only when they read a format no one else does.
   */
  private updateFormats(): void {
    let { full, compact } = this.watchers.wantedFormats();
    const wants = (session: ClientSession): void => {
      if (session.compact) compact = true;
      else full = true;
    };
    for (const seat of this.seats.values()) if (seat.session) wants(seat.session);
    for (const session of this.pending.values()) wants(session);
    if (full === this.formats.full && compact === this.formats.compact) return;
    this.formats = { full, compact };
    this.send({ type: 'frames', ...this.formats });
  }

  private readonly messageHandlers: {
    readonly [T in RoomToLobby['type']]: (message: Extract<RoomToLobby, { type: T }>) => void;
  } = {
    ready: () => {
      if (this.lifecycleNow !== 'starting') return;
      this.lifecycleNow = nextLifecycle(this.lifecycleNow, 'running');
      this.failedStarts = 0;
      // Idle time counts from when the game can be played, not from a slow start.
      this.lastInputAtNow = performance.now();
      const queued = this.outbox;
      this.outbox = [];
      for (const message of queued) this.channel.send(message);
    },
    status: (message) => {
      // A round nobody steers is idle after the timeout counted from its start, not from the ready votes.
      if (message.phase === 'running' && this.phaseNow !== 'running') this.lastInputAtNow = performance.now();
      this.phaseNow = message.phase;
      this.playersNow = message.players;
      this.playerNamesNow = message.names;
      this.botsNow = message.bots;
      this.events.statusChanged(this);
    },
    stats: (message) => {
      const window = Histogram.from(message.latenessUs);
      this.counters.addReport(message, window, this.skipped);
      this.ticks = message.ticks;
      this.skipped = message.skipped;
      this.ticksPerSecond = message.windowMs > 0 ? (message.windowTicks * 1000) / message.windowMs : 0;
      this.reportedTiming = true;
      this.latenessUs.merge(window);
      this.memory = { rssBytes: this.pid === null ? null : message.rssBytes, heapUsedBytes: message.heapUsedBytes };
    },
    checkpoint: (message) => {
      this.latestCheckpoint = message.checkpoint;
      this.watchers.checkpoint(message.checkpoint);
      this.events.recordChanged(this, 'checkpoint');
    },
    heartbeat: () => {
      // Only proves the room is alive; channelOnMessage noted when it was heard.
    },
    frame: (message) => {
      this.forwardFrame(message);
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
      this.pendingNames.delete(message.requestId);
      // A request cancelled meanwhile was cancelled in the room too, in order: nothing to give back.
      if (!session) return;
      const seat: Seat = {
        player: message.player,
        token: nanoid(),
        name: message.name,
        session,
        address: session.remoteAddress,
        awaitingSnapshot: false,
        awayTimer: undefined,
      };
      this.seats.set(message.player, seat);
      this.lastInputAtNow = performance.now();
      this.watchers.playerArrived(session);
      this.updateFormats();
      // The checkpoint with this seat came just before; the record now has its token too.
      this.events.recordChanged(this, 'seats');
      this.events.seatGranted(this, session, message.requestId, seat, message.snapshot);
    },
    'join-rejected': (message) => {
      const session = this.pending.get(message.requestId);
      this.pending.delete(message.requestId);
      this.pendingNames.delete(message.requestId);
      this.updateFormats();
      if (session) this.events.seatRefused(this, session, message.requestId, message.code);
    },
  };

  /**
   * A runtime just asked for is queued or already started; which one the
   * channel says. A queued one becomes starting when `onStarted` comes.
   */
  private enterStartLifecycle(now: number, first = false): void {
    const startedAt = this.channel.startedAt;
    const state = startedAt === null ? 'queued' : 'starting';
    this.lifecycleNow = first ? state : nextLifecycle(this.lifecycleNow, state);
    this.lastHeardAt = now;
    this.startingSince = startedAt ?? now;
    this.queuedSince = startedAt === null ? now : null;
    if (startedAt !== null) this.counters.roomStartWaited(0);
  }

  private channelOnStarted(): void {
    if (this.lifecycleNow !== 'queued') return;
    this.lifecycleNow = nextLifecycle(this.lifecycleNow, 'starting');
    const now = performance.now();
    this.lastHeardAt = now;
    this.startingSince = this.channel.startedAt ?? now;
    if (this.queuedSince !== null) this.counters.roomStartWaited(now - this.queuedSince);
    this.queuedSince = null;
  }

  private channelOnMessage(message: RoomToLobby): void {
    if (this.lifecycleNow === 'exited') return;
    this.lastHeardAt = performance.now();
    this.messageHandlers[message.type](message as never);
  }

  private channelOnExit(exit: RoomExit): void {
    const wasPlanned = this.lifecycleNow === 'stopping';
    this.exitedWhile = this.lifecycleNow;
    this.lifecycleNow = nextLifecycle(this.lifecycleNow, 'exited');
    if (!wasPlanned) {
      this.exitReasonNow =
        this.startDeadlineMissedMs !== null
          ? `room process was not ready ${this.startDeadlineMissedMs / 1000} s after it was started and was killed`
          : describeExit(exit);
    }
    this.events.exited(this, exit);
    // Still exited after the lobby had its say: not resumed, gone for good.
    if (this.lifecycleNow === 'exited') this.resolveExited();
  }
}

function joinRequest(requestId: number, name: string | undefined): LobbyToRoom {
  return name === undefined ? { type: 'join', requestId } : { type: 'join', requestId, name };
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
