import { ErrorCode } from '../shared/protocol/error-codes.js';
import { applyState, opponentsWhoLeft, viewFromSnapshot, type GameView } from '../shared/client/game-view.js';
import { LobbyConnection } from './connection.js';
import type { Glyphs } from './glyphs.js';
import { playerColour, type Palette } from './palette.js';
import { decodeKeys, isRedundantRepeat, type KeyAction, type SentKey } from './keys.js';
import { LobbyLink, type GameMessage, type LobbyLinkEvents, type ReconnectStatus } from '../shared/client/lobby-link.js';
import type { Outcome } from '../shared/client/outcome.js';
import type { PlayTarget } from '../shared/client/play-target.js';
import { RECONNECT_WINDOW_MS } from '../shared/client/reconnect-schedule.js';
import { noticeText } from './notice-text.js';
import { renderGame } from './render-game.js';
import { scoreReport } from './score-table.js';
import { diffScreens, type Screen } from './screen-buffer.js';
import type { Terminal } from './terminal.js';

export type { PlayTarget } from '../shared/client/play-target.js';

/** What `playGame` needs: where, which game, and the terminal and glyphs to draw with. */
export interface PlayOptions {
  /** The lobby's WebSocket URL. */
  readonly url: string;
  readonly game: PlayTarget;
  readonly terminal: Terminal;
  readonly glyphs: Glyphs;
  readonly palette: Palette;
  /** How long to try to get the seat back after the connection drops; 0: not at all. Default RECONNECT_WINDOW_MS. */
  readonly reconnectWindowMs?: number;
}

/** How long an error from the lobby, or news of another player, stays on the message line. */
const NOTICE_MS = 4000;

/** Exit codes after a signal, as shells report them: 128 + the signal's number. */
const SIGNAL_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

/** joining: no seat yet, the terminal untouched. playing: seated, drawing (through reconnects too). */
type Stage = 'joining' | 'playing' | 'done';

/**
 * Connects to a lobby, creates or joins a game, and plays it in the terminal
 * until the player quits or the game ends for them; or, for a `watch`
 * target, shows the game without taking a seat. Resolves (never rejects)
 * with the outcome, after the terminal is restored and the connection closed.
 */
export function playGame(options: PlayOptions): Promise<Outcome> {
  return new PlaySession(options).run();
}

/**
 * One player's session: the screen, the keys and the signals, over a
 * LobbyLink that holds the seat across connections. A state machine:
 * joining -> playing -> done. Every way out goes through `finish()`, which
 * runs once and releases everything the session took: timers, listeners,
 * signal handlers, the terminal, the link.
 */
class PlaySession {
  private stage: Stage = 'joining';
  private readonly link: LobbyLink;
  /** Your seat number; 0 while you have none (a spectator never has one). */
  private me = 0;
  /** A spectator: shows the game, sends no keys. */
  private readonly watching: boolean;
  /** Spectators of the game, as the lobby last said. */
  private watchers = 0;
  private gameName: string;
  private view: GameView | null = null;
  private notice: string | null = null;
  /** The latest news of another player (joined, left, dropped, back), for a few seconds. */
  private news: string | null = null;
  /** The opponents whose leaving ended the round just finished in your favour; empty otherwise. */
  private leavers: readonly number[] = [];
  /** While the link reconnects: where it stands, shown instead of the hints. */
  private reconnect: ReconnectStatus | null = null;
  private previousScreen: Screen | null = null;
  /** The key help (`?`) is over the game; the next key closes it. */
  private helpShown = false;
  private lastSentKey: SentKey | null = null;
  private noticeTimer: NodeJS.Timeout | undefined;
  private newsTimer: NodeJS.Timeout | undefined;
  private readonly stopListening: (() => void)[] = [];
  private resolveOutcome: (outcome: Outcome) => void = () => {};

  constructor(private readonly options: PlayOptions) {
    this.gameName = options.game.name ?? 'new game';
    this.watching = options.game.action === 'watch';
    this.link = new LobbyLink({
      url: options.url,
      target: options.game,
      reconnectWindowMs: options.reconnectWindowMs ?? RECONNECT_WINDOW_MS,
      events: this.linkEvents,
      connect: LobbyConnection.open,
    });
  }

  run(): Promise<Outcome> {
    return new Promise((resolve) => {
      this.resolveOutcome = resolve;
      for (const signal of Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]) {
        process.on(signal, this.processOnSignal);
        this.stopListening.push(() => process.removeListener(signal, this.processOnSignal));
      }
      this.link.start();
    });
  }

  private readonly linkEvents: LobbyLinkEvents = {
    connected: () => {
      // Checked once the lobby answered, so that an unreachable lobby is reported first.
      if (!this.options.terminal.isInteractive) {
        this.finish({
          exitCode: 1,
          message: 'vimtron: playing needs an interactive terminal (stdin and stdout must be a terminal, not a pipe or file)',
        });
      }
    },
    seated: (message, resumed) => {
      this.me = message.type === 'joined' ? message.player.number : 0;
      this.gameName = message.game.name;
      if (!resumed) {
        this.stage = 'playing';
        this.enterTerminal();
        return;
      }
      this.reconnect = null;
      // The snapshot that follows replaces the picture; until then the last one stays.
      this.showNotice('reconnected');
    },
    game: (message) => {
      (this.gameHandlers[message.type] as (message: GameMessage) => void)(message);
    },
    malformed: (problem) => {
      this.showNotice(`ignored a message from the lobby: ${problem}`);
    },
    reconnecting: (status) => {
      this.reconnect = status;
      this.render();
    },
    ended: (outcome) => this.finish(outcome),
  };

  private readonly gameHandlers: {
    readonly [T in GameMessage['type']]: (message: Extract<GameMessage, { type: T }>) => void;
  } = {
    snapshot: (message) => {
      this.show(viewFromSnapshot(message));
    },
    state: (message) => {
      // A state before any snapshot has nothing to apply to; the snapshot follows `joined` at once.
      if (this.view === null) return;
      this.show(applyState(this.view, message));
    },
    notice: (message) => {
      this.news = noticeText(message, this.options.glyphs);
      clearTimeout(this.newsTimer);
      this.newsTimer = setTimeout(() => {
        this.news = null;
        this.render();
      }, NOTICE_MS);
      this.render();
    },
    error: (message) => {
      if (message.code === ErrorCode.GameCrashed) this.finish({ exitCode: 1, message: `vimtron: ${message.message}` });
      else this.showNotice(`${message.code}: ${message.message}`);
    },
    left: (message) => {
      // With a reason the lobby ended the game on purpose (it was idle, say): a normal end, not a failure.
      if (message.reason !== undefined) this.finish({ exitCode: 0, message: `vimtron: ${message.reason}` });
      else this.finish({ exitCode: 1, message: `vimtron: you are no longer in game ${this.gameName}` });
    },
    watchers: (message) => {
      this.watchers = message.count;
      this.render();
    },
    resuming: (message) => {
      this.showNotice(message.message);
    },
  };

  private enterTerminal(): void {
    const { terminal } = this.options;
    terminal.enter();
    this.stopListening.push(terminal.onKeys(this.terminalOnKeys), terminal.onResize(this.terminalOnResize));
    this.render();
  }

  private readonly terminalOnKeys = (chunk: string): void => {
    for (const action of decodeKeys(chunk)) {
      if (this.stage !== 'playing') return;
      if (this.helpShown && action.kind !== 'quit') {
        // The key that closes the help does nothing else: it was not meant for the game.
        this.helpShown = false;
        this.render();
        continue;
      }
      this.keyActions[action.kind](action as never);
    }
  };

  private readonly keyActions: { readonly [K in KeyAction['kind']]: (action: Extract<KeyAction, { kind: K }>) => void } = {
    game: (action) => {
      if (this.watching) return;
      // Dropped, not kept for later: right after a round, i is a late INSERT rather than a vote for a rematch.
      if (action.key === 'i' && this.view?.phase === 'finished' && this.view.readyIn > 0) return;
      const now = performance.now();
      if (isRedundantRepeat(this.lastSentKey, action.key, now)) return;
      this.lastSentKey = { key: action.key, at: now };
      this.link.sendKey(action.key);
    },
    quit: () => this.finish({ exitCode: 0 }),
    redraw: () => {
      this.previousScreen = null;
      this.render();
    },
    help: () => {
      this.helpShown = true;
      this.render();
    },
    other: () => {},
  };

  private readonly terminalOnResize = (): void => {
    // Terminals reflow or clear differently on resize: repaint everything.
    this.previousScreen = null;
    this.render();
  };

  private readonly processOnSignal = (signal: HandledSignal): void => {
    this.finish({ exitCode: SIGNAL_EXIT_CODES[signal], message: `vimtron: stopped by ${signal}` });
  };

  /** A new picture of the game; a round that ended because the opponents left is remembered until the next one. */
  private show(view: GameView): void {
    if (view.phase !== 'finished') this.leavers = [];
    else if (this.view !== null && this.view.phase !== 'finished') this.leavers = opponentsWhoLeft(this.view, view, this.me);
    this.view = view;
    this.render();
  }

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
    const { terminal, glyphs, palette } = this.options;
    const screen = renderGame({
      ...terminal.size,
      gameName: this.gameName,
      me: this.me,
      view: this.view,
      notice: this.notice,
      news: this.news,
      leavers: this.leavers,
      watching: this.watching,
      watchers: this.watchers,
      connection: this.reconnect === null ? null : reconnectLine(this.reconnect),
      help: this.helpShown,
      glyphs,
      palette,
    });
    terminal.write(diffScreens(this.previousScreen, screen));
    this.previousScreen = screen;
  }

  /**
   * The one way out. Restores the terminal first, so quitting feels instant,
   * then leaves and closes. The scores go with the outcome, to be printed on
   * the normal screen, if a round was played to its end.
   */
  private finish(outcome: Outcome): void {
    if (this.stage === 'done') return;
    const { glyphs, palette } = this.options;
    const styleOf = (number: number) => playerColour(palette, number);
    const report = this.stage === 'playing' && this.view !== null ? scoreReport(this.view, this.gameName, glyphs, styleOf) : '';
    if (report !== '') outcome = { ...outcome, report };
    this.stage = 'done';
    clearTimeout(this.noticeTimer);
    clearTimeout(this.newsTimer);
    for (const stop of this.stopListening.splice(0)) stop();
    this.options.terminal.restore();
    void this.link.close().then(() => this.resolveOutcome(outcome));
  }
}

/** The message line while reconnecting: `connection lost; reconnecting to ws://host:8766 (attempt 3, 4 s)   q: quit`. */
export function reconnectLine(status: ReconnectStatus): string {
  const what = status.cause === 'moved' ? 'game moved' : 'connection lost';
  return `${what}; reconnecting to ${status.url} (attempt ${status.attempt}, ${Math.floor(status.elapsedMs / 1000)} s)   q: quit`;
}
