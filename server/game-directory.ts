import type { RoomConfig } from '../shared/protocol/ipc-messages.js';
import type { GameSummary } from '../shared/protocol/server-messages.js';
import type { Checkpoint } from '../shared/rules/checkpoint.js';

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

/** All another lobby needs to resume a game whose lobby died: its settings, latest state and held seats. */
export interface GameRecord {
  readonly config: RoomConfig;
  readonly checkpoint: Checkpoint;
  /** Every seat held, connected or waiting for a rejoin, with its token. */
  readonly seats: readonly { readonly player: number; readonly token: string }[];
}

/** One game's record to save, fenced by the generation this lobby holds the game under. */
export interface RecordSave {
  readonly name: string;
  readonly generation: number;
  readonly record: GameRecord;
}

/** A game this lobby now owns after its previous lobby's lease ran out (or it handed the game over). */
export interface ClaimedGame extends GameRecord {
  /** The fencing generation this lobby holds the game under; one more than its previous owner's. */
  readonly generation: number;
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
  /**
   * Other lobbies share this directory: the lobby then keeps each game's
   * record there for failover, claims games of lobbies that are gone, and
   * hands its games over when it drains.
   */
  readonly shared: boolean;
  /** How players reach this lobby; known once it has joined. */
  readonly lobbyUrl: string;
  /**
   * Enters this lobby in the directory, reachable at `self.url`, with its
   * load read from `self.load` whenever the directory refreshes its entry.
   * Called once, when the lobby listens, before any other call.
   */
  join(self: LobbySelf): Promise<void>;
  /**
   * Claims `summary.name` for a new game on this lobby, atomically: false if
   * the name is taken. The game is held under generation 1.
   */
  reserve(summary: GameSummary): Promise<boolean>;
  /**
   * Stores a game's latest record for failover, if this lobby still holds
   * the game under `generation`. 'fenced' means another lobby has claimed it
   * since: this lobby must stop the room and send its players there.
   */
  saveRecord(name: string, generation: number, record: GameRecord): Promise<'saved' | 'fenced'>;
  /**
   * `saveRecord` for several games in one call (one round trip), each
   * fenced on its own; the answers are in the order of `saves`.
   */
  saveRecords(saves: readonly RecordSave[]): Promise<('saved' | 'fenced')[]>;
  /**
   * Claims, one winner per game, games whose lobby is gone (its lease ran
   * out) or handed them over, and that have a record to resume from. Each is
   * then held by this lobby under a new generation, and its seat tokens lead
   * here. A gone lobby's games without a record (created a moment before it
   * died) are removed, freeing their names.
   *
   * A lobby takes its fair share, at most `limit`: the games in `asked`
   * (players are asking this lobby for them) first, then the oldest, until it
   * runs as many games as each lobby alive would once every orphan is taken,
   * or more if the other lobbies have no room for the rest. So the games of a
   * lobby that died spread over the survivors, who resume them side by side,
   * instead of gathering on the first to look.
   */
  claimOrphans(limit: number, asked?: readonly string[]): Promise<ClaimedGame[]>;
  /**
   * Gives a game up for another lobby to claim at once (a lobby draining
   * before it stops), after its final `saveRecord`. Its seats stay valid.
   * `heir` is the lobby its players are sent to: while that lobby is alive
   * it takes the game, and the others take it only for a player who asks
   * them; without an heir, any lobby takes it within its share.
   */
  handOver(name: string, generation: number, heir?: string): Promise<void>;
  /**
   * Calls `listener` with the name of each game another lobby hands over
   * to this one as its heir, as soon as it does: this lobby can then claim
   * it and start its room while the game's players are still on their way
   * here, instead of when they arrive. Best effort: a notice that does not
   * arrive (no connection at that moment) is made up for by the next look
   * for orphans. One listener; a second call replaces the first.
   */
  onHandedOver(listener: (game: string) => void): void;
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
  /**
   * Whether the directory answers, as far as the lobby knows without asking
   * now: for a shared one, connected and its last lease renewal got through.
   * Cheap; what `/readyz` and the metrics read.
   */
  reachable(): boolean;
  /** Lets go of whatever the directory holds open (connections, timers); idempotent. */
  close(): Promise<void>;
}

/**
 * The directory cannot be reached (its server is down or restarting). Calls
 * reject with it promptly rather than wait; the lobby answers what needs the
 * directory with CLUSTER_UNAVAILABLE and keeps running its own games.
 */
export class DirectoryUnavailableError extends Error {
  override readonly name = 'DirectoryUnavailableError';
}
