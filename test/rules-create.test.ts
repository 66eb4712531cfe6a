import { describe, expect, it } from 'vitest';
import {
  createGame,
  drawRandom,
  respawn,
  seedRandom,
  type Direction,
  type GameState,
} from '../shared/rules/index.js';
import { cycle, withCycles, withWalls } from './helpers/game-states.js';

const STEP: Readonly<Record<Direction, readonly [number, number]>> = {
  up: [0, -1],
  down: [0, 1],
  left: [-1, 0],
  right: [1, 0],
};

/** Free cells straight ahead of a cycle before the border. */
function freeCellsAhead(state: GameState, number: number): number {
  const { x, y, direction } = cycle(state, number);
  const [dx, dy] = STEP[direction];
  let free = 0;
  for (let cx = x + dx, cy = y + dy; cx > 0 && cy > 0 && cx < state.width - 1 && cy < state.height - 1; cx += dx, cy += dy) {
    free++;
  }
  return free;
}

describe('createGame', () => {
  it('creates an empty 80x22 game in the waiting phase by default', () => {
    const state = createGame({ seats: 2, seed: 7 });

    expect(state).toStrictEqual({
      width: 80,
      height: 22,
      seats: 2,
      phase: 'waiting',
      tick: 0,
      round: 0,
      countdown: 0,
      readyIn: 0,
      winner: null,
      cycles: [
        expect.objectContaining({ number: 1 }),
        expect.objectContaining({ number: 2 }),
      ],
      walls: new Array(80 * 22).fill(0),
      wallChanges: { added: [], cleared: [] },
      wantedBots: 0,
      rng: drawRandom(seedRandom(7)).next,
    });
    for (const each of state.cycles) {
      expect(Object.keys(each).sort()).toStrictEqual(
        ['bot', 'crashes', 'direction', 'explosionTicks', 'inserting', 'name', 'number', 'queue', 'ready', 'seated', 'status', 'wins', 'x', 'y'],
      );
      expect(each).toMatchObject({
        seated: false,
        name: null,
        wins: 0,
        crashes: 0,
        ready: false,
        inserting: false,
        status: 'alive',
        explosionTicks: 0,
        queue: [],
        bot: null,
      });
    }
  });

  it('takes the width and height it is given', () => {
    const state = createGame({ seats: 3, width: 33, height: 17, seed: 1 });

    expect([state.width, state.height, state.seats, state.cycles.length, state.walls.length]).toStrictEqual([
      33, 17, 3, 3, 33 * 17,
    ]);
  });

  it.each([
    { seats: 1, width: 20, height: 10 },
    { seats: 6, width: 200, height: 100 },
    { seats: 1, width: 200, height: 10 },
    { seats: 6, width: 20, height: 100 },
  ])('accepts the limits $seats seats on $width x $height', (options) => {
    const state = createGame({ ...options, seed: 3 });

    expect([state.seats, state.width, state.height, state.cycles.length]).toStrictEqual([
      options.seats, options.width, options.height, options.seats,
    ]);
  });

  it.each([
    [{ seats: 0 }, 'seats must be an integer from 1 to 6, got 0'],
    [{ seats: 7 }, 'seats must be an integer from 1 to 6, got 7'],
    [{ seats: 1.5 }, 'seats must be an integer from 1 to 6, got 1.5'],
    [{ seats: Number.NaN }, 'seats must be an integer from 1 to 6, got NaN'],
    [{ seats: -1 }, 'seats must be an integer from 1 to 6, got -1'],
    [{ seats: 2, width: 19 }, 'width must be an integer from 20 to 200, got 19'],
    [{ seats: 2, width: 201 }, 'width must be an integer from 20 to 200, got 201'],
    [{ seats: 2, width: 20.5 }, 'width must be an integer from 20 to 200, got 20.5'],
    [{ seats: 2, width: Number.POSITIVE_INFINITY }, 'width must be an integer from 20 to 200, got Infinity'],
    [{ seats: 2, height: 9 }, 'height must be an integer from 10 to 100, got 9'],
    [{ seats: 2, height: 101 }, 'height must be an integer from 10 to 100, got 101'],
    [{ seats: 2, height: 10.25 }, 'height must be an integer from 10 to 100, got 10.25'],
    [{ seats: 2, seed: 0.5 }, 'seed must be an integer, got 0.5'],
    [{ seats: 2, seed: Number.NaN }, 'seed must be an integer, got NaN'],
  ])('throws a RangeError for %o', (options, message) => {
    expect(() => createGame({ seed: 1, ...options })).toThrow(new RangeError(message));
    expect(() => createGame({ seed: 1, ...options })).toThrow(RangeError);
  });

  it('checks the seats before the width and the width before the height', () => {
    expect(() => createGame({ seats: 0, width: 1, height: 1, seed: 1 })).toThrow('seats must be');
    expect(() => createGame({ seats: 2, width: 1, height: 1, seed: 1 })).toThrow('width must be');
  });

  it('accepts any integer seed, negative and beyond 32 bits included', () => {
    expect(createGame({ seats: 2, seed: -1 }).rng).toBe(drawRandom(0xffffffff).next);
    expect(createGame({ seats: 2, seed: 2 ** 40 + 5 }).rng).toBe(drawRandom(5).next);
  });

  it('gives the same game for the same seed', () => {
    expect(createGame({ seats: 6, seed: 42 })).toStrictEqual(createGame({ seats: 6, seed: 42 }));
  });

  it('draws different spawns for different seeds', () => {
    const layouts = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const state = createGame({ seats: 4, seed });
      layouts.add(JSON.stringify(state.cycles.map((each) => [each.x, each.y, each.direction])));
    }

    expect(layouts.size).toBeGreaterThan(15);
  });
});

describe('spawns', () => {
  const arenas = [
    [20, 10],
    [21, 11],
    [80, 22],
    [20, 100],
    [200, 10],
    [200, 100],
  ] as const;
  const seeds = Array.from({ length: 150 }, (_, index) => index * 7919 - 300);

  it.each(arenas.flatMap(([width, height]) => [1, 2, 3, 4, 5, 6].map((seats) => ({ width, height, seats }))))(
    'puts $seats cycles on distinct cells inside a $width x $height arena, for every seed',
    ({ width, height, seats }) => {
      for (const seed of seeds) {
        const state = createGame({ seats, width, height, seed });
        const cells = new Set(state.cycles.map((each) => `${each.x},${each.y}`));

        expect(cells.size, `seed ${seed}`).toBe(seats);
        for (const each of state.cycles) {
          expect(Number.isInteger(each.x) && Number.isInteger(each.y), `seed ${seed}`).toBe(true);
          // Inside the playable area, and not touching the border ring either.
          expect(each.x, `seed ${seed}`).toBeGreaterThanOrEqual(2);
          expect(each.x, `seed ${seed}`).toBeLessThanOrEqual(width - 3);
          expect(each.y, `seed ${seed}`).toBeGreaterThanOrEqual(2);
          expect(each.y, `seed ${seed}`).toBeLessThanOrEqual(height - 3);
          expect(['up', 'down', 'left', 'right']).toContain(each.direction);
          // Nobody faces the border closely: four free cells even in the smallest arenas.
          expect(freeCellsAhead(state, each.number), `seed ${seed} cycle ${each.number}`).toBeGreaterThanOrEqual(4);
        }
      }
    },
  );

  it('leaves at least fifteen free cells (1.5 s) ahead of every cycle in the default arena, and 39 in a duel', () => {
    for (const seed of seeds) {
      for (let seats = 1; seats <= 6; seats++) {
        const state = createGame({ seats, seed });
        for (const each of state.cycles) {
          expect(freeCellsAhead(state, each.number), `seed ${seed}`).toBeGreaterThanOrEqual(seats <= 2 ? 39 : 15);
        }
      }
    }
  });

  it('never starts two cycles facing each other on one line', () => {
    for (const [width, height] of arenas) {
      for (const seed of seeds) {
        const state = createGame({ seats: 6, width, height, seed });
        for (const a of state.cycles) {
          for (const b of state.cycles) {
            const [dx, dy] = STEP[a.direction];
            const [bx, by] = STEP[b.direction];
            const facing = dx === -bx && dy === -by;
            const ahead = (b.x - a.x) * dx + (b.y - a.y) * dy;
            const across = (b.x - a.x) * dy - (b.y - a.y) * dx;
            expect(facing && across === 0 && ahead > 0, `${width}x${height} seed ${seed}`).toBe(false);
          }
        }
      }
    }
  });

  it('draws the spawns from the state rng with exactly one draw', () => {
    const state = createGame({ seats: 3, seed: 99 });

    expect(state.rng).toBe(drawRandom(seedRandom(99)).next);
  });
});

describe('respawn', () => {
  it('puts every cycle on a fresh spawn with one more draw of the rng, keeping seats and readiness', () => {
    const created = createGame({ seats: 3, seed: 5 });
    const played = withCycles(created, {
      1: { seated: true, ready: true, x: 10, y: 10, status: 'dead', inserting: true, queue: ['up'] },
      2: { seated: true, ready: false, status: 'exploding', explosionTicks: 3 },
    });

    const fresh = respawn(played);
    const expectedSpawns = respawn(created);

    expect(fresh.rng).toBe(drawRandom(created.rng).next);
    expect(fresh.cycles).toStrictEqual(
      expectedSpawns.cycles.map((each) => ({
        ...each,
        seated: each.number <= 2,
        ready: each.number === 1,
      })),
    );
    for (const each of fresh.cycles) {
      expect(each).toMatchObject({ status: 'alive', inserting: false, explosionTicks: 0, queue: [] });
    }
    expect({ ...fresh, cycles: played.cycles, rng: played.rng }).toStrictEqual(played);
  });

  it('removes every wall and lists their owners as cleared', () => {
    const created = createGame({ seats: 3, width: 30, height: 12, seed: 5 });
    const walled = withWalls(created, [
      [3, 3, 3],
      [4, 3, 3],
      [5, 5, 1],
    ]);

    const fresh = respawn(walled);

    expect(fresh.walls).toStrictEqual(new Array(30 * 12).fill(0));
    expect(fresh.wallChanges).toStrictEqual({ added: [], cleared: [1, 3] });
  });

  it('keeps the wall map and the last changes when no wall stands', () => {
    const created = createGame({ seats: 2, seed: 5 });

    const fresh = respawn(created);

    expect(fresh.walls).toBe(created.walls);
    expect(fresh.wallChanges).toBe(created.wallChanges);
  });

  it('does not modify the state it is given', () => {
    const walled = withWalls(createGame({ seats: 2, seed: 8 }), [[5, 5, 2]]);
    const before = structuredClone(walled);

    respawn(walled);

    expect(walled).toStrictEqual(before);
  });
});
