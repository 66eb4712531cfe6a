import type { Logger } from 'pino';
import { silentLogger } from './log/root-logger.js';

/** How an operator configures a lobby; every field has a default (see `defaultLobbyOptions`). */
export interface LobbyOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Interface to listen on; all interfaces by default so friends on a LAN can join. */
  readonly host: string;
  /**
   * How players reach this lobby, as other lobbies of a cluster tell them
   * (`ws://HOST:PORT/`); null derives it from `host` and the port listened on.
   */
  readonly publicUrl: string | null;
  /**
   * Port of the admin listener (`/metrics`, `/stats`, `/status`, `/healthz`,
   * `/readyz`): a number (0 picks a free one), `next` for the public port + 1
   * (a free one when the public port is 0), or `off` for no admin listener.
   */
  readonly adminPort: AdminPort;
  /** Interface the admin listener binds; this machine only by default, since it tells PIDs, memory and load. */
  readonly adminHost: string;
  /** Most rooms at once; creating one more gets SERVER_FULL. */
  readonly maxGames: number;
  /** Spectators one game may have at once; one more `watch` gets WATCHERS_FULL. */
  readonly maxWatchersPerGame: number;
  /** Spectators of all this lobby's games together; one more `watch` gets WATCHERS_FULL. */
  readonly maxWatchers: number;
  /**
   * A room is closed after this long without a key pressed, if nobody is
   * connected to it or its round is running (see LobbyRoom.isIdle): a
   * connected player waiting between rounds is never sent away.
   */
  readonly idleTimeoutMs: number;
  /** Milliseconds per tick; 100. Only tests change it. */
  readonly tickMs: number;
  /** Accept the benchmark-only `workMs` option of `create` (burns CPU on request: never on a public lobby). */
  readonly benchmarkKnobs: boolean;

  /** A dropped player's seat is kept this long for a `rejoin`. */
  readonly seatHoldMs: number;
  /** WebSocket ping interval; a connection that missed the previous pong is closed. */
  readonly heartbeatMs: number;
  /** A room that sends nothing (no tick, no heartbeat) for this long is killed as hung. */
  readonly hangTimeoutMs: number;
  /**
   * A room runtime that is not ready this long after it was started is killed
   * and started once more; a second miss ends the game with GAME_CRASHED.
   */
  readonly startTimeoutMs: number;
  /** A resumed room that fails again within this long ends with GAME_CRASHED. */
  readonly resumeWindowMs: number;

  /** Open sockets in all, WebSocket and plain HTTP alike (more: close 1013, or HTTP 503). */
  readonly maxConnections: number;
  /** Open sockets from one address (an IPv6 /64 counts as one), WebSocket and plain HTTP alike (more: close 4003, or HTTP 429). */
  readonly maxConnectionsPerAddress: number;
  /** Games one address may create within a minute, over all its connections. */
  readonly maxGamesPerAddressPerMinute: number;
  /** Live games one address may hold a seat in (connected, held for a rejoin, or being granted): one more `create` or `join` gets TOO_MANY_GAMES. */
  readonly maxGamesPerAddress: number;
  /** A request's headers must arrive within this long (else HTTP 408). */
  readonly headersTimeoutMs: number;
  /** A whole HTTP request must arrive within this long (else HTTP 408). */
  readonly requestTimeoutMs: number;
  /** Largest frame a client may send, in bytes (bigger: close 1009). */
  readonly maxFrameBytes: number;
  /** Token bucket per connection: burst size and messages per second. */
  readonly rateBurst: number;
  readonly ratePerSecond: number;
  /** Messages refused in a row before the connection is closed with 4001. */
  readonly rateStrikes: number;
  /** Bytes waiting in a socket above which frames to it are skipped. */
  readonly slowBufferBytes: number;
  /** A connection that stays above that for this long is closed with 4002, in a game or not. */
  readonly slowTimeoutMs: number;
  /**
   * Bytes waiting in a socket above which it is closed with 4002 at once: the
   * budget every message to one connection shares (frames, replies, pongs).
   */
  readonly outboundBudgetBytes: number;

  /**
   * Where the lobby logs its events (see log/log-events.ts), one JSON line
   * each; made once by whoever starts the lobby. Nothing by default.
   */
  readonly logger: Logger;
}

/** Where the admin listener goes: a port, the public port + 1, or nowhere. */
export type AdminPort = number | 'next' | 'off';

export const defaultLobbyOptions: LobbyOptions = {
  port: 8766,
  host: '0.0.0.0',
  publicUrl: null,
  adminPort: 'next',
  adminHost: '127.0.0.1',
  maxGames: 500,
  maxWatchersPerGame: 64,
  maxWatchers: 1000,
  idleTimeoutMs: 180_000,
  tickMs: 100,
  benchmarkKnobs: false,
  seatHoldMs: 30_000,
  heartbeatMs: 15_000,
  hangTimeoutMs: 1000,
  startTimeoutMs: 10_000,
  resumeWindowMs: 5000,
  maxConnections: 4000,
  maxConnectionsPerAddress: 64,
  maxGamesPerAddressPerMinute: 10,
  maxGamesPerAddress: 8,
  headersTimeoutMs: 5000,
  requestTimeoutMs: 10_000,
  maxFrameBytes: 4096,
  rateBurst: 40,
  ratePerSecond: 20,
  rateStrikes: 200,
  slowBufferBytes: 256 * 1024,
  slowTimeoutMs: 10_000,
  outboundBudgetBytes: 1024 * 1024,
  logger: silentLogger(),
};

/** Checks what no flag parser guards: programmer misuse throws with the exact problem. */
export function checkLobbyOptions(options: LobbyOptions): void {
  const positive: (keyof LobbyOptions)[] = [
    'maxGames', 'maxWatchersPerGame', 'maxWatchers', 'idleTimeoutMs', 'tickMs', 'heartbeatMs', 'hangTimeoutMs', 'startTimeoutMs', 'maxConnections',
    'maxConnectionsPerAddress', 'maxGamesPerAddressPerMinute', 'maxGamesPerAddress', 'headersTimeoutMs',
    'requestTimeoutMs', 'maxFrameBytes', 'rateBurst', 'ratePerSecond', 'rateStrikes', 'slowBufferBytes',
    'slowTimeoutMs', 'outboundBudgetBytes',
  ];
  for (const name of positive) {
    const value = options[name];
    if (typeof value !== 'number' || !(value > 0)) throw new RangeError(`lobby option ${name} must be a positive number, got ${String(value)}`);
  }
  const admin = options.adminPort;
  if (admin !== 'next' && admin !== 'off' && !(Number.isInteger(admin) && admin >= 0 && admin <= 65535)) {
    throw new RangeError(`lobby option adminPort must be a port from 0 to 65535, 'next' or 'off', got ${String(admin)}`);
  }
  if (options.requestTimeoutMs < options.headersTimeoutMs) {
    throw new RangeError(
      `lobby option requestTimeoutMs (${options.requestTimeoutMs}) must be at least headersTimeoutMs (${options.headersTimeoutMs})`,
    );
  }
  if (options.outboundBudgetBytes < options.slowBufferBytes) {
    throw new RangeError(
      `lobby option outboundBudgetBytes (${options.outboundBudgetBytes}) must be at least slowBufferBytes (${options.slowBufferBytes})`,
    );
  }
}
