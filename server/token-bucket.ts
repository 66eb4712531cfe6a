/**
 * A token bucket: `capacity` messages at once, refilled at `perSecond`. A
 * human plays at a few keys a second with short bursts; a flood empties it.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now: number,
  ) {
    if (!(capacity >= 1) || !(perSecond > 0)) {
      throw new RangeError(`token bucket needs capacity >= 1 and perSecond > 0, got ${capacity} and ${perSecond}`);
    }
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
