import type { RoomEventEntry } from '../../shared/protocol/admin-documents.js';
import type { RoomEvent } from '../room-events.js';

/** Room events the status page lists; older ones are forgotten. */
export const RECENT_ROOM_EVENTS = 100;

/**
 * The latest room events of a lobby, in a ring of fixed size: memory stays
 * flat however long the lobby runs and however many rooms come and go.
 */
export class RecentRoomEvents {
  private readonly ring: (RoomEventEntry | undefined)[];
  /** Where the next event goes. */
  private next = 0;

  constructor(
    private readonly capacity: number = RECENT_ROOM_EVENTS,
    private readonly clock: () => number = Date.now,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`recent room events need a positive integer capacity, got ${capacity}`);
    this.ring = new Array<RoomEventEntry | undefined>(capacity);
  }

  add(event: RoomEvent): void {
    this.ring[this.next] = {
      at: new Date(this.clock()).toISOString(),
      kind: event.kind,
      game: event.game,
      pid: event.pid,
      detail: event.detail,
    };
    this.next = (this.next + 1) % this.capacity;
  }

  /** Newest first. */
  latest(): RoomEventEntry[] {
    const entries: RoomEventEntry[] = [];
    for (let back = 1; back <= this.capacity; back++) {
      const entry = this.ring[(this.next - back + this.capacity) % this.capacity];
      if (entry === undefined) break;
      entries.push(entry);
    }
    return entries;
  }
}
