import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

/** What `--log-level` accepts: pino's levels, and `silent` for nothing at all. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Bytes of log lines that may wait for whatever reads the lobby's stdout.
 * Writes never block the lobby (every game's frames pass through its event
 * loop): if the reader stops reading, lines beyond this are dropped.
 */
const MAX_WAITING_BYTES = 8 * 1024 * 1024;

export interface RootLoggerOptions {
  readonly level: LogLevel;
  /** Human-readable lines (for a terminal) rather than JSON lines. */
  readonly pretty: boolean;
  /** Where lines go: a file descriptor (1, stdout, by default) or a stream (tests). */
  readonly destination?: number | DestinationStream;
}

/**
 * The lobby's one logger, made once at start-up and handed to everything
 * that logs. No `pid` or `hostname` on every line, unlike pino's default:
 * `pid` is the field of a room's process, and the lobby's own pid is in
 * `lobby_started`.
 */
export function createRootLogger(options: RootLoggerOptions): Logger {
  const destination = options.destination ?? 1;
  const stream =
    typeof destination === 'number'
      ? pino.destination({ dest: destination, sync: options.pretty, maxLength: options.pretty ? 0 : MAX_WAITING_BYTES })
      : destination;
  return pino({ level: options.level, base: null }, options.pretty ? prettyLines(stream) : stream);
}

/**
 * A destination that turns each JSON line into a line for a person, at once:
 * pino-pretty's own stream would pass lines through a transform stream, and
 * lose the last ones when the process exits.
 */
function prettyLines(destination: DestinationStream): DestinationStream {
  const prettify = prettyFactory({
    singleLine: true,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    ignore: 'event',
    messageFormat: '{event}: {msg}',
  });
  return { write: (line: string) => destination.write(prettify(line)) };
}

/** A logger that writes nothing: the default of a lobby started without one (tests, the practice game). */
export function silentLogger(): Logger {
  return pino({ level: 'silent', base: null }, { write: () => {} });
}
