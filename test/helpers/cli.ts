import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { CLI_PATH } from '../../cli/cli-path.js';
import type { LogLine } from './captured-log.js';

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A running `vimtron` process with its output collected. `kill()` ends it by
 * its own pid and is safe to call after it exited.
 */
export class CliProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<CliResult>;
  private readonly child: ChildProcess;
  private result: CliResult | null = null;

  constructor(args: readonly string[], environment: Readonly<Record<string, string>> = {}) {
    this.child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...environment } });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        this.result = { code, signal, stdout: this.stdout, stderr: this.stderr };
        resolve(this.result);
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.result === null) this.child.kill(signal);
  }

  /** Waits until stdout matches, or fails with what was printed so far. */
  async waitForOutput(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.stdout);
      if (match) return match;
      if (this.result !== null) throw new Error(`exited (${this.result.code}) before printing ${pattern}: ${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms; stdout: ${this.stdout}; stderr: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Every whole line on stdout so far, parsed: a `vimtron server` writes
   * nothing there but its log, one JSON object a line. Throws, naming the
   * line, on one that is not.
   */
  logLines(): LogLine[] {
    const whole = this.stdout.slice(0, this.stdout.lastIndexOf('\n') + 1);
    return whole.split('\n').filter((line) => line !== '').map((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        return parsed as LogLine;
      } catch (error) {
        throw new Error(`a line on stdout is not a JSON object (${(error as Error).message}): ${line}`);
      }
    });
  }

  /** Waits until a line of `event` that `matches` is logged, and returns it; fails with the log so far otherwise. */
  async waitForLog(event: string, matches: (line: LogLine) => boolean = () => true, timeoutMs = 10_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logLines().find((line) => line.event === event && matches(line));
      if (found) return found;
      if (this.result !== null) throw new Error(`exited (${this.result.code}) before logging ${event}: ${this.stdout}${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`no ${event} line within ${timeoutMs} ms; stdout: ${this.stdout}; stderr: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The result once the process exits; kills it and fails if it takes longer than the deadline. */
  async finished(timeoutMs = 10_000): Promise<CliResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        this.signal('SIGKILL');
        reject(new Error(`vimtron did not exit within ${timeoutMs} ms; stdout: ${this.stdout}; stderr: ${this.stderr}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async kill(): Promise<void> {
    if (this.result !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Runs `vimtron` with `args`, and extra environment variables, to completion. */
export function runCli(args: readonly string[], timeoutMs = 10_000, environment: Readonly<Record<string, string>> = {}): Promise<CliResult> {
  return new CliProcess(args, environment).finished(timeoutMs);
}

/** A TCP port that nothing listens on: bound for a moment by us, then released. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A port P that nothing listens on, and P + 1 neither: where a lobby with the default admin port can start. */
export async function closedPortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await closedPort();
    if (port < 65535 && (await portIsFree(port + 1))) return port;
  }
  throw new Error('found no two free ports in a row in 20 attempts');
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
