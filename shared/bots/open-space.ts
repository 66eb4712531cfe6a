import type { CycleView } from '../protocol/server-messages.js';
import { STEP } from '../rules/directions.js';
import type { Direction } from '../rules/types.js';
import { isBorder, type ArenaView } from './arena-walls.js';

/**
 * What a bot can tell about the room around it: lines of free cells, the
 * open space reachable from a cell, and cells another cycle may enter next.
 * Pure functions of what it sees.
 */

/** What a bot reads of a cycle: the fields a frame and the game state both have. */
export type BotCycle = Pick<CycleView, 'number' | 'x' | 'y' | 'direction' | 'inserting' | 'status' | 'ready' | 'seated'>;

/** The arena and the cycles in it. */
export interface Surroundings {
  readonly arena: ArenaView;
  readonly cycles: readonly BotCycle[];
}

/** The two turns from each direction (a reversal is never one). */
export const SIDEWAYS: Readonly<Record<Direction, readonly [Direction, Direction]>> = {
  up: ['left', 'right'],
  down: ['left', 'right'],
  left: ['up', 'down'],
  right: ['up', 'down'],
};

/** A cycle moving into (x, y) would crash there: the border, a wall, or a cycle's body (dead ones do not block). */
export function isBlocked(around: Surroundings, x: number, y: number): boolean {
  return isBorder(around.arena, x, y) || around.arena.wallAt(x, y) !== 0 || cycleAt(around.cycles, x, y);
}

/**
 * Free cells in a straight line from (x, y), not counting (x, y) itself,
 * before the border, a wall or another cycle; at most `limit`.
 */
export function freeRun(around: Surroundings, x: number, y: number, direction: Direction, limit: number): number {
  const [dx, dy] = STEP[direction];
  let run = 0;
  for (let cx = x + dx, cy = y + dy; run < limit; cx += dx, cy += dy) {
    if (isBlocked(around, cx, cy)) break;
    run += 1;
  }
  return run;
}

/** The cells one search for open space reached, to tell whether another cell lies in the same open space. */
export interface OpenSpace {
  /** Free cells reachable, the start included, up to the cap. */
  readonly size: number;
  /** Whether the search reached the cell with this index (y * width + x). */
  reached(cell: number): boolean;
}

/**
 * The free cells reachable from the free cell (x, y), itself included,
 * counted breadth first up to `cap`, never through (`skipX`, `skipY`) (the
 * cell the bot stands on). A small count means a pocket: going there
 * means being shut in. Another cell the search reached has the same open
 * space, so it need not be searched again.
 */
export function openSpace(around: Surroundings, x: number, y: number, cap: number, skipX: number, skipY: number): OpenSpace {
  const width = around.arena.width;
  // 0 unseen, 1 blocked, 2 reached.
  const seen = new Uint8Array(width * around.arena.height);
  const queue = new Int32Array(cap);
  const start = y * width + x;
  seen[skipY * width + skipX] = 1;
  seen[start] = 2;
  queue[0] = start;
  let size = 1;
  for (let head = 0; head < size && size < cap; head++) {
    const cell = queue[head]!;
    const cx = cell % width;
    const cy = (cell - cx) / width;
    for (let side = 0; side < 4 && size < cap; side++) {
      const nx = cx + NEIGHBOUR_X[side]!;
      const ny = cy + NEIGHBOUR_Y[side]!;
      const next = ny * width + nx;
      if (seen[next] !== 0) continue;
      if (isBlocked(around, nx, ny)) {
        seen[next] = 1;
        continue;
      }
      seen[next] = 2;
      queue[size++] = next;
    }
  }
  return { size, reached: (cell) => seen[cell] === 2 };
}

const NEIGHBOUR_X = [0, 1, 0, -1] as const;
const NEIGHBOUR_Y = [-1, 0, 1, 0] as const;

/**
 * Whether a live cycle other than seat `me` could be on (x, y) within
 * `reach` ticks: it is that close and the cell is not behind it. With
 * `reach` 1, the cell is one it may enter on the next tick; if both go
 * there, both crash. A bot that reacts late keeps further away.
 */
export function isContested(around: Surroundings, me: number, x: number, y: number, reach: number): boolean {
  for (const other of around.cycles) {
    if (other.number === me || other.status !== 'alive' || !other.seated) continue;
    const distance = Math.abs(other.x - x) + Math.abs(other.y - y);
    if (distance === 0 || distance > reach) continue;
    const [dx, dy] = STEP[other.direction];
    if ((x - other.x) * dx + (y - other.y) * dy >= 0) return true;
  }
  return false;
}

function cycleAt(cycles: readonly BotCycle[], x: number, y: number): boolean {
  for (const cycle of cycles) {
    if (cycle.status !== 'dead' && cycle.x === x && cycle.y === y) return true;
  }
  return false;
}
