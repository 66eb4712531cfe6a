import { pino, type DestinationStream, type Logger } from 'pino';

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
}

/**
 * The lobby's one logger, made once at start-up and handed to everything
 * that logs, writing on stdout: JSON lines, or readable ones for a terminal.
 */
export async function createRootLogger(options: RootLoggerOptions): Promise<Logger> {
  if (!options.pretty) return createJsonLogger(options.level);
  const stdout = pino.destination({ dest: 1, sync: true });
  return pino({ level: options.level, base: null }, await prettyLines(stdout));
}

/**
 * A logger of JSON lines, to stdout or `destination` (tests). No `pid` or
 * `hostname` on every line, unlike pino's default: `pid` is the field of a
 * room's process, and the lobby's own pid is in `lobby_started`.
 */
export function createJsonLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const stream = destination ?? pino.destination({ dest: 1, sync: false, maxLength: MAX_WAITING_BYTES });
  return pino({ level, base: null }, stream);
}

/**
 * A destination that turns each JSON line into a line for a person, at once:
 * pino-pretty's own stream would pass lines through a transform stream, and
 * lose the last ones when the process exits. Loaded only for a terminal:
 * loading it takes some 60 ms of every start.
 */
async function prettyLines(destination: DestinationStream): Promise<DestinationStream> {
  const { prettyFactory } = await import('pino-pretty');
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
