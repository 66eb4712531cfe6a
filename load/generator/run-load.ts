import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import type { LobbyStats } from '../../shared/protocol/server-messages.js';
import { defaultTemper } from '../bots/bot-decision.js';
import { BotShardProcesses } from '../bots/bot-shard-processes.js';
import type { ClientRoomFigures } from '../bots/client-room-metrics.js';
import type { GameSpec } from '../bots/shard-messages.js';
import { raceAbort, sleep } from '../common/abortable.js';
import { launchLobby, type LobbyProcess } from '../common/lobby-launcher.js';
import { fetchLobbyStats } from '../common/lobby-stats-client.js';
import { childPidsOf, isRunning, readCpuMicroseconds, readMemory } from '../common/proc-stats.js';
import { botProcessCount, type LoadOptions } from './load-options.js';
import { buildLoadReport, type LoadReport, type ReapingFigures, type ResourceFigures } from './load-report.js';
import { ServerWindow, type ServerRoomFigures } from './server-window.js';

/** The lobby's tick; bots measure frame intervals against it. */
const TICK_MS = 100;
/** Rooms report their timing every 2 s; looking this often sees nearly every report. */
const STATS_EVERY_MS = 2000;
const PROGRESS_EVERY_MS = 250;
const STATS_TIMEOUT_MS = 10_000;
const RESULTS_TIMEOUT_MS = 10_000;
/** Allowance for starting the lobby and the bot processes. */
const STARTUP_ALLOWANCE_S = 15;
/** Added to every run's planned length to make its hard deadline. */
const DEADLINE_SLACK_S = 30;
const POOL_START_TIMEOUT_MS = 5000;
/** A spare room process is ready about 100-300 ms after it is forked on a 2-core machine. */
const POOL_SETTLE_MS = 1000;
/** How long room processes may take to disappear after their lobby exits. */
const REAP_PATIENCE_MS = 3000;

export type LoadStage = 'starting' | 'warming up' | 'measuring' | 'shutting down';

export interface LoadProgress {
  readonly stage: LoadStage;
  /** 0..1 through the current stage, as far as it can be told. */
  readonly fraction: number;
  readonly elapsedSeconds: number;
  readonly games: number;
  readonly created: number;
  readonly running: number;
  readonly failed: number;
  readonly connections: number;
  readonly errors: number;
}

/**
 * One load run, start to finish: starts a lobby (unless given one) and the
 * bot processes, creates the games at the chosen rate, waits until every
 * game has started a round, measures for the chosen duration, then stops
 * everything it started and checks that no room process survived.
 *
 * Never throws for a failed run: the report says `ok: false` and why. A
 * hard deadline (planned length + 30 s) bounds the whole run.
 */
export async function runLoad(
  options: LoadOptions,
  onProgress: (progress: LoadProgress) => void = () => {},
  cancel?: AbortSignal,
): Promise<LoadReport> {
  return new LoadRun(options, onProgress, cancel).run();
}

class LoadRun {
  private readonly startedAt = new Date();
  private readonly began = performance.now();
  private readonly abort = new AbortController();
  private readonly totalGames: number;
  private readonly deadlineSeconds: number;
  private stage: LoadStage = 'starting';
  private stageStartedAt = performance.now();
  private stageSeconds = STARTUP_ALLOWANCE_S;
  private lobby: LobbyProcess | null = null;
  private lobbyUrl: string | null = null;
  private lobbyPid: number | null = null;
  private lobbyRooms: string | null = null;
  private shards: BotShardProcesses | null = null;
  /** Room and pool process ids seen during the run, to check after the lobby exits. */
  private readonly pidsSeen = new Set<number>();
  private failure: string | null = null;

  constructor(
    private readonly options: LoadOptions,
    private readonly onProgress: (progress: LoadProgress) => void,
    private readonly cancel: AbortSignal | undefined,
  ) {
    this.totalGames = options.games + options.heavyGames;
    const rampSeconds = this.totalGames / options.createRate;
    this.deadlineSeconds = STARTUP_ALLOWANCE_S + rampSeconds + options.warmupTimeoutSeconds + options.durationSeconds + DEADLINE_SLACK_S;
  }

  async run(): Promise<LoadReport> {
    const deadline = setTimeout(
      () => this.abort.abort(new Error(`hard deadline of ${Math.round(this.deadlineSeconds)} s passed while ${this.stage}`)),
      this.deadlineSeconds * 1000,
    );
    const onCancel = (): void => this.abort.abort(new Error(`cancelled while ${this.stage}`));
    if (this.cancel?.aborted) onCancel();
    else this.cancel?.addEventListener('abort', onCancel, { once: true });
    const killEverything = (): void => {
      this.shards?.killNow();
      this.lobby?.killNow();
    };
    process.on('exit', killEverything);
    const progressTimer = setInterval(() => this.reportProgress(), PROGRESS_EVERY_MS);

    let measured: Measured | null = null;
    let reaping: ReapingFigures | null = null;
    let setupSeconds = 0;
    let allGamesRunning = false;
    try {
      const setup = await this.setUp();
      setupSeconds = (performance.now() - this.began) / 1000;
      allGamesRunning = setup.allRunning;
      measured = await this.measure(setup.lobbyPssBeforeGames);
    } catch (error) {
      this.fail((error as Error).message);
    } finally {
      this.enterStage('shutting down', 10);
      reaping = await this.shutDown();
      clearInterval(progressTimer);
      clearTimeout(deadline);
      this.cancel?.removeEventListener('abort', onCancel);
      process.off('exit', killEverything);
    }
    if (reaping && !reaping.reaped) this.fail(`room processes outlived the lobby: ${reaping.survivors.join(', ')}`);
    return buildLoadReport({
      options: this.options,
      startedAt: this.startedAt.toISOString(),
      failure: this.failure,
      lobby: {
        url: this.lobbyUrl,
        started: this.options.address === null,
        rooms: this.lobbyRooms,
        pid: this.lobbyPid,
      },
      setupSeconds,
      windowSeconds: measured?.windowSeconds ?? 0,
      allGamesRunning,
      server: measured?.server ?? [],
      client: measured?.client ?? [],
      resources: measured?.resources ?? null,
      generator: {
        botProcesses: this.shards?.count ?? 0,
        botProcessPids: this.shards?.pids() ?? [],
        cpuPercent: measured?.generatorCpuPercent ?? null,
      },
      reaping,
      machine: { cpus: availableParallelism(), loadAverage: loadavg().map((load) => Math.round(load * 100) / 100), node: process.version },
    });
  }

  private async setUp(): Promise<{ allRunning: boolean; lobbyPssBeforeGames: number | null }> {
    const options = this.options;
    if (options.address === null) {
      this.lobby = await raceAbort(
        launchLobby(
          {
            rooms: options.rooms,
            pool: options.pool,
            maxGames: Math.max(500, this.totalGames + 10),
            maxConnections: Math.max(4000, this.totalGames * options.players + 100),
          },
          (description) => this.abort.abort(new Error(description)),
        ),
        this.abort.signal,
      );
      this.lobbyUrl = this.lobby.url;
    } else {
      this.lobbyUrl = options.address;
    }
    const stats = await this.stats();
    this.lobbyRooms = stats.rooms;
    this.lobbyPid = this.lobby?.pid ?? (readCpuMicroseconds(stats.lobby.pid) !== null ? stats.lobby.pid : null);
    const lobbyPssBeforeGames = this.lobbyPid === null ? null : (readMemory(this.lobbyPid)?.pssBytes ?? null);
    if (this.lobby && options.pool > 0) await this.poolStarted(this.lobby.pid, options.rooms === 'process' ? options.pool : 0);

    this.shards = new BotShardProcesses(botProcessCount(options), (description) => this.abort.abort(new Error(description)));
    const games = gameSpecs(options);
    for (let shard = 0; shard < this.shards.count; shard++) {
      this.shards.send(shard, {
        type: 'start',
        url: this.lobbyUrl,
        games: games.filter((_, index) => index % this.shards!.count === shard),
        temper: { ...defaultTemper, keyChancePerTick: (options.keysPerSecond * TICK_MS) / 1000 },
        tickMs: TICK_MS,
      });
    }

    // Warm-up: creation at the chosen rate, then every game's first countdown.
    const warmupSeconds = this.totalGames / options.createRate + options.warmupTimeoutSeconds;
    this.enterStage('warming up', this.totalGames / options.createRate + 4);
    const giveUpAt = performance.now() + warmupSeconds * 1000;
    for (;;) {
      const progress = this.shards.progress();
      if (progress.running + progress.failed >= this.totalGames) break;
      if (performance.now() > giveUpAt) {
        this.fail(`only ${progress.running} of ${this.totalGames} games started a round within the warm-up (${Math.round(warmupSeconds)} s)`);
        return { allRunning: false, lobbyPssBeforeGames };
      }
      await sleep(PROGRESS_EVERY_MS, this.abort.signal);
    }
    const progress = this.shards.progress();
    if (progress.failed > 0) this.fail(`${progress.failed} of ${this.totalGames} games failed to start (see errors)`);
    return { allRunning: progress.failed === 0, lobbyPssBeforeGames };
  }

  /**
   * Waits for a warm pool's spares to exist and start, so that the first
   * games measure the pool and not a cold start. The lobby does not say when
   * its spares are ready, hence the settling pause after they appear.
   * `processes` is how many spare processes to wait for (0 for threads).
   */
  private async poolStarted(lobbyPid: number, processes: number): Promise<void> {
    const giveUpAt = performance.now() + POOL_START_TIMEOUT_MS;
    while (childPidsOf(lobbyPid).length < processes && performance.now() < giveUpAt) await sleep(50, this.abort.signal);
    await sleep(POOL_SETTLE_MS, this.abort.signal);
  }

  private async measure(lobbyPssBeforeGames: number | null): Promise<Measured> {
    const shards = this.shards!;
    this.enterStage('measuring', this.options.durationSeconds);
    const serverWindow = new ServerWindow();
    const first = await this.stats();
    serverWindow.begin(first);
    const roomPids = roomPidsOf(first);
    for (const pid of roomPids) this.pidsSeen.add(pid);
    const cpuAtStart = this.sampleCpu(roomPids);
    const windowStart = performance.now();
    shards.broadcast({ type: 'measure-start' });

    const windowEnd = windowStart + this.options.durationSeconds * 1000;
    for (;;) {
      const left = windowEnd - performance.now();
      if (left <= 0) break;
      await sleep(Math.min(STATS_EVERY_MS, left), this.abort.signal);
      // A stats look that fails mid-window costs one sample of the tick rate, not the run.
      if (windowEnd - performance.now() > 200) serverWindow.observe(await this.stats().catch(() => first));
    }

    const client = await raceAbort(shards.stopMeasuring(RESULTS_TIMEOUT_MS), this.abort.signal);
    const windowSeconds = (performance.now() - windowStart) / 1000;
    const cpuAtEnd = this.sampleCpu(roomPids);
    const last = await this.stats();
    serverWindow.observe(last);
    for (const pid of roomPidsOf(last)) this.pidsSeen.add(pid);
    if (this.lobby) for (const pid of childPidsOf(this.lobby.pid)) this.pidsSeen.add(pid);

    const frames = client.reduce((sum, room) => sum + room.frames, 0);
    const resources = this.resources(cpuAtStart, cpuAtEnd, windowSeconds, roomPids, frames, last, lobbyPssBeforeGames);
    const generatorCpu = cpuAtEnd.generator - cpuAtStart.generator;
    return {
      windowSeconds,
      server: serverWindow.figures(),
      client,
      resources,
      generatorCpuPercent: round((generatorCpu / (windowSeconds * 1e6)) * 100, 1),
    };
  }

  private sampleCpu(roomPids: readonly number[]): CpuSample {
    const rooms = new Map<number, number>();
    for (const pid of roomPids) {
      const cpu = readCpuMicroseconds(pid);
      if (cpu !== null) rooms.set(pid, cpu);
    }
    const own = process.cpuUsage();
    let generator = own.user + own.system;
    for (const pid of this.shards?.pids() ?? []) generator += readCpuMicroseconds(pid) ?? 0;
    return { lobby: this.lobbyPid === null ? null : readCpuMicroseconds(this.lobbyPid), rooms, generator };
  }

  private resources(
    start: CpuSample,
    end: CpuSample,
    windowSeconds: number,
    roomPids: readonly number[],
    framesDelivered: number,
    last: LobbyStats,
    lobbyPssBeforeGames: number | null,
  ): ResourceFigures | null {
    if (this.lobbyPid === null || start.lobby === null || end.lobby === null) return null;
    const windowUs = windowSeconds * 1e6;
    const lobbyCpuUs = end.lobby - start.lobby;
    let roomsCpuUs = 0;
    for (const [pid, atEnd] of end.rooms) roomsCpuUs += atEnd - (start.rooms.get(pid) ?? atEnd);
    const lobbyMemory = readMemory(this.lobbyPid);
    let roomsPss = 0;
    let roomsRss = 0;
    let measuredRooms = 0;
    for (const pid of roomPids) {
      const memory = readMemory(pid);
      if (!memory) continue;
      roomsPss += memory.pssBytes;
      roomsRss += memory.rssBytes;
      measuredRooms += 1;
    }
    const hasRoomProcesses = roomPids.length > 0;
    const rooms = last.roomStats.length;
    let pssPerRoom: number | null = null;
    if (hasRoomProcesses && measuredRooms > 0) pssPerRoom = Math.round(roomsPss / measuredRooms);
    else if (!hasRoomProcesses && rooms > 0 && lobbyMemory && lobbyPssBeforeGames !== null) {
      pssPerRoom = Math.round((lobbyMemory.pssBytes - lobbyPssBeforeGames) / rooms);
    }
    return {
      lobbyCpuPercent: round((lobbyCpuUs / windowUs) * 100, 1),
      roomsCpuPercent: hasRoomProcesses ? round((roomsCpuUs / windowUs) * 100, 1) : null,
      serverCpuPercent: round(((lobbyCpuUs + roomsCpuUs) / windowUs) * 100, 1),
      lobbyRssBytes: lobbyMemory?.rssBytes ?? null,
      lobbyPssBytes: lobbyMemory?.pssBytes ?? null,
      lobbyPssBeforeGamesBytes: lobbyPssBeforeGames,
      roomProcesses: measuredRooms,
      roomsPssBytes: hasRoomProcesses ? roomsPss : null,
      roomsRssBytes: hasRoomProcesses ? roomsRss : null,
      pssPerRoomBytes: pssPerRoom,
      relayCpuUsPerMessage: framesDelivered > 0 ? round(lobbyCpuUs / framesDelivered, 2) : null,
    };
  }

  /** Stops the bots, then the lobby if this run started it, and checks its room processes are gone. Bounded. */
  private async shutDown(): Promise<ReapingFigures | null> {
    await this.shards?.close();
    const lobby = this.lobby;
    if (!lobby) return null;
    if (!lobby.exited) for (const pid of childPidsOf(lobby.pid)) this.pidsSeen.add(pid);
    const lobbyExit = await lobby.stop();
    const pids = [...this.pidsSeen];
    const giveUpAt = performance.now() + REAP_PATIENCE_MS;
    while (pids.some(isRunning) && performance.now() < giveUpAt) await new Promise((resolve) => setTimeout(resolve, 50));
    const survivors = pids.filter(isRunning);
    // They are ours (children of the lobby we started): nothing may outlive the run.
    for (const pid of survivors) process.kill(pid, 'SIGKILL');
    return { lobbyExit, pidsChecked: pids.length, survivors, reaped: survivors.length === 0 };
  }

  private stats(): Promise<LobbyStats> {
    return raceAbort(fetchLobbyStats(this.lobbyUrl!, STATS_TIMEOUT_MS), this.abort.signal).then((stats) => {
      // Crashed or idle-closed rooms leave the stats; their pids still need checking at the end.
      for (const pid of roomPidsOf(stats)) this.pidsSeen.add(pid);
      return stats;
    });
  }

  private fail(reason: string): void {
    // The first reason is the cause; later ones are usually its consequences.
    this.failure ??= reason;
  }

  private enterStage(stage: LoadStage, expectedSeconds: number): void {
    this.stage = stage;
    this.stageStartedAt = performance.now();
    this.stageSeconds = Math.max(0.1, expectedSeconds);
    this.reportProgress();
  }

  private reportProgress(): void {
    const progress = this.shards?.progress() ?? { created: 0, running: 0, failed: 0, connections: 0, errors: 0 };
    const now = performance.now();
    this.onProgress({
      stage: this.stage,
      fraction: Math.min(1, (now - this.stageStartedAt) / 1000 / this.stageSeconds),
      elapsedSeconds: (now - this.began) / 1000,
      games: this.totalGames,
      ...progress,
    });
  }
}

interface Measured {
  readonly windowSeconds: number;
  readonly server: ServerRoomFigures[];
  readonly client: ClientRoomFigures[];
  readonly resources: ResourceFigures | null;
  readonly generatorCpuPercent: number;
}

interface CpuSample {
  readonly lobby: number | null;
  readonly rooms: ReadonlyMap<number, number>;
  /** The load generator itself: this process and its bot processes. */
  readonly generator: number;
}

/**
 * The games of a run, heavy ones first so that they weigh on the light ones
 * for the whole ramp; spread in time at the creation rate. Names carry a run
 * id so that runs against a shared lobby never collide.
 */
export function gameSpecs(options: LoadOptions, runId = randomBytes(3).toString('hex')): GameSpec[] {
  const specs: GameSpec[] = [];
  const total = options.games + options.heavyGames;
  for (let index = 0; index < total; index++) {
    const heavy = index < options.heavyGames;
    specs.push({
      name: heavy ? `load-${runId}-heavy-${index}` : `load-${runId}-${index}`,
      players: options.players,
      width: options.width,
      height: options.height,
      workMs: heavy ? options.heavyWorkMs : options.workMs,
      heavy,
      seed: (options.seed * 100_003 + index * 31) >>> 0,
      startAfterMs: Math.round((index * 1000) / options.createRate),
    });
  }
  return specs;
}

function roomPidsOf(stats: LobbyStats): number[] {
  return stats.roomStats.map((room) => room.pid).filter((pid): pid is number => pid !== null);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
