import type { GameSummary } from '../shared/protocol/server-messages.js';
import type { GameDirectory, GameEntry, SeatEntry } from './game-directory.js';

/** The game directory of a standalone lobby: plain maps in its own memory, answered at once. */
export class InMemoryGameDirectory implements GameDirectory {
  private readonly games = new Map<string, GameEntry>();
  private readonly seats = new Map<string, SeatEntry>();

  constructor(readonly lobbyId = 'standalone') {}

  async reserve(summary: GameSummary): Promise<boolean> {
    if (this.games.has(summary.name)) return false;
    this.games.set(summary.name, { summary, lobbyId: this.lobbyId });
    return true;
  }

  async update(summary: GameSummary): Promise<void> {
    const entry = this.games.get(summary.name);
    if (entry && entry.lobbyId === this.lobbyId) this.games.set(summary.name, { ...entry, summary });
  }

  async release(name: string): Promise<void> {
    this.games.delete(name);
    for (const [token, seat] of this.seats) if (seat.game === name) this.seats.delete(token);
  }

  async lookup(name: string): Promise<GameEntry | null> {
    return this.games.get(name) ?? null;
  }

  async list(): Promise<GameEntry[]> {
    return [...this.games.values()];
  }

  async holdSeat(token: string, seat: SeatEntry): Promise<void> {
    this.seats.set(token, seat);
  }

  async findSeat(token: string): Promise<SeatEntry | null> {
    return this.seats.get(token) ?? null;
  }

  async releaseSeat(token: string): Promise<void> {
    this.seats.delete(token);
  }

  async close(): Promise<void> {
    this.games.clear();
    this.seats.clear();
  }
}
