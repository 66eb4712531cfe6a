import { STEP } from './directions.js';
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
 * random rotation. Each heads the way with the most room before the border
 * (clockwise along the ellipse when that is as good), never straight at
 * another cycle: a start should give a player time to think.
 */
export function drawSpawns(width: number, height: number, count: number, rng: number): SpawnDraw {
  const rotation = drawRandom(rng);
  const centreX = (width - 1) / 2;
  const centreY = (height - 1) / 2;
  const radiusX = (width - 2) * 0.32;
  const radiusY = (height - 2) * 0.32;
  const taken = new Set<number>();
  const places: { x: number; y: number; angle: number }[] = [];
  for (let seat = 0; seat < count; seat++) {
    const angle = rotation.value * 2 * Math.PI + (2 * Math.PI * seat) / count;
    let x = clamp(Math.round(centreX + radiusX * Math.cos(angle)), 2, width - 3);
    const y = clamp(Math.round(centreY + radiusY * Math.sin(angle)), 2, height - 3);
    // Rounding can put two seats on one cell in a small arena: slide along the row.
    while (taken.has(y * width + x)) x = x + 1 > width - 3 ? 2 : x + 1;
    taken.add(y * width + x);
    places.push({ x, y, angle });
  }
  const spawns = places.map((place) => ({ x: place.x, y: place.y, direction: roomiestDirection(place, places, width, height) }));
  return { spawns, rng: rotation.next };
}

const DIRECTIONS: readonly Direction[] = ['up', 'right', 'down', 'left'];

function roomiestDirection(
  place: { x: number; y: number; angle: number },
  others: readonly { x: number; y: number }[],
  width: number,
  height: number,
): Direction {
  const preferred = clockwiseTangent(place.angle);
  let best: Direction = preferred;
  let bestRun = -1;
  for (const direction of [preferred, ...DIRECTIONS.filter((candidate) => candidate !== preferred)]) {
    const [dx, dy] = STEP[direction];
    const facesSomeone = others.some(
      (other) =>
        other !== place &&
        (dx === 0 ? other.x === place.x && Math.sign(other.y - place.y) === dy : other.y === place.y && Math.sign(other.x - place.x) === dx),
    );
    if (facesSomeone) continue;
    const run = dx > 0 ? width - 2 - place.x : dx < 0 ? place.x - 1 : dy > 0 ? height - 2 - place.y : place.y - 1;
    if (run > bestRun) {
      best = direction;
      bestRun = run;
    }
  }
  return best;
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
