import { ErrorCode } from '../shared/protocol/error-codes.js';
import type { ServerMessage, ServerMessageType } from '../shared/protocol/server-messages.js';
import { LobbyConnection, type ConnectionEvents } from './connection.js';
import { applyState, viewFromSnapshot, type GameView } from '../shared/client/game-view.js';
import type { Glyphs } from './glyphs.js';
import type { Outcome } from './outcome.js';
import { decodeKeys, isRedundantRepeat, type KeyAction, type SentKey } from './keys.js';
import { renderGame } from './render-game.js';
import { diffScreens, type Screen } from './screen-buffer.js';
import type { Terminal } from './terminal.js';

/** Which game a player enters: a new one it creates, or an existing one it joins. */
export type PlayTarget =
  | {
      readonly action: 'create';
      readonly players: number;
      readonly name?: string;
      readonly width?: number;
      readonly height?: number;
    }
  | { readonly action: 'join'; readonly name: string };

/** What `playGame` needs: where, which game, and the terminal and glyphs to draw with. */
export interface PlayOptions {
  /** The lobby's WebSocket URL. */
  readonly url: string;
  readonly game: PlayTarget;
  readonly terminal: Terminal;
  readonly glyphs: Glyphs;
}

/** Waiting for `joined` after asking to create or join. A new room starts a process, so this is generous. */
const JOIN_TIMEOUT_MS = 10_000;
/** The lobby sends a frame every 100 ms tick; this long without one means the connection is dead. */
const SILENCE_TIMEOUT_MS = 5000;
/** How long an error from the lobby stays on the message line. */
const NOTICE_MS = 4000;

/** Exit codes after a signal, as shells report them: 128 + the signal's number. */
const SIGNAL_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

type Stage = 'connecting' | 'joining' | 'playing' | 'done';

/**
 * Connects to a lobby, creates or joins a game, and plays it in the terminal
 * until the player quits or the game ends for them. Resolves (never rejects)
 * with the outcome, after the terminal is restored and the connection closed.
 */
export function playGame(options: PlayOptions): Promise<Outcome> {
  return new PlaySession(options).run();
}

/**
 * One player's session, as a state machine: connecting -> joining ->
 * playing -> done. Every way out goes through `finish()`, which runs once
 * and releases everything the session took: timers, listeners, signal
 * handlers, the terminal, the socket.
 */
class PlaySession {
  private stage: Stage = 'connecting';
  private connection: LobbyConnection | null = null;
  private me = 0;
  private gameName: string;
  private view: GameView | null = null;
  private notice: string | null = null;
  private previousScreen: Screen | null = null;
  private lastSentKey: SentKey | null = null;
  /** Said by the lobby just before it closes every connection; explains the close. */
  private shutdownMessage: string | null = null;
  private joinTimer: NodeJS.Timeout | undefined;
  private silenceTimer: NodeJS.Timeout | undefined;
  private noticeTimer: NodeJS.Timeout | undefined;
  private readonly stopListening: (() => void)[] = [];
  private resolveOutcome: (outcome: Outcome) => void = () => {};

  constructor(private readonly options: PlayOptions) {
    this.gameName = options.game.name ?? 'new game';
  }

  run(): Promise<Outcome> {
    return new Promise((resolve) => {
      this.resolveOutcome = resolve;
      for (const signal of Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]) {
        process.on(signal, this.processOnSignal);
        this.stopListening.push(() => process.removeListener(signal, this.processOnSignal));
      }
      void this.connect();
    });
  }

  private async connect(): Promise<void> {
    const { url, game, terminal } = this.options;
    let connection: LobbyConnection;
    try {
      connection = await LobbyConnection.open(url, this.connectionEvents);
    } catch (error) {
      this.finish({ exitCode: 1, message: `vimtron: cannot reach the lobby at ${url}: ${(error as Error).message}` });
      return;
    }
    if (this.stage === 'done') {
      // A signal ended the session while the connection was being made.
      void connection.close();
      return;
    }
    this.connection = connection;
    if (!terminal.isInteractive) {
      this.finish({
        exitCode: 1,
        message: 'vimtron: playing needs an interactive terminal (stdin and stdout must be a terminal, not a pipe or file)',
      });
      return;
    }
    this.stage = 'joining';
    if (game.action === 'create') {
      const { action: _action, ...create } = game;
      connection.send({ type: 'create', ...create });
    } else {
      connection.send({ type: 'join', name: game.name });
    }
    this.joinTimer = setTimeout(() => {
      this.finish({ exitCode: 1, message: `vimtron: the lobby at ${url} did not answer within ${JOIN_TIMEOUT_MS / 1000} s` });
    }, JOIN_TIMEOUT_MS);
  }

  private readonly connectionEvents: ConnectionEvents = {
    message: (message) => {
      this.silenceTimer?.refresh();
      (this.messageHandlers[message.type] as (message: ServerMessage) => void)(message);
    },
    malformed: (problem) => {
      this.showNotice(`ignored a message from the lobby: ${problem}`);
    },
    closed: (reason) => {
      const why = this.shutdownMessage ?? reason;
      this.finish({ exitCode: 1, message: `vimtron: lost the connection to the lobby at ${this.options.url}: ${why}` });
    },
  };

  private readonly messageHandlers: {
    readonly [T in ServerMessageType]: (message: Extract<ServerMessage, { type: T }>) => void;
  } = {
    joined: (message) => {
      if (this.stage !== 'joining') return;
      clearTimeout(this.joinTimer);
      this.stage = 'playing';
      this.me = message.player.number;
      this.gameName = message.game.name;
      this.enterTerminal();
    },
    snapshot: (message) => {
      if (this.stage !== 'playing') return;
      this.view = viewFromSnapshot(message);
      this.render();
    },
    state: (message) => {
      // A state before any snapshot has nothing to apply to; the snapshot follows `joined` at once.
      if (this.stage !== 'playing' || this.view === null) return;
      this.view = applyState(this.view, message);
      this.render();
    },
    error: (message) => {
      if (this.stage === 'joining') {
        const { game, url } = this.options;
        const what = game.action === 'create' ? `create game${game.name ? ` "${game.name}"` : ''}` : `join game "${game.name}"`;
        // The lobby's own sentence for this one speaks protocol ("send {"type":"list"}"); a player runs a command.
        const why = message.code === ErrorCode.GameNotFound ? `there is no such game on ${url} (vimtron list shows the games)` : message.message;
        this.finish({ exitCode: 1, message: `vimtron: could not ${what}: ${why} (${message.code})` });
      } else if (message.code === ErrorCode.GameCrashed) {
        this.finish({ exitCode: 1, message: `vimtron: ${message.message}` });
      } else {
        this.showNotice(`${message.code}: ${message.message}`);
      }
    },
    left: (message) => {
      if (this.stage !== 'playing') return;
      this.finish({ exitCode: 1, message: `vimtron: ${message.reason ?? `you are no longer in game ${this.gameName}`}` });
    },
    resuming: (message) => {
      this.showNotice(message.message);
    },
    shutdown: (message) => {
      this.shutdownMessage = message.message;
    },
    // Lobbies of a cluster send these; following them is not built yet, so the player is told where to go.
    redirect: (message) => {
      this.finish({ exitCode: 1, message: `vimtron: ${message.message} (the game runs on the lobby at ${message.url})` });
    },
    moved: (message) => {
      this.finish({ exitCode: 1, message: `vimtron: ${message.message} (the game now runs on the lobby at ${message.url})` });
    },
    games: () => {},
    pong: () => {},
    stats: () => {},
  };

  private enterTerminal(): void {
    const { terminal } = this.options;
    terminal.enter();
    this.stopListening.push(terminal.onKeys(this.terminalOnKeys), terminal.onResize(this.terminalOnResize));
    this.silenceTimer = setTimeout(() => {
      this.finish({
        exitCode: 1,
        message: `vimtron: lost the connection to the lobby at ${this.options.url}: nothing received for ${SILENCE_TIMEOUT_MS / 1000} s`,
      });
    }, SILENCE_TIMEOUT_MS);
    this.render();
  }

  private readonly terminalOnKeys = (chunk: string): void => {
    for (const action of decodeKeys(chunk)) {
      if (this.stage !== 'playing') return;
      this.keyActions[action.kind](action as never);
    }
  };

  private readonly keyActions: { readonly [K in KeyAction['kind']]: (action: Extract<KeyAction, { kind: K }>) => void } = {
    game: (action) => {
      const now = performance.now();
      if (isRedundantRepeat(this.lastSentKey, action.key, now)) return;
      this.lastSentKey = { key: action.key, at: now };
      this.connection?.send({ type: 'key', key: action.key });
    },
    quit: () => this.finish({ exitCode: 0 }),
    redraw: () => {
      this.previousScreen = null;
      this.render();
    },
  };

  private readonly terminalOnResize = (): void => {
    // Terminals reflow or clear differently on resize: repaint everything.
    this.previousScreen = null;
    this.render();
  };

  private readonly processOnSignal = (signal: HandledSignal): void => {
    this.finish({ exitCode: SIGNAL_EXIT_CODES[signal], message: `vimtron: stopped by ${signal}` });
  };

  private showNotice(text: string): void {
    this.notice = text;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      this.notice = null;
      this.render();
    }, NOTICE_MS);
    this.render();
  }

  private render(): void {
    if (this.stage !== 'playing') return;
    const { terminal, glyphs } = this.options;
    const screen = renderGame({
      ...terminal.size,
      gameName: this.gameName,
      me: this.me,
      view: this.view,
      notice: this.notice,
      glyphs,
    });
    terminal.write(diffScreens(this.previousScreen, screen));
    this.previousScreen = screen;
  }

  /** The one way out. Restores the terminal first, so quitting feels instant, then leaves and closes. */
  private finish(outcome: Outcome): void {
    if (this.stage === 'done') return;
    const inGame = this.stage === 'joining' || this.stage === 'playing';
    this.stage = 'done';
    clearTimeout(this.joinTimer);
    clearTimeout(this.silenceTimer);
    clearTimeout(this.noticeTimer);
    for (const stop of this.stopListening.splice(0)) stop();
    this.options.terminal.restore();
    const connection = this.connection;
    if (connection === null) {
      this.resolveOutcome(outcome);
      return;
    }
    // `leave` goes out before the close frame on the same socket, so the seat is given back at once.
    if (inGame) connection.send({ type: 'leave' });
    void connection.close().then(() => this.resolveOutcome(outcome));
  }
}
