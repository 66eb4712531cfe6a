import { randomInt } from 'node:crypto';
import type { RawData } from 'ws';
import { decodeClientMessage, type ClientMessage } from '../shared/protocol/client-messages.js';
import { ErrorCode } from '../shared/protocol/error-codes.js';
import type { JoinRejection } from '../shared/protocol/ipc-messages.js';
import type { GameSummary, ServerMessage } from '../shared/protocol/server-messages.js';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH } from '../shared/rules/constants.js';
import type { ClientSession } from './client-session.js';
import { CreateLimits } from './create-limits.js';
import type { GameDirectory } from './game-directory.js';
import { randomGameName } from './game-names.js';
import { RejectionKind, type LobbyCounters } from './lobby-counters.js';
import type { LobbyRoom, Seat } from './lobby-room.js';
import type { LobbyOptions } from './lobby-options.js';
import type { RoomSupervisor, SeatEvents } from './room-supervisor.js';
import { logEvent } from './log/log-events.js';
import { seatNotice } from './seat-notices.js';
import type { SessionPlaces } from './session-places.js';

/** What the handlers ask of a lobby's cluster duties. */
export interface ClusterPeers {
  /** The other lobbies alive, for players to rejoin through. */
  peerUrls(): readonly string[];
  /** Looks now for games of lobbies that are gone or handing them over, `game` first, and adopts what it wins. */
  claimNow(game: string): Promise<void>;
  /** Where a game this lobby is handing over goes, once known; undefined if it is not being handed over. */
  handoverOf(name: string): Promise<string | null> | undefined;
  /** Resolves once a look for orphaned games under way, if any, has resumed the games it claimed here. */
  claimsSettled(): Promise<void>;
}

type Handler<T extends ClientMessage['type']> = (
  session: ClientSession,
  message: Extract<ClientMessage, { type: T }>,
) => void | Promise<void>;

/** Random names tried before giving up: the name space is large, so this only fails when the directory does. */
const NAME_ATTEMPTS = 50;

/**
 * What players ask of the lobby: decoded once, dispatched by type, answered
 * with a reply or an error code. Handlers may wait on the game directory;
 * one connection's messages are handled one at a time, in order.
 */
export class LobbyHandlers implements SeatEvents {
  private readonly createLimits: CreateLimits;

  /** Set once the lobby starts to stop: it takes no new games. */
  private stopping = false;

  constructor(
    private readonly options: LobbyOptions,
    private readonly directory: GameDirectory,
    private readonly supervisor: RoomSupervisor,
    private readonly places: SessionPlaces,
    private readonly counters: LobbyCounters,
    /** What a lobby of a cluster adds; null for a standalone lobby. */
    private readonly cluster: ClusterPeers | null = null,
  ) {
    this.createLimits = new CreateLimits({ perMinute: options.maxGamesPerAddressPerMinute, liveGames: options.maxGamesPerAddress });
    supervisor.onSeats(this);
  }

  /** One text or binary frame from a connection, already admitted by its rate limit. */
  handleFrame(session: ClientSession, data: RawData, isBinary: boolean): void | Promise<void> {
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
    return (this.handlers[message.type] as Handler<typeof message.type>)(session, message);
  }

  /** The connection closed: a seated player's seat is held for a rejoin, anything else is given up. */
  handleClose(session: ClientSession): void {
    const place = this.places.of(session);
    if (place.kind === 'playing' && place.seat.session === session && place.room.isOpen) {
      // Keep the seat for a while: the player may come back with its token. The cycle races on meanwhile.
      const { room, seat } = place;
      const holdMs = this.options.seatHoldMs;
      logEvent(
        this.options.logger,
        { event: 'player_dropped', ...seatFields(room, seat, session), holdMs },
        `player ${seat.player} (${seat.name}) of game ${room.name} dropped; the seat is held ${holdMs / 1000} s for a rejoin`,
      );
      this.places.backToLobby(session);
      this.supervisor.holdSeat(room, seat);
      return;
    }
    this.leaveRoom(session);
  }

  /** Drops creation records older than a minute; the lobby calls it now and then. */
  prune(now: number): void {
    this.createLimits.prune(now);
  }

  private readonly handlers: { readonly [T in ClientMessage['type']]: Handler<T> } = {
    list: async (session) => {
      // A game an older lobby of the cluster listed lacks the fields added since: it has no names and no bots.
      const games: GameSummary[] = (await this.directory.list()).map(({ summary }) => {
        const stored: Partial<GameSummary> = summary;
        return { ...summary, playerNames: stored.playerNames ?? [], bots: stored.bots ?? 0 };
      });
      session.send({ type: 'games', games });
    },
    ping: (session, message) => {
      session.send({ type: 'pong', id: message.id });
    },
    create: async (session, message) => {
      if (this.refuseOutsideLobby(session, 'creating another')) return;
      if (message.workMs && !this.options.benchmarkKnobs) {
        session.sendError(ErrorCode.BadMessage, 'workMs is a benchmark option; this lobby was not started with --bench');
        return;
      }
      if (this.stopping || this.supervisor.count >= this.options.maxGames) {
        await this.sendElsewhereOrRefuse(session);
        return;
      }
      const now = performance.now();
      const held = this.gamesHeldBy(session.remoteAddress);
      const allowed = this.createLimits.check(session.remoteAddress, held, now);
      if (!allowed.ok) {
        this.counters.reject(held >= this.options.maxGamesPerAddress ? RejectionKind.GamesPerAddress : RejectionKind.GamesPerMinute, session.who());
        session.sendError(ErrorCode.TooManyGames, allowed.error);
        return;
      }
      const width = message.width ?? DEFAULT_WIDTH;
      const height = message.height ?? DEFAULT_HEIGHT;
      const bots = message.bots ?? 0;
      const summary = (name: string): GameSummary => ({
        name,
        players: 0,
        bots,
        maxPlayers: message.players,
        phase: 'waiting',
        width,
        height,
        playerNames: [],
      });
      const name = await this.reserveName(message.name, summary);
      if (name === null) {
        session.sendError(ErrorCode.NameTaken, `a game named "${message.name}" already exists; join it or pick another name`);
        return;
      }
      // Another create may have filled the lobby, or the player gone, while the name was being reserved.
      if (!session.isOpen || this.refuseWhenFull(session)) {
        await this.directory.release(name);
        return;
      }
      this.createLimits.record(session.remoteAddress, now);
      const room = this.supervisor.open({
        name,
        seats: message.players,
        bots,
        width,
        height,
        seed: randomInt(2 ** 31),
        tickMs: this.options.tickMs,
        workMs: message.workMs ?? null,
      });
      this.seat(session, room, message.playerName);
    },
    join: async (session, message) => {
      if (this.refuseOutsideLobby(session, 'joining another')) return;
      const room = await this.openRoomHere(session, message.name, 'join');
      if (!room) return;
      // Holding seats in many games blocks them for others as surely as creating them does.
      const held = this.gamesHeldBy(session.remoteAddress);
      if (!room.isHeldBy(session.remoteAddress) && held >= this.options.maxGamesPerAddress) {
        this.counters.reject(RejectionKind.GamesPerAddress, session.who());
        session.sendError(
          ErrorCode.TooManyGames,
          `your address already plays in ${held} games, the most this server allows; leave one before joining another`,
        );
        return;
      }
      if (session.isOpen) this.seat(session, room, message.playerName);
    },
    rejoin: async (session, message) => {
      if (this.refuseOutsideLobby(session, 'rejoining another')) return;
      const entry = await this.locate(() => this.directory.findSeat(message.token), (seat) => seat.game);
      if (entry && entry.lobbyId !== this.directory.lobbyId) {
        session.send({
          type: 'redirect',
          url: entry.lobbyUrl,
          message: `your seat is in game "${entry.game}" on the lobby at ${entry.lobbyUrl}; rejoin there`,
        });
        return;
      }
      const room = entry ? this.supervisor.room(entry.game) : undefined;
      const seat = room?.isOpen ? room.seatByToken(message.token) : undefined;
      const handover = entry && !seat ? this.cluster?.handoverOf(entry.game) : undefined;
      if (entry && handover) {
        // This lobby is handing the game over right now: send the player where it goes.
        const url = await handover;
        if (url) {
          session.send({ type: 'redirect', url, message: `your seat is in game "${entry.game}" on the lobby at ${url}; rejoin there` });
          return;
        }
      }
      if (!room || !seat) {
        session.sendError(ErrorCode.InvalidToken, 'no seat is held for that token: it is wrong, or the seat was given up');
        return;
      }
      if (!session.isOpen) return;
      const previous = seat.session;
      if (previous === null) room.tellPlayers(seatNotice('back', seat));
      if (previous && previous !== session) {
        // The same player on a new connection: the old one is presumably dead.
        this.places.backToLobby(previous);
        previous.send({ type: 'left', reason: 'your seat was taken back from another connection' });
      }
      room.reattach(seat, session);
      this.places.set(session, { kind: 'playing', room, seat });
      session.send(this.joinedMessage(room, seat));
      logEvent(
        this.options.logger,
        { event: 'player_rejoined', ...seatFields(room, seat, session) },
        `player ${seat.player} (${seat.name}) rejoined game ${room.name}`,
      );
    },
    watch: async (session, message) => {
      if (this.refuseOutsideLobby(session, 'watching another')) return;
      const room = await this.openRoomHere(session, message.name, 'watch');
      if (!room) return;
      if (room.watcherCount >= this.options.maxWatchersPerGame) {
        session.sendError(
          ErrorCode.WatchersFull,
          `game "${room.name}" has ${room.watcherCount} spectators, the most a game may have; try again later`,
        );
        return;
      }
      const watching = this.watcherTotal();
      if (watching >= this.options.maxWatchers) {
        session.sendError(ErrorCode.WatchersFull, `this lobby has ${watching} spectators, the most it allows; try again later`);
        return;
      }
      if (!session.isOpen) return;
      room.addWatcher(session);
      this.places.set(session, { kind: 'watching', room });
      logEvent(
        this.options.logger,
        { event: 'spectator_joined', game: room.name, pid: room.pid, connection: session.id },
        `connection ${session.id} watches game ${room.name} (${room.watcherCount} spectator${room.watcherCount === 1 ? '' : 's'})`,
      );
      const peers = this.cluster?.peerUrls() ?? [];
      session.send({ type: 'watching', game: room.summary(), ...(peers.length > 0 ? { lobbies: [...peers] } : {}) });
    },
    key: (session, message) => {
      const place = this.places.of(session);
      if (place.kind === 'watching') {
        session.sendError(ErrorCode.NotAPlayer, `you are watching game "${place.room.name}"; spectators cannot press keys (leave, then join to play)`);
        return;
      }
      if (place.kind !== 'playing') {
        // A stopping lobby hands its games over: a key sent before the player heard `moved` is dropped, not answered with an error.
        if (!this.stopping) session.sendError(ErrorCode.NotInGame, 'keys only count in a game; create or join one first');
        return;
      }
      place.room.pressKey(place.seat.player, message.key, performance.now());
    },
    leave: (session) => {
      if (this.places.of(session).kind === 'lobby') {
        session.sendError(ErrorCode.NotInGame, 'you are not in a game');
        return;
      }
      this.leaveRoom(session);
      session.send({ type: 'left' });
    },
  };

  seatGranted(room: LobbyRoom, session: ClientSession, requestId: number, seat: Seat, snapshot: string): void {
    const place = this.places.of(session);
    if (place.kind !== 'joining' || place.room !== room || place.requestId !== requestId) {
      room.release(seat.player);
      return;
    }
    this.places.set(session, { kind: 'playing', room, seat });
    session.send(this.joinedMessage(room, seat));
    session.sendFrame(snapshot);
    room.tellPlayers(seatNotice('joined', seat), session);
    logEvent(
      this.options.logger,
      { event: 'player_joined', ...seatFields(room, seat, session) },
      `player ${seat.player} (${seat.name}) joined game ${room.name}`,
    );
  }

  seatRefused(room: LobbyRoom, session: ClientSession, requestId: number, code: JoinRejection): void {
    const place = this.places.of(session);
    if (place.kind !== 'joining' || place.room !== room || place.requestId !== requestId) return;
    this.places.backToLobby(session);
    if (code === 'GAME_FULL') {
      session.sendError(ErrorCode.GameFull, `game "${room.name}" has all ${room.config.seats} seats taken`);
    } else {
      session.sendError(ErrorCode.GameInProgress, `game "${room.name}" is playing a round; join when it has finished`);
    }
    if (room.players === 0) this.supervisor.disposeIfEmpty(room);
  }

  /**
   * This lobby runs as many games as it may: a `redirect` to the lobby of the
   * directory with the most room for games, or SERVER_FULL when none has any.
   */
  /** A `create` this lobby will not take (it is full, or stopping): to the other lobby with most room, or refused. */
  private async sendElsewhereOrRefuse(session: ClientSession): Promise<void> {
    let roomiest: { url: string; free: number } | null = null;
    for (const lobby of await this.directory.lobbies()) {
      const free = lobby.maxGames - lobby.games;
      if (lobby.lobbyId !== this.directory.lobbyId && free > 0 && (roomiest === null || free > roomiest.free)) {
        roomiest = { url: lobby.url, free };
      }
    }
    if (roomiest === null) {
      this.refuseWhenFull(session);
      return;
    }
    const why = this.stopping ? 'this lobby is shutting down' : 'this lobby runs as many games as it may';
    session.send({ type: 'redirect', url: roomiest.url, message: `${why}; create the game on the lobby at ${roomiest.url}` });
  }

  /**
   * The lobby is stopping: from now on a `create` goes to another lobby or
   * is refused with SHUTTING_DOWN, so that no game starts here that the
   * shutdown would end or miss when handing games over.
   */
  stopTakingGames(): void {
    this.stopping = true;
  }

  private joinedMessage(room: LobbyRoom, seat: Seat): ServerMessage {
    const peers = this.cluster?.peerUrls() ?? [];
    return {
      type: 'joined',
      game: room.summary(),
      player: { number: seat.player, name: seat.name },
      token: seat.token,
      ...(peers.length > 0 ? { lobbies: [...peers] } : {}),
    };
  }

  /**
   * Finds a game (or seat) in the directory for a player, giving this lobby
   * its chance first: one of a lobby that is gone or handing it over is
   * claimed now rather than at the next look, and one claimed here a moment
   * ago is waited for until its room is adopted, so the player is served
   * here instead of being sent to a dead lobby or told it does not exist.
   */
  private async locate<T extends { readonly lobbyId: string }>(find: () => Promise<T | null>, game: (entry: T) => string): Promise<T | null> {
    let entry = await find();
    if (!entry || !this.cluster) return entry;
    if (entry.lobbyId !== this.directory.lobbyId) {
      await this.cluster.claimNow(game(entry));
      entry = await find();
    }
    if (entry && entry.lobbyId === this.directory.lobbyId && !this.supervisor.room(game(entry))) await this.cluster.claimsSettled();
    return entry;
  }

  /**
   * The open room of game `name` on this lobby, for a `join` or a `watch`.
   * Otherwise the session is answered and nothing is returned: a `redirect`
   * to the lobby that runs the game (or is taking it over from this one), or
   * GAME_NOT_FOUND.
   */
  private async openRoomHere(session: ClientSession, name: string, doing: 'join' | 'watch'): Promise<LobbyRoom | undefined> {
    const entry = await this.locate(() => this.directory.lookup(name), () => name);
    const elsewhere = entry && entry.lobbyId !== this.directory.lobbyId ? entry.lobbyUrl : null;
    const room = entry && !elsewhere ? this.supervisor.room(name) : undefined;
    const handover = entry && !elsewhere && !room ? this.cluster?.handoverOf(name) : undefined;
    const url = elsewhere ?? (handover ? await handover : null);
    if (url) {
      session.send({ type: 'redirect', url, message: `game "${name}" runs on the lobby at ${url}; ${doing} it there` });
      return undefined;
    }
    if (!room || !room.isOpen) {
      session.sendError(ErrorCode.GameNotFound, `no game named "${name}"; send {"type":"list"} to see the games`);
      return undefined;
    }
    return room;
  }

  /** ALREADY_IN_GAME unless the connection is in the lobby; true if refused. */
  private refuseOutsideLobby(session: ClientSession, doing: string): boolean {
    const place = this.places.of(session);
    if (place.kind === 'lobby') return false;
    const what = place.kind === 'watching' ? `stop watching game "${place.room.name}"` : 'leave your game';
    session.sendError(ErrorCode.AlreadyInGame, `${what} before ${doing}`);
    return true;
  }

  /** Spectators of every game of this lobby. */
  private watcherTotal(): number {
    let count = 0;
    for (const room of this.supervisor.all()) count += room.watcherCount;
    return count;
  }

  /** SHUTTING_DOWN when this lobby is stopping, SERVER_FULL when it runs as many games as it may; true if refused. */
  private refuseWhenFull(session: ClientSession): boolean {
    if (this.stopping) {
      session.sendError(ErrorCode.ShuttingDown, 'this server is shutting down and takes no new games; try again in a moment or on another server');
      return true;
    }
    if (this.supervisor.count < this.options.maxGames) return false;
    this.counters.reject(RejectionKind.ServerFull, session.who());
    session.sendError(ErrorCode.ServerFull, `this server runs at most ${this.options.maxGames} games; try again later`);
    return true;
  }

  /** The name asked for, or a random free one, reserved in the directory; null when the name asked for is taken. */
  private async reserveName(asked: string | undefined, summary: (name: string) => GameSummary): Promise<string | null> {
    if (asked !== undefined) return (await this.directory.reserve(summary(asked))) ? asked : null;
    for (let attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
      // Names this lobby runs are skipped without asking; the directory has the last word.
      const name = randomGameName((candidate) => this.supervisor.room(candidate) !== undefined);
      if (await this.directory.reserve(summary(name))) return name;
    }
    throw new Error(`the game directory refused ${NAME_ATTEMPTS} random names in a row`);
  }

  /** Games in which `address` holds a seat, connected or held for a rejoin, or is being given one. */
  private gamesHeldBy(address: string): number {
    let count = 0;
    for (const room of this.supervisor.all()) if (room.isHeldBy(address)) count++;
    return count;
  }

  private seat(session: ClientSession, room: LobbyRoom, playerName: string | undefined): void {
    const requestId = room.requestSeat(session, playerName);
    this.places.set(session, { kind: 'joining', room, requestId });
  }

  private leaveRoom(session: ClientSession): void {
    const place = this.places.of(session);
    this.places.backToLobby(session);
    if (place.kind === 'joining') {
      place.room.cancelSeatRequest(place.requestId);
    } else if (place.kind === 'playing') {
      const { room, seat } = place;
      logEvent(this.options.logger, { event: 'player_left', ...seatFields(room, seat, session) }, `player ${seat.player} (${seat.name}) left game ${room.name}`);
      room.release(seat.player);
      room.tellPlayers(seatNotice('left', seat));
    } else if (place.kind === 'watching') {
      if (place.room.removeWatcher(session)) {
        logEvent(
          this.options.logger,
          { event: 'spectator_left', game: place.room.name, pid: place.room.pid, connection: session.id },
          `connection ${session.id} stopped watching game ${place.room.name}`,
        );
      }
    } else {
      return;
    }
    this.supervisor.disposeIfEmpty(place.room);
  }

}

/** A seat and the connection holding it, as player events log them. */
function seatFields(room: LobbyRoom, seat: Seat, session: ClientSession) {
  return { game: room.name, pid: room.pid, player: seat.player, name: seat.name, connection: session.id };
}
