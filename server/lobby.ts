import type { RawData, WebSocket } from 'ws';
import { CloseCode } from '../shared/protocol/close-codes.js';
import { ErrorCode } from '../shared/protocol/error-codes.js';
import type { RoomFault } from '../shared/protocol/ipc-messages.js';
import type { LobbyStats, LobbyStatus, Readiness } from '../shared/protocol/admin-documents.js';
import { adminRoutes } from './admin/admin-routes.js';
import { LobbyMetrics, type LobbyGauges } from './admin/lobby-metrics.js';
import { readinessOf } from './admin/readiness.js';
import { RecentRoomEvents } from './admin/recent-room-events.js';
import { loadStatusPage } from './admin/status-page.js';
import { ClientSession } from './client-session.js';
import { ClusterDuties } from './cluster-duties.js';
import { ConnectionKeeper } from './connection-keeper.js';
import { EventLoopDelaySampler } from './event-loop-delay-sampler.js';
import { DirectoryUnavailableError, type GameDirectory } from './game-directory.js';
import { HttpFront, type AcceptedWebSocket } from './http-front.js';
import { WebClientFiles } from './web-client-files.js';
import { InMemoryGameDirectory } from './in-memory-game-directory.js';
import { LobbyHandlers } from './lobby-handlers.js';
import { RejectionKind, type LobbyCounters } from './lobby-counters.js';
import { checkLobbyOptions, defaultLobbyOptions, type LobbyOptions } from './lobby-options.js';
import { publicRoutes } from './public-routes.js';
import type { RoomEvent } from './room-events.js';
import type { RoomHost } from './room-host.js';
import { derivePublicUrl } from './public-url.js';
import { RoomSupervisor } from './room-supervisor.js';
import { SessionPlaces } from './session-places.js';
import { describeError, ThrottledLog } from './throttled-log.js';
import { LimitLog } from './log/limit-log.js';
import { logEvent } from './log/log-events.js';
import { summarizeMicroseconds } from '../shared/stats/quantile-summary.js';

/** Waiting for rooms to stop at shutdown; each room is killed after its own grace anyway. */
const SHUTDOWN_DEADLINE_MS = 4000;
/** `stats` documents are built at most this often; asking more often gets the same one. */
const STATS_CACHE_MS = 250;
/** A draining lobby waits this long for peers to take its games over before ending the rest. */
const DRAIN_DEADLINE_MS = 3000;
/** `status.json` documents are built at most this often: a page open in many browsers asks the cluster's directory once. */
const STATUS_CACHE_MS = 500;

/** A port the lobby could not listen on: which listener, where, and the system's error. */
export class ListenError extends Error {
  override readonly name = 'ListenError';
  constructor(
    readonly listener: 'public' | 'admin',
    readonly port: number,
    readonly host: string,
    override readonly cause: NodeJS.ErrnoException,
  ) {
    super(`cannot listen on ${host} port ${port} (${listener} port): ${cause.message}`);
  }
}

export interface Lobby {
  readonly port: number;
  readonly host: string;
  /** Port of the admin listener; null when it is off. */
  readonly adminPort: number | null;
  /** Rooms and their own tick timing, the lobby's CPU and memory. */
  stats(): LobbyStats;
  /** Whether the lobby accepts games, and why not (`GET /readyz`). */
  readiness(): Readiness;
  /** Process ids of every room runtime not yet exited. */
  roomPids(): number[];
  /** Every child process the lobby started and has not yet reaped: rooms and warm-pool spares. */
  childPids(): number[];
  /** Process id of a named room's runtime, if it has its own process. */
  roomPid(name: string): number | null;
  /**
   * Tests only: asks a room's runtime to fail. Runtimes ignore it unless their
   * host was created with fault injection, which the command line never does.
   */
  injectFault(name: string, fault: RoomFault): void;
  /** Stops accepting, tells every player, stops every room and waits for them to exit. */
  close(): Promise<void>;
}

/**
 * Starts a lobby whose rooms run on `host`. The game directory is this
 * lobby's own memory unless one is given.
 */
export async function startLobby(
  options: Partial<LobbyOptions>,
  host: RoomHost,
  directory: GameDirectory = new InMemoryGameDirectory(),
): Promise<Lobby> {
  const lobby = new LobbyServer({ ...defaultLobbyOptions, ...options }, host, directory);
  try {
    await lobby.listen();
    await lobby.listenAdmin();
    await lobby.joinDirectory();
  } catch (error) {
    await lobby.close();
    throw error;
  }
  return lobby;
}

/**
 * The composition of a lobby: the HTTP front admits connections, the
 * handlers answer their messages, the supervisor runs the rooms, the keeper
 * watches the connections, and the directory knows the games. The admin
 * front serves operators: metrics, stats, the status page, health.
 */
class LobbyServer implements Lobby {
  private readonly front: HttpFront;
  private readonly admin: HttpFront | null;
  private readonly metrics: LobbyMetrics;
  private readonly counters: LobbyCounters;
  private readonly recentEvents = new RecentRoomEvents();
  private readonly sessions = new Set<ClientSession>();
  private readonly places = new SessionPlaces();
  private readonly supervisor: RoomSupervisor;
  private readonly handlers: LobbyHandlers;
  /** Set when `close()` begins: no new game, and `/readyz` says so while games are handed over and rooms stop. */
  private stopping = false;
  private readonly keeper: ConnectionKeeper;
  /** The lobby's own loop delay, for `/stats`: started with the lobby, disposed when it closes. */
  private readonly loopDelay = new EventLoopDelaySampler();
  /** Only with a directory shared with other lobbies. */
  private readonly cluster: ClusterDuties | null;
  private readonly internalErrors: ThrottledLog;
  private readonly startedAt = performance.now();
  private readonly startedAtDate = new Date();
  private statsCache: { readonly at: number; readonly json: string } | null = null;
  private statusCache: { readonly at: number; readonly status: Promise<LobbyStatus> } | null = null;
  private nextSessionId = 1;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly options: LobbyOptions,
    private readonly roomHost: RoomHost,
    private readonly directory: GameDirectory,
  ) {
    checkLobbyOptions(options);
    this.internalErrors = new ThrottledLog(options.logger);
    this.metrics = new LobbyMetrics(this.gauges());
    this.counters = this.metrics.counters;
    this.counters.onLimitHit(new LimitLog(options.logger).hit);
    this.supervisor = new RoomSupervisor(options, roomHost, directory, this.places, this.counters, this.supervisorOnRoomEvent);
    this.cluster = directory.shared ? new ClusterDuties(options, directory, this.supervisor) : null;
    this.handlers = new LobbyHandlers(options, directory, this.supervisor, this.places, this.counters, this.cluster);
    this.keeper = new ConnectionKeeper(this.sessions, options.heartbeatMs, (now) => this.handlers.prune(now));
    this.front = new HttpFront(
      options,
      {
        name: 'lobby',
        routes: publicRoutes(() => this.supervisor.count, WebClientFiles.load()),
        onWebSocket: this.frontOnWebSocket,
        onRefusal: (verdict, address) => {
          const kind =
            verdict === 'cut'
              ? RejectionKind.AdmissionCut
              : verdict === 'too-many-in-total'
                ? RejectionKind.MaxConnections
                : RejectionKind.MaxConnectionsPerAddress;
          this.counters.reject(kind, { address, connection: null });
        },
      },
      this.internalErrors,
    );
    this.admin =
      options.adminPort === 'off'
        ? null
        : new HttpFront(
            options,
            {
              name: 'admin',
              routes: adminRoutes(
                {
                  metrics: this.metrics,
                  statsJson: () => this.statsJson(),
                  status: () => this.status(),
                  readiness: () => this.readiness(),
                },
                loadStatusPage(),
              ),
            },
            this.internalErrors,
          );
  }

  get port(): number {
    return this.front.port;
  }

  get adminPort(): number | null {
    return this.admin?.port ?? null;
  }

  get host(): string {
    return this.options.host;
  }

  listen(): Promise<void> {
    this.loopDelay.start();
    return this.listenOn(this.front, 'public', this.options.port, this.options.host);
  }

  /** The admin listener, once the public port is known: `next` is the public port + 1. */
  async listenAdmin(): Promise<void> {
    if (!this.admin) return;
    const asked = this.options.adminPort;
    const port = asked === 'next' ? (this.options.port === 0 ? 0 : this.port + 1) : (asked as number);
    if (port > 65535) {
      throw new ListenError('admin', port, this.options.adminHost, Object.assign(new Error('the public port is the last one; give --admin-port'), { code: 'ERANGE' }));
    }
    await this.listenOn(this.admin, 'admin', port, this.options.adminHost);
  }

  private async listenOn(front: HttpFront, listener: 'public' | 'admin', port: number, host: string): Promise<void> {
    try {
      await front.listen(port, host);
    } catch (error) {
      throw new ListenError(listener, port, host, error as NodeJS.ErrnoException);
    }
  }

  async joinDirectory(): Promise<void> {
    await this.directory.join({
      url: this.publicUrl(),
      // A stopping lobby has no room to offer: other lobbies send no player here meanwhile.
      load: () => ({ games: this.supervisor.count, maxGames: this.stopping ? 0 : this.options.maxGames }),
    });
    this.cluster?.start();
  }

  stats(): LobbyStats {
    const cpu = process.cpuUsage();
    let connections = 0;
    let slowConnections = 0;
    // A connection the lobby has decided to close no longer counts.
    for (const session of this.sessions) {
      if (!session.isOpen) continue;
      connections++;
      if (session.isLagging) slowConnections++;
    }
    const roomStats = [...this.supervisor.all()].map((room) => room.stats());
    return {
      type: 'stats',
      rooms: this.roomHost.kind,
      uptimeMs: Math.round(performance.now() - this.startedAt),
      connections,
      slowConnections,
      games: this.supervisor.count,
      watchers: roomStats.reduce((sum, room) => sum + room.watchers, 0),
      lobby: {
        pid: process.pid,
        rssBytes: process.memoryUsage.rss(),
        cpuUs: cpu.user + cpu.system,
        eventLoopDelayMs: summarizeMicroseconds(this.loopDelay.histogram),
        eventLoopDelayHistogramUs: this.loopDelay.histogram.toJSON(),
      },
      roomStats,
    };
  }

  /** How players reach this lobby, as it tells the directory. */
  private publicUrl(): string {
    return this.options.publicUrl ?? derivePublicUrl(this.options.host, this.port);
  }

  readiness(): Readiness {
    return readinessOf({
      draining: this.stopping,
      spares: this.roomHost.spares?.() ?? null,
      directoryReachable: this.directory.shared ? this.directory.reachable() : null,
    });
  }

  /** What the metrics read of the moment when scraped. */
  private gauges(): LobbyGauges {
    return {
      lobbyId: this.directory.lobbyId,
      roomHost: this.roomHost.kind,
      clustered: this.directory.shared,
      connections: () => this.openConnections(),
      seats: () => this.seatCounts(),
      spectators: () => {
        let watching = 0;
        for (const room of this.supervisor.all()) watching += room.watcherCount;
        return watching;
      },
      rooms: () => this.supervisor.all(),
      runtimesAlive: () => this.supervisor.liveCount,
      pool: () => this.roomHost.spares?.() ?? null,
      startQueue: () => this.roomHost.startQueue?.() ?? null,
      readiness: () => this.readiness(),
      directoryReachable: () => (this.directory.shared ? this.directory.reachable() : null),
    };
  }

  /** Open WebSocket connections; one the lobby has decided to close no longer counts. */
  private openConnections(): number {
    let connections = 0;
    for (const session of this.sessions) if (session.isOpen) connections++;
    return connections;
  }

  private seatCounts(): { connected: number; away: number } {
    let connected = 0;
    let away = 0;
    for (const room of this.supervisor.all()) {
      for (const seat of room.seats.values()) {
        if (seat.session) connected++;
        else away++;
      }
    }
    return { connected, away };
  }

  /** The status page's document, built at most every STATUS_CACHE_MS however many pages ask. */
  private status(): Promise<LobbyStatus> {
    const now = performance.now();
    if (this.statusCache === null || now - this.statusCache.at >= STATUS_CACHE_MS) {
      this.statusCache = { at: now, status: this.buildStatus() };
    }
    return this.statusCache.status;
  }

  private async buildStatus(): Promise<LobbyStatus> {
    const spares = this.roomHost.spares?.();
    return {
      lobbyId: this.directory.lobbyId,
      url: this.publicUrl(),
      startedAt: this.startedAtDate.toISOString(),
      readiness: this.readiness(),
      seats: this.seatCounts(),
      pool: spares ? { target: spares.target, ready: spares.ready, starting: spares.starting } : null,
      starts: this.roomHost.startQueue?.() ?? null,
      stats: this.stats(),
      events: this.recentEvents.latest(),
      cluster: this.directory.shared ? await this.clusterLobbies() : null,
    };
  }

  private async clusterLobbies(): Promise<NonNullable<LobbyStatus['cluster']>> {
    try {
      const lobbies = await this.directory.lobbies();
      const entries = lobbies.map(({ lobbyId, url, games, maxGames }) => ({ lobbyId, url, games, maxGames }));
      return { lobbies: entries.sort((a, b) => a.lobbyId.localeCompare(b.lobbyId)), error: null };
    } catch (error) {
      return { lobbies: [], error: `the other lobbies cannot be listed now: ${describeError(error)}` };
    }
  }

  private readonly supervisorOnRoomEvent = (event: RoomEvent): void => {
    this.counters.countRoomEvent(event);
    this.recentEvents.add(event);
  };

  roomPids(): number[] {
    return this.supervisor.livePids();
  }

  childPids(): number[] {
    return [...this.roomPids(), ...(this.roomHost.idlePids?.() ?? [])];
  }

  roomPid(name: string): number | null {
    return this.supervisor.room(name)?.pid ?? null;
  }

  injectFault(name: string, fault: RoomFault): void {
    const room = this.supervisor.room(name);
    if (!room) throw new Error(`no room named ${name}`);
    room.injectFault(fault);
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown().finally(() => this.loopDelay.dispose());
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.handlers.stopTakingGames();
    this.stopping = true;
    await this.handGamesOver();
    this.keeper.dispose();
    const frontClosed = this.front.close();
    for (const session of this.sessions) {
      session.send({ type: 'shutdown', message: 'the server is shutting down' });
      this.places.backToLobby(session);
      session.socket.close(CloseCode.GoingAway, 'server shutting down');
    }
    await Promise.all([this.supervisor.closeAll(SHUTDOWN_DEADLINE_MS), this.roomHost.close?.()]);
    // Sockets that ignore the close handshake are cut so the port is released.
    for (const session of this.sessions) session.socket.terminate();
    await frontClosed;
    await this.directory.close();
    // Last: until here /readyz says the lobby is draining, and /metrics shows the rooms going.
    await this.admin?.close();
  }

  /** In a cluster with other lobbies alive and room to spare, games move to them instead of ending. */
  private async handGamesOver(): Promise<void> {
    if (!this.cluster) return;
    try {
      const peers = (await this.directory.lobbies()).filter(
        (lobby) => lobby.lobbyId !== this.directory.lobbyId && lobby.games < lobby.maxGames,
      );
      const games = this.supervisor.count;
      if (peers.length > 0 && games > 0) {
        const handed = await this.cluster.drain(DRAIN_DEADLINE_MS);
        logEvent(
          this.options.logger,
          { event: 'games_handed_over', handed, games },
          `handed ${handed} of ${games} game${games === 1 ? '' : 's'} over to other lobbies`,
        );
      }
    } catch (error) {
      this.internalErrors.write({ event: 'cluster_error', err: error }, `could not hand games over: ${describeError(error)}`);
    } finally {
      this.cluster.dispose();
    }
  }

  /** The `stats` document, rebuilt at most every STATS_CACHE_MS however often it is asked for. */
  private statsJson(): string {
    const now = performance.now();
    if (this.statsCache === null || now - this.statsCache.at >= STATS_CACHE_MS) {
      this.statsCache = { at: now, json: JSON.stringify(this.stats()) };
    }
    return this.statsCache.json;
  }

  private readonly frontOnWebSocket = ({ socket, address, compact }: AcceptedWebSocket): void => {
    const session = new ClientSession(this.nextSessionId++, socket, address, this.options, this.counters, performance.now(), compact);
    this.sessions.add(session);
    this.counters.websocketsAccepted += 1;
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (!session.admit(performance.now())) return;
      session.serially(() => this.handlers.handleFrame(session, data, isBinary), this.failed(socket, 'handling a message', session));
    });
    socket.on('ping', (data: Buffer) => {
      if (session.admit(performance.now())) session.pong(data);
    });
    socket.on('pong', () => {
      session.alive = true;
    });
    socket.on('close', () => {
      if (!this.sessions.delete(session)) return;
      // After whatever this connection sent last has been handled.
      session.serially(() => this.handlers.handleClose(session), this.failed(socket, 'closing'));
    });
  };

  /**
   * What happens when handling one connection fails: the failure is logged
   * and that connection alone is closed (1011); the lobby and every game go on.
   */
  private failed(socket: WebSocket, doing: string, session?: ClientSession): (error: unknown) => void {
    return (error) => {
      if (error instanceof DirectoryUnavailableError && session) {
        session.sendError(ErrorCode.ClusterUnavailable, 'the game directory shared by the lobbies cannot be reached; try again shortly');
        return;
      }
      this.internalErrors.write(
        { event: 'internal_error', err: error },
        `internal error while ${doing} on a connection: ${describeError(error)}; closed it with 1011`,
      );
      if (socket.readyState === socket.OPEN) socket.close(CloseCode.InternalError, 'internal error');
    };
  }
}
