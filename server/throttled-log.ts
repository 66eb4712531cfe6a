/**
 * Logs at most `perWindow` lines per window and counts the rest, so that a
 * flood of one kind of failure cannot fill an operator's disk or drown the
 * other lines. The count of what was held back rides on the next line.
 */
export class ThrottledLog {
  private windowStartedAt = -Infinity;
  private written = 0;
  private suppressed = 0;

  constructor(
    private readonly log: (line: string) => void,
    private readonly perWindow = 5,
    private readonly windowMs = 10_000,
  ) {}

  write(line: string, now: number = performance.now()): void {
    if (now - this.windowStartedAt >= this.windowMs) {
      this.windowStartedAt = now;
      this.written = 0;
    }
    if (this.written >= this.perWindow) {
      this.suppressed += 1;
      return;
    }
    this.written += 1;
    const held = this.suppressed;
    this.suppressed = 0;
    this.log(held > 0 ? `${line} (${held} similar line${held === 1 ? '' : 's'} held back before this one)` : line);
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
