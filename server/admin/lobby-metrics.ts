import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Readiness } from '../../shared/protocol/admin-documents.js';
import { Phase } from '../../shared/rules/types.js';
import { bucketRange, type Histogram as LatenessHistogram } from '../../shared/stats/histogram.js';
import { LobbyCounters } from '../lobby-counters.js';
import { CRASH_CAUSES } from '../room-events.js';
import { processMetrics } from './process-metrics.js';

/** Upper bounds of the tick lateness buckets, in seconds: 0.1 ms to 1 s, three a decade. */
export const TICK_LATENESS_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] as const;

/** The warm pool as the metrics and the status page show it. */
export interface PoolState {
  /** Spares the pool keeps. */
  readonly target: number;
  /** Spares started and ready to be handed out. */
  readonly ready: number;
  /** Spares started and not ready yet. */
  readonly starting: number;
}

/** Upper bounds of the start wait buckets, in seconds: a start at once, then 10 ms to a minute. */
export const START_WAIT_BUCKETS = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

/** The room start queue as the metrics show it. */
export interface StartQueueView {
  /** Most runtimes starting at once. */
  readonly concurrency: number;
  /** Runtimes holding a start slot: started, not ready yet. */
  readonly starting: number;
  /** Runtimes waiting for a slot, by priority (restart, new, spare). */
  readonly queued: Readonly<Record<string, number>>;
}

/** What the metrics read from the lobby when scraped: figures of the moment (gauges). */
export interface LobbyGauges {
  /** The lobby's id in its game directory (`standalone` without a cluster). */
  readonly lobbyId: string;
  /** How the lobby runs its rooms: process, thread or inline. */
  readonly roomHost: string;
  readonly clustered: boolean;
  /** Open WebSocket connections. */
  connections(): number;
  /** Seats held, with their player connected and held for a player who dropped. */
  seats(): { readonly connected: number; readonly away: number };
  /** Spectators watching games of this lobby. */
  spectators(): number;
  /** The open rooms' phases and their tick rates (null before a room's first report). */
  rooms(): Iterable<{ readonly phase: Phase; readonly measuredTicksPerSecond: number | null }>;
  /** Room runtimes not yet exited, stopping ones included (processes with `--rooms process`). */
  runtimesAlive(): number;
  /** Null without a warm pool. */
  pool(): PoolState | null;
  /** Null for a room host that starts every runtime at once. */
  startQueue(): StartQueueView | null;
  readiness(): Readiness;
  /** Whether the shared game directory answers; null for a standalone lobby. */
  directoryReachable(): boolean | null;
}

/** Labels every sample of a metric carries, whatever its value: the room host, say. */
type FixedLabels = Readonly<Record<string, string>>;

/**
 * Adds a gauge read from the lobby at scrape time: `read` gives the value
 * per value of `labelName` (a label value left out has no sample), or one
 * value for a gauge without it; `fixed` labels go on every sample. New
 * gauges (spectators, say) are one call.
 */
export function addGauge(
  registry: Registry,
  name: string,
  help: string,
  read: () => number | Readonly<Record<string, number>>,
  labelName?: string,
  fixed: FixedLabels = {},
): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    labelNames: [...(labelName === undefined ? [] : [labelName]), ...Object.keys(fixed)],
    collect() {
      const value = read();
      this.reset();
      if (typeof value === 'number') this.set({ ...fixed }, value);
      else for (const [label, count] of Object.entries(value)) this.set({ ...fixed, [labelName!]: label }, count);
    },
  });
}


/**
 * Adds a counter that mirrors a count the lobby keeps (see LobbyCounters):
 * the lobby counts where things happen, and the metric reads the count when
 * scraped, so counting costs the hot paths no more than an addition.
 */
function addCounter(
  registry: Registry,
  name: string,
  help: string,
  read: () => number | Readonly<Record<string, number>>,
  labelName?: string,
): void {
  new Counter({
    name,
    help,
    registers: [registry],
    labelNames: labelName === undefined ? [] : [labelName],
    collect() {
      const value = read();
      this.reset();
      if (typeof value === 'number') this.inc(value);
      else for (const [label, count] of Object.entries(value)) this.inc({ [labelName!]: label }, count);
    },
  });
}

/** Label values are snake_case like the names: `out-of-memory` becomes `out_of_memory`. */
function snakeKeys(counts: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([key, value]) => [key.replaceAll('-', '_'), value]));
}

/**
 * A lobby's Prometheus metrics, in a registry of its own (two lobbies in one
 * process, as in the tests, count apart): what it counts (LobbyCounters,
 * bumped where things happen), what it reads of the moment when scraped
 * (LobbyGauges), and the tick lateness the rooms measure as a histogram;
 * its text adds prom-client's metrics of the process (CPU, memory,
 * event-loop delay, heap), kept once per process (see processMetrics).
 * docs/operations.md lists every metric.
 */
export class LobbyMetrics {
  readonly registry = new Registry();
  readonly counters: LobbyCounters;
  private readonly tickLateness: Histogram;
  private readonly startWait: Histogram;

  constructor(gauges: LobbyGauges) {
    const registry = this.registry;
    this.counters = new LobbyCounters({
      lateness: (window) => this.observeLateness(window),
      startWait: (waitedMs) => this.startWait.observe(waitedMs / 1000),
    });
    const counters = this.counters;
    const byHost = { room_host: gauges.roomHost };

    new Gauge({
      name: 'vimtron_lobby_info',
      help: 'The lobby: its id in the game directory, how it runs rooms, and whether it is one lobby of a cluster. Always 1.',
      labelNames: ['lobby', 'room_host', 'cluster'],
      registers: [registry],
      collect() {
        this.reset();
        this.set({ lobby: gauges.lobbyId, room_host: gauges.roomHost, cluster: String(gauges.clustered) }, 1);
      },
    });
    addGauge(registry, 'vimtron_ready', 'Whether the lobby accepts games (1) or not (0): what GET /readyz answers.', () => (gauges.readiness().ready ? 1 : 0));
    addGauge(registry, 'vimtron_connections', 'Open WebSocket connections.', () => gauges.connections());
    addGauge(registry, 'vimtron_players', 'Seats held in open games, by whether their player is connected or away (held for a rejoin).', () => gauges.seats(), 'state');
    addGauge(registry, 'vimtron_spectators', 'Spectators watching games of this lobby.', () => gauges.spectators());
    addGauge(
      registry,
      'vimtron_rooms',
      'Open game rooms by phase, and the room host (process, thread or inline).',
      () => {
        const byPhase = Object.fromEntries(Object.values(Phase).map((phase) => [phase, 0])) as Record<Phase, number>;
        for (const room of gauges.rooms()) byPhase[room.phase] += 1;
        return byPhase;
      },
      'phase',
      byHost,
    );
    addGauge(
      registry,
      'vimtron_room_runtimes',
      'Room runtimes alive (processes with --rooms process, threads with thread), stopping ones included; spares of the warm pool not included.',
      () => gauges.runtimesAlive(),
      undefined,
      byHost,
    );
    addGauge(
      registry,
      'vimtron_slowest_room_ticks_per_second',
      'Tick rate of the slowest open room over its last report window (about 2 s); no sample while no room has reported.',
      () => {
        let slowest: number | null = null;
        for (const room of gauges.rooms()) {
          const rate = room.measuredTicksPerSecond;
          if (rate !== null && (slowest === null || rate < slowest)) slowest = rate;
        }
        return slowest === null ? {} : { [gauges.roomHost]: slowest };
      },
      'room_host',
    );
    addGauge(
      registry,
      'vimtron_warm_pool_rooms',
      'Spare room runtimes of the warm pool, ready or starting; no sample without a pool.',
      (): Record<string, number> => {
        const pool = gauges.pool();
        return pool === null ? {} : { ready: pool.ready, starting: pool.starting };
      },
      'state',
    );
    addGauge(registry, 'vimtron_warm_pool_target_rooms', 'Spare room runtimes the warm pool keeps (--pool).', () => gauges.pool()?.target ?? 0);
    addGauge(
      registry,
      'vimtron_room_starts_queued',
      'Room runtimes waiting for a start slot (no process yet), by priority: restart (a game under way), new (a new game), spare (the warm pool).',
      () => gauges.startQueue()?.queued ?? {},
      'priority',
      byHost,
    );
    // These have the room host as a label so that a lobby without a start queue has no sample at all (not a 0).
    addGauge(
      registry,
      'vimtron_room_starts_in_progress',
      'Room runtimes started and not ready yet, each holding a start slot.',
      () => gauges.startQueue()?.starting ?? {},
      undefined,
      byHost,
    );
    addGauge(
      registry,
      'vimtron_room_start_concurrency',
      'Most room runtimes starting at once (--start-concurrency).',
      () => gauges.startQueue()?.concurrency ?? {},
      undefined,
      byHost,
    );
    if (gauges.clustered) {
      addGauge(registry, 'vimtron_directory_up', 'Whether the shared game directory (Redis) answers (1) or not (0).', () => (gauges.directoryReachable() ? 1 : 0));
    }

    addCounter(registry, 'vimtron_websocket_connections_accepted_total', 'WebSocket connections accepted past the connection caps.', () => counters.websocketsAccepted);
    addCounter(registry, 'vimtron_frames_relayed_total', 'Game frames (state and snapshot messages) written to players, one per player.', () => counters.framesRelayed);
    addCounter(registry, 'vimtron_frames_dropped_total', 'Game frames not sent, by reason.', () => counters.framesDropped, 'reason');
    addCounter(registry, 'vimtron_websocket_sent_bytes_total', 'Payload bytes of every message written to WebSocket connections.', () => counters.bytesSent);
    addCounter(registry, 'vimtron_rejections_total', 'Messages, connections and games refused by a limit, by kind.', () => counters.rejections, 'kind');
    addCounter(registry, 'vimtron_rooms_created_total', 'Game rooms created by players.', () => counters.roomsCreated);
    addCounter(registry, 'vimtron_rooms_adopted_total', 'Games taken over from another lobby of the cluster.', () => counters.roomsAdopted);
    addCounter(registry, 'vimtron_rooms_resumed_total', 'Rooms resumed from a checkpoint in a fresh runtime after theirs died.', () => counters.roomsResumed);
    addCounter(registry, 'vimtron_rooms_restarted_total', 'Rooms whose runtime died or hung while starting and was started once more.', () => counters.roomsRestarted);
    addCounter(registry, 'vimtron_rooms_ended_total', 'Game rooms ended for good, by reason.', () => counters.roomsEnded, 'reason');
    addCounter(
      registry,
      'vimtron_room_crashes_total',
      'Room runtimes that died on their own, by cause (resumed, restarted or not).',
      () => snakeKeys(Object.fromEntries(CRASH_CAUSES.map((cause) => [cause, counters.roomCrashes[cause]]))),
      'cause',
    );
    addCounter(registry, 'vimtron_tick_slots_skipped_total', 'Tick slots rooms skipped because their event loop was blocked, as the rooms report them.', () => counters.tickSlotsSkipped);
    this.tickLateness = new Histogram({
      name: 'vimtron_tick_lateness_seconds',
      help: 'How late each tick of every room started after its scheduled time, as the room measured it (reported every 2 s).',
      buckets: [...TICK_LATENESS_BUCKETS],
      registers: [registry],
    });
    this.startWait = new Histogram({
      name: 'vimtron_room_start_wait_seconds',
      help: "How long each game's room runtime waited for a start slot (0 when it started at once or took a spare); spares of the warm pool not included.",
      buckets: [...START_WAIT_BUCKETS],
      registers: [registry],
    });
  }

  /** The lobby's metrics and the process's, in Prometheus' text format. */
  text(): Promise<string> {
    return Registry.merge([this.registry, processMetrics()]).metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /**
   * One room's report window of tick lateness. The room keeps whole
   * microseconds in buckets about 3 % wide; each bucket's ticks are
   * observed at its midpoint, so sums and bucket edges are as exact as that.
   */
  private observeLateness(window: LatenessHistogram): void {
    for (const [index, count] of Object.entries(window.toJSON())) {
      const { lowest, highest } = bucketRange(Number(index));
      const seconds = (lowest + highest) / 2 / 1e6;
      for (let tick = 0; tick < count; tick++) this.tickLateness.observe(seconds);
    }
  }
}
