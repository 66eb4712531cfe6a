import type { Key, Phase } from '../shared/rules/types.js';
import type { JoinRejection, LobbyToRoom, RoomConfig, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import type { GameSummary, RoomStats } from '../shared/protocol/server-messages.js';
import { Histogram } from '../shared/stats/histogram.js';
import type { ClientSession } from './client-session.js';
import type { RoomChannel, RoomExit, RoomHost } from './room-host.js';
import { nextLifecycle, type RoomLifecycle } from './room-lifecycle.js';

/** What a room tells the lobby; the lobby owns the sessions' places. */
export interface LobbyRoomEvents {
  seatGranted(room: LobbyRoom, session: ClientSession, requestId: number, player: number, snapshot: string): void;
  seatRefused(room: LobbyRoom, session: ClientSession, requestId: number, code: JoinRejection): void;
  exited(room: LobbyRoom, exit: RoomExit): void;
}

/**
 * The lobby's handle on one game room: its runtime's lifecycle, who plays in
 * it, and the latest phase and player count it reported. Frames from the
 * room are forwarded to every member as the very string the room produced.
 */
export class LobbyRoom {
  lifecycle: RoomLifecycle = 'starting';
  /** Why the room stopped or is stopping; null while it is alive. */
  exitReason: string | null = null;
  phase: Phase = 'waiting';
  players = 0;
  lastInputAt: number;
  readonly members = new Map<number, ClientSession>();
  readonly pending = new Map<number, ClientSession>();
  private readonly channel: RoomChannel;
  private outbox: LobbyToRoom[] = [];
  private nextRequestId = 1;
  private readonly lateness = new Histogram();
  private ticks = 0;
  private skipped = 0;
  private ticksPerSecond = 0;

  constructor(
    readonly name: string,
    readonly config: RoomConfig,
    host: RoomHost,
    private readonly events: LobbyRoomEvents,
    now: number,
  ) {
    this.lastInputAt = now;
    this.channel = host.create({ onMessage: this.channelOnMessage, onExit: this.channelOnExit });
    this.send({ type: 'create', config });
  }

  get pid(): number | null {
    return this.channel.pid;
  }

  /** Alive and accepting players: not stopping, not exited. */
  get isOpen(): boolean {
    return this.lifecycle === 'starting' || this.lifecycle === 'running';
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

  cancelSeatRequest(requestId: number): void {
    this.pending.delete(requestId);
  }

  pressKey(player: number, key: Key, now: number): void {
    this.lastInputAt = now;
    this.send({ type: 'key', player, key });
  }

  removeMember(player: number): void {
    if (!this.members.delete(player)) return;
    this.send({ type: 'leave', player });
  }

  /** Everyone in or entering the room, for notices when it goes away. */
  everyone(): ClientSession[] {
    return [...this.members.values(), ...this.pending.values()];
  }

  get isEmpty(): boolean {
    return this.members.size === 0 && this.pending.size === 0;
  }

  /** Stops the room on purpose; idempotent. Members are the lobby's to move out first. */
  dispose(reason: string): void {
    if (!this.isOpen) return;
    this.lifecycle = nextLifecycle(this.lifecycle, 'stopping');
    this.exitReason = reason;
    this.members.clear();
    this.pending.clear();
    this.outbox = [];
    this.channel.dispose();
  }

  private send(message: LobbyToRoom): void {
    if (this.lifecycle === 'starting') this.outbox.push(message);
    else if (this.lifecycle === 'running') this.channel.send(message);
  }

  private readonly messageHandlers: {
    readonly [T in RoomToLobby['type']]: (message: Extract<RoomToLobby, { type: T }>) => void;
  } = {
    ready: () => {
      if (this.lifecycle !== 'starting') return;
      this.lifecycle = nextLifecycle(this.lifecycle, 'running');
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
    frame: (message) => {
      for (const member of this.members.values()) member.sendFrame(message.frame);
    },
    joined: (message) => {
      const session = this.pending.get(message.requestId);
      this.pending.delete(message.requestId);
      if (!session) {
        // The player went away while the seat was being granted: give it back.
        this.send({ type: 'leave', player: message.player });
        return;
      }
      this.members.set(message.player, session);
      this.events.seatGranted(this, session, message.requestId, message.player, message.snapshot);
    },
    'join-rejected': (message) => {
      const session = this.pending.get(message.requestId);
      this.pending.delete(message.requestId);
      if (session) this.events.seatRefused(this, session, message.requestId, message.code);
    },
  };

  private readonly channelOnMessage = (message: RoomToLobby): void => {
    if (this.lifecycle === 'exited') return;
    this.messageHandlers[message.type](message as never);
  };

  private readonly channelOnExit = (exit: RoomExit): void => {
    const wasPlanned = this.lifecycle === 'stopping';
    this.lifecycle = nextLifecycle(this.lifecycle, 'exited');
    if (!wasPlanned) this.exitReason = describeExit(exit);
    this.events.exited(this, exit);
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function describeExit(exit: RoomExit): string {
  if (exit.signal) return `room process killed by ${exit.signal}`;
  return `room process exited with code ${exit.code}`;
}
