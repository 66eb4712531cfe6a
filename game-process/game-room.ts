import { createGame, seatedCount, seatPlayer, step, type GameState, type PlayerInput } from '../shared/rules/index.js';
import { encodeSnapshotFrame, encodeStateFrame } from '../shared/protocol/game-frames.js';
import type { LobbyToRoom, RoomConfig, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { Histogram } from '../shared/stats/histogram.js';
import { burnCpu, drawWorkMs } from './busy-work.js';
import { TickScheduler, type TickTiming } from './tick-scheduler.js';

/** How often a room reports its own tick timing to the lobby. */
const STATS_EVERY_MS = 2000;

type RoomCommand = Exclude<LobbyToRoom, { type: 'create' } | { type: 'stop' }>;

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
  private reportedPlayers = -1;
  private disposed = false;
  private readonly statsEveryTicks: number;
  private ticks = 0;
  private skipped = 0;
  private window = new Histogram();
  private windowStartedAt = 0;

  constructor(
    private readonly config: RoomConfig,
    private readonly send: (message: RoomToLobby) => void,
  ) {
    this.state = createGame({ seats: config.seats, width: config.width, height: config.height, seed: config.seed });
    this.scheduler = new TickScheduler(config.tickMs, this.schedulerOnTick);
    this.statsEveryTicks = Math.max(1, Math.round(STATS_EVERY_MS / config.tickMs));
  }

  start(): void {
    this.reportStatus();
    this.windowStartedAt = performance.now();
    this.scheduler.start();
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
      const seat = seatPlayer(this.state);
      if (!seat.ok) {
        const code = seat.reason === 'full' ? 'GAME_FULL' : 'GAME_IN_PROGRESS';
        this.send({ type: 'join-rejected', requestId: command.requestId, code });
        return;
      }
      this.state = seat.state;
      this.reportStatus();
      this.send({
        type: 'joined',
        requestId: command.requestId,
        player: seat.player,
        snapshot: encodeSnapshotFrame(this.state),
      });
    },
    key: (command) => {
      this.inputs.push({ player: command.player, action: command.key });
    },
    leave: (command) => {
      this.inputs.push({ player: command.player, action: 'leave' });
    },
  };

  private readonly schedulerOnTick = (timing: TickTiming): void => {
    this.recordTiming(timing);
    if (this.config.workMs) burnCpu(drawWorkMs(this.config.workMs));
    const before = this.state.phase;
    const inputs = this.inputs;
    this.inputs = [];
    this.state = step(this.state, inputs);
    this.reportStatus();
    // A round start gets a full snapshot so that late or confused clients resynchronise.
    const roundStarted = before !== 'running' && this.state.phase === 'running';
    const frame = roundStarted ? encodeSnapshotFrame(this.state) : encodeStateFrame(this.state);
    this.send({ type: 'frame', frame });
  };

  private recordTiming(timing: TickTiming): void {
    this.ticks += 1;
    this.skipped += timing.skipped;
    this.window.record(Math.max(0, timing.lateMs) * 1000);
    if (this.window.count < this.statsEveryTicks) return;
    const now = performance.now();
    this.send({
      type: 'stats',
      ticks: this.ticks,
      skipped: this.skipped,
      windowMs: now - this.windowStartedAt,
      windowTicks: this.window.count,
      latenessUs: this.window.toJSON(),
    });
    this.window = new Histogram();
    this.windowStartedAt = now;
  }

  private reportStatus(): void {
    const players = seatedCount(this.state);
    if (this.state.phase === this.reportedPhase && players === this.reportedPlayers) return;
    this.reportedPhase = this.state.phase;
    this.reportedPlayers = players;
    this.send({ type: 'status', phase: this.state.phase, players });
  }
}
