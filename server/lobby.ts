import { randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { decodeClientMessage, type ClientMessage } from '../shared/protocol/client-messages.js';
import { ErrorCode } from '../shared/protocol/error-codes.js';
import type { LobbyStats } from '../shared/protocol/server-messages.js';
import type { JoinRejection } from '../shared/protocol/ipc-messages.js';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH } from '../shared/rules/constants.js';
import { ClientSession } from './client-session.js';
import { randomGameName } from './game-names.js';
import { answerHttpRequest, answerStatsRequest } from './http-page.js';
import { LobbyRoom, type LobbyRoomEvents } from './lobby-room.js';
import { defaultLobbyOptions, type LobbyOptions } from './lobby-options.js';
import { ProcessRoomHost } from './process-room-host.js';
import type { RoomExit, RoomHost } from './room-host.js';

/** Close code sent to every player when the lobby shuts down (RFC 6455 "going away"). */
export const CLOSE_GOING_AWAY = 1001;
/** Largest text frame a client may send; clients only send short commands. */
const MAX_CLIENT_FRAME_BYTES = 4096;
/** Waiting for rooms to stop at shutdown; each room is killed after its own grace anyway. */
const SHUTDOWN_DEADLINE_MS = 4000;

export interface Lobby {
  readonly port: number;
  readonly host: string;
  /** Rooms and their own tick timing, the lobby's CPU and memory. */
  stats(): LobbyStats;
  /** Process ids of every room runtime not yet exited. */
  roomPids(): number[];
  /** Every child process the lobby started and has not yet reaped: rooms and warm-pool spares. */
  childPids(): number[];
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
  private readonly roomExitWaiters = new Set<() => void>();
  private readonly sweepTimer: NodeJS.Timeout;
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
    this.wss = new WebSocketServer({ server: this.http, maxPayload: MAX_CLIENT_FRAME_BYTES });
    this.wss.on('connection', this.wssOnConnection);
    const sweepEvery = Math.max(50, Math.min(5000, Math.floor(options.idleTimeoutMs / 4)));
    this.sweepTimer = setInterval(this.sweepIdleRooms, sweepEvery);
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
        clearInterval(this.sweepTimer);
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

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.wss.close();
    const httpClosed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    for (const session of this.sessions) {
      session.backToLobby();
      session.socket.close(CLOSE_GOING_AWAY, 'server shutting down');
    }
    for (const room of [...this.rooms.values()]) this.disposeRoom(room, 'lobby shutting down');
    await Promise.all([this.allRoomsExited(SHUTDOWN_DEADLINE_MS), this.roomHost.close?.()]);
    // Sockets that ignore the close handshake are cut so the port is released.
    for (const session of this.sessions) session.socket.terminate();
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

  private readonly wssOnConnection = (socket: WebSocket, request: { socket: { remoteAddress?: string } }): void => {
    const session = new ClientSession(this.nextSessionId++, socket, request.socket.remoteAddress ?? 'unknown');
    this.sessions.add(session);
    socket.on('message', (data: RawData, isBinary: boolean) => this.sessionOnMessage(session, data, isBinary));
    socket.on('close', () => this.sessionOnClose(session));
    // Errors (bad frames, oversize frames) are followed by close; ws picks the close code.
    socket.on('error', () => {});
  };

  private sessionOnMessage(session: ClientSession, data: RawData, isBinary: boolean): void {
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
    this.sessions.delete(session);
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
      if (message.name !== undefined && this.rooms.has(message.name)) {
        session.sendError(ErrorCode.NameTaken, `a game named "${message.name}" already exists; join it or pick another name`);
        return;
      }
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
      const room = new LobbyRoom(name, config, this.roomHost, this.roomEvents, Date.now());
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
    key: (session, message) => {
      if (session.place.kind !== 'playing') {
        session.sendError(ErrorCode.NotInGame, 'keys only count in a game; create or join one first');
        return;
      }
      session.place.room.pressKey(session.place.player, message.key, Date.now());
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

  private seat(session: ClientSession, room: LobbyRoom): void {
    const requestId = room.requestSeat(session);
    session.place = { kind: 'joining', room, requestId };
  }

  private leaveRoom(session: ClientSession): void {
    const place = session.place;
    session.backToLobby();
    if (place.kind === 'joining') place.room.cancelSeatRequest(place.requestId);
    else if (place.kind === 'playing') place.room.removeMember(place.player);
    else return;
    if (place.room.isOpen && place.room.isEmpty) this.disposeRoom(place.room, 'all players left');
  }

  /** Closes a room on purpose; its players are back in the lobby at once. */
  private disposeRoom(room: LobbyRoom, reason: string, notice?: string): void {
    if (!room.isOpen) return;
    for (const session of room.everyone()) {
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

  private readonly roomEvents: LobbyRoomEvents = {
    seatGranted: (room, session, requestId, player, snapshot) => {
      const place = session.place;
      if (place.kind !== 'joining' || place.room !== room || place.requestId !== requestId) {
        room.removeMember(player);
        return;
      }
      session.place = { kind: 'playing', room, player };
      session.send({ type: 'joined', game: room.summary(), player: { number: player } });
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
      if (room.isOpen && room.isEmpty && room.players === 0) this.disposeRoom(room, 'all players left');
    },
    exited: (room: LobbyRoom, exit: RoomExit) => {
      this.live.delete(room);
      const crashed = !exit.planned;
      if (crashed && this.rooms.get(room.name) === room) {
        this.rooms.delete(room.name);
        for (const session of room.everyone()) {
          session.backToLobby();
          session.sendError(
            ErrorCode.GameCrashed,
            `game "${room.name}" stopped unexpectedly (${room.exitReason}); you are back in the lobby`,
          );
        }
      }
      this.options.log(`room ${room.name} ended: ${room.exitReason} (pid ${room.pid ?? '-'})`);
      for (const waiter of [...this.roomExitWaiters]) waiter();
    },
  };
}
