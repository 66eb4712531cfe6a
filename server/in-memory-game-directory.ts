import type { GameSummary } from '../shared/protocol/server-messages.js';
import type { GameDirectory, GameEntry, LobbyEntry, LobbySelf, SeatEntry } from './game-directory.js';

/** What in-memory directories of one process share: one per standalone lobby, or one for several lobbies in a test. */
export class MemoryDirectoryStore {
  readonly games = new Map<string, GameEntry>();
  readonly seats = new Map<string, SeatEntry>();
  readonly lobbies = new Map<string, LobbySelf>();
}

/**
 * The game directory of a standalone lobby: plain maps in its own memory,
 * answered at once. Several lobbies of one process may share a store, which
 * is how the lobby's cluster behaviour is tested without a shared server.
 */
export class InMemoryGameDirectory implements GameDirectory {
  private self: LobbySelf | null = null;

  constructor(
    readonly lobbyId = 'standalone',
    private readonly store = new MemoryDirectoryStore(),
  ) {}

  get lobbyUrl(): string {
    if (!this.self) throw new Error(`lobby ${this.lobbyId} has not joined its game directory yet`);
    return this.self.url;
  }

  async join(self: LobbySelf): Promise<void> {
    if (this.store.lobbies.has(this.lobbyId)) throw new Error(`a lobby with id ${this.lobbyId} already joined this directory`);
    this.self = self;
    this.store.lobbies.set(this.lobbyId, self);
  }

  async reserve(summary: GameSummary): Promise<boolean> {
    if (this.store.games.has(summary.name)) return false;
    this.store.games.set(summary.name, { summary, lobbyId: this.lobbyId, lobbyUrl: this.lobbyUrl });
    return true;
  }

  async update(summary: GameSummary): Promise<void> {
    const entry = this.store.games.get(summary.name);
    if (entry && entry.lobbyId === this.lobbyId) this.store.games.set(summary.name, { ...entry, summary });
  }

  async release(name: string): Promise<void> {
    if (this.store.games.get(name)?.lobbyId !== this.lobbyId) return;
    this.store.games.delete(name);
    for (const [token, seat] of this.store.seats) if (seat.game === name) this.store.seats.delete(token);
  }

  async lookup(name: string): Promise<GameEntry | null> {
    return this.store.games.get(name) ?? null;
  }

  async list(): Promise<GameEntry[]> {
    return [...this.store.games.values()];
  }

  async lobbies(): Promise<LobbyEntry[]> {
    return [...this.store.lobbies].map(([lobbyId, self]) => ({ lobbyId, url: self.url, ...self.load() }));
  }

  async holdSeat(token: string, seat: SeatEntry): Promise<void> {
    this.store.seats.set(token, seat);
  }

  async findSeat(token: string): Promise<SeatEntry | null> {
    return this.store.seats.get(token) ?? null;
  }

  async releaseSeat(token: string): Promise<void> {
    if (this.store.seats.get(token)?.lobbyId === this.lobbyId) this.store.seats.delete(token);
  }

  /** Leaves the directory: this lobby's games and seats go with it. */
  async close(): Promise<void> {
    if (this.store.lobbies.get(this.lobbyId) === this.self) this.store.lobbies.delete(this.lobbyId);
    for (const [name, entry] of this.store.games) if (entry.lobbyId === this.lobbyId) this.store.games.delete(name);
    for (const [token, seat] of this.store.seats) if (seat.lobbyId === this.lobbyId) this.store.seats.delete(token);
    this.self = null;
  }
}
