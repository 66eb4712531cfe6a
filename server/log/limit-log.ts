import type { Logger } from 'pino';
import { RejectionKind, type LimitHit } from '../lobby-counters.js';
import { ThrottledLog } from '../throttled-log.js';

/** What each limit refused, for the line's message. */
const REFUSED: { readonly [K in RejectionKind]: string } = {
  [RejectionKind.RateLimit]: 'a message dropped by the rate limit (RATE_LIMITED)',
  [RejectionKind.RateLimitClose]: 'a connection closed for going on over the rate limit (4001)',
  [RejectionKind.OutboundBudget]: 'a connection closed for not reading its messages (4002)',
  [RejectionKind.MaxConnections]: 'a socket refused: the lobby has as many as it accepts (1013, HTTP 503)',
  [RejectionKind.MaxConnectionsPerAddress]: 'a socket refused: its address has as many as it may (4003, HTTP 429)',
  [RejectionKind.AdmissionCut]: 'a socket cut unanswered: well over a connection cap',
  [RejectionKind.ServerFull]: 'a game refused: the lobby runs as many as it may (SERVER_FULL)',
  [RejectionKind.GamesPerAddress]: 'a game refused: the address plays in as many as it may (TOO_MANY_GAMES)',
  [RejectionKind.GamesPerMinute]: 'a game refused: the address created as many this minute as it may (TOO_MANY_GAMES)',
};

/**
 * Logs every limit hit: `slow_client_closed` for a connection closed for not
 * reading, `limit_hit` for the others. A client hammering a limit hits it
 * thousands of times a second, so each kind has its own flood gate: a few
 * lines every ten seconds, with the count of those held back.
 */
export class LimitLog {
  private readonly kinds = new Map<RejectionKind, ThrottledLog>();

  constructor(private readonly logger: Logger) {}

  readonly hit = (kind: RejectionKind, hit: LimitHit): void => {
    let log = this.kinds.get(kind);
    if (!log) {
      log = new ThrottledLog(this.logger);
      this.kinds.set(kind, log);
    }
    const who = `${hit.address}${hit.connection === null ? '' : ` (connection ${hit.connection})`}`;
    if (kind === RejectionKind.OutboundBudget && hit.connection !== null) {
      const bufferedBytes = hit.bufferedBytes ?? 0;
      log.write(
        { event: 'slow_client_closed', address: hit.address, connection: hit.connection, bufferedBytes },
        `closed the connection of ${who} with 4002: it is not reading its messages (${bufferedBytes} bytes waiting)`,
      );
      return;
    }
    log.write({ event: 'limit_hit', limit: kind, address: hit.address, connection: hit.connection }, `limit ${kind} hit by ${who}: ${REFUSED[kind]}`);
  };
}
