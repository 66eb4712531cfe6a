import { encodeSnapshotFrame } from '../shared/protocol/game-frames.js';
import { fromCheckpoint, type Checkpoint } from '../shared/rules/checkpoint.js';
import type { ClientSession } from './client-session.js';
import type { RelayedFrame } from './relayed-frame.js';

interface Watcher {
  /** Skip frames until a snapshot to start from: just arrived, read too slowly, or wanted a format the room was not making yet. */
  awaitingSnapshot: boolean;
}

/**
 * The spectators of one room. They are the lobby's alone: the room never
 * hears of them, so a thousand spectators cost the room what one player
 * does, or nothing at all when they read the format a player already reads.
 *
 * A spectator needs a snapshot to start from, and asking the room for one
 * would be a message per spectator. Instead it waits for the room's next
 * checkpoint (every 5 ticks, and whenever a seat changes), which holds the
 * whole game state as of the last frame sent: the snapshot is made here,
 * once for every spectator waiting, and the room's next frame follows on
 * from it. A snapshot frame from the room (a round starts, a room resumes)
 * serves as well.
 */
export class RoomWatchers {
  private readonly members = new Map<ClientSession, Watcher>();
  /** The count each connection of the room (player or spectator) was last told; never told means 0. */
  private readonly told = new WeakMap<ClientSession, number>();
  /** The count, or who must hear it, changed since it was last told. */
  private countDueNow = false;

  /** Someone may not know the current count: `tellCount` has something to do. */
  get countDue(): boolean {
    return this.countDueNow;
  }

  get count(): number {
    return this.members.size;
  }

  has(session: ClientSession): boolean {
    return this.members.has(session);
  }

  sessions(): IterableIterator<ClientSession> {
    return this.members.keys();
  }

  add(session: ClientSession): void {
    this.members.set(session, { awaitingSnapshot: true });
    // A connection that watched before starts again from nothing heard.
    this.told.delete(session);
    this.countDueNow = true;
  }

  remove(session: ClientSession): boolean {
    if (!this.members.delete(session)) return false;
    this.countDueNow = true;
    return true;
  }

  /** Forgets every spectator (the room is gone); they are the lobby's to move out first. */
  clear(): void {
    this.members.clear();
    this.countDueNow = false;
  }

  /** A player sat down (or came back on a new connection): it hears the count at the next tick if there is one to hear. */
  playerArrived(session: ClientSession): void {
    this.told.delete(session);
    if (this.members.size > 0) this.countDueNow = true;
  }

  /** Every spectator starts again from the next snapshot (a runtime that restarts without a checkpoint). */
  resyncAll(): void {
    for (const watcher of this.members.values()) watcher.awaitingSnapshot = true;
  }

  /** Whether some spectator reads compact frames, and whether some reads full ones. */
  wantedFormats(): { full: boolean; compact: boolean } {
    let full = false;
    let compact = false;
    for (const session of this.members.keys()) {
      if (session.compact) compact = true;
      else full = true;
    }
    return { full, compact };
  }

  /** One tick's frame, as the room made it: to every spectator not waiting for a snapshot, or to all if it is one. */
  forwardFrame(frame: RelayedFrame): void {
    for (const [session, watcher] of this.members) {
      if (watcher.awaitingSnapshot && !frame.isSnapshot) continue;
      const chosen = frame.for(session.compact);
      if (chosen === undefined) {
        // The room has not yet heard that someone wants this format: start again from a snapshot.
        watcher.awaitingSnapshot = true;
        continue;
      }
      watcher.awaitingSnapshot = sendStart(session, chosen, frame.isSnapshot) !== 'sent';
    }
  }

  /** The room's whole state as of its last frame: spectators waiting for a snapshot get one made from it. */
  checkpoint(checkpoint: Checkpoint): void {
    let snapshot: string | undefined;
    for (const [session, watcher] of this.members) {
      if (!watcher.awaitingSnapshot) continue;
      snapshot ??= encodeSnapshotFrame(fromCheckpoint(checkpoint));
      watcher.awaitingSnapshot = sendStart(session, snapshot, true) !== 'sent';
    }
  }

  /**
   * Tells every connection of the room (the players given, and the
   * spectators) the number of spectators, if it differs from what it was
   * last told. Called once per tick, so changes within a tick come as one.
   */
  tellCount(players: Iterable<ClientSession>): void {
    if (!this.countDue) return;
    this.countDueNow = false;
    const count = this.members.size;
    const tell = (session: ClientSession): void => {
      if ((this.told.get(session) ?? 0) === count) return;
      this.told.set(session, count);
      session.send({ type: 'watchers', count });
    };
    for (const session of players) tell(session);
    for (const session of this.members.keys()) tell(session);
  }
}

/**
 * Sends a frame the way players get theirs: skipped while the spectator
 * does not read (it then starts again from a snapshot). A snapshot can be
 * sent at once when the backlog has just drained.
 */
function sendStart(session: ClientSession, frame: string | Buffer, isSnapshot: boolean): 'sent' | 'skipped' {
  let outcome = session.sendFrame(frame);
  if (outcome === 'lagging-ended' && isSnapshot) outcome = session.sendFrame(frame);
  return outcome === 'sent' ? 'sent' : 'skipped';
}
