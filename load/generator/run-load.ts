import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import type { LobbyStats } from '../../shared/protocol/admin-documents.js';
import type { Histogram } from '../../shared/stats/histogram.js';
import { defaultTemper } from '../../shared/bots/bot-temper.js';
import { BotShardProcesses } from '../bots/bot-shard-processes.js';
import type { ClientRoomFigures } from '../bots/client-room-metrics.js';
import type { GameSpec, ShardProgress } from '../bots/shard-messages.js';
import { raceAbort, sleep } from '../common/abortable.js';
import { fetchLobbyStats } from '../common/lobby-stats-client.js';
import { childPidsOf, isRunning, readCpuMicroseconds, readMemory } from '../common/proc-stats.js';
import { CpuLedger } from './cpu-ledger.js';
import { KillLog } from './kill-log.js';
import { LoadLobbies } from './load-lobbies.js';
import { readRedisCommandCount } from '../common/redis-command-count.js';
import { botProcessCount, lobbyCount, loadsCluster, type LoadOptions } from './load-options.js';
import { buildLoadReport, type KillFigures, type LoadReport, type ReapingFigures, type ResourceFigures } from './load-report.js';
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
/**
 * After a window with lobby kills, how long the run waits for every bot that
 * lost its connection to be back or to give up: the lobbies' seat hold
 * (30 s), after which the bots stop trying, and a little more.
 */
const SETTLE_AFTER_KILLS_MS = 35_000;
const SETTLE_LOOK_EVERY_MS = 500;

export type LoadStage = 'starting' | 'warming up' | 'measuring' | 'shutting down';

/** What the progress display shows: the bot processes' counts summed, and where the run is. */
export interface LoadProgress extends ShardProgress {
  readonly stage: LoadStage;
  /** 0..1 through the current stage, as far as it can be told. */
  readonly fraction: number;
  readonly elapsedSeconds: number;
  readonly games: number;
}

/**
 * One load run, start to finish: starts a lobby (unless given one; or a
 * cluster of lobbies on a Redis of their own) and the bot processes, creates the games at the chosen rate, waits until every
 * game has started a round, measures for the chosen duration, then stops
 * everything it started and checks that no room process survived. In a
 * cluster it may kill a lobby now and then during the window and count the
 * games and seats that survive it.
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

/** One lobby's `GET /stats`, with where it came from. */
interface LobbyLook {
  readonly url: string;
  /** The lobby process, when it runs on this machine. */
  readonly pid: number | null;
  readonly stats: LobbyStats;
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
  /** The lobbies this run started; null when it loads a given one. */
  private lobbies: LoadLobbies | null = null;
  private lobbyUrl: string | null = null;
  /** The lobbies this run was given (`--address`) and their admin listeners (`--admin`); empty when it starts its own. */
  private givenUrls: readonly { readonly url: string; readonly adminUrl: string }[] = [];
  private lobbyPid: number | null = null;
  private lobbyRooms: string | null = null;
  private shards: BotShardProcesses | null = null;
  /** Room and pool process ids seen during the run, to check after the lobbies exit. */
  private readonly pidsSeen = new Set<number>();
  private readonly kills = new KillLog();
  private failure: string | null = null;

  constructor(
    private readonly options: LoadOptions,
    private readonly onProgress: (progress: LoadProgress) => void,
    private readonly cancel: AbortSignal | undefined,
  ) {
    this.totalGames = options.games + options.heavyGames;
    const rampSeconds = this.totalGames / options.createRate;
    const clusterSeconds = loadsCluster(options) ? STARTUP_ALLOWANCE_S : 0;
    const settleSeconds = options.killLobbyEverySeconds === null ? 0 : SETTLE_AFTER_KILLS_MS / 1000;
    this.deadlineSeconds =
      STARTUP_ALLOWANCE_S + clusterSeconds + rampSeconds + options.warmupTimeoutSeconds + options.durationSeconds + settleSeconds + DEADLINE_SLACK_S;
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
      this.lobbies?.killNow();
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
    if (reaping && !reaping.reaped) this.fail(`processes outlived the run: ${reaping.survivors.join(', ')}`);
    return buildLoadReport({
      options: this.options,
      startedAt: this.startedAt.toISOString(),
      failure: this.failure,
      lobby: {
        url: this.lobbyUrl,
        started: this.options.addresses.length === 0,
        rooms: this.lobbyRooms,
        pid: this.lobbyPid,
      },
      setupSeconds,
      windowSeconds: measured?.windowSeconds ?? 0,
      allGamesRunning,
      server: measured?.server ?? [],
      lobbyEventLoopDelayUs: measured?.lobbyEventLoopDelayUs ?? null,
      client: measured?.client ?? [],
      resources: measured?.resources ?? null,
      generator: {
        botProcesses: this.shards?.count ?? 0,
        botProcessPids: this.shards?.pids() ?? [],
        cpuPercent: measured?.generatorCpuPercent ?? null,
      },
      reaping,
      cluster: loadsCluster(this.options)
        ? {
            lobbies: lobbyCount(this.options),
            redisUrl: this.lobbies?.redisUrl ?? this.options.redis,
            killEverySeconds: this.options.killLobbyEverySeconds,
            kills: this.kills.figures(),
            redisCommandsPerSecond: measured?.redisCommandsPerSecond ?? null,
          }
        : null,
      machine: { cpus: availableParallelism(), loadAverage: loadavg().map((load) => Math.round(load * 100) / 100), node: process.version },
    });
  }

  private async setUp(): Promise<{ allRunning: boolean; lobbyPssBeforeGames: number | null }> {
    const options = this.options;
    let urls: string[];
    if (options.addresses.length === 0) {
      this.lobbies = new LoadLobbies(
        options.lobbies,
        {
          rooms: options.rooms,
          pool: options.pool,
          maxGames: Math.max(500, this.totalGames + 10),
          maxConnections: Math.max(4000, this.totalGames * options.players + 100),
        },
        (description) => this.abort.abort(new Error(description)),
        options.seed,
        options.redis,
      );
      await raceAbort(this.lobbies.start(), this.abort.signal);
      urls = this.lobbies.urls;
    } else {
      urls = [...options.addresses];
    }
    this.givenUrls = options.addresses.map((url, index) => ({ url, adminUrl: options.admins[index]! }));
    this.lobbyUrl = urls[0]!;
    const looks = await this.looks();
    this.lobbyRooms = looks[0]?.stats.rooms ?? null;
    this.lobbyPid = looks[0]?.pid ?? null;
    const lobbyPssBeforeGames = sumOrNull(looks.map((look) => (look.pid === null ? null : (readMemory(look.pid)?.pssBytes ?? null))));
    if (this.lobbies && options.pool > 0) {
      for (const lobby of this.lobbies.alive) await this.poolStarted(lobby.pid, options.rooms === 'process' ? options.pool : 0);
    }

    this.shards = new BotShardProcesses(botProcessCount(options), (description) => this.abort.abort(new Error(description)));
    const games = gameSpecs(options);
    for (let shard = 0; shard < this.shards.count; shard++) {
      this.shards.send(shard, {
        type: 'start',
        urls,
        rejoin: loadsCluster(options),
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
    const cpu = new CpuLedger();
    const lobbyPids = new Set<number>();
    const roomPids = new Set<number>();
    /** Records a look at every lobby: server figures, CPU of the lobbies and their rooms, games resumed. */
    const take = (looks: readonly LobbyLook[], bornInWindow: boolean): void => {
      for (const look of looks) {
        serverWindow.observe(look.stats, look.url);
        this.kills.observe(look.url, look.stats);
        if (look.pid !== null) {
          lobbyPids.add(look.pid);
          cpu.sample(look.pid, bornInWindow && !cpu.has(look.pid));
        }
        for (const pid of roomPidsOf(look.stats)) {
          roomPids.add(pid);
          cpu.sample(pid, bornInWindow && !cpu.has(pid));
        }
      }
    };
    const first = await this.looks();
    for (const look of first) serverWindow.begin(look.stats, look.url);
    take(first, false);
    const redisUrl = this.lobbies?.redisUrl ?? this.options.redis;
    const redisCommandsAtStart = redisUrl === null ? null : await raceAbort(readRedisCommandCount(redisUrl), this.abort.signal);
    const generatorAtStart = this.generatorCpuUs();
    const windowStart = performance.now();
    shards.broadcast({ type: 'measure-start' });

    const windowEnd = windowStart + this.options.durationSeconds * 1000;
    const killEveryMs = this.options.killLobbyEverySeconds === null ? null : this.options.killLobbyEverySeconds * 1000;
    let nextKill = killEveryMs === null ? Infinity : windowStart + killEveryMs;
    let nextLook = windowStart + STATS_EVERY_MS;
    for (;;) {
      const now = performance.now();
      if (now >= windowEnd) break;
      if (now >= nextKill) {
        await this.killOne(take, windowStart);
        nextKill += killEveryMs!;
        continue;
      }
      if (now >= nextLook) {
        // A stats look that fails mid-window costs one sample of the tick rate, not the run.
        if (windowEnd - now > 200) take(await this.looks().catch(() => []), true);
        nextLook += STATS_EVERY_MS;
        continue;
      }
      await sleep(Math.min(nextKill, nextLook, windowEnd) - now, this.abort.signal);
    }
    if (this.kills.count > 0) await this.settle(take);

    const client = await raceAbort(shards.stopMeasuring(RESULTS_TIMEOUT_MS), this.abort.signal);
    const windowSeconds = (performance.now() - windowStart) / 1000;
    const redisCommandsAtEnd = redisUrl === null || redisCommandsAtStart === null ? null : await raceAbort(readRedisCommandCount(redisUrl), this.abort.signal);
    const generatorCpu = this.generatorCpuUs() - generatorAtStart;
    const last = await this.looks();
    take(last, true);
    for (const lobby of this.lobbies?.alive ?? []) for (const pid of childPidsOf(lobby.pid)) this.pidsSeen.add(pid);

    const frames = client.reduce((sum, room) => sum + room.frames, 0);
    const server = serverWindow.figures();
    // Each room's own tick rate over the window: ticks it ran, whether or not a whole report fell inside.
    const roomTicks = server.reduce((sum, room) => sum + (room.ticksPerSecond ?? 0) * windowSeconds, 0);
    const resources = this.resources(cpu, lobbyPids, roomPids, windowSeconds, frames, roomTicks, last, lobbyPssBeforeGames);
    return {
      windowSeconds,
      server,
      lobbyEventLoopDelayUs: serverWindow.lobbyEventLoopDelayUs(),
      client,
      resources,
      generatorCpuPercent: round((generatorCpu / (windowSeconds * 1e6)) * 100, 1),
      redisCommandsPerSecond:
        redisCommandsAtStart === null || redisCommandsAtEnd === null ? null : round((redisCommandsAtEnd - redisCommandsAtStart) / windowSeconds, 1),
    };
  }

  /**
   * SIGKILLs a random lobby (its rooms die with it: they hold a parent-death
   * signal) after a last look at it, starts another in its place, and tells
   * the bots the lobbies alive now.
   */
  private async killOne(take: (looks: readonly LobbyLook[], bornInWindow: boolean) => void, windowStart: number): Promise<void> {
    const lobbies = this.lobbies!;
    const slot = lobbies.pickVictim();
    const victim = lobbies.alive[slot]!;
    const stats = await raceAbort(fetchLobbyStats(victim.adminUrl, STATS_TIMEOUT_MS), this.abort.signal).catch(() => null);
    if (stats) take([{ url: victim.url, pid: victim.pid, stats }], true);
    for (const pid of childPidsOf(victim.pid)) this.pidsSeen.add(pid);
    const atSeconds = (performance.now() - windowStart) / 1000;
    const { replacement } = await raceAbort(lobbies.replace(slot), this.abort.signal);
    this.kills.record({
      atSeconds,
      victimUrl: victim.url,
      victimPid: victim.pid,
      replacementUrl: replacement.url,
      games: stats?.roomStats.map((room) => room.name) ?? [],
    });
    this.shards!.broadcast({ type: 'lobbies', urls: lobbies.urls });
  }

  /**
   * After a window with kills: waits until every bot that lost its
   * connection is back in its game or gave up, and every game of a killed
   * lobby shows up on another one, within the seat hold. The window stays
   * open meanwhile, so the pauses and frames of the last kill count.
   */
  private async settle(take: (looks: readonly LobbyLook[], bornInWindow: boolean) => void): Promise<void> {
    const giveUpAt = performance.now() + SETTLE_AFTER_KILLS_MS;
    while (performance.now() < giveUpAt) {
      take(await this.looks().catch(() => []), true);
      if (this.shards!.progress().reconnecting === 0 && this.kills.allResumed) return;
      await sleep(SETTLE_LOOK_EVERY_MS, this.abort.signal);
    }
  }

  /** Own CPU and the bot processes', microseconds. */
  private generatorCpuUs(): number {
    const own = process.cpuUsage();
    let generator = own.user + own.system;
    for (const pid of this.shards?.pids() ?? []) generator += readCpuMicroseconds(pid) ?? 0;
    return generator;
  }

  private resources(
    cpu: CpuLedger,
    lobbyPids: ReadonlySet<number>,
    roomPidsSeen: ReadonlySet<number>,
    windowSeconds: number,
    framesDelivered: number,
    roomTicks: number,
    last: readonly LobbyLook[],
    lobbyPssBeforeGames: number | null,
  ): ResourceFigures | null {
    if (lobbyPids.size === 0 || last.some((look) => look.pid === null)) return null;
    const windowUs = windowSeconds * 1e6;
    const lobbyCpuUs = cpu.usedUs(lobbyPids);
    const roomsCpuUs = cpu.usedUs(roomPidsSeen);
    const lobbyMemory = sumMemory(last.map((look) => look.pid!));
    const roomPids = last.flatMap((look) => roomPidsOf(look.stats));
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
    const hasRoomProcesses = roomPidsSeen.size > 0;
    const rooms = last.reduce((sum, look) => sum + look.stats.roomStats.length, 0);
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
      roomCpuUsPerTick: hasRoomProcesses && roomTicks > 0 ? round(roomsCpuUs / roomTicks, 1) : null,
    };
  }

  /**
   * Stops the bots, then the lobbies (and Redis) if this run started them,
   * and checks that every process it started or saw is gone: lobbies,
   * killed ones included, their room and pool processes, Redis. Bounded.
   */
  private async shutDown(): Promise<ReapingFigures | null> {
    await this.shards?.close();
    const lobbies = this.lobbies;
    if (!lobbies) return null;
    for (const lobby of lobbies.alive) if (!lobby.exited) for (const pid of childPidsOf(lobby.pid)) this.pidsSeen.add(pid);
    const lobbyExits = await lobbies.stop();
    const rooms = [...this.pidsSeen];
    const others = [...lobbies.allPids(), ...(lobbies.redis ? [lobbies.redis.pid] : [])];
    const pids = [...rooms, ...others];
    const giveUpAt = performance.now() + REAP_PATIENCE_MS;
    while (pids.some(isRunning) && performance.now() < giveUpAt) await new Promise((resolve) => setTimeout(resolve, 50));
    const survivors = pids.filter(isRunning);
    // They are ours (the lobbies we started, their children, our Redis): nothing may outlive the run.
    for (const pid of survivors) process.kill(pid, 'SIGKILL');
    return {
      lobbyExit: lobbyExits[0]!,
      lobbyExits,
      pidsChecked: rooms.length,
      lobbyPidsChecked: lobbies.allPids().length,
      redisPid: lobbies.redis?.pid ?? null,
      survivors,
      reaped: survivors.length === 0,
    };
  }

  /** `GET /stats` of every lobby alive (the given one, or those this run started). */
  private async looks(): Promise<LobbyLook[]> {
    const targets: { url: string; adminUrl: string; pid: number | null }[] =
      this.lobbies?.alive.map((lobby) => ({ url: lobby.url, adminUrl: lobby.adminUrl, pid: lobby.pid })) ??
      this.givenUrls.map(({ url, adminUrl }) => ({ url, adminUrl, pid: null }));
    const looks = await Promise.all(
      targets.map(async ({ url, adminUrl, pid }) => {
        const stats = await raceAbort(fetchLobbyStats(adminUrl, STATS_TIMEOUT_MS), this.abort.signal);
        // Crashed or idle-closed rooms leave the stats; their pids still need checking at the end.
        for (const room of roomPidsOf(stats)) this.pidsSeen.add(room);
        // A given lobby is measured only if its process is on this machine.
        const lobbyPid = pid ?? (readCpuMicroseconds(stats.lobby.pid) !== null ? stats.lobby.pid : null);
        return { url, pid: lobbyPid, stats };
      }),
    );
    return looks;
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
    const progress = this.shards?.progress() ?? { created: 0, running: 0, failed: 0, connections: 0, errors: 0, reconnecting: 0 };
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
  readonly lobbyEventLoopDelayUs: Histogram;
  readonly client: ClientRoomFigures[];
  readonly resources: ResourceFigures | null;
  readonly generatorCpuPercent: number;
  /** Commands the cluster's Redis processed a second during the window; null without a Redis or if it could not be read. */
  readonly redisCommandsPerSecond: number | null;
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
      lobby: index % lobbyCount(options),
    });
  }
  return specs;
}

function roomPidsOf(stats: LobbyStats): number[] {
  return stats.roomStats.map((room) => room.pid).filter((pid): pid is number => pid !== null);
}

function sumOrNull(values: readonly (number | null)[]): number | null {
  if (values.length === 0 || values.some((value) => value === null)) return null;
  return values.reduce<number>((sum, value) => sum + value!, 0);
}

/** Memory of several processes added up; null if any cannot be read. */
function sumMemory(pids: readonly number[]): { pssBytes: number; rssBytes: number } | null {
  let pssBytes = 0;
  let rssBytes = 0;
  for (const pid of pids) {
    const memory = readMemory(pid);
    if (!memory) return null;
    pssBytes += memory.pssBytes;
    rssBytes += memory.rssBytes;
  }
  return pids.length === 0 ? null : { pssBytes, rssBytes };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
