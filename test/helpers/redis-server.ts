import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort } from './cli.js';
import { waitForExit } from './processes.js';

/** What redis-server prints once it accepts connections (at the default log level, notice). */
const READY_LINE = /Ready to accept connections/;
const START_DEADLINE_MS = 10_000;
const STOP_DEADLINE_MS = 5000;

/**
 * A real `redis-server` for one test file, on a free 127.0.0.1 port, with
 * throwaway state: no snapshots, no append-only file, its working directory
 * a fresh temporary one. It can be killed, paused and started again on the
 * same port (empty again, as a restarted Redis without persistence is).
 * Every stop is by its own PID and waits until that process is gone.
 */
export class RedisServer {
  private child: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await closedPort(), mkdtempSync(join(tmpdir(), 'vimtron-redis-')));
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** The server's process id while it runs. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Starts the server (again) on the same port; resolves once it accepts connections. */
  async restart(): Promise<void> {
    if (this.child) throw new Error(`redis-server on port ${this.port} is already running (pid ${this.child.pid})`);
    this.output = '';
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--daemonize', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`redis-server did not start within ${START_DEADLINE_MS} ms: ${this.output}`)), START_DEADLINE_MS);
      const childOnData = (): void => {
        if (!READY_LINE.test(this.output)) return;
        clearTimeout(timer);
        child.stdout!.removeListener('data', childOnData);
        child.removeListener('exit', childOnExit);
        resolve();
      };
      const childOnExit = (code: number | null): void => fail(new Error(`redis-server exited (${code}) before it was ready: ${this.output}`));
      const fail = (error: Error): void => {
        clearTimeout(timer);
        child.stdout!.removeListener('data', childOnData);
        child.removeListener('exit', childOnExit);
        child.kill('SIGKILL');
        this.child = null;
        reject(error);
      };
      child.stdout!.on('data', childOnData);
      child.on('exit', childOnExit);
      child.on('error', fail);
    });
  }

  /** Kills the server outright, as a crash would, and waits until its process is gone. */
  kill(): Promise<void> {
    return this.end('SIGKILL');
  }

  /** Freezes the server (SIGSTOP): connections stay open and nothing is answered. */
  pause(): void {
    this.running().kill('SIGSTOP');
  }

  resume(): void {
    this.running().kill('SIGCONT');
  }

  /** Stops the server, proves its process gone, and removes its directory. */
  async stop(): Promise<void> {
    await this.end('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private running(): ChildProcess {
    if (!this.child) throw new Error(`redis-server on port ${this.port} is not running`);
    return this.child;
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.exitCode === null && child.signalCode === null) {
      // A paused server only acts on SIGTERM once it runs again.
      child.kill('SIGCONT');
      child.kill(signal);
      await exited;
    }
    await waitForExit([child.pid!], STOP_DEADLINE_MS);
  }
}
