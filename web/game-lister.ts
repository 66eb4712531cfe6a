import { CONNECT_TIMEOUT_MS, type LobbyConnection } from '../shared/client/lobby-connection.js';
import type { GameSummary, ServerMessage } from '../shared/protocol/server-messages.js';
import { connectInBrowser } from './browser-connection.js';
import { pageMessage } from './status-line.js';

/** How often the list is asked for again while it is on screen: it is live, as in the terminal's game browser. */
export const LIST_REFRESH_MS = 1000;

export interface GameListerEvents {
  games(games: readonly GameSummary[]): void;
  /** Why the list cannot be had right now (the lobby is unreachable), or null once it can again. */
  problem(text: string | null): void;
  /** An error the lobby answered (rate limits and the like). */
  notice(text: string): void;
}

/**
 * Keeps the game list fresh while the list is on screen: one connection of
 * its own, `list` every second, and a new connection at the next second
 * whenever the lobby cannot be reached. `stop()` closes it all and is
 * idempotent; `start()` after a stop starts again (after a game).
 */
export class GameLister {
  private running = false;
  private connection: LobbyConnection | null = null;
  private connecting = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly url: string,
    private readonly events: GameListerEvents,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.timer = setInterval(this.refresh, LIST_REFRESH_MS);
    this.refresh();
  }

  stop(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    const connection = this.connection;
    this.connection = null;
    return connection?.close() ?? Promise.resolve();
  }

  private readonly refresh = (): void => {
    if (!this.running) return;
    if (this.connection) {
      this.connection.send({ type: 'list' });
      return;
    }
    if (this.connecting) return;
    this.connecting = true;
    connectInBrowser(
      this.url,
      {
        message: this.connectionOnMessage,
        malformed: (problem) => this.events.notice(`ignored a message from the lobby: ${problem}`),
        closed: (reason) => {
          this.connection = null;
          if (this.running) this.events.problem(`lost the connection to the lobby (${reason}); trying again`);
        },
      },
      CONNECT_TIMEOUT_MS,
    ).then(
      (connection) => {
        this.connecting = false;
        if (!this.running) {
          void connection.close();
          return;
        }
        this.connection = connection;
        this.events.problem(null);
        connection.send({ type: 'list' });
      },
      (error: Error) => {
        this.connecting = false;
        if (this.running) this.events.problem(`cannot reach the lobby at ${this.url}: ${error.message}; trying again`);
      },
    );
  };

  private readonly connectionOnMessage = (message: ServerMessage): void => {
    if (message.type === 'games') this.events.games(message.games);
    else if (message.type === 'error') this.events.notice(pageMessage(`${message.code}: ${message.message}`));
  };
}
