import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { decodeClientMessage, type ClientMessage } from '../shared/protocol/client-messages.js';
import { CloseCode } from '../shared/protocol/close-codes.js';
import { ErrorCode } from '../shared/protocol/error-codes.js';
import type { JoinRejection, RoomFault } from '../shared/protocol/ipc-messages.js';
import type { LobbyStats } from '../shared/protocol/server-messages.js';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH } from '../shared/rules/constants.js';
import { ClientSession } from './client-session.js';
import { randomGameName } from './game-names.js';
import { answerHttpRequest, answerStatsRequest } from './http-page.js';
import { LobbyRoom, type LobbyRoomEvents, type Seat } from './lobby-room.js';
import { defaultLobbyOptions, type LobbyOptions } from './lobby-options.js';
import { ProcessRoomHost } from './process-room-host.js';
import type { RoomExit, RoomHost } from './room-host.js';

/** Waiting for rooms to stop at shutdown; each room is killed after its own grace anyway. */
const SHUTDOWN_DEADLINE_MS = 4000;
/** How often the watchdog looks for rooms that stopped answering. */
const WATCHDOG_EVERY_MS = 200;

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
  private readonly connectionsByAddress = new Map<string, number>();
  private readonly roomExitWaiters = new Set<() => void>();
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly heartbeatTimer: NodeJS.Timeout;
  private readonly watchdogTimer: NodeJS.Timeout;
  private watchdogLastRan = performance.now();
  private nextSessionId = 1;
  private readonly startedAt = performance.now();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly options: LobbyOptions,
    private readonly roomHost: RoomHost,
  ) {
    this.http = createServer((request, response) => {
      if (request.url === '/stats' || request.url?.startsWith('/stats?')) answerStatsRequest(response, this.stats());
      else answerHttpRequest(request, response, this.rooms.size);
    });
    this.wss = new WebSocketServer({ server: this.http, maxPayload: options.maxFrameBytes });
    this.wss.on('connection', this.wssOnConnection);
    // ws re-emits the HTTP server's errors here; listen() already reports them to the caller.
    this.wss.on('error', () => {});
    const sweepEvery = Math.max(50, Math.min(5000, Math.floor(options.idleTimeoutMs / 4)));
    this.sweepTimer = setInterval(this.sweepIdleRooms, sweepEvery);
    this.heartbeatTimer = setInterval(this.pingEveryone, options.heartbeatMs);
    this.watchdogTimer = setInterval(this.watchRooms, WATCHDOG_EVERY_MS);
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
      connections: this.sessions.size,
      games: this.rooms.size,
      lobby: { pid: process.pid, rssBytes: process.memoryUsage.rss(), cpuUs: cpu.user + cpu.system },
      roomStats: [...this.rooms.values()].map((room) => room.stats()),
    };
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

  private readonly wssOnConnection = (socket: WebSocket, request: IncomingMessage): void => {
    const address = request.socket.remoteAddress ?? 'unknown';
    socket.on('error', () => {
      // Protocol errors (bad frames, frames over maxPayload) are followed by a close; ws picks the code.
    });
    if (this.sessions.size >= this.options.maxConnections) {
      socket.close(CloseCode.TryAgainLater, 'server has too many connections');
      return;
    }
    const fromAddress = this.connectionsByAddress.get(address) ?? 0;
    if (fromAddress >= this.options.maxConnectionsPerAddress) {
      socket.close(CloseCode.TooManyFromAddress, 'too many connections from your address');
      return;
    }
    this.connectionsByAddress.set(address, fromAddress + 1);
    const compact = new URL(request.url ?? '/', 'ws://lobby').searchParams.get('frames') === 'compact';
    const session = new ClientSession(this.nextSessionId++, socket, address, this.options, performance.now(), compact);
    this.sessions.add(session);
    socket.on('message', (data: RawData, isBinary: boolean) => this.sessionOnMessage(session, data, isBinary));
    socket.on('pong', () => {
      session.alive = true;
    });
    socket.on('close', () => this.sessionOnClose(session));
  };

  private sessionOnMessage(session: ClientSession, data: RawData, isBinary: boolean): void {
    session.alive = true;
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
    const count = (this.connectionsByAddress.get(session.remoteAddress) ?? 1) - 1;
    if (count > 0) this.connectionsByAddress.set(session.remoteAddress, count);
    else this.connectionsByAddress.delete(session.remoteAddress);
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

  private readonly handlers: { readonly [T in ClientMessage['type']]: Handler<T> } = {
    list: (session) => {
      session.send({ type: 'games', games: [...this.rooms.values()].map((room) => room.summary()) });
    },
    ping: (session, message) => {
      session.send({ type: 'pong', id: message.id });
    },
    stats: (session) => {
      session.send(this.stats());
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
      const now = Date.now();
      while (session.createdAt.length > 0 && now - session.createdAt[0]! > 60_000) session.createdAt.shift();
      if (session.createdAt.length >= this.options.maxGamesPerConnectionPerMinute) {
        session.sendError(
          ErrorCode.TooManyGames,
          `one connection may create at most ${this.options.maxGamesPerConnectionPerMinute} games a minute`,
        );
        return;
      }
      if (message.name !== undefined && this.rooms.has(message.name)) {
        session.sendError(ErrorCode.NameTaken, `a game named "${message.name}" already exists; join it or pick another name`);
        return;
      }
      session.createdAt.push(now);
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
      session.place.room.pressKey(session.place.seat.player, message.key, Date.now());
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
    const now = Date.now();
    for (const room of [...this.rooms.values()]) {
      if (now - room.lastInputAt < this.options.idleTimeoutMs) continue;
      const seconds = this.options.idleTimeoutMs / 1000;
      this.disposeRoom(room, `idle for ${seconds} s`, `game ${room.name} closed after ${seconds} s without a key pressed`);
    }
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
      if (!exit.planned && this.rooms.get(room.name) === room && this.tryResume(room, exit)) {
        this.options.log(`room ${room.name} resumed from tick ${room.checkpoint?.tick} after: ${room.exitReasonBeforeResume} (pid ${pid ?? '-'} -> ${room.pid ?? '-'})`);
        return;
      }
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
   * Resumes a room whose runtime died for a cause outside the game logic, from
   * its latest checkpoint, unless it already failed again soon after a resume.
   */
  private tryResume(room: LobbyRoom, exit: RoomExit): boolean {
    if (exit.cause === 'exception' || !room.checkpoint || room.isEmpty) return false;
    const now = performance.now();
    if (room.resumedAt !== null && now - room.resumedAt < this.options.resumeWindowMs) {
      room.exitReason = `${room.exitReason}, again within ${this.options.resumeWindowMs / 1000} s of resuming`;
      return false;
    }
    const reason = room.exitReason ?? 'unknown';
    for (const session of room.connected()) {
      session.send({
        type: 'resuming',
        message: `the game stopped (${reason}); it resumes in a moment from tick ${room.checkpoint.tick}`,
      });
    }
    for (const session of room.pending.values()) {
      session.backToLobby();
      session.sendError(ErrorCode.GameCrashed, `game "${room.name}" is restarting; try joining again in a moment`);
    }
    room.exitReasonBeforeResume = reason;
    room.resume(now);
    return true;
  }
}
