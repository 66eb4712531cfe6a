import { SingleBar } from 'cli-progress';
import type { LoadProgress } from './run-load.js';

const BAR_WIDTH = 24;
/** The bar counts in thousandths of the current stage. */
const STEPS = 1000;
/** Without a terminal, a plain line this often is enough to show the run is alive. */
const LINE_EVERY_MS = 5000;

interface Shown {
  readonly progress: LoadProgress;
  readonly label: string;
}

/**
 * Shows a run's progress on stderr with cli-progress: a bar redrawn in place
 * on a terminal, otherwise (logs, CI) a plain line every few seconds. stdout
 * stays clean for the report.
 */
export class ProgressDisplay {
  private readonly bar: SingleBar;
  private started = false;

  constructor(
    private readonly label: string,
    stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.bar = new SingleBar({
      stream,
      format: (_options, _params, payload: Shown) => {
        const text = progressText(payload);
        if (!stream.isTTY) return text;
        const filled = Math.round(payload.progress.fraction * BAR_WIDTH);
        return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${text}`;
      },
      // Cut at the terminal's width rather than switch its line wrapping off:
      // a run that dies mid-way must not leave the terminal changed.
      linewrap: true,
      noTTYOutput: true,
      notTTYSchedule: LINE_EVERY_MS,
      clearOnComplete: true,
    });
  }

  /** Draws the latest progress; `label` replaces the display's own label (a benchmark's run name). */
  update(progress: LoadProgress, label = this.label): void {
    const value = Math.round(progress.fraction * STEPS);
    const shown: Shown = { progress, label };
    if (this.started) {
      this.bar.update(value, shown);
    } else {
      this.started = true;
      this.bar.start(STEPS, value, shown);
    }
  }

  /** Clears the bar so the report starts on a clean line. */
  done(): void {
    if (this.started) this.bar.stop();
    this.started = false;
  }
}

function progressText({ progress, label }: Shown): string {
  return (
    `${label} ${progress.stage.padEnd(13)} ${Math.round(progress.fraction * 100)
      .toString()
      .padStart(3)} % | games ${progress.created}/${progress.games} created, ${progress.running} running` +
    `${progress.failed > 0 ? `, ${progress.failed} FAILED` : ''} | ${progress.connections} sockets | ` +
    `${progress.errors} error(s) | ${progress.elapsedSeconds.toFixed(0)} s`
  );
}
