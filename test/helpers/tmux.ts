import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What tmux knows about a pane: whether its program ended, and the terminal modes it left. */
export interface PaneInfo {
  readonly dead: boolean;
  /** Exit status of the pane's command once dead. */
  readonly exitStatus: number | null;
  /** The alternate screen is on. */
  readonly alternateScreen: boolean;
  readonly cursorVisible: boolean;
  /** Process id of the pane's command (the shell wrapping the client). */
  readonly pid: number;
  readonly columns: number;
  readonly rows: number;
}

let nextSession = 1;

/** What the client left behind once it exited, as the shell wrapped around it saw it. */
export interface ClientExit {
  readonly exitCode: number;
  /** The terminal is back in canonical (cooked) mode: raw mode was turned off. */
  readonly canonicalMode: boolean;
  /** The screen after the exit: the normal screen, with anything printed on stderr. */
  readonly lines: string[];
  /** Pane modes while the shell still runs after the client. */
  readonly info: PaneInfo;
}

/**
 * One detached tmux session on a private server (`tmux -L`), so nothing here
 * touches the user's own tmux. The command runs in a shell that, once the
 * command exits, prints its exit status and whether the terminal is in
 * canonical mode, then sleeps so that the pane's modes (alternate screen,
 * cursor) can still be read. `kill()` ends the session and the sleep.
 */
export class TmuxPane {
  private socketPath: string | null = null;

  private constructor(
    private readonly socket: string,
    readonly session: string,
  ) {}

  static async start(command: string, size: { columns: number; rows: number }): Promise<TmuxPane> {
    const pane = new TmuxPane(`vimtron-test-${process.pid}-${nextSession}`, `vimtron-${nextSession}`);
    nextSession++;
    const wrapped = `${command}; echo "EXIT=$?"; stty -a | grep -o -- '-\\{0,1\\}icanon'; exec sleep 600`;
    // One tmux invocation, so remain-on-exit is set before a fast command can end.
    await pane.tmux(
      'new-session', '-d', '-s', pane.session, '-x', String(size.columns), '-y', String(size.rows),
      '-e', 'LANG=C.UTF-8', wrapped,
      ';', 'set-option', '-t', pane.session, 'remain-on-exit', 'on',
    );
    const { stdout } = await pane.tmux('display-message', '-p', '-t', pane.session, '#{socket_path}');
    pane.socketPath = stdout.trim();
    return pane;
  }

  /** Waits for the wrapped command to exit and reports how it left the terminal. */
  async waitForClientExit(timeoutMs = 10_000): Promise<ClientExit> {
    const found = await this.waitFor(
      'the client to exit',
      (lines) => {
        const index = lines.findIndex((line) => /^EXIT=\d+$/.test(line));
        const mode = lines[index + 1];
        return index !== -1 && (mode === 'icanon' || mode === '-icanon') ? { lines, index, mode } : undefined;
      },
      timeoutMs,
    );
    return {
      exitCode: Number(found.lines[found.index]!.slice('EXIT='.length)),
      canonicalMode: found.mode === 'icanon',
      lines: found.lines,
      info: await this.info(),
    };
  }

  /** The screen's lines, trailing spaces removed; a long line the terminal wrapped comes back whole. */
  async capture(): Promise<string[]> {
    const { stdout } = await this.tmux('capture-pane', '-p', '-J', '-t', this.session);
    return stdout.split('\n').map((line) => line.trimEnd());
  }

  async info(): Promise<PaneInfo> {
    const format = '#{pane_dead}|#{pane_dead_status}|#{alternate_on}|#{cursor_flag}|#{pane_pid}|#{pane_width}|#{pane_height}';
    const { stdout } = await this.tmux('display-message', '-p', '-t', this.session, format);
    const [dead, status, alternate, cursor, pid, columns, rows] = stdout.trim().split('|');
    return {
      dead: dead === '1',
      exitStatus: status === '' || status === undefined ? null : Number(status),
      alternateScreen: alternate === '1',
      cursorVisible: cursor === '1',
      pid: Number(pid),
      columns: Number(columns),
      rows: Number(rows),
    };
  }

  /** Sends keys by tmux name (`Escape`, `C-c`) or as literal characters. */
  async sendKeys(...keys: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', this.session, ...keys);
  }

  async resize(columns: number, rows: number): Promise<void> {
    await this.tmux('resize-window', '-t', this.session, '-x', String(columns), '-y', String(rows));
  }

  /**
   * Polls the screen until `check` returns a value (not undefined), and
   * returns it; fails with the last screen seen when the deadline passes.
   */
  async waitFor<T>(description: string, check: (lines: string[]) => T | undefined, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lines: string[] = [];
    for (;;) {
      lines = await this.capture();
      const value = check(lines);
      if (value !== undefined) return value;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}; the screen was:\n${lines.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /**
   * Ends this test's session and whatever still runs in it; its private tmux
   * server exits with its last session, and the socket file it leaves is removed.
   */
  async kill(): Promise<void> {
    await this.tmux('kill-session', '-t', this.session).catch(() => {});
    if (this.socketPath) await rm(this.socketPath, { force: true });
  }

  private tmux(...args: string[]): Promise<{ stdout: string; stderr: string }> {
    return run('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {
      env: { ...process.env, LANG: 'C.UTF-8' },
      encoding: 'utf8',
    });
  }
}
