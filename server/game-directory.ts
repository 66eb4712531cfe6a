import type { GameSummary } from '../shared/protocol/server-messages.js';

/** A game as every lobby sharing a directory sees it. */
export interface GameEntry {
  readonly summary: GameSummary;
  /** The lobby whose room process runs the game, and how players reach it. */
  readonly lobbyId: string;
  readonly lobbyUrl: string;
}

/** Where a seat token leads: a seat of a game, on the lobby that runs it. */
export interface SeatEntry {
  readonly game: string;
  readonly player: number;
  readonly lobbyId: string;
  readonly lobbyUrl: string;
}

/** What a lobby tells the directory about itself. */
export interface LobbySelf {
  readonly url: string;
  load(): { readonly games: number; readonly maxGames: number };
}

/** A lobby alive in the directory, and its room for more games. */
export interface LobbyEntry {
  readonly lobbyId: string;
  /** How players reach it: `ws://HOST:PORT/`. */
  readonly url: string;
  readonly games: number;
  readonly maxGames: number;
}

/**
 * Everything a lobby asks about games beyond the room processes it runs
 * itself: which names are taken, which games exist and where, and which seat
 * a token holds. The lobby depends on this interface only, so a directory
 * shared by several lobbies drops in for the in-memory one without touching
 * the handlers. Every call may take a round trip, hence the promises; none
 * rejects for an ordinary answer ("taken", "not found"), only when the
 * directory itself cannot be reached.
 */
export interface GameDirectory {
  /** This lobby's id in the directory. */
  readonly lobbyId: string;
  /** How players reach this lobby; known once it has joined. */
  readonly lobbyUrl: string;
  /**
   * Enters this lobby in the directory, reachable at `self.url`, with its
   * load read from `self.load` whenever the directory refreshes its entry.
   * Called once, when the lobby listens, before any other call.
   */
  join(self: LobbySelf): Promise<void>;
  /** Claims `summary.name` for a new game on this lobby, atomically: false if the name is taken. */
  reserve(summary: GameSummary): Promise<boolean>;
  /** Publishes a game's changed phase or player count; no-op for a game this lobby does not hold. */
  update(summary: GameSummary): Promise<void>;
  /** Frees a game's name and every seat token of it. */
  release(name: string): Promise<void>;
  lookup(name: string): Promise<GameEntry | null>;
  /** Every game, oldest first. */
  list(): Promise<GameEntry[]>;
  /** Every lobby alive, this one included, with its load as it last reported it. */
  lobbies(): Promise<LobbyEntry[]>;
  holdSeat(token: string, seat: SeatEntry): Promise<void>;
  findSeat(token: string): Promise<SeatEntry | null>;
  releaseSeat(token: string): Promise<void>;
  /** Lets go of whatever the directory holds open (connections, timers); idempotent. */
  close(): Promise<void>;
}
