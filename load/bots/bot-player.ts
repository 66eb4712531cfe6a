import WebSocket, { type RawData } from 'ws';
import { decodeServerMessage } from '../../shared/client/decode-server-message.js';
import { compactFramesUrl } from '../../shared/protocol/frames-url.js';
import type { SnapshotMessage, StateMessage } from '../../shared/protocol/server-messages.js';
import { drawRandom } from '../../shared/rules/random.js';
import type { Key, Phase } from '../../shared/rules/types.js';
import { ArenaWalls } from '../../shared/bots/arena-walls.js';
import { chooseKey } from '../../shared/bots/bot-decision.js';
import type { BotTemper } from '../../shared/bots/bot-temper.js';
import type { ClientRoomMetrics } from './client-room-metrics.js';
import { isLatencyKey, keyEffectShown } from './key-probe.js';
import type { GameSpec } from './shard-messages.js';
import { TickStreamMeter } from './tick-stream-meter.js';

/** A key in flight stops the bot from pressing another for this many ticks, then it gives up waiting. */
const AWAIT_TICKS = 5;
/** A key whose effect has not shown after this many ticks counts as unconfirmed. */
const PROBE_PATIENCE_TICKS = 20;
/**
 * A bot presses its key a random 0 to 90 ms after the frame that prompted
 * it, as a person's keys fall anywhere in a tick. Pressed at once, every key
 * would wait exactly one tick and input latency would read 100 ms flat.
 */
const REACTION_MAX_MS = 90;
/** Redirects a bot follows before it gives up: lobbies of a cluster send a request straight to the right one. */
const MAX_REDIRECTS = 3;
/** A lobby holds a dropped player's seat this long (the default `--seat-hold`): past it, trying again is pointless. */
const SEAT_HOLD_MS = 30_000;
/** Pauses before the attempts to get back in after a drop: at once, then a little longer each time, then every half second. */
const REJOIN_BACKOFF_MS = [0, 100, 250, 500] as const;
/** An attempt whose connection or `rejoin` has no answer by then is abandoned for the next one. */
const REJOIN_ATTEMPT_PATIENCE_MS = 5000;

/** Every key frame a bot sends, serialized once. */
const KEY_FRAMES: Readonly<Record<Key, string>> = {
  h: '{"type":"key","key":"h"}',
  j: '{"type":"key","key":"j"}',
  k: '{"type":"key","key":"k"}',
  l: '{"type":"key","key":"l"}',
  i: '{"type":"key","key":"i"}',
  esc: '{"type":"key","key":"esc"}',
};

/** Whether the measured window is open; shared by every bot of a shard. */
export interface MeasuredWindow {
  readonly open: boolean;
}

export interface BotPlayerEvents {
  /** The bot has a seat (for the creator: the room exists, the others may join). */
  joined(bot: BotPlayer): void;
  /** The bot saw a round running for the first time. */
  running(bot: BotPlayer): void;
  /** The bot lost its seat or its connection, or never got one; it stays idle. */
  failed(bot: BotPlayer, reason: string): void;
}

/** Where a bot stands while it tries to get back into its game after a drop. */
interface Rejoining {
  readonly droppedAt: number;
  /** The last frame before the drop: the pause a player sees runs from there. */
  readonly lastFrameAt: number;
  /** A lobby to try first (the one `moved` named), if any. */
  readonly preferred: string | null;
  attempts: number;
  /** Set once `joined` came back; the pause ends at the next frame. */
  seated: boolean;
  timer: NodeJS.Timeout | undefined;
}

export interface BotPlayerOptions {
  readonly url: string;
  readonly game: GameSpec;
  readonly creator: boolean;
  readonly metrics: ClientRoomMetrics;
  readonly temper: BotTemper;
  readonly seed: number;
  readonly tickMs: number;
  readonly window: MeasuredWindow;
  readonly events: BotPlayerEvents;
  /**
   * In a cluster: a dropped connection sends the bot back into its game
   * with `rejoin` through the lobbies this returns (the coordinator's
   * current list) or those its last `joined` named. Absent: a drop ends the bot.
   */
  readonly lobbies?: () => readonly string[];
}

interface KeyProbe {
  readonly key: Key;
  readonly phase: Phase;
  readonly sentAt: number;
  readonly sentTick: number;
}

/**
 * One bot player on its own WebSocket: creates or joins its game (following
 * a `redirect` to the lobby of a cluster that can serve it), readies up,
 * plays with chooseKey on every frame, and measures what a player would
 * feel (frame intervals, missed ticks, input latency, bytes received).
 */
export class BotPlayer {
  private socket: WebSocket;
  private readonly arena = new ArenaWalls();
  private readonly meter: TickStreamMeter;
  private rng: number;
  private player = 0;
  private phase: Phase | null = null;
  private tick = 0;
  private probe: KeyProbe | null = null;
  private scheduled: { readonly key: Key; readonly timer: NodeJS.Timeout } | null = null;
  private createSentAt = 0;
  private joinWanted = false;
  private redirects = 0;
  private sawRunning = false;
  private closing = false;
  private failed = false;
  private token: string | null = null;
  private peers: readonly string[] = [];
  private lastFrameAt = 0;
  private rejoining: Rejoining | null = null;
  /** Resolves once the bot's last socket has closed (a socket left behind by a redirect does not count). */
  readonly closed: Promise<void>;
  private resolveClosed: () => void = () => {};

  constructor(private readonly options: BotPlayerOptions) {
    this.meter = new TickStreamMeter(options.tickMs);
    this.rng = options.seed >>> 0;
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    this.socket = this.connect(options.url);
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Whether the bot lost its connection and is still trying to get back into its game. */
  get isRejoining(): boolean {
    return this.rejoining !== null;
  }

  /** For a bot that is not the creator: asks for a seat once the room exists. */
  join(): void {
    this.joinWanted = true;
    if (this.isOpen) this.socket.send(JSON.stringify({ type: 'join', name: this.options.game.name }));
  }

  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.cancelScheduledKey();
    if (this.rejoining) {
      // Between attempts, or in one: nothing to leave, and the socket may be one already let go.
      this.stopRejoining();
      this.socket.terminate();
      this.resolveClosed();
      return;
    }
    // Leaving first frees the seat at once: a lobby keeps a dropped player's seat for a while.
    if (this.isOpen && this.player !== 0) this.socket.send('{"type":"leave"}');
    if (this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN) this.socket.close();
  }

  /** Cuts the connection without the closing handshake, for shutdowns that ran out of patience. */
  terminate(): void {
    this.closing = true;
    this.cancelScheduledKey();
    this.stopRejoining();
    this.socket.terminate();
  }

  private connect(url: string): WebSocket {
    // The lobby is ours and sends JSON text: checking its UTF-8 would only cost the bots CPU.
    // Compact frames, as the terminal client uses: what a real player receives.
    const socket = new WebSocket(compactFramesUrl(url), { perMessageDeflate: false, skipUTF8Validation: true });
    socket.on('open', this.socketOnOpen);
    socket.on('message', this.socketOnMessage);
    socket.on('close', this.socketOnClose);
    socket.on('error', this.socketOnError);
    return socket;
  }

  /** The same request again, on a new socket to the lobby the redirect names; the old socket is let go quietly. */
  private follow(url: string): void {
    this.redirects += 1;
    if (this.redirects > MAX_REDIRECTS) {
      this.options.metrics.countError('REDIRECT_LOOP');
      if (this.rejoining) {
        this.abandonAttempt();
        return;
      }
      this.fail(`the lobbies redirected the request more than ${MAX_REDIRECTS} times (last to ${url})`);
      return;
    }
    this.letGo(this.socket);
    this.socket = this.connect(url);
  }

  /** Stops listening to a socket and closes it quietly. */
  private letGo(socket: WebSocket): void {
    socket.removeListener('open', this.socketOnOpen);
    socket.removeListener('message', this.socketOnMessage);
    socket.removeListener('close', this.socketOnClose);
    socket.removeListener('error', this.socketOnError);
    socket.on('error', () => {});
    if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
    else socket.close();
  }

  /**
   * The connection of a seated bot dropped (or `moved` sent it elsewhere):
   * tries to get back into the game as docs/protocol.md section 10 says, in
   * turn through the lobbies alive and those of its last `joined`, until the
   * seat hold would have run out.
   */
  private startRejoining(preferred: string | null): void {
    this.cancelScheduledKey();
    this.probe = null;
    this.options.metrics.seatsDropped += 1;
    const now = performance.now();
    this.rejoining = { droppedAt: now, lastFrameAt: this.lastFrameAt || now, preferred, attempts: 0, seated: false, timer: undefined };
    this.scheduleAttempt();
  }

  private scheduleAttempt(): void {
    const rejoining = this.rejoining;
    if (!rejoining || this.closing) return;
    const pause = REJOIN_BACKOFF_MS[Math.min(rejoining.attempts, REJOIN_BACKOFF_MS.length - 1)]!;
    if (performance.now() + pause - rejoining.droppedAt > SEAT_HOLD_MS) {
      this.loseSeat(`could not get back into the game within the ${SEAT_HOLD_MS / 1000} s seat hold`);
      return;
    }
    clearTimeout(rejoining.timer);
    rejoining.timer = setTimeout(() => this.attemptRejoin(), pause);
  }

  private attemptRejoin(): void {
    const rejoining = this.rejoining;
    if (!rejoining || this.closing) return;
    const known = this.options.lobbies?.() ?? [];
    const candidates = [...new Set([...(rejoining.preferred ? [rejoining.preferred] : []), ...known, ...this.peers])];
    const url = candidates[rejoining.attempts % candidates.length]!;
    rejoining.attempts += 1;
    this.redirects = 0;
    this.socket = this.connect(url);
    // A connection or a rejoin left unanswered (a lobby frozen, a port reused) must not stall the bot.
    rejoining.timer = setTimeout(() => this.abandonAttempt(), REJOIN_ATTEMPT_PATIENCE_MS);
  }

  /** Gives up the attempt under way and schedules the next. */
  private abandonAttempt(): void {
    if (!this.rejoining || this.closing) return;
    this.letGo(this.socket);
    this.scheduleAttempt();
  }

  private loseSeat(reason: string): void {
    this.stopRejoining();
    this.options.metrics.seatsLost += 1;
    this.resolveClosed();
    this.fail(reason);
  }

  private stopRejoining(): void {
    if (this.rejoining) clearTimeout(this.rejoining.timer);
    this.rejoining = null;
  }

  private readonly socketOnOpen = (): void => {
    const game = this.options.game;
    if (this.rejoining) {
      this.socket.send(JSON.stringify({ type: 'rejoin', token: this.token }));
    } else if (this.options.creator) {
      const workMs = game.workMs === null ? undefined : game.workMs.min === game.workMs.max ? game.workMs.min : [game.workMs.min, game.workMs.max];
      // Kept from the first create across redirects: creation latency is what a player waits for.
      if (this.createSentAt === 0) this.createSentAt = performance.now();
      this.socket.send(
        JSON.stringify({ type: 'create', players: game.players, name: game.name, width: game.width, height: game.height, workMs }),
      );
    } else if (this.joinWanted) {
      this.join();
    }
  };

  private readonly socketOnMessage = (data: RawData): void => {
    const at = performance.now();
    const buffer = data as Buffer;
    const measuring = this.options.window.open;
    if (measuring) this.options.metrics.bytes += buffer.length;
    const decoded = decodeServerMessage(buffer.toString());
    if (!decoded.ok) {
      this.fail(`the lobby sent a message the bots do not understand: ${decoded.error}`);
      return;
    }
    const message = decoded.value;
    switch (message.type) {
      case 'state':
        this.arena.apply(message.walls);
        this.onFrame(message, at, measuring);
        return;
      case 'snapshot':
        this.arena.reset(message.width, message.height, message.walls);
        this.onFrame(message, at, measuring);
        return;
      case 'joined':
        this.token = message.token;
        this.peers = message.lobbies ?? this.peers;
        if (this.rejoining) {
          clearTimeout(this.rejoining.timer);
          this.rejoining.seated = true;
          return;
        }
        this.onJoined(message.player.number, at);
        return;
      case 'redirect':
        if ((this.player === 0 || this.rejoining) && !this.closing) this.follow(message.url);
        return;
      case 'moved':
        if (this.rejoining || this.closing || !this.options.lobbies || this.token === null) return;
        this.letGo(this.socket);
        this.startRejoining(message.url);
        return;
      case 'error':
        this.options.metrics.countError(message.code);
        if (this.rejoining) {
          if (message.code === 'INVALID_TOKEN') {
            this.letGo(this.socket);
            this.loseSeat(`${message.code}: ${message.message}`);
          } else {
            this.abandonAttempt();
          }
          return;
        }
        if (this.player === 0) this.fail(`${message.code}: ${message.message}`);
        return;
      case 'left':
        if (this.closing) return; // the answer to our own leave
        this.options.metrics.countError('LEFT');
        this.fail(`left the game: ${message.reason ?? 'no reason given'}`);
        return;
      default:
        return;
    }
  };

  private onJoined(player: number, at: number): void {
    this.player = player;
    if (this.options.creator) this.options.metrics.creationUs = Math.round((at - this.createSentAt) * 1000);
    this.options.events.joined(this);
  }

  private onFrame(frame: StateMessage | SnapshotMessage, at: number, measuring: boolean): void {
    const metrics = this.options.metrics;
    const rejoining = this.rejoining;
    if (rejoining) {
      if (!rejoining.seated) return;
      this.rejoining = null;
      metrics.seatsKept += 1;
      metrics.rejoinPauseUs.record(Math.round((at - rejoining.lastFrameAt) * 1000));
      this.meter.restart();
    }
    this.lastFrameAt = at;
    this.meter.frame(frame.tick, at, measuring ? metrics : null);
    const roundStarted = frame.phase === 'running' && this.phase !== 'running';
    this.phase = frame.phase;
    this.tick = frame.tick;
    if (roundStarted) {
      if (measuring && this.options.creator) metrics.roundsStarted += 1;
      if (!this.sawRunning) {
        this.sawRunning = true;
        metrics.botsRunning += 1;
        this.options.events.running(this);
      }
    }
    const me = frame.cycles[this.player - 1];
    if (!me) return;
    this.settleProbe(frame.phase, me, at, measuring);

    const act = drawRandom(this.rng);
    const pick = drawRandom(act.next);
    const reaction = drawRandom(pick.next);
    this.rng = reaction.next;
    // The lobby ignores `i` for a moment after a round ends: pressing it then would only count as a lost key.
    if (frame.phase === 'finished' && frame.readyIn > 0) return;
    const inFlight = this.probe !== null && frame.tick - this.probe.sentTick <= AWAIT_TICKS ? this.probe.key : null;
    const awaiting = this.scheduled?.key ?? inFlight;
    const key = chooseKey(
      { phase: frame.phase, me: this.player, cycles: frame.cycles, arena: this.arena, awaiting },
      { act: act.value, pick: pick.value },
      this.options.temper,
    );
    if (key === null) return;
    this.cancelScheduledKey();
    const timer = setTimeout(() => {
      this.scheduled = null;
      this.press(key);
    }, reaction.value * REACTION_MAX_MS);
    this.scheduled = { key, timer };
  }

  private cancelScheduledKey(): void {
    if (this.scheduled) clearTimeout(this.scheduled.timer);
    this.scheduled = null;
  }

  /** Records the latency of the key in flight if this frame shows it, or gives up on it. */
  private settleProbe(phase: Phase, me: StateMessage['cycles'][number], at: number, measuring: boolean): void {
    const probe = this.probe;
    if (!probe) return;
    if (phase !== probe.phase || (phase === 'running' && me.status !== 'alive')) {
      // The round moved on under the key (it ended, or the cycle crashed): not a lost key.
      this.probe = null;
    } else if (keyEffectShown(probe.key, phase, me)) {
      if (measuring && isLatencyKey(probe.key, probe.phase)) {
        this.options.metrics.inputLatencyUs.record((at - probe.sentAt) * 1000);
      }
      this.probe = null;
    } else if (this.tick - probe.sentTick > PROBE_PATIENCE_TICKS) {
      if (measuring) this.options.metrics.keysUnconfirmed += 1;
      this.probe = null;
    }
  }

  private press(key: Key): void {
    if (!this.isOpen || this.phase === null) return;
    // A key sent while another is still in flight replaces it as the one measured.
    this.probe = { key, phase: this.phase, sentAt: performance.now(), sentTick: this.tick };
    if (this.options.window.open) this.options.metrics.keysSent += 1;
    this.socket.send(KEY_FRAMES[key]);
  }

  private fail(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    this.options.events.failed(this, reason);
  }

  private readonly socketOnClose = (): void => {
    if (this.rejoining && !this.closing) {
      // An attempt that failed (a dead lobby refuses the connection): on to the next.
      clearTimeout(this.rejoining.timer);
      this.scheduleAttempt();
      return;
    }
    if (this.player !== 0 && !this.closing && this.options.lobbies && this.token !== null) {
      this.options.metrics.countError('CONNECTION_CLOSED');
      this.startRejoining(null);
      return;
    }
    this.resolveClosed();
    if (this.closing) return;
    this.options.metrics.countError('CONNECTION_CLOSED');
    this.fail('connection closed by the server');
  };

  private readonly socketOnError = (error: Error): void => {
    // A close event always follows; only the reason is worth keeping.
    if (this.closing || this.rejoining) return;
    // A seated bot in a cluster rejoins when the close follows; the error itself is no failure.
    if (this.player !== 0 && this.options.lobbies && this.token !== null) return;
    this.options.metrics.countError('SOCKET_ERROR');
    this.fail(`socket error: ${error.message}`);
  };
}
