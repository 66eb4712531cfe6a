import { describe, expect, it } from 'vitest';
import { EXPLOSION_TICKS, step, type GameState } from '../shared/rules/index.js';
import { cycle, idle, keys, runningGame, wallCells, withCycles, withWalls } from './helpers/game-states.js';

/**
 * A running 4-seat round in the default 80x22 arena with cycles 3 and 4 far
 * from everything, so that one or two crashes do not end it.
 */
function round(placements: Parameters<typeof withCycles>[1]): GameState {
  return withCycles(
    withCycles(runningGame({ seats: 4 }), {
      1: { x: 20, y: 5, direction: 'right' },
      2: { x: 20, y: 8, direction: 'right' },
      3: { x: 20, y: 14, direction: 'right' },
      4: { x: 20, y: 17, direction: 'right' },
    }),
    placements,
  );
}

/** Status and position of every cycle. */
function bodies(state: GameState): [string, number, number][] {
  return state.cycles.map((each) => [each.status, each.x, each.y]);
}

describe('crashing into the border', () => {
  it.each([
    ['left', 1, 10],
    ['right', 78, 10],
    ['up', 40, 1],
    ['down', 40, 20],
  ] as const)('explodes a cycle heading %s into the border ring, leaving it on its last cell', (direction, x, y) => {
    const before = round({ 1: { x, y, direction, inserting: true, queue: [] } });

    const next = step(before, []);

    expect(next).toStrictEqual({
      ...before,
      tick: before.tick + 1,
      cycles: withCycles(before, {
        1: { x, y, status: 'exploding', explosionTicks: EXPLOSION_TICKS, inserting: false, queue: [], crashes: 1 },
        2: { x: 21 },
        3: { x: 21 },
        4: { x: 21 },
      }).cycles,
      wallChanges: { added: [], cleared: [1] },
    });
  });

  it('explodes a cycle that turns into the border, and forgets its queued turns', () => {
    const before = round({ 1: { x: 40, y: 1, direction: 'right' } });

    const next = step(before, keys(1, 'k', 'l', 'j'));

    expect(cycle(next, 1)).toMatchObject({ x: 40, y: 1, direction: 'up', status: 'exploding', queue: [] });
  });

  it('lets a cycle run along the cells next to the border', () => {
    const before = round({ 1: { x: 1, y: 1, direction: 'right' } });

    expect(bodies(idle(before, 5))[0]).toStrictEqual(['alive', 6, 1]);
  });
});

describe('crashing into walls', () => {
  it('explodes a cycle that enters another player’s wall, clearing its own walls only', () => {
    const walled = withWalls(round({}), [
      [21, 5, 2],
      [30, 3, 2],
      [5, 5, 1],
      [6, 5, 1],
    ]);

    const next = step(walled, []);

    expect(cycle(next, 1)).toMatchObject({ x: 20, y: 5, status: 'exploding', explosionTicks: EXPLOSION_TICKS });
    expect(wallCells(next)).toStrictEqual([
      [30, 3, 2],
      [21, 5, 2],
    ]);
    expect(next.wallChanges).toStrictEqual({ added: [], cleared: [1] });
  });

  it('explodes a cycle that enters its own wall', () => {
    const walled = withWalls(round({}), [[21, 8, 2]]);

    const next = step(walled, []);

    expect(cycle(next, 2)).toMatchObject({ x: 20, y: 8, status: 'exploding' });
    expect(wallCells(next)).toStrictEqual([]);
  });

  it('explodes a cycle that enters a wall laid this very tick by the cycle leaving that cell', () => {
    const before = round({ 1: { x: 20, y: 5 }, 2: { x: 21, y: 5, inserting: true } });

    const next = step(before, []);

    expect(bodies(next).slice(0, 2)).toStrictEqual([
      ['exploding', 20, 5],
      ['alive', 22, 5],
    ]);
    expect(wallCells(next)).toStrictEqual([[21, 5, 2]]);
    expect(next.wallChanges).toStrictEqual({ added: [[21, 5, 2]], cleared: [1] });
  });

  it('lets a cycle follow right behind one that is not inserting', () => {
    const before = round({ 1: { x: 20, y: 5 }, 2: { x: 21, y: 5 } });

    const next = idle(before, 3);

    expect(bodies(next).slice(0, 2)).toStrictEqual([
      ['alive', 23, 5],
      ['alive', 24, 5],
    ]);
  });

  it('does not report the wall a crashing inserting cycle laid on its last tick', () => {
    const before = round({ 1: { x: 78, inserting: true }, 2: { inserting: true } });

    const next = step(before, []);

    expect(next.wallChanges).toStrictEqual({ added: [[20, 8, 2]], cleared: [1] });
    expect(wallCells(next)).toStrictEqual([[20, 8, 2]]);
  });

  it('lists every cycle that exploded this tick as cleared, in number order, walls or not', () => {
    const before = round({ 1: { x: 78 }, 3: { x: 78 } });

    expect(step(before, []).wallChanges).toStrictEqual({ added: [], cleared: [1, 3] });
  });

  it('reports no cleared owners on the tick after the explosion', () => {
    const before = round({ 1: { x: 78 } });

    expect(idle(before, 2).wallChanges).toStrictEqual({ added: [], cleared: [] });
  });
});

describe('crashing into cycles', () => {
  it('explodes both cycles that enter the same cell, each on its last cell', () => {
    const before = round({ 1: { x: 20, y: 5, direction: 'right' }, 2: { x: 22, y: 5, direction: 'left' } });

    const next = step(before, []);

    expect(bodies(next).slice(0, 2)).toStrictEqual([
      ['exploding', 20, 5],
      ['exploding', 22, 5],
    ]);
    expect(next.wallChanges.cleared).toStrictEqual([1, 2]);
  });

  it('explodes two cycles that enter the same cell from the side', () => {
    const before = round({ 1: { x: 20, y: 5, direction: 'right' }, 2: { x: 21, y: 6, direction: 'up' } });

    expect(bodies(step(before, [])).slice(0, 2)).toStrictEqual([
      ['exploding', 20, 5],
      ['exploding', 21, 6],
    ]);
  });

  it('explodes both cycles of a head-on swap', () => {
    const before = round({ 1: { x: 20, y: 5, direction: 'right' }, 2: { x: 21, y: 5, direction: 'left' } });

    expect(bodies(step(before, [])).slice(0, 2)).toStrictEqual([
      ['exploding', 20, 5],
      ['exploding', 21, 5],
    ]);
  });

  it('explodes a cycle that enters the cell of an exploding one', () => {
    const before = round({
      1: { x: 20, y: 5, direction: 'right' },
      2: { x: 21, y: 5, status: 'exploding', explosionTicks: 3 },
    });

    const next = step(before, []);

    expect(bodies(next).slice(0, 2)).toStrictEqual([
      ['exploding', 20, 5],
      ['exploding', 21, 5],
    ]);
    expect(cycle(next, 2).explosionTicks).toBe(2);
  });

  it('lets a cycle drive over the cell of a dead one', () => {
    const before = round({
      1: { x: 20, y: 5, direction: 'right' },
      2: { x: 21, y: 5, status: 'dead' },
    });

    expect(bodies(step(before, [])).slice(0, 2)).toStrictEqual([
      ['alive', 21, 5],
      ['dead', 21, 5],
    ]);
  });

  it('explodes a cycle that enters the cell of a cycle crashing this same tick', () => {
    const before = round({ 1: { x: 77, y: 5, direction: 'right' }, 2: { x: 78, y: 5, direction: 'right' } });

    const next = step(before, []);

    expect(bodies(next).slice(0, 2)).toStrictEqual([
      ['exploding', 77, 5],
      ['exploding', 78, 5],
    ]);
  });

  it('carries such crashes down a whole line of cycles', () => {
    const before = round({
      1: { x: 76, y: 5, direction: 'right' },
      2: { x: 77, y: 5, direction: 'right' },
      3: { x: 78, y: 5, direction: 'right' },
    });

    const next = step(before, []);

    expect(bodies(next)).toStrictEqual([
      ['exploding', 76, 5],
      ['exploding', 77, 5],
      ['exploding', 78, 5],
      ['alive', 21, 17],
    ]);
    expect([next.phase, next.winner]).toStrictEqual(['finished', 4]);
  });

  it('explodes a cycle that enters the cell of a cycle crashing into a third one', () => {
    const before = round({
      1: { x: 20, y: 5, direction: 'right' },
      2: { x: 21, y: 5, direction: 'down' },
      3: { x: 22, y: 6, direction: 'left' },
    });

    const next = step(before, []);

    // 2 and 3 meet on (21, 6) and stay put, so 1 runs into 2.
    expect(bodies(next)).toStrictEqual([
      ['exploding', 20, 5],
      ['exploding', 21, 5],
      ['exploding', 22, 6],
      ['alive', 21, 17],
    ]);
  });
});

describe('explosions', () => {
  it(`lasts ${EXPLOSION_TICKS} ticks, then the cycle is dead where it crashed`, () => {
    let state = step(round({ 1: { x: 78 } }), []);
    const seen: [string, number, number][] = [];
    for (let tick = 0; tick <= EXPLOSION_TICKS; tick++) {
      seen.push([cycle(state, 1).status, cycle(state, 1).explosionTicks, cycle(state, 1).x]);
      state = step(state, []);
    }

    expect(seen).toStrictEqual([
      ['exploding', 5, 78],
      ['exploding', 4, 78],
      ['exploding', 3, 78],
      ['exploding', 2, 78],
      ['exploding', 1, 78],
      ['dead', 0, 78],
    ]);
  });
});

describe('leaving mid-round', () => {
  it('explodes the leaver’s cycle on its cell, frees the seat and clears its walls', () => {
    const before = withWalls(round({ 2: { inserting: true } }), [
      [10, 8, 2],
      [11, 8, 2],
      [10, 5, 1],
    ]);

    const next = step(before, keys(2, 'leave'));

    expect(next).toStrictEqual({
      ...before,
      tick: before.tick + 1,
      cycles: withCycles(before, {
        1: { x: 21 },
        2: { seated: false, ready: false, status: 'exploding', explosionTicks: EXPLOSION_TICKS, inserting: false },
        3: { x: 21 },
        4: { x: 21 },
      }).cycles,
      walls: withWalls(round({}), [[10, 5, 1]]).walls,
      wallChanges: { added: [], cleared: [2] },
    });
  });

  it('makes the leaver’s cell block the others on that very tick', () => {
    const before = round({ 1: { x: 20, y: 5 }, 2: { x: 21, y: 5 } });

    const next = step(before, keys(2, 'leave'));

    expect(bodies(next).slice(0, 2)).toStrictEqual([
      ['exploding', 20, 5],
      ['exploding', 21, 5],
    ]);
  });

  it('does not explode again a cycle that is already dead', () => {
    const before = round({ 2: { status: 'dead' } });

    const next = step(before, keys(2, 'leave'));

    expect(cycle(next, 2)).toStrictEqual({ ...cycle(before, 2), seated: false, ready: false });
    expect(next.wallChanges).toStrictEqual({ added: [], cleared: [] });
  });

  it('ignores keys the leaver pressed after leaving in the same tick', () => {
    const before = round({});

    const next = step(before, keys(2, 'leave', 'k', 'i'));

    expect(cycle(next, 2)).toMatchObject({ direction: 'right', inserting: false, status: 'exploding', seated: false });
  });
});
