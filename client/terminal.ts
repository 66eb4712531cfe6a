/**
 * The player's terminal: raw-mode keys, the alternate screen, a hidden
 * cursor, and a restore that runs exactly once however the client ends.
 * `restore()` is idempotent and is also hooked to the process's `exit`
 * event while the terminal is taken, as the last line of defence: a
 * terminal left in raw mode on the alternate screen is the one bug a player
 * cannot fix without typing `reset` blind.
 */

/** The parts of `process.stdin` the terminal uses; tests pass a fake. */
export interface TerminalInput {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  resume(): unknown;
  pause(): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  removeListener(event: 'data', listener: (chunk: string) => void): unknown;
}

/** The parts of `process.stdout` the terminal uses; tests pass a fake. */
export interface TerminalOutput {
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
  write(text: string): unknown;
  on(event: 'resize', listener: () => void): unknown;
  removeListener(event: 'resize', listener: () => void): unknown;
}

const CSI = '\x1b[';
/** Alternate screen on (saves the cursor), cursor hidden, autowrap off, screen cleared. */
export const ENTER_SEQUENCE = `${CSI}?1049h${CSI}?25l${CSI}?7l${CSI}H${CSI}2J`;
/**
 * Default style, alternate screen cleared, autowrap on, cursor shown, back to
 * the normal screen and its saved cursor. The clear is for tmux (3.3): after a
 * resize on the alternate screen, it pulls the alternate screen's lines into
 * the normal one when leaving; blank lines are harmless.
 */
export const RESTORE_SEQUENCE = `${CSI}0m${CSI}H${CSI}2J${CSI}?7h${CSI}?25h${CSI}?1049l`;

/** Columns and rows, as the terminal reports them. */
export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** The player's terminal; see the module comment. One per process. */
export class Terminal {
  private entered = false;

  constructor(
    private readonly input: TerminalInput = process.stdin,
    private readonly output: TerminalOutput = process.stdout,
  ) {}

  /** Both ends are a terminal, so keys can be read raw and a screen drawn. */
  get isInteractive(): boolean {
    return this.input.isTTY === true && this.output.isTTY === true && typeof this.input.setRawMode === 'function';
  }

  get isEntered(): boolean {
    return this.entered;
  }

  get size(): TerminalSize {
    return { columns: this.output.columns ?? 80, rows: this.output.rows ?? 24 };
  }

  /** Takes the terminal: raw keys, alternate screen, no cursor. Calling it again does nothing. */
  enter(): void {
    if (this.entered) return;
    if (!this.isInteractive) throw new Error('Terminal.enter() needs stdin and stdout to be a terminal');
    this.entered = true;
    process.on('exit', this.processOnExit);
    this.input.setRawMode!(true);
    this.input.setEncoding('utf8');
    this.input.resume();
    this.output.write(ENTER_SEQUENCE);
  }

  write(text: string): void {
    if (this.entered && text.length > 0) this.output.write(text);
  }

  /** Calls `listener` with every chunk of keys typed; returns the function that stops it. */
  onKeys(listener: (chunk: string) => void): () => void {
    this.input.on('data', listener);
    return () => this.input.removeListener('data', listener);
  }

  onResize(listener: () => void): () => void {
    this.output.on('resize', listener);
    return () => this.output.removeListener('resize', listener);
  }

  /**
   * Gives the terminal back as it was: normal screen, cursor shown, cooked
   * mode, stdin paused so that the process can exit. Safe to call any
   * number of times, from any path, including inside an `exit` handler
   * (writes to a terminal are synchronous in Node).
   */
  restore(): void {
    if (!this.entered) return;
    this.entered = false;
    process.removeListener('exit', this.processOnExit);
    try {
      this.output.write(RESTORE_SEQUENCE);
    } catch {
      // The terminal is gone (hung up); there is nothing left to restore on it.
    }
    try {
      this.input.setRawMode!(false);
    } catch {
      // Same: a closed tty refuses the ioctl.
    }
    this.input.pause();
  }

  private readonly processOnExit = (): void => {
    this.restore();
  };
}
