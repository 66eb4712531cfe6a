import type { Decoded } from '../shared/protocol/result.js';
import { accept, reject } from '../shared/protocol/result.js';

const MINUTE_MS = 60_000;

export interface CreateLimitSettings {
  /** Games one address may create within a minute, over all its connections. */
  readonly perMinute: number;
  /** Live games one address may hold seats in when it creates another. */
  readonly liveGames: number;
}

/**
 * Who may create a game: limits count per address, not per connection, so
 * that reconnecting does not reset them, and the live-games cap counts seats
 * held for players who dropped, so that dropping does not free a slot either.
 */
export class CreateLimits {
  /** Recent creation times per address, oldest first. */
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly settings: CreateLimitSettings) {
    if (!(settings.perMinute >= 1) || !(settings.liveGames >= 1)) {
      throw new RangeError(`create limits must be at least 1, got ${settings.perMinute} a minute and ${settings.liveGames} live`);
    }
  }

  /** Whether `address`, which holds seats in `liveGames` games now, may create one more at `now` (monotonic ms). */
  check(address: string, liveGames: number, now: number): Decoded<true> {
    if (liveGames >= this.settings.liveGames) {
      return reject(
        `your address already plays in ${liveGames} games, the most this server allows; leave one before creating another`,
      );
    }
    if (this.recentCount(address, now) >= this.settings.perMinute) {
      return reject(`one address may create at most ${this.settings.perMinute} games a minute; try again shortly`);
    }
    return accept(true);
  }

  record(address: string, now: number): void {
    const times = this.recent.get(address);
    if (times) times.push(now);
    else this.recent.set(address, [now]);
  }

  /** Forgets creations older than a minute, and addresses with none left; the lobby calls it now and then. */
  prune(now: number): void {
    for (const address of [...this.recent.keys()]) this.recentCount(address, now);
  }

  /** Addresses with creations in the last minute (for tests and stats). */
  get trackedAddresses(): number {
    return this.recent.size;
  }

  private recentCount(address: string, now: number): number {
    const times = this.recent.get(address);
    if (!times) return 0;
    let expired = 0;
    while (expired < times.length && now - times[expired]! >= MINUTE_MS) expired++;
    if (expired > 0) times.splice(0, expired);
    if (times.length === 0) this.recent.delete(address);
    return times.length;
  }
}
