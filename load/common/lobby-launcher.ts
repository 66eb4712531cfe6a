import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI_PATH } from '../../cli/cli-path.js';

/** The line a lobby of an older build prints on stdout once it accepts connections, with its admin listener's URL. */
const LISTENING_LINE = /vimtron lobby listening on (ws:\/\/\S+) .*; admin on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 15_000;
/** SIGTERM first; SIGKILL for a lobby still running this long after. */
const STOP_PATIENCE_MS = 5000;
const OUTPUT_TAIL_LINES = 20;

export interface LobbyLaunchOptions {
  readonly rooms: string;
  readonly pool: number;
  readonly maxGames: number;
  /** With --bench the lobby allows this many from one address too: every bot comes from 127.0.0.1. */
  readonly maxConnections: number;
  /** Join the cluster on this Redis (`--redis`); absent: a standalone lobby. */
  readonly redis?: string;
}

export interface LobbyExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** SIGTERM was not enough: the lobby was killed with SIGKILL. */
  readonly forced: boolean;
}

/** A lobby process this load generator started and must stop. */
export interface LobbyProcess {
  readonly pid: number;
  /** ws://127.0.0.1:PORT */
  readonly url: string;
  /** Its admin listener, where `/stats` is read: http://127.0.0.1:PORT/ */
  readonly adminUrl: string;
  readonly exited: boolean;
  /** SIGTERM, then SIGKILL after a grace period; resolves with how it ended; idempotent. */
  stop(): Promise<LobbyExit>;
  /** SIGKILL at once, as a crash would, but asked for (not reported as unexpected); resolves with the exit; idempotent. */
  kill(): Promise<LobbyExit>;
  /** Synchronous SIGKILL, for exit handlers. */
  killNow(): void;
}

/**
 * Starts `vimtron server` on a free port of 127.0.0.1 with the benchmark
 * knobs on, and waits until it listens. `onUnexpectedExit` hears of an exit
 * nobody asked for.
 */
export function launchLobby(options: LobbyLaunchOptions, onUnexpectedExit: (description: string) => void = () => {}): Promise<LobbyProcess> {
  const flags = [
    '--rooms', options.rooms, '--pool', String(options.pool), '--bench',
    '--max-games', String(options.maxGames), '--max-connections', String(options.maxConnections),
    ...(options.redis === undefined ? [] : ['--redis', options.redis]),
  ];
  return startLobbyProcess(flags, { onUnexpectedExit });
}

export interface LobbyProcessEvents {
  /** Every line the lobby prints, on stdout or stderr, as it comes. */
  readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  readonly onUnexpectedExit?: (description: string) => void;
}

/**
 * Starts the compiled `vimtron server` on a free port of 127.0.0.1 with
 * `flags` added, and waits until it listens. `cliPath` names another build
 * of the command (an older checkout's, to compare against). Rejects, with the lobby's last
 * lines, if it exits or stays silent instead.
 */
export async function startLobbyProcess(
  flags: readonly string[],
  events: LobbyProcessEvents = {},
  cliPath: string = CLI_PATH,
): Promise<LobbyProcess> {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing; run "npm run build" first`);
  const args = [cliPath, 'server', '--port', '0', '--host', '127.0.0.1', '--admin-port', '0', ...flags];
  const lobby = new SpawnedLobby(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }), events);
  try {
    await lobby.listening;
  } catch (error) {
    await lobby.stop();
    throw error;
  }
  return lobby;
}

/**
 * Lobbies started and not yet exited. A tool that exits (Ctrl-C makes them
 * exit) kills them on its way out, also one still starting: a lobby never
 * outlives the tool that started it, and its rooms die with it. One hook for
 * all of them, however many lobbies a tool runs.
 */
const liveLobbies = new Set<SpawnedLobby>();
let exitHookInstalled = false;

function killLiveLobbiesNow(): void {
  for (const lobby of liveLobbies) lobby.killNow();
}

function trackUntilExit(lobby: SpawnedLobby, exit: Promise<unknown>): void {
  if (!exitHookInstalled) {
    process.on('exit', killLiveLobbiesNow);
    exitHookInstalled = true;
  }
  liveLobbies.add(lobby);
  void exit.then(() => liveLobbies.delete(lobby));
}

class SpawnedLobby implements LobbyProcess {
  readonly pid: number;
  url = '';
  adminUrl = '';
  exited = false;
  readonly listening: Promise<void>;
  private readonly exit: Promise<{ code: number | null; signal: string | null }>;
  private readonly tail: string[] = [];
  private stopping: Promise<LobbyExit> | undefined;

  constructor(
    private readonly child: ChildProcess,
    { onLine = () => {}, onUnexpectedExit = () => {} }: LobbyProcessEvents,
  ) {
    if (child.pid === undefined) throw new Error(`could not start a lobby with ${process.execPath}`);
    this.pid = child.pid;
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exited = true;
        if (!this.stopping) onUnexpectedExit(`the lobby (pid ${this.pid}) exited with ${signal ?? `code ${code}`}; it said:\n${this.tail.join('\n')}`);
        resolve({ code, signal });
      });
    });
    trackUntilExit(this, this.exit);
    child.on('error', () => {});
    this.listening = new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the lobby printed no "listening" line within ${START_TIMEOUT_MS / 1000} s; it said:\n${this.tail.join('\n')}`)),
        START_TIMEOUT_MS,
      );
      // Every line is read (and all but the last few dropped), even after
      // startup: a pipe nobody drains would block the lobby once it fills.
      readLines(child.stdout!, (line) => {
        this.keep(line);
        onLine(line, 'stdout');
        const urls = listeningUrls(line);
        if (!urls || this.url !== '') return;
        clearTimeout(timer);
        this.url = urls.url;
        this.adminUrl = urls.adminUrl;
        resolve();
      });
      readLines(child.stderr!, (line) => {
        this.keep(line);
        onLine(line, 'stderr');
      });
      void this.exit.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`the lobby exited with ${signal ?? `code ${code}`} before listening; it said:\n${this.tail.join('\n')}`));
      });
    });
    // After startup a rejection is nobody's concern: stop() observes the exit.
    this.listening.catch(() => {});
  }

  stop(): Promise<LobbyExit> {
    this.stopping ??= this.terminate();
    return this.stopping;
  }

  killNow(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  kill(): Promise<LobbyExit> {
    this.stopping ??= (async () => {
      this.killNow();
      const { code, signal } = await this.exit;
      return { code, signal, forced: true };
    })();
    return this.stopping;
  }

  private async terminate(): Promise<LobbyExit> {
    let forced = false;
    if (!this.exited) {
      this.child.kill('SIGTERM');
      const killTimer = setTimeout(() => {
        forced = true;
        this.child.kill('SIGKILL');
      }, STOP_PATIENCE_MS);
      await this.exit;
      clearTimeout(killTimer);
    }
    const { code, signal } = await this.exit;
    return { code, signal, forced };
  }

  private keep(line: string): void {
    this.tail.push(line);
    if (this.tail.length > OUTPUT_TAIL_LINES) this.tail.shift();
  }
}

function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      onLine(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
    }
  });
}

/**
 * Where a lobby listens, from the line on its stdout that says so: its
 * `lobby_started` log line (JSON), or the plain line of an older build;
 * null for any other line, or a lobby without an admin listener.
 */
export function listeningUrls(line: string): { readonly url: string; readonly adminUrl: string } | null {
  if (line.startsWith('{')) {
    try {
      const record = JSON.parse(line) as { event?: unknown; url?: unknown; adminUrl?: unknown };
      if (record.event === 'lobby_started' && typeof record.url === 'string' && typeof record.adminUrl === 'string') {
        return { url: record.url, adminUrl: record.adminUrl };
      }
    } catch {
      // Not JSON after all: not the line.
    }
    return null;
  }
  const match = LISTENING_LINE.exec(line);
  return match ? { url: match[1]!, adminUrl: match[2]! } : null;
}
