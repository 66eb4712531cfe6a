import type { ClientMessage } from '../protocol/client-messages.js';
import { ErrorCode } from '../protocol/error-codes.js';
import type { ServerMessage, ServerMessageType } from '../protocol/server-messages.js';
import type { Key } from '../rules/types.js';
import { CONNECT_TIMEOUT_MS, type ConnectionEvents, type ConnectToLobby, type LobbyConnection } from './lobby-connection.js';
import type { Outcome } from './outcome.js';
import { describeTarget, type PlayTarget } from './play-target.js';
import { MAX_REDIRECTS, retryDelayMs } from './reconnect-schedule.js';

type JoinedMessage = Extract<ServerMessage, { type: 'joined' }>;
type WatchingMessage = Extract<ServerMessage, { type: 'watching' }>;
/** Node's timers are objects, a browser's are numbers; the link only starts and clears them. */
type Timer = ReturnType<typeof setTimeout>;
type ErrorMessage = Extract<ServerMessage, { type: 'error' }>;
/**
 * What the link asks for on each new connection: a seat first, then the
 * same seat back; or, for a spectator, to watch the game, every time.
 */
type SeatRequest = Extract<ClientMessage, { type: 'create' | 'join' | 'rejoin' | 'watch' }>;

/** What a seated player or a spectator hears of its game; the link answers everything else itself. */
export type GameMessage = Extract<ServerMessage, { type: 'snapshot' | 'state' | 'error' | 'left' | 'resuming' | 'notice' | 'watchers' }>;

/** Where a reconnect stands, for the player to see. */
export interface ReconnectStatus {
  /** The connection was lost, or the lobby said the game moved to another lobby. */
  readonly cause: 'lost' | 'moved';
  /** The lobby being tried. */
  readonly url: string;
  /** Attempts started since the drop, the current one included. */
  readonly attempt: number;
  readonly elapsedMs: number;
}

export interface LobbyLinkEvents {
  /** The first connection is open; the request goes out next, unless the link was closed in here. */
  connected(): void;
  /**
   * A seat: the one asked for, or the same one taken back after a drop
   * (`resumed`); for a spectator, `watching` the game (again). A snapshot follows.
   */
  seated(message: JoinedMessage | WatchingMessage, resumed: boolean): void;
  game(message: GameMessage): void;
  /** A frame that did not decode; the connection goes on. */
  malformed(problem: string): void;
  /** The connection is gone and the link is getting the seat back: at each attempt and every second. */
  reconnecting(status: ReconnectStatus): void;
  /** The link gave up or the lobby refused; the connection is being closed. Never called after `close()`. */
  ended(outcome: Outcome): void;
}

export interface LobbyLinkOptions {
  /** The lobby's WebSocket URL. */
  readonly url: string;
  readonly target: PlayTarget;
  /** How long to try to get the seat back after a drop; 0 ends the link at the drop. */
  readonly reconnectWindowMs: number;
  readonly events: LobbyLinkEvents;
  /** Opens each connection: over `ws` in the terminal client, over the browser's WebSocket in the browser client. */
  readonly connect: ConnectToLobby;
}

/** Waiting for the answer to create, join or rejoin. A new room starts a process, so this is generous. */
const ANSWER_TIMEOUT_MS = 10_000;
/** The lobby sends a frame every 100 ms tick; this long without one means the connection is dead. */
const SILENCE_TIMEOUT_MS = 5000;
/** How often a reconnect's status is reported, so the seconds shown keep counting. */
const STATUS_EVERY_MS = 1000;

/**
 * - joining: opening a connection and asking for a seat (following redirects);
 *   any failure ends the link.
 * - playing: seated; frames flow. A drop, a silence or `moved` leads to reconnecting.
 * - reconnecting: attempts, with backoff, to connect and `rejoin` with the seat
 *   token (following redirects), until seated again or the window ends.
 * - ended: nothing runs any more.
 */
type Stage = 'joining' | 'playing' | 'reconnecting' | 'ended';

interface Drop {
  readonly cause: 'lost' | 'moved';
  /** In the player's words: why the connection ended. */
  readonly why: string;
  /** The lobby the connection to which was lost. */
  readonly lostUrl: string;
  /** Where the attempts go, in turn: the same lobby (or the one `moved` named), then the other lobbies of its cluster. */
  readonly candidates: readonly string[];
  readonly at: number;
}

/**
 * A player's hold on a seat in a game, across connections: connects to a
 * lobby, asks for a seat (create or join), follows `redirect` to the lobby
 * that runs the game, and once seated keeps the seat through dropped
 * connections and `moved` by reconnecting and sending `rejoin` with the seat
 * token, for at most the reconnect window. It owns every connection and
 * timer it starts; `close()` releases them all and is idempotent. Both
 * clients use it: each passes its own way to open a connection.
 */
export class LobbyLink {
  private stage: Stage = 'joining';
  private url: string;
  private request: SeatRequest | null;
  private gameName: string;
  /** The other lobbies of the cluster, from the last `joined`: a way back in if the game's own lobby is gone. */
  private peers: readonly string[] = [];
  private connection: LobbyConnection | null = null;
  /** The request went out on `connection` and is not answered yet. */
  private awaitingAnswer = false;
  /**
   * Bumped whenever the current connection is let go of, or a new one is
   * opened: events of an older connection, or one that opens too late, are
   * recognised by their stale number and ignored.
   */
  private generation = 0;
  private redirects = 0;
  /** Said by the lobby just before it closes every connection; explains the close. */
  private shutdownMessage: string | null = null;
  private drop: Drop | null = null;
  private attempts = 0;
  private lastProblem = '';
  /** The answer timeout while asking, the silence timeout while playing, the wait before the next attempt while reconnecting. */
  private stageTimer: Timer | undefined;
  private giveUpTimer: Timer | undefined;
  private statusTimer: Timer | undefined;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: LobbyLinkOptions) {
    const { target } = options;
    this.url = options.url;
    this.gameName = target.name ?? 'new game';
    this.request =
      target.action === 'create'
        ? { type: 'create', ...withoutAction(target) }
        : target.action === 'join'
          ? { type: 'join', ...withoutAction(target) }
          : target.action === 'watch'
            ? { type: 'watch', name: target.name }
            : { type: 'rejoin', token: target.token };
  }

  start(): void {
    this.open();
  }

  /** A key for the game; dropped while not seated (a key pressed while reconnecting means nothing later). */
  sendKey(key: Key): void {
    if (this.stage === 'playing') this.connection?.send({ type: 'key', key });
  }

  /**
   * Ends the link on the player's behalf; resolves once the connection is
   * closed. A seat held or asked for is given up with `leave` first, sent
   * before the close frame on the same socket, so the lobby frees it at once.
   */
  close(): Promise<void> {
    if (this.stage !== 'ended') {
      const holding = this.stage === 'playing' || (this.stage === 'joining' && this.awaitingAnswer);
      if (holding) this.connection?.send({ type: 'leave' });
      this.stop();
    }
    return this.closing ?? Promise.resolve();
  }

  private open(): void {
    const generation = ++this.generation;
    this.connection = null;
    this.awaitingAnswer = false;
    this.shutdownMessage = null;
    // While reconnecting, a connect that hangs must not outlast the window.
    const timeoutMs = Math.max(1, Math.min(CONNECT_TIMEOUT_MS, this.remainingMs()));
    this.options.connect(this.url, this.eventsFor(generation), timeoutMs).then(
      (connection) => this.connectionOnOpen(generation, connection),
      (error: Error) => {
        if (generation !== this.generation) return;
        this.attemptFailed(error.message, `vimtron: cannot reach the lobby at ${this.url}: ${error.message}`);
      },
    );
  }

  private connectionOnOpen(generation: number, connection: LobbyConnection): void {
    if (generation !== this.generation) {
      void connection.close();
      return;
    }
    this.connection = connection;
    if (this.stage === 'joining' && this.redirects === 0) {
      this.options.events.connected();
      if (generation !== this.generation) return;
    }
    connection.send(this.request!);
    this.awaitingAnswer = true;
    this.restartStageTimer(ANSWER_TIMEOUT_MS, () =>
      this.attemptFailed(
        `no answer within ${ANSWER_TIMEOUT_MS / 1000} s`,
        `vimtron: the lobby at ${this.url} did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`,
      ),
    );
  }

  /** One set of listeners per connection, stamped with its generation (see `generation`). */
  private eventsFor(generation: number): ConnectionEvents {
    return {
      message: (message) => {
        if (generation !== this.generation) return;
        if (this.stage === 'playing') this.restartStageTimer(SILENCE_TIMEOUT_MS, this.silenceOnTimeout);
        (this.messageHandlers[message.type] as (message: ServerMessage) => void)(message);
      },
      malformed: (problem) => {
        if (generation === this.generation) this.options.events.malformed(problem);
      },
      closed: (reason) => {
        if (generation === this.generation) this.connectionOnClosed(this.shutdownMessage ?? reason);
      },
    };
  }

  private readonly messageHandlers: {
    readonly [T in ServerMessageType]: (message: Extract<ServerMessage, { type: T }>) => void;
  } = {
    joined: (message) => {
      if (this.awaitingAnswer && this.request?.type !== 'watch') this.seated(message);
    },
    watching: (message) => {
      if (this.awaitingAnswer && this.request?.type === 'watch') this.seated(message);
    },
    redirect: (message) => {
      if (this.awaitingAnswer) this.follow(message.url, message.message);
    },
    moved: (message) => {
      if (this.stage === 'playing') this.dropped('moved', message.message, message.url);
      // Answering a rejoin, `moved` says the same as a redirect.
      else if (this.awaitingAnswer && this.request?.type === 'rejoin') this.follow(message.url, message.message);
    },
    shutdown: (message) => {
      this.shutdownMessage = message.message;
    },
    error: (message) => {
      if (!this.awaitingAnswer) this.forward(message);
      // The cluster's shared directory is down for a moment: the seat may well be there once it is back.
      else if (this.stage === 'reconnecting' && message.code === ErrorCode.ClusterUnavailable) this.attemptFailed(message.message, '');
      else this.refused(message);
    },
    snapshot: (message) => this.forward(message),
    state: (message) => this.forward(message),
    left: (message) => this.forward(message),
    resuming: (message) => this.forward(message),
    notice: (message) => this.forward(message),
    watchers: (message) => this.forward(message),
    games: () => {},
    pong: () => {},
  };

  private forward(message: GameMessage): void {
    if (this.stage === 'playing') this.options.events.game(message);
  }

  private seated(message: JoinedMessage | WatchingMessage): void {
    const resumed = this.stage === 'reconnecting';
    this.clearTimers();
    this.stage = 'playing';
    this.awaitingAnswer = false;
    this.redirects = 0;
    this.drop = null;
    this.attempts = 0;
    this.gameName = message.game.name;
    this.peers = message.lobbies ?? [];
    // A spectator watches again after a drop. A lobby older than seat tokens sends none: its seats cannot be taken back.
    if (message.type === 'watching') this.request = { type: 'watch', name: message.game.name };
    else this.request = message.token ? { type: 'rejoin', token: message.token } : null;
    this.restartStageTimer(SILENCE_TIMEOUT_MS, this.silenceOnTimeout);
    this.options.events.seated(message, resumed);
  }

  private readonly silenceOnTimeout = (): void => {
    this.dropped('lost', `nothing received for ${SILENCE_TIMEOUT_MS / 1000} s`, this.url);
  };

  /** A `redirect`: the same request, to another lobby, at once. */
  private follow(url: string, message: string): void {
    this.redirects += 1;
    if (this.redirects > MAX_REDIRECTS) {
      const problem = `the lobbies sent the request on ${this.redirects} times without serving it (last to ${url}: ${message})`;
      this.attemptFailed(problem, `vimtron: could not ${describeTarget(this.options.target)}: ${problem}`);
      return;
    }
    this.letGoOfConnection();
    this.url = url;
    this.open();
  }

  private connectionOnClosed(why: string): void {
    if (this.stage === 'playing') this.dropped('lost', why, this.url);
    else this.attemptFailed(why, `vimtron: lost the connection to the lobby at ${this.url}: ${why}`);
  }

  /** Seated, and the connection is gone: reconnect to `retryUrl` (or its peers), or end if the seat cannot be taken back. */
  private dropped(cause: Drop['cause'], why: string, retryUrl: string): void {
    this.clearTimers();
    this.letGoOfConnection();
    const candidates = [retryUrl, ...this.peers.filter((url) => url !== retryUrl)];
    const drop: Drop = { cause, why, lostUrl: this.url, candidates, at: performance.now() };
    if (this.request === null || this.options.reconnectWindowMs === 0) {
      this.end({ exitCode: 1, message: droppedLine(drop) });
      return;
    }
    this.stage = 'reconnecting';
    this.drop = drop;
    this.attempts = 0;
    this.lastProblem = why;
    this.giveUpTimer = setTimeout(this.giveUp, this.options.reconnectWindowMs);
    this.statusTimer = setInterval(this.reportStatus, STATUS_EVERY_MS);
    this.attempt();
  }

  /**
   * Each attempt starts afresh from the next candidate lobby in turn, so that
   * a lobby that died is not tried for ever: another lobby of its cluster may
   * have taken its games over (or redirects to the one that did).
   */
  private readonly attempt = (): void => {
    const { candidates } = this.drop!;
    this.attempts += 1;
    this.url = candidates[(this.attempts - 1) % candidates.length]!;
    this.redirects = 0;
    this.reportStatus();
    this.open();
  };

  /**
   * A connect, a request or a redirect chain failed: the end of the link
   * while joining (with `joiningMessage`), the next attempt after a wait while
   * reconnecting.
   */
  private attemptFailed(problem: string, joiningMessage: string): void {
    if (this.stage === 'joining') {
      this.end({ exitCode: 1, message: joiningMessage });
    } else if (this.stage === 'reconnecting') {
      this.lastProblem = problem;
      this.letGoOfConnection();
      this.restartStageTimer(retryDelayMs(this.attempts), this.attempt);
    }
  }

  private refused(message: ErrorMessage): void {
    if (this.stage === 'joining') {
      // The lobby's own sentence for this one speaks protocol ("send {"type":"list"}"); a player runs a command.
      const why =
        message.code === ErrorCode.GameNotFound ? `there is no such game on ${this.url} (vimtron list shows the games)` : message.message;
      this.end({ exitCode: 1, message: `vimtron: could not ${describeTarget(this.options.target)}: ${why} (${message.code})` });
      return;
    }
    const why =
      this.request?.type === 'watch'
        ? message.code === ErrorCode.GameNotFound
          ? `game ${this.gameName} is no longer there to watch (it ended)`
          : `could not watch game ${this.gameName} again: ${message.message}`
        : message.code === ErrorCode.InvalidToken
          ? `your seat in game ${this.gameName} is gone: the lobby no longer holds it (its hold ran out, or the game closed)`
          : `could not take your seat in game ${this.gameName} back: ${message.message}`;
    this.end({ exitCode: 1, message: `${droppedLine(this.drop!)}\nvimtron: ${why} (${message.code})` });
  }

  private readonly giveUp = (): void => {
    const drop = this.drop!;
    this.end({
      exitCode: 1,
      message:
        `${droppedLine(drop)}\nvimtron: gave up getting back into game ${this.gameName} after ` +
        `${this.options.reconnectWindowMs / 1000} s (last try at ${this.url}: ${this.lastProblem})`,
    });
  };

  private readonly reportStatus = (): void => {
    const drop = this.drop;
    if (this.stage !== 'reconnecting' || drop === null) return;
    this.options.events.reconnecting({ cause: drop.cause, url: this.url, attempt: this.attempts, elapsedMs: performance.now() - drop.at });
  };

  private remainingMs(): number {
    if (this.stage !== 'reconnecting' || this.drop === null) return Infinity;
    return this.options.reconnectWindowMs - (performance.now() - this.drop.at);
  }

  private restartStageTimer(ms: number, callback: () => void): void {
    clearTimeout(this.stageTimer);
    this.stageTimer = setTimeout(callback, ms);
  }

  private clearTimers(): void {
    clearTimeout(this.stageTimer);
    clearTimeout(this.giveUpTimer);
    clearInterval(this.statusTimer);
    this.stageTimer = this.giveUpTimer = this.statusTimer = undefined;
  }

  /** Closes the current connection (or abandons the one being opened) without giving anything up. */
  private letGoOfConnection(): Promise<void> {
    this.generation += 1;
    this.awaitingAnswer = false;
    const connection = this.connection;
    this.connection = null;
    return connection?.close() ?? Promise.resolve();
  }

  private stop(): void {
    this.stage = 'ended';
    this.clearTimers();
    this.closing = this.letGoOfConnection();
  }

  private end(outcome: Outcome): void {
    this.stop();
    this.options.events.ended(outcome);
  }
}

/** The first line of every message after a drop: what was lost, in the words used before reconnecting existed. */
function droppedLine(drop: Drop): string {
  return drop.cause === 'moved'
    ? `vimtron: ${drop.why} (the game now runs on the lobby at ${drop.candidates[0]})`
    : `vimtron: lost the connection to the lobby at ${drop.lostUrl}: ${drop.why}`;
}

function withoutAction<T extends { readonly action: unknown }>(target: T): Omit<T, 'action'> {
  const { action: _action, ...rest } = target;
  return rest;
}
