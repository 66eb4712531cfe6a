/** How an operator configures a lobby; every field has a default (see `defaultLobbyOptions`). */
export interface LobbyOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Interface to listen on; all interfaces by default so friends on a LAN can join. */
  readonly host: string;
  /** Most rooms at once; creating one more gets SERVER_FULL. */
  readonly maxGames: number;
  /** A room with no key pressed for this long is disposed. */
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
  /** A resumed room that fails again within this long ends with GAME_CRASHED. */
  readonly resumeWindowMs: number;

  readonly maxConnections: number;
  readonly maxConnectionsPerAddress: number;
  /** Games one connection may create within a minute. */
  readonly maxGamesPerConnectionPerMinute: number;
  /** Largest frame a client may send, in bytes (bigger: close 1009). */
  readonly maxFrameBytes: number;
  /** Token bucket per connection: burst size and messages per second. */
  readonly rateBurst: number;
  readonly ratePerSecond: number;
  /** Messages refused in a row before the connection is closed with 4001. */
  readonly rateStrikes: number;
  /** Bytes waiting in a socket above which frames to it are skipped. */
  readonly slowBufferBytes: number;
  /** A connection that stays above that for this long is closed with 4002. */
  readonly slowTimeoutMs: number;

  /** Where one-line operator logs go. */
  readonly log: (line: string) => void;
}

export const defaultLobbyOptions: LobbyOptions = {
  port: 8766,
  host: '0.0.0.0',
  maxGames: 500,
  idleTimeoutMs: 180_000,
  tickMs: 100,
  benchmarkKnobs: false,
  seatHoldMs: 30_000,
  heartbeatMs: 15_000,
  hangTimeoutMs: 1000,
  resumeWindowMs: 5000,
  maxConnections: 4000,
  maxConnectionsPerAddress: 64,
  maxGamesPerConnectionPerMinute: 10,
  maxFrameBytes: 4096,
  rateBurst: 40,
  ratePerSecond: 20,
  rateStrikes: 200,
  slowBufferBytes: 256 * 1024,
  slowTimeoutMs: 10_000,
  log: (line) => console.log(`${new Date().toISOString()} ${line}`),
};
