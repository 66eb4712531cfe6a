import type { Logger } from 'pino';
import { createJsonLogger, type LogLevel } from '../../server/log/root-logger.js';

/** One line a logger wrote, parsed: pino's fields and the event's own. */
export interface LogLine {
  readonly level: number;
  readonly time: number;
  readonly event: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface CapturedLog {
  /** A logger made as `vimtron server` makes its own, writing here. */
  readonly logger: Logger;
  /** Every line written, parsed, in order. */
  readonly lines: LogLine[];
  /** The lines of one event. */
  of(event: string): LogLine[];
}

/**
 * A logger whose lines are kept for the test to read. Every line must be
 * one JSON object: one that is not fails the test where it is written.
 */
export function captureLog(level: LogLevel = 'trace'): CapturedLog {
  const lines: LogLine[] = [];
  const logger = createJsonLogger(level, {
    write: (text: string) => {
      if (!text.endsWith('\n') || text.indexOf('\n') !== text.length - 1) throw new Error(`not one line: ${JSON.stringify(text)}`);
      lines.push(JSON.parse(text) as LogLine);
    },
  });
  return { logger, lines, of: (event) => lines.filter((line) => line.event === event) };
}
