import { drawRandom } from './random.js';
import type { Direction } from './types.js';

export interface Spawn {
  readonly x: number;
  readonly y: number;
  readonly direction: Direction;
}

export interface SpawnDraw {
  readonly spawns: readonly Spawn[];
  readonly rng: number;
}

/**
 * Spreads `count` cycles evenly on an ellipse around the arena's centre, at a
 * random rotation, each heading clockwise along the ellipse so that nobody
 * starts facing a neighbour or a wall close by.
 */
export function drawSpawns(width: number, height: number, count: number, rng: number): SpawnDraw {
  const rotation = drawRandom(rng);
  const centreX = (width - 1) / 2;
  const centreY = (height - 1) / 2;
  const radiusX = (width - 2) * 0.32;
  const radiusY = (height - 2) * 0.32;
  const taken = new Set<number>();
  const spawns: Spawn[] = [];
  for (let seat = 0; seat < count; seat++) {
    const angle = rotation.value * 2 * Math.PI + (2 * Math.PI * seat) / count;
    let x = clamp(Math.round(centreX + radiusX * Math.cos(angle)), 2, width - 3);
    const y = clamp(Math.round(centreY + radiusY * Math.sin(angle)), 2, height - 3);
    // Rounding can put two seats on one cell in a small arena: slide along the row.
    while (taken.has(y * width + x)) x = x + 1 > width - 3 ? 2 : x + 1;
    taken.add(y * width + x);
    spawns.push({ x, y, direction: clockwiseTangent(angle) });
  }
  return { spawns, rng: rotation.next };
}

function clockwiseTangent(angle: number): Direction {
  // Screen y grows downwards, so increasing the angle goes clockwise on screen.
  const dx = -Math.sin(angle);
  const dy = Math.cos(angle);
  if (Math.abs(dx) >= Math.abs(dy)) return dx >= 0 ? 'right' : 'left';
  return dy >= 0 ? 'down' : 'up';
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
