import type { ClientSession } from './client-session.js';

/** How often connections are checked for unread backlogs. */
const LAG_CHECK_EVERY_MS = 1000;

/**
 * Keeps connections honest over time: WebSocket pings (a connection that did
 * not answer the previous one with a pong is cut), and a look at every
 * connection's unread backlog each second, so a client that stopped reading
 * is closed even while nothing is being sent to it.
 */
export class ConnectionKeeper {
  private readonly heartbeatTimer: NodeJS.Timeout;
  private readonly lagTimer: NodeJS.Timeout;
  private disposed = false;

  constructor(
    private readonly sessions: ReadonlySet<ClientSession>,
    heartbeatMs: number,
    private readonly everySecond: (now: number) => void = () => {},
  ) {
    this.heartbeatTimer = setInterval(this.pingEveryone, heartbeatMs);
    this.lagTimer = setInterval(this.checkLag, LAG_CHECK_EVERY_MS);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.heartbeatTimer);
    clearInterval(this.lagTimer);
  }

  private readonly pingEveryone = (): void => {
    for (const session of this.sessions) {
      if (!session.alive) {
        session.socket.terminate();
        continue;
      }
      session.alive = false;
      session.socket.ping();
    }
  };

  private readonly checkLag = (): void => {
    const now = performance.now();
    for (const session of this.sessions) session.checkLag(now);
    this.everySecond(now);
  };
}
