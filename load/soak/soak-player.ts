import WebSocket from 'ws';
import { decodeServerMessage } from '../../shared/client/decode-server-message.js';
import { ErrorCode } from '../../shared/protocol/error-codes.js';
import type { CycleView, ServerMessage, SnapshotMessage, StateMessage } from '../../shared/protocol/server-messages.js';
import type { Key, Phase } from '../../shared/rules/types.js';
import { ArenaWalls } from '../../shared/bots/arena-walls.js';
import { chooseKey } from '../../shared/bots/bot-decision.js';
import { defaultTemper } from '../../shared/bots/bot-temper.js';

/** What happened to a soak player, with when, so the soak can check every ending was reported. */
export interface PlayerEvent {
  readonly atMs: number;
  readonly kind: 'joined' | 'round-finished' | 'left' | 'crashed' | 'resuming' | 'rejoined' | 'closed' | 'error';
  readonly game: string | null;
  readonly detail?: string;
}

/**
 * A player that keeps coming and going for as long as the soak runs: creates
 * or joins games, plays rounds, and afterwards rematches, leaves, drops its
 * connection and rejoins with its seat token, or walks away and comes back.
 */
export class SoakPlayer {
  readonly events: PlayerEvent[] = [];
  game: string | null = null;
  private socket: WebSocket | null = null;
  private token: string | null = null;
  private me = 0;
  private phase: Phase = 'waiting';
  private cycles: readonly CycleView[] = [];
  private readonly walls = new ArenaWalls();
  private stopped = false;
  /** The player means to press `i` for a rematch as soon as the lobby counts it (see `readyIn`). */
  private rematchWanted = false;
  /** When this round's player stops steering: people crash, and rounds must end for the soak to churn. */
  private carelessAt = Infinity;
  private timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly url: string,
    private readonly random: () => number,
    private readonly findGame: () => string | null,
  ) {}

  start(): void {
    this.connect(() => this.enterGame());
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.socket?.terminate();
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) action();
    }, ms);
    this.timers.add(timer);
  }

  private record(kind: PlayerEvent['kind'], detail?: string): void {
    this.events.push({ atMs: performance.now(), kind, game: this.game, ...(detail === undefined ? {} : { detail }) });
  }

  private connect(onOpen: () => void): void {
    if (this.stopped) return;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.on('open', onOpen);
    socket.on('message', (data) => {
      const decoded = decodeServerMessage(data.toString());
      if (decoded.ok) this.socketOnMessage(decoded.value);
      else this.record('error', `malformed message: ${decoded.error}`);
    });
    socket.on('error', () => {});
    socket.on('close', (code) => {
      if (this.socket !== socket || this.stopped) return;
      this.record('closed', String(code));
      this.game = null;
      this.later(500 + this.random() * 1000, () => this.connect(() => this.enterGame()));
    });
  }

  private send(message: unknown): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private enterGame(): void {
    const open = this.findGame();
    if (open && this.random() < 0.7) this.send({ type: 'join', name: open });
    else this.send({ type: 'create', players: 2, width: 40, height: 16 });
  }

  private socketOnMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'joined': {
        const rejoined = this.token === message.token;
        this.game = message.game.name;
        this.token = message.token;
        this.me = message.player.number;
        this.record(rejoined ? 'rejoined' : 'joined');
        return;
      }
      case 'snapshot':
        this.walls.reset(message.width, message.height, message.walls);
        this.onFrame(message);
        return;
      case 'state':
        this.walls.apply(message.walls);
        this.onFrame(message);
        return;
      case 'left':
        this.record('left', message.reason);
        this.game = null;
        this.token = null;
        this.later(200 + this.random() * 800, () => this.enterGame());
        return;
      case 'resuming':
        this.record('resuming', message.message);
        return;
      case 'error':
        if (message.code === ErrorCode.GameCrashed) {
          this.record('crashed', message.message);
          this.game = null;
          this.token = null;
        } else {
          this.record('error', message.code);
        }
        // Full, in progress or gone: try another game shortly.
        if (this.game === null) this.later(300 + this.random() * 700, () => this.enterGame());
        return;
    }
  }

  private onFrame(message: SnapshotMessage | StateMessage): void {
    const before = this.phase;
    this.phase = message.phase;
    this.cycles = message.cycles;
    if (this.phase === 'finished' && before !== 'finished') {
      this.record('round-finished');
      this.rematchWanted = false;
      this.afterRound();
      return;
    }
    if (this.phase === 'finished') {
      // An `i` within the first second after a round is ignored by the lobby: wait until it counts.
      if (this.rematchWanted && message.readyIn === 0) {
        this.rematchWanted = false;
        this.send({ type: 'key', key: 'i' });
      }
      return;
    }
    if (this.phase === 'running' && before !== 'running') this.carelessAt = performance.now() + 2000 + this.random() * 10_000;
    if (this.phase === 'running' && performance.now() > this.carelessAt) return;
    const key: Key | null = chooseKey(
      { phase: message.phase, me: this.me, cycles: this.cycles, arena: this.walls, awaiting: null },
      { act: this.random(), pick: this.random() },
      defaultTemper,
    );
    if (key) this.send({ type: 'key', key });
  }

  /** What people do after a round: mostly play again, sometimes leave, drop or walk away. */
  private afterRound(): void {
    const roll = this.random();
    if (roll < 0.6) {
      this.later(300 + this.random() * 1500, this.wantRematch);
    } else if (roll < 0.75) {
      this.later(200, () => this.send({ type: 'leave' }));
    } else if (roll < 0.9 && this.token) {
      // A dropped connection: come back with the seat token and ready up again.
      const token = this.token;
      this.socket?.terminate();
      this.socket = null;
      this.record('closed', 'dropped on purpose, will rejoin');
      this.game = null;
      this.later(500 + this.random() * 2000, () =>
        this.connect(() => {
          this.send({ type: 'rejoin', token });
          this.later(500, this.wantRematch);
        }),
      );
    } else {
      this.socket?.close();
    }
  }

  /** Presses `i` now, or on the first frame where the lobby counts it. */
  private readonly wantRematch = (): void => {
    if (this.phase === 'finished') this.rematchWanted = true;
    else this.send({ type: 'key', key: 'i' });
  };
}
