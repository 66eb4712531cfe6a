import type { StateMessage, WallCell } from '../protocol/server-messages.js';

/** What the bot's decision needs to know about the arena: its size and where walls stand. */
export interface ArenaView {
  readonly width: number;
  readonly height: number;
  /** Owner of the wall at (x, y), 0 for none. The border ring is not stored: see isBorder. */
  wallAt(x: number, y: number): number;
}

/** True for the deadly ring of cells on the arena's edge. */
export function isBorder(arena: ArenaView, x: number, y: number): boolean {
  return x <= 0 || y <= 0 || x >= arena.width - 1 || y >= arena.height - 1;
}

/**
 * The walls a bot has seen: filled from a snapshot, then kept up to date
 * from each state's wall changes, as a real client does. One byte per cell,
 * so a bot in an 80 x 22 arena holds 1.7 kB.
 */
export class ArenaWalls implements ArenaView {
  width = 0;
  height = 0;
  private cells = new Uint8Array(0);

  /** Replaces everything with a snapshot's standing walls. */
  reset(width: number, height: number, walls: readonly WallCell[]): void {
    if (width !== this.width || height !== this.height) {
      this.width = width;
      this.height = height;
      this.cells = new Uint8Array(width * height);
    } else {
      this.cells.fill(0);
    }
    for (const [x, y, owner] of walls) this.set(x, y, owner);
  }

  /** Applies one state's changes: owners whose walls vanished first, then new cells. */
  apply(changes: StateMessage['walls']): void {
    if (changes.cleared.length > 0) {
      // Rare (a crash or a new round), so a scan of the whole grid is cheap enough.
      for (let index = 0; index < this.cells.length; index++) {
        const owner = this.cells[index]!;
        if (owner !== 0 && changes.cleared.includes(owner)) this.cells[index] = 0;
      }
    }
    for (const [x, y, owner] of changes.added) this.set(x, y, owner);
  }

  wallAt(x: number, y: number): number {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return 0;
    return this.cells[y * this.width + x]!;
  }

  private set(x: number, y: number, owner: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    this.cells[y * this.width + x] = owner;
  }
}
