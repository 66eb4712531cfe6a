import type { Logger } from 'pino';
import { logEvent, type LobbyLogRecord } from './log/log-events.js';

/**
 * Lets at most `perWindow` lines through per window and counts the rest, so
 * that a flood of one kind of line cannot fill an operator's disk or drown
 * the other lines.
 */
export class FloodGate {
  private windowStartedAt = -Infinity;
  private written = 0;
  private suppressed = 0;

  constructor(
    private readonly perWindow = 5,
    private readonly windowMs = 10_000,
  ) {}

  /** Null if the line must be held back; else how many were held back since the last one let through. */
  admit(now: number = performance.now()): number | null {
    if (now - this.windowStartedAt >= this.windowMs) {
      this.windowStartedAt = now;
      this.written = 0;
    }
    if (this.written >= this.perWindow) {
      this.suppressed += 1;
      return null;
    }
    this.written += 1;
    const held = this.suppressed;
    this.suppressed = 0;
    return held;
  }
}

/** The events that can come in floods: each carries `heldBack`. */
export type ThrottledRecord = Extract<LobbyLogRecord, { readonly heldBack?: number }>;

/**
 * Logs events of one kind through a FloodGate: the count of those held back
 * rides on the next one logged, as `heldBack` and in its message.
 */
export class ThrottledLog {
  private readonly gate: FloodGate;

  constructor(
    private readonly logger: Logger,
    perWindow?: number,
    windowMs?: number,
  ) {
    this.gate = new FloodGate(perWindow, windowMs);
  }

  write(record: ThrottledRecord, msg: string, now: number = performance.now()): void {
    const held = this.gate.admit(now);
    if (held === null) return;
    if (held === 0) logEvent(this.logger, record, msg);
    else logEvent(this.logger, { ...record, heldBack: held }, `${msg} (${held} similar line${held === 1 ? '' : 's'} held back before this one)`);
  }
}

/** One line for an error of unknown shape, with its stack's first frame when it has one. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const frame = error.stack?.split('\n').find((line) => line.trim().startsWith('at '))?.trim();
    return `${error.name}: ${error.message}${frame ? ` (${frame})` : ''}`;
  }
  return String(error);
}
