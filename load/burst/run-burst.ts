import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { WebSocket } from 'ws';
import { Histogram } from '../../shared/stats/histogram.js';
import { startLobbyProcess, type LobbyExit, type LobbyProcess } from '../common/lobby-launcher.js';
import { fetchLobbyStats, lobbyIsReady } from '../common/lobby-stats-client.js';
import { childPidsOf, isRunning, readCpuMicroseconds, readMemory } from '../common/proc-stats.js';
import type { ProbeOptions, ProbeReport, ProbeSample } from './probe-messages.js';

export interface BurstOptions {
  /** Games created at once, one per connection. */
  readonly games: number;
  /** Room host of the lobby: process, thread or inline. */
  readonly rooms: string;
  /** Warm pool of the lobby; the burst waits for its spares first. */
  readonly pool: number;
  /** `--start-concurrency` of the lobby; null leaves the lobby's default (and works with builds that lack the flag). */
  readonly startConcurrency: number | null;
  /** One probe ping every this many milliseconds. */
  readonly pingEveryMs: number;
  /** A new connection (and `list`) every this many milliseconds. */
  readonly connectEveryMs: number;
  /** The run fails if a game is still not joined this long after the creates were sent. */
  readonly deadlineSeconds: number;
  /** The `vimtron` command to start: this checkout's dist/cli/cli.js, or another build to compare with. */
  readonly cliPath: string;
  /**
   * What each player does once joined: `stay` in its game (every room then
   * ticks and sends frames, as after a real burst), or `leave` at once (the
   * room stops: only the starts are measured, not the load of hundreds of
   * games running).
   */
  readonly then: 'stay' | 'leave';
}

/** Count, p50, p99 and max of a set of durations, in milliseconds. */
export interface Quantiles {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** The probe's figures in one window of the run. */
export interface ProbeWindow {
  readonly pingMs: Quantiles;
  /** Pings sent in the window and never answered. */
  readonly pingsUnanswered: number;
  readonly connectMs: Quantiles;
  readonly listMs: Quantiles;
}

export interface BurstReport {
  readonly ok: boolean;
  /** Why the run failed, if it did. */
  readonly failure: string | null;
  readonly options: BurstOptions;
  readonly machine: { readonly cpus: number; readonly loadAverageAtStart: readonly number[]; readonly loadAverageAtEnd: readonly number[] };
  /** Creates sent -> last `joined` (or the deadline). */
  readonly burstSeconds: number;
  readonly joined: number;
  /** Error codes the creates got instead of `joined`, and connections lost. */
  readonly errors: Readonly<Record<string, number>>;
  /** Create sent -> `joined`, per game. */
  readonly timeToJoinedMs: Quantiles;
  /** Games joined within 5, 10, 30 and 60 s of the creates: how fast rooms come up, also in a run that does not finish. */
  readonly joinedWithin: Readonly<Record<string, number>>;
  /** The probe during the second before the burst, and during the burst. */
  readonly probeBefore: ProbeWindow;
  readonly probeDuring: ProbeWindow;
  /** The probe's failures (closed connections, refused requests). */
  readonly probeFailures: readonly string[];
  /** CPU the lobby process used during the burst, milliseconds. */
  readonly lobbyCpuMs: number | null;
  /** Lobby RSS at the end of the burst: fork() copies its page tables, so its cost grows with it. */
  readonly lobbyRssBytes: number | null;
  /** Room processes at the end of the burst and the CPU each had used by then (start-up, warm-up and the first ticks), median. */
  readonly roomProcesses: number;
  readonly roomCpuMsMedian: number | null;
  /**
   * The rooms' own tick lateness, every room's ticks from its start until its
   * last report (rooms report every 2 s; read 2.5 s after the burst), with
   * the ticks they skipped: whether the burst delayed the games already running.
   */
  readonly roomTicks: { readonly ticks: number; readonly skipped: number; readonly latenessMs: Quantiles } | null;
  readonly lobbyExit: LobbyExit | null;
  /** Every child of the lobby seen, checked gone after it stopped. */
  readonly pidsChecked: number;
  readonly survivors: readonly number[];
}

/** Connections opened at the same time while setting up. */
const CONNECT_BATCH = 50;
/** Pings on their own connections, in turn, so that each stays under the lobby's rate limit of 20 messages a second. */
const PING_CONNECTIONS = 4;
/** The probe runs this long before the creates, as the baseline. */
const BASELINE_MS = 1000;
/** How often the lobby's children are looked up in /proc, to check them all gone at the end. */
const CHILD_SCAN_EVERY_MS = 250;
/** The marks of `joinedWithin`. */
const JOINED_WITHIN_SECONDS = [5, 10, 30, 60] as const;
/** The lobby's warm pool has this long to be ready before the burst. */
const POOL_READY_TIMEOUT_MS = 15_000;
/** Rooms report their tick timing every 2 s: the lobby's stats are read this long after the burst. */
const ROOM_REPORT_WAIT_MS = 2500;

function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function quantiles(samplesMs: readonly number[]): Quantiles {
  const histogram = new Histogram();
  // Microseconds, so sub-millisecond times keep their precision.
  for (const ms of samplesMs) histogram.record(ms * 1000);
  const ms = (us: number): number => Math.round(us) / 1000;
  return { count: histogram.count, p50: ms(histogram.quantile(0.5)), p99: ms(histogram.quantile(0.99)), max: ms(histogram.max) };
}

/** One connection that creates a game and waits for its seat. */
class Creator {
  sentAt = 0;
  joinedMs: number | null = null;
  error: string | null = null;
  private settle: () => void = () => {};
  readonly settled = new Promise<void>((resolve) => {
    this.settle = resolve;
  });

  constructor(
    readonly socket: WebSocket,
    private readonly leaveOnceJoined: boolean,
  ) {
    socket.on('message', this.socketOnMessage);
    socket.on('close', () => this.fail('CONNECTION_CLOSED'));
    socket.on('error', () => this.fail('SOCKET_ERROR'));
  }

  create(): void {
    this.sentAt = wallNow();
    this.socket.send(JSON.stringify({ type: 'create', players: 2 }));
  }

  get done(): boolean {
    return this.joinedMs !== null || this.error !== null;
  }

  /** The deadline passed: a game not joined by now counts as not joined, whatever comes later. */
  giveUp(): void {
    this.fail('NOT_JOINED_BY_DEADLINE');
  }

  private fail(code: string): void {
    if (this.done) return;
    this.error = code;
    this.settle();
  }

  /** Only the first reply is read: the frames of the game after it are not this benchmark's business. */
  private readonly socketOnMessage = (data: Buffer): void => {
    if (this.done) return;
    const message = JSON.parse(data.toString()) as { type: string; code?: string };
    if (message.type === 'joined') {
      this.joinedMs = wallNow() - this.sentAt;
      if (this.leaveOnceJoined) this.socket.send(JSON.stringify({ type: 'leave' }));
      this.settle();
    } else if (message.type === 'error') {
      this.fail(message.code ?? 'ERROR');
    }
  };
}

function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function probeWindow(report: ProbeReport, from: number, to: number): ProbeWindow {
  const within = (samples: readonly ProbeSample[]): number[] =>
    samples.filter((sample) => sample.sentAt >= from && sample.sentAt < to).map((sample) => sample.ms);
  return {
    pingMs: quantiles(within(report.pings)),
    pingsUnanswered: report.unanswered.filter((sentAt) => sentAt >= from && sentAt < to).length,
    connectMs: quantiles(within(report.connects)),
    listMs: quantiles(within(report.lists)),
  };
}

/**
 * One burst: starts a lobby, opens a connection per game, sends every
 * `create` at once, and times each `joined` while a probe thread pings the
 * lobby and opens new connections. Everything it started is stopped, and
 * every child of the lobby checked gone, before it returns.
 */
export async function runBurst(options: BurstOptions): Promise<BurstReport> {
  const loadAverageAtStart = loadavg();
  const flags = [
    '--rooms', options.rooms, '--pool', String(options.pool), '--bench',
    '--max-games', String(options.games), '--max-connections', String(options.games + 200),
    ...(options.startConcurrency === null ? [] : ['--start-concurrency', String(options.startConcurrency)]),
  ];
  const lobby = await startLobbyProcess(flags, {}, options.cliPath);
  const seenChildren = new Set<number>();
  const scanChildren = (): void => {
    for (const pid of childPidsOf(lobby.pid)) seenChildren.add(pid);
  };
  const childScan = setInterval(scanChildren, CHILD_SCAN_EVERY_MS);
  const creators: Creator[] = [];
  let probe: Worker | null = null;
  let failure: string | null = null;
  try {
    const measured = await burst(lobby, options, creators, scanChildren, (worker) => {
      probe = worker;
    });
    failure = measured.failure;
    clearInterval(childScan);
    scanChildren();
    const stopped = await stopAll(lobby, creators, seenChildren);
    if (stopped.survivors.length > 0) failure ??= `processes left behind: ${stopped.survivors.join(', ')}`;
    return {
      ...measured,
      ok: failure === null,
      failure,
      options,
      machine: { cpus: availableParallelism(), loadAverageAtStart, loadAverageAtEnd: loadavg() },
      ...stopped,
    };
  } finally {
    clearInterval(childScan);
    void (probe as Worker | null)?.terminate();
    for (const creator of creators) creator.socket.terminate();
    if (!lobby.exited) await lobby.kill();
  }
}

type Measured = Omit<BurstReport, 'ok' | 'options' | 'machine' | 'lobbyExit' | 'pidsChecked' | 'survivors'>;

async function burst(
  lobby: LobbyProcess,
  options: BurstOptions,
  creators: Creator[],
  scanChildren: () => void,
  onProbe: (worker: Worker) => void,
): Promise<Measured> {
  // The warm pool's spares first, started and warmed (the lobby says ready), as on a lobby that has been up a while.
  const poolDeadline = performance.now() + POOL_READY_TIMEOUT_MS;
  while (!(await lobbyIsReady(lobby.adminUrl, 5000))) {
    if (performance.now() > poolDeadline) throw new Error(`the lobby was not ready ${POOL_READY_TIMEOUT_MS / 1000} s after it started (its warm pool of ${options.pool})`);
    await sleep(50);
  }
  for (let first = 0; first < options.games; first += CONNECT_BATCH) {
    const count = Math.min(CONNECT_BATCH, options.games - first);
    const sockets = await Promise.all(Array.from({ length: count }, () => connect(lobby.url)));
    for (const socket of sockets) creators.push(new Creator(socket, options.then === 'leave'));
  }
  const probeOptions: ProbeOptions = {
    url: lobby.url,
    pingEveryMs: options.pingEveryMs,
    pingConnections: PING_CONNECTIONS,
    connectEveryMs: options.connectEveryMs,
  };
  const probe = new Worker(new URL('./lobby-probe.js', import.meta.url), { workerData: probeOptions });
  onProbe(probe);
  const probeReport = new Promise<ProbeReport>((resolve, reject) => {
    probe.on('message', (message: ProbeReport | 'ready') => {
      if (message !== 'ready') resolve(message);
    });
    probe.once('error', reject);
  });
  await new Promise<void>((resolve, reject) => {
    probe.once('message', () => resolve());
    probe.once('error', reject);
  });
  const baselineFrom = wallNow();
  await sleep(BASELINE_MS);

  const cpuBefore = readCpuMicroseconds(lobby.pid);
  const burstFrom = wallNow();
  for (const creator of creators) creator.create();
  const deadline = new Promise<'deadline'>((resolve) => setTimeout(() => resolve('deadline'), options.deadlineSeconds * 1000).unref());
  const outcome = await Promise.race([Promise.all(creators.map((creator) => creator.settled)).then(() => 'settled' as const), deadline]);
  const burstTo = wallNow();
  for (const creator of creators) creator.giveUp();
  const cpuAfter = readCpuMicroseconds(lobby.pid);
  const lobbyRssBytes = readMemory(lobby.pid)?.rssBytes ?? null;
  scanChildren();
  const roomPids = childPidsOf(lobby.pid);
  const roomCpuMs = roomPids.map((pid) => readCpuMicroseconds(pid)).filter((us): us is number => us !== null).map((us) => us / 1000);
  roomCpuMs.sort((a, b) => a - b);

  probe.postMessage('stop');
  const report = await probeReport;
  await sleep(ROOM_REPORT_WAIT_MS);
  const roomTicks = await readRoomTicks(lobby);
  const errors: Record<string, number> = {};
  for (const creator of creators) {
    if (creator.error) errors[creator.error] = (errors[creator.error] ?? 0) + 1;
  }
  const joinedMs = creators.map((creator) => creator.joinedMs).filter((ms): ms is number => ms !== null);
  let failure: string | null = null;
  if (outcome === 'deadline') failure = `${options.games - joinedMs.length} of ${options.games} games not joined within ${options.deadlineSeconds} s`;
  else if (joinedMs.length < options.games) failure = `${options.games - joinedMs.length} of ${options.games} creates failed`;
  return {
    failure,
    burstSeconds: Math.round(burstTo - burstFrom) / 1000,
    joined: joinedMs.length,
    errors,
    timeToJoinedMs: quantiles(joinedMs),
    joinedWithin: Object.fromEntries(JOINED_WITHIN_SECONDS.map((seconds) => [String(seconds), joinedMs.filter((ms) => ms <= seconds * 1000).length])),
    probeBefore: probeWindow(report, baselineFrom, burstFrom),
    probeDuring: probeWindow(report, burstFrom, burstTo),
    probeFailures: report.failures,
    lobbyCpuMs: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / 1000,
    lobbyRssBytes,
    roomProcesses: roomPids.length,
    roomCpuMsMedian: roomCpuMs.length === 0 ? null : roomCpuMs[Math.floor(roomCpuMs.length / 2)]!,
    roomTicks,
  };
}

/** Every room's tick lateness so far, merged, from the lobby's `GET /stats`; null if the lobby does not answer. */
async function readRoomTicks(lobby: LobbyProcess): Promise<BurstReport['roomTicks']> {
  let stats;
  try {
    stats = await fetchLobbyStats(lobby.adminUrl, 5000);
  } catch {
    return null;
  }
  const lateness = new Histogram();
  let ticks = 0;
  let skipped = 0;
  for (const room of stats.roomStats) {
    lateness.merge(Histogram.from(room.latenessHistogramUs));
    ticks += room.ticks;
    skipped += room.skipped;
  }
  const ms = (us: number): number => Math.round(us) / 1000;
  return {
    ticks,
    skipped,
    latenessMs: { count: lateness.count, p50: ms(lateness.quantile(0.5)), p99: ms(lateness.quantile(0.99)), max: ms(lateness.max) },
  };
}

/** Closes the connections, stops the lobby (SIGTERM, then SIGKILL), and checks every child it had is gone. */
async function stopAll(
  lobby: LobbyProcess,
  creators: readonly Creator[],
  seenChildren: ReadonlySet<number>,
): Promise<{ lobbyExit: LobbyExit; pidsChecked: number; survivors: number[] }> {
  for (const creator of creators) creator.socket.close();
  const lobbyExit = await lobby.stop();
  // Rooms are asked to stop and killed after their grace; a room that outlives its lobby would be a leak.
  const checkDeadline = performance.now() + 3000;
  let survivors = [...seenChildren].filter(isRunning);
  while (survivors.length > 0 && performance.now() < checkDeadline) {
    await sleep(50);
    survivors = survivors.filter(isRunning);
  }
  for (const pid of survivors) process.kill(pid, 'SIGKILL');
  return { lobbyExit, pidsChecked: seenChildren.size, survivors };
}
