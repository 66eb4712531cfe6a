import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type ServerOptions, type WebSocket } from 'ws';
import { decodeClientMessage, type ClientMessage } from '../shared/protocol/client-messages.js';
import { CloseCode } from '../shared/protocol/close-codes.js';
import { ErrorCode } from '../shared/protocol/error-codes.js';
import type { JoinRejection, RoomFault } from '../shared/protocol/ipc-messages.js';
import type { LobbyStats } from '../shared/protocol/server-messages.js';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH } from '../shared/rules/constants.js';
import { ClientSession } from './client-session.js';
import { ConnectionAdmission, type AdmissionVerdict } from './connection-admission.js';
import { CreateLimits } from './create-limits.js';
import { randomGameName } from './game-names.js';
import { answerRoute, refuse, type HttpRouteContext } from './http-routes.js';
import { LobbyRoom, type LobbyRoomEvents, type Seat } from './lobby-room.js';
import { checkLobbyOptions, defaultLobbyOptions, type LobbyOptions } from './lobby-options.js';
import { ProcessRoomHost } from './process-room-host.js';
import { addressKey } from './remote-address.js';
import { parseRequestTarget } from './request-target.js';
import type { RoomExit, RoomHost } from './room-host.js';
import { describeError, ThrottledLog } from './throttled-log.js';

/** Waiting for rooms to stop at shutdown; each room is killed after its own grace anyway. */
const SHUTDOWN_DEADLINE_MS = 4000;
/** How often the watchdog looks for rooms that stopped answering. */
const WATCHDOG_EVERY_MS = 200;
/** How often connections are checked for unread backlogs, and old creation records dropped. */
const HOUSEKEEPING_EVERY_MS = 1000;
/** A socket refused for a cap gets this long to ask something, so that it can be told why. */
const REFUSAL_GRACE_MS = 2000;
/** After `close()`, a client that does not answer the close handshake is cut after this long (ws's default: 30 s). */
const CLOSE_HANDSHAKE_MS = 5000;
/** `stats` documents are built at most this often; asking more often gets the same one. */
const STATS_CACHE_MS = 250;

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

export async function startLobby(options: Partial<LobbyOptions> = {}, host: RoomHost = new ProcessRoomHost()): Promise<Lobby> {
  const lobby = new LobbyServer({ ...defaultLobbyOptions, ...options }, host);
  await lobby.listen();
  return lobby;
}

type Handler<T extends ClientMessage['type']> = (session: ClientSession, message: Extract<ClientMessage, { type: T }>) => void;

class LobbyServer implements Lobby {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  /** Open rooms by name: the ones players can list and join. */
  private readonly rooms = new Map<string, LobbyRoom>();
  /** Every room whose runtime has not exited yet, including those stopping. */
  private readonly live = new Set<LobbyRoom>();
  private readonly sessions = new Set<ClientSession>();
  private readonly admission: ConnectionAdmission;
  /** Sockets accepted over a cap, and which: they are told so when they ask. */
  private readonly refusals = new WeakMap<Duplex, AdmissionVerdict>();
  private readonly createLimits: CreateLimits;
  private readonly roomExitWaiters = new Set<() => void>();
  private readonly internalErrors: ThrottledLog;
  private statsCache: { readonly at: number; readonly json: string } | null = null;
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly heartbeatTimer: NodeJS.Timeout;
  private readonly watchdogTimer: NodeJS.Timeout;
  private readonly housekeepingTimer: NodeJS.Timeout;
  private watchdogLastRan = performance.now();
  private nextSessionId = 1;
  private readonly startedAt = performance.now();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly options: LobbyOptions,
    private readonly roomHost: RoomHost,
  ) {
    checkLobbyOptions(options);
    this.admission = new ConnectionAdmission(options);
    this.createLimits = new CreateLimits({ perMinute: options.maxGamesPerAddressPerMinute, liveGames: options.maxGamesPerAddress });
    this.internalErrors = new ThrottledLog(options.log);
    this.http = createServer(
      {
        headersTimeout: options.headersTimeoutMs,
        requestTimeout: options.requestTimeoutMs,
        // Node looks for requests over their timeouts only this often (30 s by default).
        connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs),
      },
      this.httpOnRequest,
    );
    this.http.on('connection', this.httpOnConnection);
    this.http.on('upgrade', this.httpOnUpgrade);
    // The pinned ws takes closeTimeout; its type declarations (@types/ws 8.18) do not list it yet.
    const wsOptions: ServerOptions & { readonly closeTimeout: number } = {
      noServer: true,
      clientTracking: false,
      maxPayload: options.maxFrameBytes,
      perMessageDeflate: false,
      closeTimeout: CLOSE_HANDSHAKE_MS,
      // Pings are answered by the session, under the rate limit and the outbound budget.
      autoPong: false,
    };
    this.wss = new WebSocketServer(wsOptions);
    const sweepEvery = Math.max(50, Math.min(5000, Math.floor(options.idleTimeoutMs / 4)));
    this.sweepTimer = setInterval(this.sweepIdleRooms, sweepEvery);
    this.heartbeatTimer = setInterval(this.pingEveryone, options.heartbeatMs);
    this.watchdogTimer = setInterval(this.watchRooms, WATCHDOG_EVERY_MS);
    this.housekeepingTimer = setInterval(this.keepHouse, HOUSEKEEPING_EVERY_MS);
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  get host(): string {
    return this.options.host;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        this.stopTimers();
        reject(error);
      };
      this.http.once('error', onError);
      this.http.listen(this.options.port, this.options.host, () => {
        this.http.removeListener('error', onError);
        resolve();
      });
    });
  }

  stats(): LobbyStats {
    const cpu = process.cpuUsage();
    return {
      type: 'stats',
      rooms: this.roomHost.kind,
      uptimeMs: Math.round(performance.now() - this.startedAt),
      connections: this.openSessions(),
      games: this.rooms.size,
      lobby: { pid: process.pid, rssBytes: process.memoryUsage.rss(), cpuUs: cpu.user + cpu.system },
      roomStats: [...this.rooms.values()].map((room) => room.stats()),
    };
  }

  /** Sessions not yet closing: one the lobby has decided to close no longer counts. */
  private openSessions(): number {
    let count = 0;
    for (const session of this.sessions) if (session.isOpen) count++;
    return count;
  }

  roomPids(): number[] {
    return [...this.live].map((room) => room.pid).filter((pid): pid is number => pid !== null);
  }

  childPids(): number[] {
    return [...this.roomPids(), ...(this.roomHost.idlePids?.() ?? [])];
  }

  roomPid(name: string): number | null {
    return this.rooms.get(name)?.pid ?? null;
  }

  injectFault(name: string, fault: RoomFault): void {
    const room = this.rooms.get(name);
    if (!room) throw new Error(`no room named ${name}`);
    room.injectFault(fault);
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private stopTimers(): void {
    clearInterval(this.sweepTimer);
    clearInterval(this.heartbeatTimer);
    clearInterval(this.watchdogTimer);
    clearInterval(this.housekeepingTimer);
  }

  private async shutDown(): Promise<void> {
    this.stopTimers();
    this.wss.close();
    const httpClosed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    for (const session of this.sessions) {
      session.send({ type: 'shutdown', message: 'the server is shutting down' });
      session.backToLobby();
      session.socket.close(CloseCode.GoingAway, 'server shutting down');
    }
    for (const room of [...this.rooms.values()]) this.disposeRoom(room, 'lobby shutting down');
    await Promise.all([this.allRoomsExited(SHUTDOWN_DEADLINE_MS), this.roomHost.close?.()]);
    // Sockets that ignore the close handshake are cut so the port is released.
    for (const session of this.sessions) session.socket.terminate();
    this.http.closeAllConnections();
    await httpClosed;
  }

  private allRoomsExited(deadlineMs: number): Promise<void> {
    if (this.live.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, deadlineMs);
      const waiter = (): void => {
        if (this.live.size === 0) done();
      };
      const roomExitWaiters = this.roomExitWaiters;
      function done(): void {
        clearTimeout(timer);
        roomExitWaiters.delete(waiter);
        resolve();
      }
      roomExitWaiters.add(waiter);
    });
  }

  /** Every socket is counted from the moment it is accepted, before a byte is read. */
  private readonly httpOnConnection = (socket: Socket): void => {
    const ticket = this.admission.admit(addressKey(socket.remoteAddress));
    if (ticket.verdict === 'cut') {
      socket.destroy();
      return;
    }
    socket.once('close', ticket.release);
    if (ticket.verdict !== 'admitted') {
      this.refusals.set(socket, ticket.verdict);
      socket.setTimeout(REFUSAL_GRACE_MS, () => socket.destroy());
    }
  };

  private readonly httpContext: HttpRouteContext = {
    gamesOpen: () => this.rooms.size,
    statsJson: () => this.statsJson(),
  };

  private readonly httpOnRequest = (request: IncomingMessage, response: ServerResponse): void => {
    try {
      const refusal = this.refusals.get(request.socket);
      if (refusal === 'too-many-from-address') {
        refuse(request, response, 429, 'too many connections from your address', { close: true });
      } else if (refusal === 'too-many-in-total') {
        refuse(request, response, 503, 'the server has too many connections; try again later', { close: true });
      } else {
        answerRoute(request, response, this.httpContext);
      }
    } catch (error) {
      this.internalErrors.write(`internal error answering HTTP ${request.method ?? '?'} request: ${describeError(error)}`);
      if (response.headersSent) response.destroy();
      else refuse(request, response, 500, 'internal error', { close: true });
    }
  };

  /**
   * A WebSocket handshake: only `/` (with an optional query) upgrades; ws
   * checks the handshake headers and answers 400 itself when they are wrong.
   */
  private readonly httpOnUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Node hands the socket over without an error listener; a reset now must not become an uncaught error.
    socket.on('error', () => socket.destroy());
    try {
      const target = parseRequestTarget(request.url);
      if (!target.ok) {
        refuseUpgrade(socket, 400, 'Bad Request', target.error);
        return;
      }
      if (target.value.path !== '/') {
        refuseUpgrade(socket, 404, 'Not Found', 'WebSocket connections go to /');
        return;
      }
      const compact = target.value.query.get('frames') === 'compact';
      const refusal = this.refusals.get(socket);
      this.wss.handleUpgrade(request, socket, head, (webSocket) => this.guardConnection(webSocket, 'connecting', () => {
        this.wssOnConnection(webSocket, request, compact, refusal);
      }));
    } catch (error) {
      this.internalErrors.write(`internal error during a WebSocket handshake: ${describeError(error)}`);
      socket.destroy();
    }
  };

  private wssOnConnection(socket: WebSocket, request: IncomingMessage, compact: boolean, refusal: AdmissionVerdict | undefined): void {
    socket.on('error', () => {
      // Protocol errors (bad frames, frames over maxPayload, invalid UTF-8) are followed by a close; ws picks the code.
    });
    if (refusal === 'too-many-in-total') {
      socket.close(CloseCode.TryAgainLater, 'server has too many connections');
      return;
    }
    if (refusal === 'too-many-from-address') {
      socket.close(CloseCode.TooManyFromAddress, 'too many connections from your address');
      return;
    }
    const address = addressKey(request.socket.remoteAddress);
    const session = new ClientSession(this.nextSessionId++, socket, address, this.options, performance.now(), compact);
    this.sessions.add(session);
    socket.on('message', (data: RawData, isBinary: boolean) =>
      this.guardConnection(socket, 'handling a message', () => this.sessionOnMessage(session, data, isBinary)),
    );
    socket.on('ping', (data: Buffer) =>
      this.guardConnection(socket, 'answering a ping', () => {
        if (session.admit(performance.now())) session.pong(data);
      }),
    );
    socket.on('pong', () => {
      session.alive = true;
    });
    socket.on('close', () => this.guardConnection(socket, 'closing', () => this.sessionOnClose(session)));
  }

  /**
   * Runs one connection's handler so that nothing it throws leaves it: the
   * failure is logged and that connection alone is closed (1011); the lobby
   * and every game go on.
   */
  private guardConnection(socket: WebSocket, doing: string, handler: () => void): void {
    try {
      handler();
    } catch (error) {
      this.internalErrors.write(`internal error while ${doing} on a connection: ${describeError(error)}; closed it with 1011`);
      try {
        socket.close(CloseCode.InternalError, 'internal error');
      } catch {
        socket.terminate();
      }
    }
  }

  private sessionOnMessage(session: ClientSession, data: RawData, isBinary: boolean): void {
    if (!session.admit(performance.now())) return;
    if (isBinary) {
      session.sendError(ErrorCode.BadMessage, 'binary frames are not accepted; send JSON text frames');
      return;
    }
    const decoded = decodeClientMessage(data.toString());
    if (!decoded.ok) {
      session.sendError(ErrorCode.BadMessage, decoded.error);
      return;
    }
    const message = decoded.value;
    (this.handlers[message.type] as Handler<typeof message.type>)(session, message);
  }

  private sessionOnClose(session: ClientSession): void {
    if (!this.sessions.delete(session)) return;
    const place = session.place;
    if (place.kind === 'playing' && place.seat.session === session && place.room.isOpen) {
      // Keep the seat for a while: the player may come back with its token. The cycle races on meanwhile.
      session.backToLobby();
      const { room, seat } = place;
      room.detach(seat, setTimeout(() => this.releaseSeat(room, seat), this.options.seatHoldMs));
      return;
    }
    this.leaveRoom(session);
  }

  /** The `stats` document, rebuilt at most every STATS_CACHE_MS however often it is asked for. */
  private statsJson(): string {
    const now = performance.now();
    if (this.statsCache === null || now - this.statsCache.at >= STATS_CACHE_MS) {
      this.statsCache = { at: now, json: JSON.stringify(this.stats()) };
    }
    return this.statsCache.json;
  }

  private readonly handlers: { readonly [T in ClientMessage['type']]: Handler<T> } = {
    list: (session) => {
      session.send({ type: 'games', games: [...this.rooms.values()].map((room) => room.summary()) });
    },
    ping: (session, message) => {
      session.send({ type: 'pong', id: message.id });
    },
    stats: (session) => {
      session.sendSerialized(this.statsJson());
    },
    create: (session, message) => {
      if (session.place.kind !== 'lobby') {
        session.sendError(ErrorCode.AlreadyInGame, 'leave your game before creating another');
        return;
      }
      if (message.workMs && !this.options.benchmarkKnobs) {
        session.sendError(ErrorCode.BadMessage, 'workMs is a benchmark option; this lobby was not started with --bench');
        return;
      }
      if (this.rooms.size >= this.options.maxGames) {
        session.sendError(ErrorCode.ServerFull, `this server runs at most ${this.options.maxGames} games; try again later`);
        return;
      }
      const now = performance.now();
      const allowed = this.createLimits.check(session.remoteAddress, this.gamesHeldBy(session.remoteAddress), now);
      if (!allowed.ok) {
        session.sendError(ErrorCode.TooManyGames, allowed.error);
        return;
      }
      if (message.name !== undefined && this.rooms.has(message.name)) {
        session.sendError(ErrorCode.NameTaken, `a game named "${message.name}" already exists; join it or pick another name`);
        return;
      }
      this.createLimits.record(session.remoteAddress, now);
      const name = message.name ?? randomGameName((candidate) => this.rooms.has(candidate));
      const config = {
        name,
        seats: message.players,
        width: message.width ?? DEFAULT_WIDTH,
        height: message.height ?? DEFAULT_HEIGHT,
        seed: randomInt(2 ** 31),
        tickMs: this.options.tickMs,
        workMs: message.workMs ?? null,
      };
      const room = new LobbyRoom(name, config, this.roomHost, this.roomEvents, now);
      this.rooms.set(name, room);
      this.live.add(room);
      this.options.log(
        `room ${name} created: ${config.seats} seat${config.seats === 1 ? '' : 's'}, ${config.width}x${config.height}, pid ${room.pid ?? '-'}, ${this.rooms.size} game${this.rooms.size === 1 ? '' : 's'} open`,
      );
      this.seat(session, room);
    },
    join: (session, message) => {
      if (session.place.kind !== 'lobby') {
        session.sendError(ErrorCode.AlreadyInGame, 'leave your game before joining another');
        return;
      }
      const room = this.rooms.get(message.name);
      if (!room) {
        session.sendError(ErrorCode.GameNotFound, `no game named "${message.name}"; send {"type":"list"} to see the games`);
        return;
      }
      this.seat(session, room);
    },
    rejoin: (session, message) => {
      if (session.place.kind !== 'lobby') {
        session.sendError(ErrorCode.AlreadyInGame, 'leave your game before rejoining another');
        return;
      }
      const found = this.findSeat(message.token);
      if (!found) {
        session.sendError(ErrorCode.InvalidToken, 'no seat is held for that token: it is wrong, or the seat was given up');
        return;
      }
      const { room, seat } = found;
      const previous = seat.session;
      if (previous && previous !== session) {
        // The same player on a new connection: the old one is presumably dead.
        previous.backToLobby();
        previous.send({ type: 'left', reason: 'your seat was taken back from another connection' });
      }
      room.reattach(seat, session);
      session.place = { kind: 'playing', room, seat };
      session.send({ type: 'joined', game: room.summary(), player: { number: seat.player }, token: seat.token });
    },
    key: (session, message) => {
      if (session.place.kind !== 'playing') {
        session.sendError(ErrorCode.NotInGame, 'keys only count in a game; create or join one first');
        return;
      }
      session.place.room.pressKey(session.place.seat.player, message.key, performance.now());
    },
    leave: (session) => {
      if (session.place.kind === 'lobby') {
        session.sendError(ErrorCode.NotInGame, 'you are not in a game');
        return;
      }
      this.leaveRoom(session);
      session.send({ type: 'left' });
    },
  };

  /** Games in which `address` holds a seat, connected or held for a rejoin, or is being given one. */
  private gamesHeldBy(address: string): number {
    let count = 0;
    for (const room of this.rooms.values()) if (room.isHeldBy(address)) count++;
    return count;
  }

  private findSeat(token: string): { room: LobbyRoom; seat: Seat } | undefined {
    for (const room of this.rooms.values()) {
      const seat = room.seatByToken(token);
      if (seat) return { room, seat };
    }
    return undefined;
  }

  private seat(session: ClientSession, room: LobbyRoom): void {
    const requestId = room.requestSeat(session);
    session.place = { kind: 'joining', room, requestId };
  }

  private leaveRoom(session: ClientSession): void {
    const place = session.place;
    session.backToLobby();
    if (place.kind === 'joining') place.room.cancelSeatRequest(place.requestId);
    else if (place.kind === 'playing') place.room.release(place.seat.player);
    else return;
    this.disposeIfEmpty(place.room);
  }

  private releaseSeat(room: LobbyRoom, seat: Seat): void {
    if (room.seats.get(seat.player) !== seat || seat.session) return;
    room.release(seat.player);
    this.disposeIfEmpty(room);
  }

  private disposeIfEmpty(room: LobbyRoom): void {
    if (room.isOpen && room.isEmpty) this.disposeRoom(room, 'all players left');
  }

  /** Closes a room on purpose; its players are back in the lobby at once. */
  private disposeRoom(room: LobbyRoom, reason: string, notice?: string): void {
    if (!room.isOpen) return;
    for (const session of room.connected()) {
      session.backToLobby();
      if (notice !== undefined) session.send({ type: 'left', reason: notice });
    }
    this.rooms.delete(room.name);
    room.dispose(reason);
  }

  private readonly sweepIdleRooms = (): void => {
    const now = performance.now();
    for (const room of [...this.rooms.values()]) {
      // A room still starting has its own deadline; idle time counts from when it is ready.
      if (room.lifecycle === 'starting' || now - room.lastInputAt < this.options.idleTimeoutMs) continue;
      const seconds = this.options.idleTimeoutMs / 1000;
      this.disposeRoom(room, `idle for ${seconds} s`, `game ${room.name} closed after ${seconds} s without a key pressed`);
    }
  };

  /**
   * Closes connections that stopped reading while nothing is being sent to
   * them (sends check too), and forgets old creation records.
   */
  private readonly keepHouse = (): void => {
    const now = performance.now();
    for (const session of this.sessions) session.checkLag(now);
    this.createLimits.prune(now);
  };

  /** WebSocket heartbeats: a connection that did not answer the previous ping is dead. */
  private readonly pingEveryone = (): void => {
    for (const session of this.sessions) {
      if (!session.alive) {
        session.socket.terminate();
        continue;
      }
      session.alive = false;
      session.socket.ping();
    }
  };

  /** Rooms tick every 100 ms and say so; one that went silent is hung (or its loop is blocked) and is killed. */
  private readonly watchRooms = (): void => {
    const now = performance.now();
    const lobbyWasBlocked = now - this.watchdogLastRan > this.options.hangTimeoutMs / 2;
    this.watchdogLastRan = now;
    for (const room of this.rooms.values()) {
      // If the lobby itself was blocked, rooms may have spoken without being heard yet: judge next time.
      if (lobbyWasBlocked) room.lastHeardAt = now;
      else if (room.lifecycle === 'running' && now - room.lastHeardAt > this.options.hangTimeoutMs) room.killHung();
      else if (room.lifecycle === 'starting' && now - room.startingSince > this.options.startTimeoutMs) {
        room.killStuckStart(this.options.startTimeoutMs);
      }
    }
  };

  private readonly roomEvents: LobbyRoomEvents = {
    seatGranted: (room, session, requestId, seat, snapshot) => {
      const place = session.place;
      if (place.kind !== 'joining' || place.room !== room || place.requestId !== requestId) {
        room.release(seat.player);
        return;
      }
      session.place = { kind: 'playing', room, seat };
      session.send({ type: 'joined', game: room.summary(), player: { number: seat.player }, token: seat.token });
      session.sendFrame(snapshot);
    },
    seatRefused: (room, session, requestId, code: JoinRejection) => {
      const place = session.place;
      if (place.kind !== 'joining' || place.room !== room || place.requestId !== requestId) return;
      session.backToLobby();
      if (code === 'GAME_FULL') {
        session.sendError(ErrorCode.GameFull, `game "${room.name}" has all ${room.config.seats} seats taken`);
      } else {
        session.sendError(ErrorCode.GameInProgress, `game "${room.name}" is playing a round; join when it has finished`);
      }
      if (room.players === 0) this.disposeIfEmpty(room);
    },
    exited: (room: LobbyRoom, exit: RoomExit) => {
      const pid = room.pid;
      if (!exit.planned && this.rooms.get(room.name) === room && this.recover(room, exit, pid)) return;
      this.live.delete(room);
      if (!exit.planned && this.rooms.get(room.name) === room) {
        this.rooms.delete(room.name);
        for (const session of room.connected()) {
          session.backToLobby();
          session.sendError(
            ErrorCode.GameCrashed,
            `game "${room.name}" stopped unexpectedly (${room.exitReason}); you are back in the lobby`,
          );
        }
        for (const seat of room.seats.values()) clearTimeout(seat.awayTimer);
      }
      this.options.log(`room ${room.name} ended: ${room.exitReason} (pid ${pid ?? '-'})`);
      for (const waiter of [...this.roomExitWaiters]) waiter();
    },
  };

  /**
   * Gives a room whose runtime died on its own another runtime when that can
   * help (see `LobbyRoom.recoveryFor`); false when the game must end.
   */
  private recover(room: LobbyRoom, exit: RoomExit, pid: number | null): boolean {
    const now = performance.now();
    const recovery = room.recoveryFor(exit, now, this.options.resumeWindowMs);
    const reason = room.exitReason ?? 'unknown';
    if (recovery === 'restart') {
      room.restart(now);
      this.options.log(`room ${room.name} is starting again after: ${reason} (pid ${pid ?? '-'} -> ${room.pid ?? '-'})`);
      return true;
    }
    if (recovery === 'end') return false;
    const tick = room.checkpoint?.tick;
    for (const session of room.connected()) {
      if (session.place.kind !== 'playing') continue;
      session.send({ type: 'resuming', message: `the game stopped (${reason}); it resumes in a moment from tick ${tick}` });
    }
    for (const session of room.pending.values()) {
      session.backToLobby();
      session.sendError(ErrorCode.GameCrashed, `game "${room.name}" is restarting; try joining again in a moment`);
    }
    room.exitReasonBeforeResume = reason;
    room.resume(now);
    this.options.log(`room ${room.name} resumed from tick ${tick} after: ${reason} (pid ${pid ?? '-'} -> ${room.pid ?? '-'})`);
    return true;
  }
}

/** Answers a handshake that will not be upgraded with a plain HTTP status, then closes the socket. */
function refuseUpgrade(socket: Duplex, status: number, statusText: string, reason: string): void {
  const body = `${status} ${reason}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
