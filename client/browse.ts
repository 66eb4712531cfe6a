import type { ServerMessage } from '../shared/protocol/server-messages.js';
import { initialBrowserState, pressBrowserKey, withGames, type BrowserState } from './browser-state.js';
import { LobbyConnection } from './connection.js';
import { splitKeys } from './key-chunks.js';
import type { Outcome } from '../shared/client/outcome.js';
import type { Palette } from './palette.js';
import type { PlayTarget } from '../shared/client/play-target.js';
import { renderBrowser } from './render-browser.js';
import { diffScreens, type Screen } from './screen-buffer.js';
import type { Terminal } from './terminal.js';

/** What `browseGames` needs: the lobby, the terminal, and how to play a game picked. */
export interface BrowseOptions {
  /** The lobby's WebSocket URL. */
  readonly url: string;
  readonly terminal: Terminal;
  readonly palette: Palette;
  /** Plays `target` in the same terminal and resolves when the player is out of it again. */
  play(target: PlayTarget): Promise<Outcome>;
}

/** How often the list is asked for again while the browser is open: it is live. */
export const BROWSER_REFRESH_MS = 1000;

/** Exit codes after a signal, as shells report them: 128 + the signal's number. */
const SIGNAL_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;
const SIGNAL_CODES: ReadonlySet<number> = new Set(Object.values(SIGNAL_EXIT_CODES));

/**
 * `vimtron play` with no game named: a lobby screen listing the games, kept
 * up to date, from which the player joins or creates one. The game is
 * played by `options.play`; when the player is out of it, the browser comes
 * back with a word on how it ended. Resolves (never rejects) once the player
 * quits, after the terminal is restored and the connection closed.
 */
export function browseGames(options: BrowseOptions): Promise<Outcome> {
  return new BrowseSession(options).run();
}

/** browsing: the list on screen. playing: a game has the terminal. done: finished. */
type Stage = 'browsing' | 'playing' | 'done';

class BrowseSession {
  private stage: Stage = 'browsing';
  private state: BrowserState = initialBrowserState;
  private notice: string | null = null;
  /** The final scores of the games played from here, printed once the browser is left for good. */
  private reports: string[] = [];
  private connectionProblem: string | null = null;
  private connection: LobbyConnection | null = null;
  private connecting = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  private previousScreen: Screen | null = null;
  private readonly stopListening: (() => void)[] = [];
  private resolveOutcome: (outcome: Outcome) => void = () => {};

  constructor(private readonly options: BrowseOptions) {}

  run(): Promise<Outcome> {
    return new Promise((resolve) => {
      this.resolveOutcome = resolve;
      if (!this.options.terminal.isInteractive) {
        resolve({
          exitCode: 1,
          message: 'vimtron: the game browser needs an interactive terminal (stdin and stdout must be a terminal, not a pipe or file)',
        });
        this.stage = 'done';
        return;
      }
      void this.show();
    });
  }

  /** Takes the terminal and starts listing; also after a game, when the player is back. */
  private async show(): Promise<void> {
    const { terminal } = this.options;
    terminal.enter();
    this.previousScreen = null;
    this.stopListening.push(terminal.onKeys(this.terminalOnKeys), terminal.onResize(this.terminalOnResize));
    for (const signal of Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]) {
      process.on(signal, this.processOnSignal);
      this.stopListening.push(() => process.removeListener(signal, this.processOnSignal));
    }
    this.refreshTimer = setInterval(this.refresh, BROWSER_REFRESH_MS);
    this.render();
    this.refresh();
  }

  /** Gives the terminal back and stops listing, for a game or for good. */
  private async hide(): Promise<void> {
    clearInterval(this.refreshTimer);
    for (const stop of this.stopListening.splice(0)) stop();
    this.options.terminal.restore();
    const connection = this.connection;
    this.connection = null;
    await connection?.close();
  }

  private readonly refresh = (): void => {
    if (this.stage !== 'browsing') return;
    if (this.connection) {
      this.connection.send({ type: 'list' });
      return;
    }
    if (this.connecting) return;
    this.connecting = true;
    LobbyConnection.open(this.options.url, {
      message: this.connectionOnMessage,
      malformed: (problem) => this.setNotice(`ignored a message from the lobby: ${problem}`),
      closed: (reason) => {
        this.connection = null;
        this.setConnectionProblem(`lost the connection to the lobby (${reason}); trying again`);
      },
    }).then(
      (connection) => {
        this.connecting = false;
        if (this.stage !== 'browsing') {
          void connection.close();
          return;
        }
        this.connection = connection;
        this.setConnectionProblem(null);
        connection.send({ type: 'list' });
      },
      (error: unknown) => {
        this.connecting = false;
        this.setConnectionProblem(`cannot reach the lobby at ${this.options.url}: ${(error as Error).message}; trying again`);
      },
    );
  };

  private readonly connectionOnMessage = (message: ServerMessage): void => {
    if (message.type === 'games') {
      this.state = withGames(this.state, message.games);
      this.render();
    } else if (message.type === 'error') {
      this.setNotice(`${message.code}: ${message.message}`);
    }
  };

  private readonly terminalOnKeys = (chunk: string): void => {
    for (const key of splitKeys(chunk)) {
      if (this.stage !== 'browsing') return;
      const step = pressBrowserKey(this.state, key);
      this.state = step.state;
      if (step.command.kind === 'quit') {
        void this.finish({ exitCode: 0 });
        return;
      }
      if (step.command.kind === 'play') {
        void this.playTarget(step.command.target);
        return;
      }
      if (key === '\x0c') this.previousScreen = null;
      this.notice = null;
      this.render();
    }
  };

  private async playTarget(target: PlayTarget): Promise<void> {
    this.stage = 'playing';
    await this.hide();
    const outcome = await this.options.play(target);
    if (outcome.report) this.reports.push(outcome.report);
    if (SIGNAL_CODES.has(outcome.exitCode)) {
      this.stage = 'done';
      this.resolveOutcome(this.withReports(outcome));
      return;
    }
    this.stage = 'browsing';
    const leftWith = target.action === 'watch' ? 'you stopped watching' : 'you left the game';
    this.notice = outcome.message?.replace(/^vimtron: /, '') ?? (outcome.exitCode === 0 ? leftWith : null);
    await this.show();
  }

  private readonly terminalOnResize = (): void => {
    this.previousScreen = null;
    this.render();
  };

  private readonly processOnSignal = (signal: HandledSignal): void => {
    void this.finish({ exitCode: SIGNAL_EXIT_CODES[signal], message: `vimtron: stopped by ${signal}` });
  };

  private setNotice(text: string | null): void {
    this.notice = text;
    this.render();
  }

  private setConnectionProblem(text: string | null): void {
    this.connectionProblem = text;
    this.render();
  }

  private render(): void {
    if (this.stage !== 'browsing') return;
    const { terminal } = this.options;
    const screen = renderBrowser({
      ...terminal.size,
      url: this.options.url,
      state: this.state,
      notice: this.notice,
      connection: this.connectionProblem,
      palette: this.options.palette,
    });
    terminal.write(diffScreens(this.previousScreen, screen));
    this.previousScreen = screen;
  }

  /** The one way out: restores the terminal first, so quitting feels instant, then closes. */
  private async finish(outcome: Outcome): Promise<void> {
    if (this.stage === 'done') return;
    this.stage = 'done';
    await this.hide();
    this.resolveOutcome(this.withReports(outcome));
  }

  private withReports(outcome: Outcome): Outcome {
    return this.reports.length === 0 ? outcome : { ...outcome, report: this.reports.join('\n') };
  }
}
