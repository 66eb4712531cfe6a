import type { RawData, WebSocket } from 'ws';
import { CloseCode } from '../shared/protocol/close-codes.js';
import { ErrorCode } from '../shared/protocol/error-codes.js';
import type { RoomFault } from '../shared/protocol/ipc-messages.js';
import type { LobbyStats } from '../shared/protocol/server-messages.js';
import { ClientSession } from './client-session.js';
import { ClusterDuties } from './cluster-duties.js';
import { ConnectionKeeper } from './connection-keeper.js';
import { DirectoryUnavailableError, type GameDirectory } from './game-directory.js';
import { HttpFront, type AcceptedWebSocket } from './http-front.js';
import { WebClientFiles } from './web-client-files.js';
import { InMemoryGameDirectory } from './in-memory-game-directory.js';
import { LobbyHandlers } from './lobby-handlers.js';
import { checkLobbyOptions, defaultLobbyOptions, type LobbyOptions } from './lobby-options.js';
import type { RoomHost } from './room-host.js';
import { derivePublicUrl } from './public-url.js';
import { RoomSupervisor } from './room-supervisor.js';
import { SessionPlaces } from './session-places.js';
import { describeError, ThrottledLog } from './throttled-log.js';

/** Waiting for rooms to stop at shutdown; each room is killed after its own grace anyway. */
const SHUTDOWN_DEADLINE_MS = 4000;
/** `stats` documents are built at most this often; asking more often gets the same one. */
const STATS_CACHE_MS = 250;
/** A draining lobby waits this long for peers to take its games over before ending the rest. */
const DRAIN_DEADLINE_MS = 3000;

export interface Lobby {
  readonly port: number;
  readonly host: string;
  /** Rooms and their own tick timing, the lobby's CPU and memory. */
  stats(): LobbyStats;
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
 * watches the connections, and the directory knows the games.
 */
class LobbyServer implements Lobby {
  private readonly front: HttpFront;
  private readonly sessions = new Set<ClientSession>();
  private readonly places = new SessionPlaces();
  private readonly supervisor: RoomSupervisor;
  private readonly handlers: LobbyHandlers;
  /** Set when `close()` begins. */
  private stopping = false;
  private readonly keeper: ConnectionKeeper;
  /** Only with a directory shared with other lobbies. */
  private readonly cluster: ClusterDuties | null;
  private readonly internalErrors: ThrottledLog;
  private readonly startedAt = performance.now();
  private statsCache: { readonly at: number; readonly json: string } | null = null;
  private nextSessionId = 1;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly options: LobbyOptions,
    private readonly roomHost: RoomHost,
    private readonly directory: GameDirectory,
  ) {
    checkLobbyOptions(options);
    this.internalErrors = new ThrottledLog(options.log);
    this.supervisor = new RoomSupervisor(options, roomHost, directory, this.places);
    this.cluster = directory.shared ? new ClusterDuties(options, directory, this.supervisor) : null;
    this.handlers = new LobbyHandlers(options, directory, this.supervisor, this.places, () => this.statsJson(), this.cluster);
    this.keeper = new ConnectionKeeper(this.sessions, options.heartbeatMs, (now) => this.handlers.prune(now));
    this.front = new HttpFront(
      options,
      { gamesOpen: () => this.supervisor.count, statsJson: () => this.statsJson(), webClient: WebClientFiles.load() },
      this.internalErrors,
      this.frontOnWebSocket,
    );
  }

  get port(): number {
    return this.front.port;
  }

  get host(): string {
    return this.options.host;
  }

  listen(): Promise<void> {
    return this.front.listen();
  }

  async joinDirectory(): Promise<void> {
    await this.directory.join({
      url: this.options.publicUrl ?? derivePublicUrl(this.options.host, this.port),
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
      lobby: { pid: process.pid, rssBytes: process.memoryUsage.rss(), cpuUs: cpu.user + cpu.system },
      roomStats,
    };
  }

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
    this.closing ??= this.shutDown();
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
        this.options.log(`handed ${handed} of ${games} game${games === 1 ? '' : 's'} over to other lobbies`);
      }
    } catch (error) {
      this.internalErrors.write(`could not hand games over: ${describeError(error)}`);
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
    const session = new ClientSession(this.nextSessionId++, socket, address, this.options, performance.now(), compact);
    this.sessions.add(session);
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
      this.internalErrors.write(`internal error while ${doing} on a connection: ${describeError(error)}; closed it with 1011`);
      if (socket.readyState === socket.OPEN) socket.close(CloseCode.InternalError, 'internal error');
    };
  }
}
