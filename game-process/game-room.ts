import { getHeapStatistics } from 'node:v8';
import { stepWithBots } from '../shared/bots/room-bots.js';
import {
  botCount,
  createGame,
  fromCheckpoint,
  seatedCount,
  seatPlayer,
  unseatPlayer,
  toCheckpoint,
  type Checkpoint,
  type Cycle,
  type GameState,
  type PlayerInput,
} from '../shared/rules/index.js';
import { encodeCompactStateFrame } from '../shared/protocol/compact-frames.js';
import { encodeSnapshotFrame, encodeStateFrame, sameSeats } from '../shared/protocol/game-frames.js';
import type { FrameFormats, LobbyToRoom, RoomConfig, RoomFault, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { Histogram } from '../shared/stats/histogram.js';
import { burnCpu, drawWorkMs } from './busy-work.js';
import { TickScheduler, type TickTiming } from './tick-scheduler.js';

/** How often a room reports its own tick timing to the lobby. */
const STATS_EVERY_MS = 2000;
/** How often a room checkpoints its state to the lobby: the most a resumed game rolls back. */
const CHECKPOINT_EVERY_TICKS = 5;
/**
 * Seats granted for the latest join requests, for `cancel-join`. The lobby
 * only cancels a request it has not yet seen answered, so a short memory does.
 */
const GRANTS_REMEMBERED = 64;

type RoomCommand = Exclude<LobbyToRoom, { type: 'create' } | { type: 'stop' } | { type: 'fault' }>;

/** The way out of a room: false means a frame was dropped because the lobby is not reading; nothing else is ever dropped. */
export type SendToLobby = (message: RoomToLobby) => boolean;

/**
 * One game room: owns the game state and its tick loop, queues player input
 * between ticks, and emits one serialized frame per tick. It knows nothing of
 * how it is hosted; `send` is its only way out.
 */
export class GameRoom {
  private state: GameState;
  private inputs: PlayerInput[] = [];
  private readonly scheduler: TickScheduler;
  private reportedPhase = '';
  private reportedNames: readonly string[] | null = null;
  private reportedBots = -1;
  /** The seats as the last frame to every player showed them: a frame carries them again once they change. */
  private seatsShown: readonly Cycle[];
  private disposed = false;
  private readonly statsEveryTicks: number;
  private ticks = 0;
  private skipped = 0;
  private windowLatenessUs = new Histogram();
  private windowStartedAt = 0;
  private ticksSinceCheckpoint = 0;
  /** A frame could not be sent: the next one goes out as a full snapshot. */
  private framesDropped = false;
  /** Frames dropped this report window (the lobby counts them). */
  private windowDroppedFrames = 0;
  /** Resumed rooms start with a snapshot, as do rounds. */
  private snapshotDue: boolean;
  private pendingFault: RoomFault | null = null;
  /** Formats nobody reads are not encoded: full frames only, until the lobby says otherwise. */
  private formats: FrameFormats = { full: true, compact: false };
  /** Join request id -> seat granted, newest last. */
  private readonly grants = new Map<number, number>();

  constructor(
    private readonly config: RoomConfig,
    private readonly send: SendToLobby,
    resume?: Checkpoint,
    /** Called first thing each tick: input that waits to be read arrives through `handle` then. */
    private readonly pollInputs: () => void = () => {},
  ) {
    this.state = resume
      ? fromCheckpoint(resume)
      : createGame({ seats: config.seats, bots: config.bots, width: config.width, height: config.height, seed: config.seed });
    this.snapshotDue = resume !== undefined;
    this.seatsShown = this.state.cycles;
    this.scheduler = new TickScheduler(config.tickMs, this.schedulerOnTick);
    this.statsEveryTicks = Math.max(1, Math.round(STATS_EVERY_MS / config.tickMs));
  }

  start(): void {
    this.reportStatus();
    this.windowStartedAt = performance.now();
    this.scheduler.start();
  }

  /** Test-only faults, reachable only when the host enabled fault injection; they strike inside the next tick. */
  injectFault(fault: RoomFault): void {
    this.pendingFault = fault;
  }

  handle(command: RoomCommand): void {
    if (this.disposed) return;
    this.commandHandlers[command.type](command as never);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.scheduler.dispose();
  }

  private readonly commandHandlers: {
    readonly [T in RoomCommand['type']]: (command: Extract<RoomCommand, { type: T }>) => void;
  } = {
    join: (command) => {
      const seat = seatPlayer(this.state, command.name);
      if (!seat.ok) {
        const code = seat.reason === 'full' ? 'GAME_FULL' : 'GAME_IN_PROGRESS';
        this.send({ type: 'join-rejected', requestId: command.requestId, code });
        return;
      }
      this.state = seat.state;
      this.grants.set(command.requestId, seat.player);
      if (this.grants.size > GRANTS_REMEMBERED) this.grants.delete(this.grants.keys().next().value!);
      this.reportStatus();
      this.checkpoint();
      this.send({
        type: 'joined',
        requestId: command.requestId,
        player: seat.player,
        name: this.state.cycles[seat.player - 1]!.name!,
        snapshot: encodeSnapshotFrame(this.state),
      });
    },
    key: (command) => {
      this.inputs.push({ player: command.player, action: command.key });
    },
    'cancel-join': (command) => {
      const player = this.grants.get(command.requestId);
      this.grants.delete(command.requestId);
      if (player !== undefined) this.freeSeat(player);
    },
    leave: (command) => {
      this.freeSeat(command.player);
    },
    resync: (command) => {
      this.send({ type: 'resync', player: command.player, snapshot: encodeSnapshotFrame(this.state) });
    },
    frames: (command) => {
      this.formats = { full: command.full, compact: command.compact };
    },
  };

  private readonly schedulerOnTick = (timing: TickTiming): void => {
    this.pollInputs();
    this.recordTiming(timing);
    if (this.pendingFault) strike(this.pendingFault);
    if (this.config.workMs) burnCpu(drawWorkMs(this.config.workMs));
    const before = this.state.phase;
    const inputs = this.inputs;
    this.inputs = [];
    // The bots play inside the tick, from the state: no message per bot key, and replays hold.
    this.state = stepWithBots(this.state, inputs);
    const seatsChanged = this.reportStatus();
    // A round start gets a full snapshot so that late or confused clients resynchronise.
    const roundStarted = before !== 'running' && this.state.phase === 'running';
    const full = roundStarted || this.snapshotDue || this.framesDropped;
    this.snapshotDue = false;
    // Names and scores change seldom (a seat taken, a crash, a round won): only then do frames carry them.
    const withSeats = !sameSeats(this.seatsShown, this.state.cycles);
    this.seatsShown = this.state.cycles;
    // Latest frame wins: while the lobby is not reading, frames are dropped, and
    // the first one that gets through is a snapshot so nothing is lost for good.
    if (full) {
      this.framesDropped = !this.send({ type: 'frame', snapshot: true, frame: encodeSnapshotFrame(this.state) });
      if (this.framesDropped) this.windowDroppedFrames += 1;
    } else {
      // Only the formats some player wants, and no field at all for the others.
      const message: { type: 'frame'; frame?: string; compact?: string } = { type: 'frame' };
      if (this.formats.full) message.frame = encodeStateFrame(this.state, withSeats);
      if (this.formats.compact) message.compact = encodeCompactStateFrame(this.state, withSeats);
      this.framesDropped = !this.send(message);
      if (this.framesDropped) this.windowDroppedFrames += 1;
    }
    this.ticksSinceCheckpoint += 1;
    if (seatsChanged || this.ticksSinceCheckpoint >= CHECKPOINT_EVERY_TICKS) this.checkpoint();
  };

  /**
   * Frees a seat now rather than at the next tick: the lobby tells the leaver
   * `left` at once, and a join sent right after must find the seat free.
   */
  private freeSeat(player: number): void {
    const before = this.state;
    this.state = unseatPlayer(this.state, player);
    if (this.state === before) return;
    this.reportStatus();
    this.checkpoint();
  }

  /** Sends the whole state now, whatever the schedule (before stopping, say). */
  checkpointNow(): void {
    if (!this.disposed) this.checkpoint();
  }

  private checkpoint(): void {
    this.ticksSinceCheckpoint = 0;
    this.send({ type: 'checkpoint', checkpoint: toCheckpoint(this.state) });
  }

  private recordTiming(timing: TickTiming): void {
    this.ticks += 1;
    this.skipped += timing.skipped;
    this.windowLatenessUs.record(Math.max(0, timing.lateMs) * 1000);
    if (this.windowLatenessUs.count < this.statsEveryTicks) return;
    const now = performance.now();
    this.send({
      type: 'stats',
      ticks: this.ticks,
      skipped: this.skipped,
      windowMs: now - this.windowStartedAt,
      windowTicks: this.windowLatenessUs.count,
      latenessUs: this.windowLatenessUs.toJSON(),
      droppedFrames: this.windowDroppedFrames,
      rssBytes: process.memoryUsage.rss(),
      heapUsedBytes: getHeapStatistics().used_heap_size,
    });
    this.windowLatenessUs = new Histogram();
    this.windowDroppedFrames = 0;
    this.windowStartedAt = now;
  }

  /** Tells the lobby when the phase, who is seated or the number of bots changed; true if any did. */
  private reportStatus(): boolean {
    const bots = botCount(this.state);
    // Every tick asks; the names are gathered into a new array only when something changed.
    if (this.state.phase === this.reportedPhase && bots === this.reportedBots && namesUnchanged(this.state, this.reportedNames)) return false;
    const names = seatedNames(this.state);
    this.reportedPhase = this.state.phase;
    this.reportedNames = names;
    this.reportedBots = bots;
    this.send({ type: 'status', phase: this.state.phase, players: seatedCount(this.state) - bots, bots, names });
    return true;
  }
}

/** The names of the people seated, in seat order; bots are counted apart. */
function seatedNames(state: GameState): string[] {
  const names: string[] = [];
  for (const cycle of state.cycles) if (cycle.seated && cycle.bot === null && cycle.name !== null) names.push(cycle.name);
  return names;
}

/** Whether `seatedNames(state)` would equal `reported`, without building it. */
function namesUnchanged(state: GameState, reported: readonly string[] | null): boolean {
  if (reported === null) return false;
  let index = 0;
  for (const cycle of state.cycles) {
    if (!cycle.seated || cycle.bot !== null || cycle.name === null) continue;
    if (reported[index] !== cycle.name) return false;
    index += 1;
  }
  return index === reported.length;
}

/** Makes an injected fault happen, as a bug in the game would. */
function strike(fault: RoomFault): void {
  switch (fault) {
    case 'throw':
      throw new Error('injected fault: the game logic threw');
    case 'hang':
      for (;;) {
        // An infinite loop: only a heartbeat watchdog outside this room can notice.
      }
    case 'oom': {
      const hoard: number[][] = [];
      for (;;) hoard.push(new Array<number>(1 << 16).fill(hoard.length));
    }
  }
}
