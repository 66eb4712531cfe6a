import { Histogram } from '../../shared/stats/histogram.js';
import { summarizeMicroseconds, type QuantileSummary } from '../../shared/stats/quantile-summary.js';
import { spreadOf, type Spread } from '../../shared/stats/spread.js';
import type { ClientRoomFigures } from '../bots/client-room-metrics.js';
import type { LoadOptions } from './load-options.js';
import type { ServerRoomFigures } from './server-window.js';

/** The JSON report of one load run; load/README.md documents every field. */
export interface LoadReport {
  readonly version: 1;
  /** False when the run failed; `failure` says why, and the figures may be partial. */
  readonly ok: boolean;
  readonly failure: string | null;
  readonly startedAt: string;
  readonly options: LoadOptions;
  readonly machine: { readonly cpus: number; readonly loadAverage: readonly number[]; readonly node: string };
  readonly lobby: {
    readonly url: string | null;
    /** This run started the lobby (and stopped it). */
    readonly started: boolean;
    /** The room host the lobby reported. */
    readonly rooms: string | null;
    readonly pid: number | null;
  };
  readonly timing: {
    /** From start to the window opening: lobby start, game creation, first rounds. */
    readonly setupSeconds: number;
    readonly windowSeconds: number;
    /** Whether every game had started a round when the window opened. */
    readonly allGamesRunning: boolean;
  };
  readonly light: GroupFigures | null;
  readonly heavy: GroupFigures | null;
  /**
   * How late the lobby's own 20 ms timer ran in the window (all lobbies of a
   * cluster together): what a frame waited in the lobby before it could be
   * relayed, beside what the bots measured. Null when no lobby reported it.
   */
  readonly lobbyEventLoopDelayMs: QuantileSummary | null;
  readonly creation: CreationFigures;
  readonly resources: ResourceFigures | null;
  readonly generator: GeneratorFigures;
  readonly rooms: readonly RoomFigures[];
  readonly reaping: ReapingFigures | null;
  /** Error codes the bots received and connection failures, by code. */
  readonly errors: Readonly<Record<string, number>>;
  /** A run on a cluster of lobbies (`--lobbies` above 1): lobbies killed, games resumed, seats kept; null otherwise. */
  readonly cluster: ClusterFigures | null;
}

/** One lobby killed during the window. */
export interface KillFigures {
  /** Seconds into the window. */
  readonly atSeconds: number;
  readonly victimUrl: string;
  readonly victimPid: number;
  /** The lobby started in its place. */
  readonly replacementUrl: string | null;
  /** Games the victim ran at its last look before the kill. */
  readonly games: number;
  /** Of those, the games another lobby listed afterwards. */
  readonly resumed: number;
  readonly notResumed: readonly string[];
}

export interface ClusterFigures {
  readonly lobbies: number;
  readonly redisUrl: string | null;
  readonly killEverySeconds: number | null;
  readonly lobbiesKilled: number;
  readonly kills: readonly KillFigures[];
  /** Summed over the kills: a game on two killed lobbies in turn counts twice. */
  readonly gamesOnKilledLobbies: number;
  readonly gamesResumed: number;
  /** Connections of seated bots that dropped. */
  readonly seatsDropped: number;
  /** Drops after which the bot got back into its game. */
  readonly seatsKept: number;
  /** Drops after which the seat was gone (INVALID_TOKEN, or the 30 s seat hold passed). */
  readonly seatsLost: number;
  /** Per kept seat: last frame before the drop -> first frame after the rejoin. */
  readonly pauseMs: QuantileSummary;
  /** Commands the Redis processed a second in the window, from every client of it; null if not read. */
  readonly redisCommandsPerSecond: number | null;
  /** The same per game of the run; null if not read. */
  readonly redisCommandsPerGamePerSecond: number | null;
}

/** The load generator's own cost, so readers can judge whether it was the bottleneck. */
export interface GeneratorFigures {
  readonly botProcesses: number;
  readonly botProcessPids: readonly number[];
  /** Coordinator plus bot processes over the window; 100 % = one core. */
  readonly cpuPercent: number | null;
}

/** Light rooms or heavy rooms, taken together over the window. */
export interface GroupFigures {
  readonly rooms: number;
  readonly bots: number;
  readonly server: {
    /** Lateness of every tick of every room of the group. */
    readonly latenessMs: QuantileSummary;
    /** Median, lowest and highest room tick rate. */
    readonly ticksPerSecond: Spread | null;
    readonly skippedTicks: number;
  };
  readonly client: {
    readonly frames: number;
    readonly missedTicks: number;
    readonly intervalDeviationMs: QuantileSummary;
    readonly inputLatencyMs: QuantileSummary;
    readonly bytesPerPlayerPerSecond: number;
    readonly framesPerPlayerPerSecond: number;
    readonly keysPerPlayerPerSecond: number;
    readonly keysUnconfirmed: number;
    readonly roundsStarted: number;
  };
}

export interface CreationFigures {
  readonly games: number;
  /** Games whose creator never got `joined`. */
  readonly failed: number;
  /** `create` sent -> `joined` received. */
  readonly latencyMs: QuantileSummary;
}

export interface ResourceFigures {
  readonly lobbyCpuPercent: number;
  /** Rooms' own processes (process host only; other hosts run rooms inside the lobby). */
  readonly roomsCpuPercent: number | null;
  /** Lobby plus room processes. */
  readonly serverCpuPercent: number;
  readonly lobbyRssBytes: number | null;
  readonly lobbyPssBytes: number | null;
  /** The lobby's PSS before any game was created. */
  readonly lobbyPssBeforeGamesBytes: number | null;
  readonly roomProcesses: number;
  readonly roomsPssBytes: number | null;
  readonly roomsRssBytes: number | null;
  /**
   * Memory one room costs: room process PSS / room processes for the
   * process host; the lobby's PSS growth / rooms for the others.
   */
  readonly pssPerRoomBytes: number | null;
  /** Lobby CPU microseconds per tick frame delivered to a player. */
  readonly relayCpuUsPerMessage: number | null;
  /**
   * CPU microseconds a room process spends per tick it runs: every room
   * process's CPU in the window over the ticks they ran (process host only).
   * Includes everything a room does, its work knob's CPU too.
   */
  readonly roomCpuUsPerTick: number | null;
}

export interface RoomFigures {
  readonly name: string;
  readonly heavy: boolean;
  readonly pid: number | null;
  readonly server: Omit<ServerRoomFigures, 'latenessHistogramUs' | 'name' | 'pid'> | null;
  readonly client: {
    readonly bots: number;
    readonly frames: number;
    readonly missedTicks: number;
    readonly intervalDeviationMs: QuantileSummary;
    readonly inputLatencyMs: QuantileSummary;
    readonly bytesPerPlayerPerSecond: number;
    readonly creationMs: number | null;
    readonly reachedRunning: boolean;
    readonly errors: Readonly<Record<string, number>>;
  };
}

export interface LobbyExitFigures {
  readonly code: number | null;
  readonly signal: string | null;
  readonly forced: boolean;
}

export interface ReapingFigures {
  /** How the first lobby stopped at the end. */
  readonly lobbyExit: LobbyExitFigures;
  /** How each lobby alive at the end stopped. */
  readonly lobbyExits: readonly LobbyExitFigures[];
  /** Every room or pool process id seen during the run. */
  readonly pidsChecked: number;
  /** Lobbies started by the run, killed ones included, checked gone. */
  readonly lobbyPidsChecked: number;
  /** The redis-server of a cluster, checked gone too. */
  readonly redisPid: number | null;
  /** Those still running after the lobbies exited (then killed by the generator). */
  readonly survivors: readonly number[];
  readonly reaped: boolean;
}

/** The measured pieces a report is made of. */
export interface ReportInputs {
  readonly options: LoadOptions;
  readonly startedAt: string;
  readonly failure: string | null;
  readonly lobby: LoadReport['lobby'];
  readonly setupSeconds: number;
  readonly windowSeconds: number;
  readonly allGamesRunning: boolean;
  readonly server: readonly ServerRoomFigures[];
  /** The lobbies' event-loop delay in the window, microseconds; null or empty when not measured. */
  readonly lobbyEventLoopDelayUs: Histogram | null;
  readonly client: readonly ClientRoomFigures[];
  readonly resources: ResourceFigures | null;
  readonly generator: GeneratorFigures;
  readonly reaping: ReapingFigures | null;
  readonly cluster: Pick<ClusterFigures, 'lobbies' | 'redisUrl' | 'killEverySeconds' | 'kills' | 'redisCommandsPerSecond'> | null;
  readonly machine: LoadReport['machine'];
}

/** Joins the server's and the bots' figures room by room and sums them up by group. */
export function buildLoadReport(inputs: ReportInputs): LoadReport {
  const serverByName = new Map(inputs.server.map((room) => [room.name, room]));
  const seconds = inputs.windowSeconds;
  const rooms: RoomFigures[] = inputs.client.map((client) => {
    const server = serverByName.get(client.name) ?? null;
    return {
      name: client.name,
      heavy: client.heavy,
      pid: server?.pid ?? null,
      server: server && {
        ticks: server.ticks,
        skipped: server.skipped,
        ticksPerSecond: server.ticksPerSecond,
        latenessMs: server.latenessMs,
      },
      client: {
        bots: client.bots,
        frames: client.frames,
        missedTicks: client.missedTicks,
        intervalDeviationMs: summarizeMicroseconds(Histogram.from(client.intervalDeviationUs)),
        inputLatencyMs: summarizeMicroseconds(Histogram.from(client.inputLatencyUs)),
        bytesPerPlayerPerSecond: perPlayerPerSecond(client.bytes, client.bots, seconds),
        creationMs: client.creationUs === null ? null : client.creationUs / 1000,
        reachedRunning: client.reachedRunning,
        errors: client.errors,
      },
    };
  });
  const creation = new Histogram();
  let failedCreations = 0;
  const errors: Record<string, number> = {};
  for (const client of inputs.client) {
    if (client.creationUs === null) failedCreations += 1;
    else creation.record(client.creationUs);
    for (const [code, count] of Object.entries(client.errors)) errors[code] = (errors[code] ?? 0) + count;
  }
  return {
    version: 1,
    ok: inputs.failure === null,
    failure: inputs.failure,
    startedAt: inputs.startedAt,
    options: inputs.options,
    machine: inputs.machine,
    lobby: inputs.lobby,
    timing: { setupSeconds: round(inputs.setupSeconds, 2), windowSeconds: round(seconds, 3), allGamesRunning: inputs.allGamesRunning },
    light: groupFigures(inputs.client.filter((room) => !room.heavy), serverByName, seconds),
    heavy: groupFigures(inputs.client.filter((room) => room.heavy), serverByName, seconds),
    lobbyEventLoopDelayMs:
      inputs.lobbyEventLoopDelayUs === null || inputs.lobbyEventLoopDelayUs.count === 0 ? null : summarizeMicroseconds(inputs.lobbyEventLoopDelayUs),
    creation: { games: inputs.client.length, failed: failedCreations, latencyMs: summarizeMicroseconds(creation) },
    resources: inputs.resources,
    generator: inputs.generator,
    rooms,
    reaping: inputs.reaping,
    errors,
    cluster: inputs.cluster && clusterFigures(inputs.cluster, inputs.client, inputs.options.games + inputs.options.heavyGames),
  };
}

function clusterFigures(cluster: NonNullable<ReportInputs['cluster']>, clients: readonly ClientRoomFigures[], games: number): ClusterFigures {
  const pauses = new Histogram();
  let dropped = 0;
  let kept = 0;
  let lost = 0;
  for (const client of clients) {
    pauses.merge(Histogram.from(client.rejoinPauseUs));
    dropped += client.seatsDropped;
    kept += client.seatsKept;
    lost += client.seatsLost;
  }
  return {
    ...cluster,
    lobbiesKilled: cluster.kills.length,
    gamesOnKilledLobbies: cluster.kills.reduce((sum, kill) => sum + kill.games, 0),
    gamesResumed: cluster.kills.reduce((sum, kill) => sum + kill.resumed, 0),
    seatsDropped: dropped,
    seatsKept: kept,
    seatsLost: lost,
    pauseMs: summarizeMicroseconds(pauses),
    redisCommandsPerGamePerSecond:
      cluster.redisCommandsPerSecond === null || games === 0 ? null : Math.round((cluster.redisCommandsPerSecond / games) * 100) / 100,
  };
}

function groupFigures(
  clients: readonly ClientRoomFigures[],
  serverByName: ReadonlyMap<string, ServerRoomFigures>,
  seconds: number,
): GroupFigures | null {
  if (clients.length === 0) return null;
  const lateness = new Histogram();
  const interval = new Histogram();
  const input = new Histogram();
  const rates: number[] = [];
  let skipped = 0;
  let bots = 0;
  let frames = 0;
  let missed = 0;
  let bytes = 0;
  let keys = 0;
  let unconfirmed = 0;
  let rounds = 0;
  for (const client of clients) {
    const server = serverByName.get(client.name);
    if (server) {
      lateness.merge(server.latenessHistogramUs);
      if (server.ticksPerSecond !== null) rates.push(server.ticksPerSecond);
      skipped += server.skipped;
    }
    interval.merge(Histogram.from(client.intervalDeviationUs));
    input.merge(Histogram.from(client.inputLatencyUs));
    bots += client.bots;
    frames += client.frames;
    missed += client.missedTicks;
    bytes += client.bytes;
    keys += client.keysSent;
    unconfirmed += client.keysUnconfirmed;
    rounds += client.roundsStarted;
  }
  return {
    rooms: clients.length,
    bots,
    server: { latenessMs: summarizeMicroseconds(lateness), ticksPerSecond: spreadOf(rates), skippedTicks: skipped },
    client: {
      frames,
      missedTicks: missed,
      intervalDeviationMs: summarizeMicroseconds(interval),
      inputLatencyMs: summarizeMicroseconds(input),
      bytesPerPlayerPerSecond: perPlayerPerSecond(bytes, bots, seconds),
      framesPerPlayerPerSecond: perPlayerPerSecond(frames, bots, seconds),
      keysPerPlayerPerSecond: perPlayerPerSecond(keys, bots, seconds),
      keysUnconfirmed: unconfirmed,
      roundsStarted: rounds,
    },
  };
}

function perPlayerPerSecond(total: number, players: number, seconds: number): number {
  return players > 0 && seconds > 0 ? round(total / players / seconds, 2) : 0;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
