import type { GameView } from '../shared/client/game-view.js';
import type { CycleView } from '../shared/protocol/server-messages.js';
import { ARENA_COLOURS, playerColour } from './player-colours.js';

/**
 * Paints one frame of the arena on a canvas whose size is `cellPixels`
 * times the arena's, one square per cell: the border ring, every wall in its
 * owner's colour, the free starting places of empty seats while a game
 * waits, the explosions, and each racing cycle with a nose on the side it
 * heads to (your own with a white ring). The centre of a cell always shows
 * the colour of what is there, so a test can read the picture back.
 */
export function paintArena(context: CanvasRenderingContext2D, view: GameView, me: number, cellPixels: number): void {
  const cell = cellPixels;
  context.fillStyle = ARENA_COLOURS.background;
  context.fillRect(0, 0, view.width * cell, view.height * cell);

  context.fillStyle = ARENA_COLOURS.border;
  context.fillRect(0, 0, view.width * cell, cell);
  context.fillRect(0, (view.height - 1) * cell, view.width * cell, cell);
  context.fillRect(0, 0, cell, view.height * cell);
  context.fillRect((view.width - 1) * cell, 0, cell, view.height * cell);

  for (let index = 0; index < view.walls.length; index++) {
    const owner = view.walls[index]!;
    if (owner === 0) continue;
    const x = index % view.width;
    const y = Math.floor(index / view.width);
    if (!isInterior(view, x, y)) continue;
    context.fillStyle = playerColour(owner);
    context.fillRect(x * cell, y * cell, cell, cell);
  }

  if (view.phase === 'waiting') {
    for (const cycle of view.cycles) if (!cycle.seated && cycle.status === 'alive') paintFreeSeat(context, cycle, cell);
  }

  const heads = view.cycles.filter((cycle) => cycle.seated && cycle.status === 'alive');
  const occupied = new Set(heads.map((cycle) => cycle.y * view.width + cycle.x));
  const exploding = view.cycles.filter((cycle) => cycle.status === 'exploding');
  // The sparks alternate between a + and an x shape every tick, so the burst flickers as in the terminal.
  const offsets = view.tick % 2 === 0 ? ORTHOGONAL : DIAGONAL;
  context.fillStyle = ARENA_COLOURS.spark;
  for (const cycle of exploding) {
    for (const [dx, dy] of offsets) {
      const x = cycle.x + dx;
      const y = cycle.y + dy;
      const index = y * view.width + x;
      if (isInterior(view, x, y) && view.walls[index] === 0 && !occupied.has(index)) {
        const spark = Math.max(1, Math.round(cell / 3));
        context.fillRect(x * cell + (cell - spark) / 2, y * cell + (cell - spark) / 2, spark, spark);
      }
    }
  }
  context.fillStyle = ARENA_COLOURS.blast;
  for (const cycle of exploding) context.fillRect(cycle.x * cell, cycle.y * cell, cell, cell);
  for (const cycle of heads) paintCycle(context, cycle, cell, cycle.number === me);
}

const ORTHOGONAL: readonly (readonly [number, number])[] = [[0, -1], [1, 0], [0, 1], [-1, 0]];
const DIAGONAL: readonly (readonly [number, number])[] = [[-1, -1], [1, -1], [1, 1], [-1, 1]];

function paintCycle(context: CanvasRenderingContext2D, cycle: CycleView, cell: number, mine: boolean): void {
  const left = cycle.x * cell;
  const top = cycle.y * cell;
  context.fillStyle = playerColour(cycle.number);
  context.fillRect(left, top, cell, cell);
  // The nose: a dark bar along the leading edge, a quarter of the cell deep, leaving the centre in colour.
  const depth = Math.max(1, Math.floor(cell / 4));
  context.fillStyle = ARENA_COLOURS.nose;
  switch (cycle.direction) {
    case 'up':
      context.fillRect(left + depth, top, cell - 2 * depth, depth);
      break;
    case 'down':
      context.fillRect(left + depth, top + cell - depth, cell - 2 * depth, depth);
      break;
    case 'left':
      context.fillRect(left, top + depth, depth, cell - 2 * depth);
      break;
    case 'right':
      context.fillRect(left + cell - depth, top + depth, depth, cell - 2 * depth);
      break;
  }
  if (mine) {
    const ring = Math.max(1, Math.floor(cell / 8));
    context.strokeStyle = ARENA_COLOURS.self;
    context.lineWidth = ring;
    context.strokeRect(left - ring / 2, top - ring / 2, cell + ring, cell + ring);
  }
}

/** Where an empty seat's player will start: an outline in the seat's colour. */
function paintFreeSeat(context: CanvasRenderingContext2D, cycle: CycleView, cell: number): void {
  const line = Math.max(1, Math.floor(cell / 8));
  context.strokeStyle = playerColour(cycle.number);
  context.lineWidth = line;
  context.strokeRect(cycle.x * cell + line / 2, cycle.y * cell + line / 2, cell - line, cell - line);
}

function isInterior(view: GameView, x: number, y: number): boolean {
  return x > 0 && y > 0 && x < view.width - 1 && y < view.height - 1;
}
