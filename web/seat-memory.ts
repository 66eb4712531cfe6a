/** The part of the Web Storage API the seat memory uses; sessionStorage in the page. */
export interface SeatStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A seat the page held when it was last seen, to take back after a reload. */
export interface RememberedSeat {
  /** The lobby the seat was held on. */
  readonly url: string;
  readonly game: string;
  readonly token: string;
  /** When the page last held it (milliseconds since the epoch): the seat hold runs from about then. */
  readonly at: number;
}

const SEAT_KEY = 'vimtron.seat';

/**
 * The page's seat across a reload of the page: the terminal client keeps its
 * seat token in memory to take the seat back after a dropped connection; a
 * browser tab also loses its memory when it is reloaded, so the token is kept
 * in the tab's session storage (never shared with other tabs, gone with the
 * tab) for as long as the page holds the seat. DOM-free, with the storage
 * passed in, so that it is tested in Node. A storage that refuses (private
 * windows, policies) only means that a reload loses the seat.
 */
export class SeatMemory {
  constructor(private readonly storage: SeatStorage | null) {}

  remember(seat: RememberedSeat): void {
    try {
      this.storage?.setItem(SEAT_KEY, JSON.stringify(seat));
    } catch {
      // Storage refused: nothing to take back after a reload.
    }
  }

  forget(): void {
    try {
      this.storage?.removeItem(SEAT_KEY);
    } catch {
      // As above.
    }
  }

  /**
   * The seat to take back on `url`, if one was held there within the last
   * `windowMs` (the seat hold); forgotten as it is read, so that a seat that
   * cannot be had back is asked for only once.
   */
  takeBack(url: string, now: number, windowMs: number): RememberedSeat | null {
    let text: string | null = null;
    try {
      text = this.storage?.getItem(SEAT_KEY) ?? null;
    } catch {
      return null;
    }
    if (text === null) return null;
    this.forget();
    const seat = parseSeat(text);
    if (seat === null || seat.url !== url || now - seat.at > windowMs || seat.at > now) return null;
    return seat;
  }
}

function parseSeat(text: string): RememberedSeat | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { url, game, token, at } = value as Record<string, unknown>;
  if (typeof url !== 'string' || typeof game !== 'string' || typeof token !== 'string' || typeof at !== 'number' || !Number.isFinite(at)) return null;
  return { url, game, token, at };
}
