import { LobbyConnection } from '../../client/connection.js';
import { LobbyLink, type GameMessage, type ReconnectStatus } from '../../shared/client/lobby-link.js';
import type { PlayTarget } from '../../shared/client/play-target.js';
import { RECONNECT_WINDOW_MS } from '../../shared/client/reconnect-schedule.js';
import type { ServerMessage, SnapshotMessage, StateMessage } from '../../shared/protocol/server-messages.js';
import { drawRandom, seedRandom } from '../../shared/rules/random.js';
import type { Key } from '../../shared/rules/types.js';
import { ArenaWalls } from '../../shared/bots/arena-walls.js';
import { chooseKey } from '../../shared/bots/bot-decision.js';
import { defaultTemper } from '../../shared/bots/bot-temper.js';

type JoinedMessage = Extract<ServerMessage, { type: 'joined' }>;
type WatchingMessage = Extract<ServerMessage, { type: 'watching' }>;

/** A key pressed this recently (in ticks) is still on its way: the bot does not press it again. */
const KEY_IN_FLIGHT_TICKS = 2;

/**
 * One time the player's game went elsewhere (`moved`) or its connection
 * dropped, and it got back in. Times are `performance.now()` readings.
 */
export interface MoveSample {
  /** `moved`: the lobby sent the player on; `lost`: the connection ended without a word. */
  readonly cause: ReconnectStatus['cause'];
  /** The last frame before the move, and its tick. */
  readonly lastFrameAt: number;
  readonly lastTick: number;
  /** When the player heard of the move (`moved` came, or the drop was noticed). */
  readonly leftAt: number;
  /** When `joined` first came back. */
  readonly seatedAt: number;
  /**
   * Times the player was seated during the move: more than 1 when no frame
   * came for so long after `joined` (a room slow to start) that the link
   * took the connection for dead and rejoined again.
   */
  readonly joins: number;
  /** The first frame after it, and its tick. */
  readonly firstFrameAt: number;
  readonly firstTick: number;
  /** Connections tried until the seat was back for good, that one included. */
  readonly attempts: number;
}

export interface FollowingPlayerOptions {
  /** The lobby the player connects to first. */
  readonly url: string;
  readonly target: PlayTarget;
  /** Seeds the player's choice of keys. */
  readonly seed: number;
}

/** A move under way: from the drop to the first frame again. */
interface Move {
  readonly cause: ReconnectStatus['cause'];
  readonly leftAt: number;
  readonly lastFrameAt: number;
  readonly lastTick: number;
  /** Connections tried so far. */
  attempts: number;
  /** The link's number of the attempt under way, and the joins there were when it began: a new attempt changes either. */
  linkAttempt: number;
  joinsAtAttempt: number;
  seatedAt: number | null;
  joins: number;
}

/**
 * A player of a cluster that behaves as `vimtron play` does, because it is
 * the terminal client's own LobbyLink and connection: it follows `redirect` and `moved`,
 * and after a dropped connection rejoins with its seat token through the
 * lobbies its last `joined` listed, with the client's backoff and window.
 * It plays as the load bots do (readies up, steers clear of walls, presses
 * a key now and then) and times every move: the pause from the last frame
 * before it to the first frame after it, and the ticks rolled back.
 */
export class FollowingPlayer {
  /** Every move, in order. */
  readonly moves: MoveSample[] = [];
  /** What went wrong, in words: a seat refused or lost, a seat number changed, the game left, a frame that did not decode. */
  readonly problems: string[] = [];
  /** Errors the lobby sent while the player was seated, by code. */
  readonly errors: Record<string, number> = {};
  /** The seat as first taken. */
  seat: { readonly game: string; readonly number: number } | null = null;
  frames = 0;
  /** When the last frame came, and its tick. */
  lastFrame: { readonly at: number; readonly tick: number } | null = null;
  /** The longest time between two frames that was not across a move. */
  longestGapMs = 0;
  /** The link ended (refused, gave up, or the seat is gone): the seat is lost. */
  ended = false;
  /** A rejoin seated the player in another game or under another seat number. */
  seatChanged = false;
  private readonly link: LobbyLink;
  private readonly arena = new ArenaWalls();
  private rng: number;
  private move: Move | null = null;
  private lastKey: { readonly key: Key; readonly tick: number } | null = null;
  private readonly seated: Promise<void>;
  private settleSeated: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(options: FollowingPlayerOptions) {
    this.rng = seedRandom(options.seed);
    this.seated = new Promise((resolve, reject) => (this.settleSeated = { resolve, reject }));
    this.seated.catch(() => {});
    this.link = new LobbyLink({
      url: options.url,
      target: options.target,
      reconnectWindowMs: RECONNECT_WINDOW_MS,
      // The terminal client's own connection, over the ws package.
      connect: LobbyConnection.open,
      events: {
        connected: () => {},
        seated: (message, resumed) => this.onSeated(message, resumed),
        game: (message) => this.onGame(message),
        malformed: (problem) => this.problems.push(`a frame did not decode: ${problem}`),
        reconnecting: (status) => this.onReconnecting(status),
        ended: (outcome) => {
          this.ended = true;
          this.problems.push(outcome.message ?? `the link ended with status ${outcome.exitCode}`);
          this.settleSeated?.reject(new Error(outcome.message ?? 'no seat'));
        },
      },
    });
  }

  /** Connects and asks for the seat; resolves once seated, rejects if refused. */
  start(): Promise<void> {
    this.link.start();
    return this.seated;
  }

  /** Whether the player is between a move and the first frame after it. */
  get moving(): boolean {
    return this.move !== null;
  }

  /** Gives the seat up (`leave`) and closes the connection. */
  close(): Promise<void> {
    return this.link.close();
  }

  private onSeated(message: JoinedMessage | WatchingMessage, resumed: boolean): void {
    // A player asks for a seat, never to watch: a watching answer is a seat lost.
    if (message.type === 'watching') {
      this.seatChanged = true;
      this.problems.push(`was given game ${message.game.name} to watch, not a seat`);
      return;
    }
    if (!resumed) {
      this.seat = { game: message.game.name, number: message.player.number };
      this.settleSeated?.resolve();
      return;
    }
    if (this.move) {
      this.move.seatedAt ??= performance.now();
      this.move.joins += 1;
    }
    if (message.game.name !== this.seat?.game || message.player.number !== this.seat.number) {
      this.seatChanged = true;
      this.problems.push(
        `seated again as player ${message.player.number} of ${message.game.name}, not player ${this.seat?.number} of ${this.seat?.game}`,
      );
    }
  }

  private onReconnecting(status: ReconnectStatus): void {
    const move = this.move;
    if (move) {
      // The link reports the attempt under way every second too; and a drop after `joined`, before
      // any frame, starts its count afresh.
      if (status.attempt !== move.linkAttempt || move.joins !== move.joinsAtAttempt) {
        move.attempts += 1;
        move.linkAttempt = status.attempt;
        move.joinsAtAttempt = move.joins;
      }
      return;
    }
    const at = performance.now();
    const last = this.lastFrame ?? { at, tick: -1 };
    this.move = {
      cause: status.cause,
      leftAt: at - status.elapsedMs,
      lastFrameAt: last.at,
      lastTick: last.tick,
      attempts: 1,
      linkAttempt: status.attempt,
      joinsAtAttempt: 0,
      seatedAt: null,
      joins: 0,
    };
  }

  private onGame(message: GameMessage): void {
    if (message.type === 'error') {
      this.errors[message.code] = (this.errors[message.code] ?? 0) + 1;
      return;
    }
    if (message.type === 'left') {
      this.problems.push(`left the game: ${message.reason ?? 'no reason given'}`);
      return;
    }
    if (message.type === 'resuming' || message.type === 'notice' || message.type === 'watchers') return;
    this.onFrame(message, performance.now());
  }

  private onFrame(frame: SnapshotMessage | StateMessage, at: number): void {
    const move = this.move;
    if (move) {
      this.move = null;
      this.moves.push({
        cause: move.cause,
        lastFrameAt: move.lastFrameAt,
        lastTick: move.lastTick,
        leftAt: move.leftAt,
        seatedAt: move.seatedAt ?? at,
        joins: move.joins,
        firstFrameAt: at,
        firstTick: frame.tick,
        attempts: move.attempts,
      });
    } else if (this.lastFrame) {
      this.longestGapMs = Math.max(this.longestGapMs, at - this.lastFrame.at);
    }
    this.lastFrame = { at, tick: frame.tick };
    this.frames += 1;
    if (frame.type === 'snapshot') this.arena.reset(frame.width, frame.height, frame.walls);
    else this.arena.apply(frame.walls);
    this.play(frame);
  }

  private play(frame: SnapshotMessage | StateMessage): void {
    const act = drawRandom(this.rng);
    const pick = drawRandom(act.next);
    this.rng = pick.next;
    const inFlight = this.lastKey && frame.tick - this.lastKey.tick <= KEY_IN_FLIGHT_TICKS ? this.lastKey.key : null;
    const key = chooseKey(
      { phase: frame.phase, me: this.seat?.number ?? 0, cycles: frame.cycles, arena: this.arena, awaiting: inFlight },
      { act: act.value, pick: pick.value },
      defaultTemper,
    );
    if (key === null) return;
    this.lastKey = { key, tick: frame.tick };
    this.link.sendKey(key);
  }
}
