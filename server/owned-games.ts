import type { GameSummary } from '../shared/protocol/server-messages.js';
import type { SeatEntry } from './game-directory.js';

/** A game this lobby holds in a shared directory, as it last wrote it there. */
export interface OwnedGame {
  summary: GameSummary;
  readonly generation: number;
  /** The record as stored (JSON), and its seats (JSON); null until the first save. */
  record: { readonly json: string; readonly seatsJson: string } | null;
  readonly seats: Map<string, SeatEntry>;
}

/**
 * What this lobby holds in a shared directory, kept in its own memory too:
 * the games it runs and their seats, as it last wrote them. A store that
 * loses everything (Redis restarted without persistence) can then be given
 * back this lobby's part, instead of its games looking claimed away.
 * Updated only after the store accepted a write.
 */
export class OwnedGames {
  private readonly games = new Map<string, OwnedGame>();
  /** Which game each held seat token belongs to. */
  private readonly gameOfSeat = new Map<string, string>();

  get size(): number {
    return this.games.size;
  }

  all(): IterableIterator<[string, OwnedGame]> {
    return this.games.entries();
  }

  /** Held from now on: reserved (generation 1, no record yet) or claimed (with its record and seats). */
  hold(name: string, game: OwnedGame): void {
    this.forget(name);
    this.games.set(name, game);
    for (const token of game.seats.keys()) this.gameOfSeat.set(token, name);
  }

  updated(summary: GameSummary): void {
    const game = this.games.get(summary.name);
    if (game) game.summary = summary;
  }

  recordSaved(name: string, record: { readonly json: string; readonly seatsJson: string }): void {
    const game = this.games.get(name);
    if (game) game.record = record;
  }

  seatHeld(token: string, seat: SeatEntry): void {
    const game = this.games.get(seat.game);
    if (!game) return;
    game.seats.set(token, seat);
    this.gameOfSeat.set(token, seat.game);
  }

  seatReleased(token: string): void {
    const name = this.gameOfSeat.get(token);
    if (name === undefined) return;
    this.gameOfSeat.delete(token);
    this.games.get(name)?.seats.delete(token);
  }

  /** No longer this lobby's: released, handed over, or claimed by another lobby. */
  forget(name: string): void {
    const game = this.games.get(name);
    if (!game) return;
    for (const token of game.seats.keys()) this.gameOfSeat.delete(token);
    this.games.delete(name);
  }
}
