import type { LoadProgress } from './run-load.js';

const BAR_WIDTH = 24;
/** Without a terminal, a plain line this often is enough to show the run is alive. */
const LINE_EVERY_MS = 5000;

/**
 * Shows a run's progress on stderr: a bar redrawn in place on a terminal,
 * otherwise (logs, CI) a plain line every few seconds. stdout stays clean
 * for the report.
 */
export class ProgressDisplay {
  private lastLineAt = 0;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** Draws the latest progress; `label` replaces the display's own label (a benchmark's run name). */
  update(progress: LoadProgress, label = this.label): void {
    const text = `${label} ${progress.stage.padEnd(13)} ${Math.round(progress.fraction * 100)
      .toString()
      .padStart(3)} % | games ${progress.created}/${progress.games} created, ${progress.running} running` +
      `${progress.failed > 0 ? `, ${progress.failed} FAILED` : ''} | ${progress.connections} sockets | ` +
      `${progress.errors} error(s) | ${progress.elapsedSeconds.toFixed(0)} s`;
    if (this.stream.isTTY) {
      const filled = Math.round(progress.fraction * BAR_WIDTH);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
      const line = `${bar} ${text}`.slice(0, Math.max(20, (this.stream.columns ?? 120) - 1));
      this.stream.write(`\r${line}\x1b[K`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (now - this.lastLineAt < LINE_EVERY_MS) return;
    this.lastLineAt = now;
    this.stream.write(`${text}\n`);
  }

  /** Clears the bar so the report starts on a clean line. */
  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
