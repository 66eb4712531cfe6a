import type { GameSummary } from '../shared/protocol/server-messages.js';
import type {
  ClaimedGame,
  GameDirectory,
  GameEntry,
  GameRecord,
  LobbyEntry,
  LobbySelf,
  RecordSave,
  SeatEntry,
} from './game-directory.js';

interface StoredGame {
  entry: GameEntry;
  generation: number;
  record: GameRecord | null;
  handedOver: boolean;
  /** The lobby a handed-over game's players are sent to, which the others leave it to while it is alive. */
  heir: string | null;
}

/** What in-memory directories of one process share: one per standalone lobby, or one for several lobbies in a test. */
export class MemoryDirectoryStore {
  readonly games = new Map<string, StoredGame>();
  readonly seats = new Map<string, SeatEntry>();
  readonly lobbies = new Map<string, LobbySelf>();
  /** Each lobby's listener for games handed over to it. */
  readonly handoverListeners = new Map<string, (game: string) => void>();

  /** Tests only: the lobby's lease runs out, as if it had died, leaving its games behind. */
  expire(lobbyId: string): void {
    this.lobbies.delete(lobbyId);
  }
}

/**
 * The game directory of a standalone lobby: plain maps in its own memory,
 * answered at once. Several lobbies of one process may share a store, which
 * is how the lobby's cluster behaviour is tested without a shared server.
 */
export class InMemoryGameDirectory implements GameDirectory {
  private self: LobbySelf | null = null;
  readonly shared: boolean;
  private readonly store: MemoryDirectoryStore;

  /** Without a `store`, the directory is this lobby's alone; with one, shared with the lobbies given the same store. */
  constructor(
    readonly lobbyId = 'standalone',
    store?: MemoryDirectoryStore,
  ) {
    this.shared = store !== undefined;
    this.store = store ?? new MemoryDirectoryStore();
  }

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
    this.store.games.set(summary.name, {
      entry: { summary, lobbyId: this.lobbyId, lobbyUrl: this.lobbyUrl },
      generation: 1,
      record: null,
      handedOver: false,
      heir: null,
    });
    return true;
  }

  async update(summary: GameSummary): Promise<void> {
    const game = this.owned(summary.name);
    if (game) game.entry = { ...game.entry, summary };
  }

  async release(name: string): Promise<void> {
    if (!this.owned(name)) return;
    this.forget(name);
  }

  async lookup(name: string): Promise<GameEntry | null> {
    return this.store.games.get(name)?.entry ?? null;
  }

  async list(): Promise<GameEntry[]> {
    return [...this.store.games.values()].map((game) => game.entry);
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

  async saveRecord(name: string, generation: number, record: GameRecord): Promise<'saved' | 'fenced'> {
    const game = this.store.games.get(name);
    if (!game || game.entry.lobbyId !== this.lobbyId || game.generation !== generation) return 'fenced';
    game.record = record;
    return 'saved';
  }

  async saveRecords(saves: readonly RecordSave[]): Promise<('saved' | 'fenced')[]> {
    return Promise.all(saves.map(({ name, generation, record }) => this.saveRecord(name, generation, record)));
  }

  async claimOrphans(limit: number, asked: readonly string[] = []): Promise<ClaimedGame[]> {
    const wanted: string[] = [];
    const others: string[] = [];
    // A lobby that hands games over is stopping: it is not counted among those that share the orphans out.
    const leaving = new Set<string>();
    for (const [name, game] of [...this.store.games]) {
      if (game.entry.lobbyId === this.lobbyId) continue;
      if (game.handedOver) leaving.add(game.entry.lobbyId);
      if (!game.handedOver && this.store.lobbies.has(game.entry.lobbyId)) continue;
      const handedHere = game.handedOver && game.heir === this.lobbyId;
      const heirs = game.handedOver && game.heir !== null && !handedHere && this.store.lobbies.has(game.heir);
      if (heirs && !asked.includes(name)) continue;
      if (!game.record) this.forget(name);
      else (asked.includes(name) || handedHere ? wanted : others).push(name);
    }
    const orphans = wanted.length + others.length;
    if (orphans === 0) return [];
    const own = this.self?.load().games ?? 0;
    let alive = 1;
    let games = own;
    let othersFree = 0;
    for (const [lobbyId, lobby] of this.store.lobbies) {
      if (lobbyId === this.lobbyId || leaving.has(lobbyId)) continue;
      const load = lobby.load();
      alive += 1;
      games += load.games;
      othersFree += Math.max(0, load.maxGames - load.games);
    }
    const share = Math.max(Math.ceil((games + orphans) / alive) - own, orphans - othersFree);
    const take = Math.min(limit, Math.max(share, wanted.length));
    const claimed: ClaimedGame[] = [];
    for (const name of [...wanted, ...others].slice(0, take)) {
      const game = this.store.games.get(name)!;
      game.generation += 1;
      game.handedOver = false;
      game.heir = null;
      game.entry = { ...game.entry, lobbyId: this.lobbyId, lobbyUrl: this.lobbyUrl };
      for (const seat of game.record!.seats) {
        this.store.seats.set(seat.token, { game: name, player: seat.player, lobbyId: this.lobbyId, lobbyUrl: this.lobbyUrl });
      }
      claimed.push({ ...game.record!, generation: game.generation });
    }
    return claimed;
  }

  async handOver(name: string, generation: number, heir?: string): Promise<void> {
    const game = this.owned(name);
    if (game && game.generation === generation) {
      game.handedOver = true;
      game.heir = heir ?? null;
      const listener = heir === undefined ? undefined : this.store.handoverListeners.get(heir);
      // Later, as a notice from a shared server would arrive: never inside the caller's own call.
      if (listener) setImmediate(() => listener(name));
    }
  }

  onHandedOver(listener: (game: string) => void): void {
    this.store.handoverListeners.set(this.lobbyId, listener);
  }

  /** This lobby's own memory always answers. */
  reachable(): boolean {
    return true;
  }

  /** Leaves the directory: this lobby's games and seats go with it, except those handed over. */
  async close(): Promise<void> {
    if (this.store.lobbies.get(this.lobbyId) === this.self) {
      this.store.lobbies.delete(this.lobbyId);
      this.store.handoverListeners.delete(this.lobbyId);
    }
    for (const [name, game] of [...this.store.games]) {
      if (game.entry.lobbyId === this.lobbyId && !game.handedOver) this.forget(name);
    }
    this.self = null;
  }

  private owned(name: string): StoredGame | undefined {
    const game = this.store.games.get(name);
    return game && game.entry.lobbyId === this.lobbyId ? game : undefined;
  }

  private forget(name: string): void {
    this.store.games.delete(name);
    for (const [token, seat] of this.store.seats) if (seat.game === name) this.store.seats.delete(token);
  }
}
