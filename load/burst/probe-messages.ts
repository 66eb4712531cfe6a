/** What the burst benchmark and its probe thread tell each other. */

export interface ProbeOptions {
  /** ws://HOST:PORT/ of the lobby. */
  readonly url: string;
  /** One ping every this many milliseconds, over all the ping connections. */
  readonly pingEveryMs: number;
  /** Connections the pings take turns on, so that none passes the lobby's rate limit. */
  readonly pingConnections: number;
  /** A fresh connection opened (and asked for `list`) every this many milliseconds. */
  readonly connectEveryMs: number;
}

/** One timed request: sent at (wall clock, ms since the epoch), answered after `ms`. */
export interface ProbeSample {
  readonly sentAt: number;
  readonly ms: number;
}

/** Everything the probe measured, sent once it is told to stop. */
export interface ProbeReport {
  /** `ping` -> `pong`. */
  readonly pings: readonly ProbeSample[];
  /** When each ping never answered was sent. */
  readonly unanswered: readonly number[];
  /** A new WebSocket connection -> open. */
  readonly connects: readonly ProbeSample[];
  /** `list` on that new connection -> `games`. */
  readonly lists: readonly ProbeSample[];
  /** Anything that went wrong, one sentence each. */
  readonly failures: readonly string[];
}
