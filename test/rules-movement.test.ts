import { describe, expect, it } from 'vitest';
import { COUNTDOWN_TICKS, TURN_QUEUE_LIMIT, step, type Direction, type GameState } from '../shared/rules/index.js';
import {
  countdownGame,
  cycle,
  idle,
  keys,
  runningGame,
  wallCells,
  withCycles,
  withWalls,
} from './helpers/game-states.js';

/**
 * A running 2-seat round in the default 80x22 arena: cycle 1 in the middle
 * heading right, cycle 2 far away in a corner heading left along the bottom.
 */
function round(direction: Direction = 'right'): GameState {
  return withCycles(runningGame({ seats: 2 }), {
    1: { x: 40, y: 10, direction },
    2: { x: 70, y: 19, direction: 'left' },
  });
}

/** Position and heading of cycle 1 after each of `ticks` steps, the first with `inputs`. */
function path(state: GameState, inputs: Parameters<typeof step>[1], ticks: number): [number, number, Direction][] {
  const seen: [number, number, Direction][] = [];
  state = step(state, inputs);
  for (let tick = 0; tick < ticks; tick++) {
    const one = cycle(state, 1);
    seen.push([one.x, one.y, one.direction]);
    if (tick < ticks - 1) state = step(state, []);
  }
  return seen;
}

describe('movement', () => {
  it.each([
    ['up', 40, 9],
    ['down', 40, 11],
    ['left', 39, 10],
    ['right', 41, 10],
  ] as const)('moves a cycle heading %s one cell per tick', (direction, x, y) => {
    const before = round(direction);

    const next = step(before, []);

    expect(next).toStrictEqual({
      ...before,
      tick: before.tick + 1,
      cycles: withCycles(before, { 1: { x, y }, 2: { x: 69 } }).cycles,
      wallChanges: { added: [], cleared: [] },
    });
  });

  it('moves every live cycle and leaves exploding and dead ones where they are', () => {
    const before = withCycles(runningGame({ seats: 4 }), {
      1: { x: 10, y: 5, direction: 'right' },
      2: { x: 10, y: 8, direction: 'down', status: 'exploding', explosionTicks: 3 },
      3: { x: 10, y: 12, direction: 'up', status: 'dead' },
      4: { x: 10, y: 16, direction: 'up' },
    });

    const next = step(before, []);

    expect(next.cycles.map((each) => [each.x, each.y, each.status])).toStrictEqual([
      [11, 5, 'alive'],
      [10, 8, 'exploding'],
      [10, 12, 'dead'],
      [10, 15, 'alive'],
    ]);
  });
});

describe('turning', () => {
  it.each([
    ['h', 'up', 'left', 39, 10],
    ['j', 'right', 'down', 40, 11],
    ['k', 'right', 'up', 40, 9],
    ['l', 'up', 'right', 41, 10],
  ] as const)('turns on %s from %s to %s on the next tick', (key, from, to, x, y) => {
    const before = round(from);

    const next = step(before, keys(1, key));

    expect(cycle(next, 1)).toStrictEqual({ ...cycle(before, 1), direction: to, x, y, queue: [] });
  });

  it.each([
    ['h', 'right'],
    ['l', 'left'],
    ['k', 'down'],
    ['j', 'up'],
  ] as const)('ignores %s, a reversal, while heading %s', (key, direction) => {
    const before = round(direction);

    const next = step(before, keys(1, key));

    expect(cycle(next, 1)).toMatchObject({ direction, queue: [], status: 'alive' });
  });

  it('ignores a turn to the current direction', () => {
    expect(cycle(step(round('right'), keys(1, 'l')), 1)).toMatchObject({ x: 41, y: 10, direction: 'right', queue: [] });
  });

  it('applies one queued turn per tick: j then l turns down, then right', () => {
    expect(path(round('right'), keys(1, 'j', 'l'), 3)).toStrictEqual([
      [40, 11, 'down'],
      [41, 11, 'right'],
      [42, 11, 'right'],
    ]);
  });

  it('keeps the rest of the queue for the following ticks', () => {
    const next = step(round('right'), keys(1, 'j', 'l', 'k'));

    expect(cycle(next, 1).queue).toStrictEqual(['right', 'up']);
  });

  it('makes a U-turn in two ticks from two queued turns', () => {
    expect(path(round('right'), keys(1, 'k', 'h'), 3)).toStrictEqual([
      [40, 9, 'up'],
      [39, 9, 'left'],
      [38, 9, 'left'],
    ]);
  });

  it('drops a reversal at the head of the queue and applies the next turn the same tick', () => {
    const next = step(round('right'), keys(1, 'h', 'k'));

    expect(cycle(next, 1)).toMatchObject({ x: 40, y: 9, direction: 'up', queue: [] });
  });

  it('drops a repeat of the current direction at the head of the queue and applies the next turn the same tick', () => {
    const next = step(round('right'), keys(1, 'l', 'l', 'j'));

    expect(cycle(next, 1)).toMatchObject({ x: 40, y: 11, direction: 'down', queue: [] });
  });

  it('checks a queued turn against the direction when it is applied, not when it was pressed', () => {
    // Heading right: k is fine, then j would reverse the new direction up and is dropped.
    expect(path(round('right'), keys(1, 'k', 'j', 'l'), 2)).toStrictEqual([
      [40, 9, 'up'],
      [41, 9, 'right'],
    ]);
  });

  it(`queues at most ${TURN_QUEUE_LIMIT} turns and drops the ones beyond`, () => {
    const before = round('right');

    const next = step(before, keys(1, 'j', 'l', 'k', 'h', 'j'));

    // j, l and k fill the queue, h and the second j are dropped; the tick then applies j.
    expect(cycle(next, 1).queue).toStrictEqual(['right', 'up']);
    expect(path(before, keys(1, 'j', 'l', 'k', 'h', 'j'), 4).map(([, , direction]) => direction)).toStrictEqual([
      'down',
      'right',
      'up',
      'up',
    ]);
  });

  it('holds three queued turns at most between two ticks', () => {
    const counting = countdownGame({ seats: 2 });

    const next = step(counting, keys(1, 'j', 'l', 'k', 'h', 'j', 'l'));

    expect(cycle(next, 1).queue).toStrictEqual(['down', 'right', 'up']);
  });

  it('queues turns during the countdown and applies them from the first running tick', () => {
    const counting = withCycles(countdownGame({ seats: 2 }), {
      1: { x: 40, y: 10, direction: 'right' },
      2: { x: 70, y: 19, direction: 'left' },
    });

    const planned = step(counting, keys(1, 'k', 'h'));
    const started = idle(planned, COUNTDOWN_TICKS - 1);
    const first = step(started, []);
    const second = step(first, []);

    expect(cycle(planned, 1)).toMatchObject({ x: 40, y: 10, direction: 'right', queue: ['up', 'left'] });
    expect(started.phase).toBe('running');
    expect(cycle(started, 1)).toMatchObject({ x: 40, y: 10, direction: 'right', queue: ['up', 'left'] });
    expect(cycle(first, 1)).toMatchObject({ x: 40, y: 9, direction: 'up', queue: ['left'] });
    expect(cycle(second, 1)).toMatchObject({ x: 39, y: 9, direction: 'left', queue: [] });
  });

  it('ignores turn keys of a cycle that is exploding or dead', () => {
    const before = withCycles(runningGame({ seats: 3 }), {
      1: { x: 40, y: 10, direction: 'right', status: 'exploding', explosionTicks: 4 },
      2: { x: 40, y: 12, direction: 'right', status: 'dead' },
      3: { x: 10, y: 15, direction: 'right' },
    });

    const next = step(before, [...keys(1, 'k'), ...keys(2, 'k')]);

    expect(next.cycles.map((each) => [each.direction, each.queue])).toStrictEqual([
      ['right', []],
      ['right', []],
      ['right', []],
    ]);
  });
});

describe('INSERT mode', () => {
  it('enters INSERT mode on i and leaves a wall of its number on the cell it leaves, this very tick', () => {
    const before = round('right');

    const next = step(before, keys(1, 'i'));

    expect(next).toStrictEqual({
      ...before,
      tick: before.tick + 1,
      cycles: withCycles(before, { 1: { x: 41, inserting: true }, 2: { x: 69 } }).cycles,
      walls: withWalls(before, [[40, 10, 1]]).walls,
      wallChanges: { added: [[40, 10, 1]], cleared: [] },
    });
  });

  it('leaves a wall on every cell it leaves, and reports only the last one each tick', () => {
    const inserting = withCycles(round('right'), { 1: { inserting: true } });

    const first = step(inserting, []);
    const second = step(first, []);
    const third = step(second, []);

    expect([first, second, third].map((state) => state.wallChanges)).toStrictEqual([
      { added: [[40, 10, 1]], cleared: [] },
      { added: [[41, 10, 1]], cleared: [] },
      { added: [[42, 10, 1]], cleared: [] },
    ]);
    expect(wallCells(third)).toStrictEqual([
      [40, 10, 1],
      [41, 10, 1],
      [42, 10, 1],
    ]);
  });

  it('reports the walls of every inserting cycle in the tick, in seat order', () => {
    const both = withCycles(round('right'), { 1: { inserting: true }, 2: { inserting: true } });

    expect(step(both, []).wallChanges).toStrictEqual({
      added: [
        [40, 10, 1],
        [70, 19, 2],
      ],
      cleared: [],
    });
  });

  it('cannot turn while inserting: turn keys are ignored, not queued', () => {
    const inserting = withCycles(round('right'), { 1: { inserting: true } });

    const next = step(inserting, keys(1, 'k', 'j'));
    const afterEsc = step(next, keys(1, 'esc'));

    expect(cycle(next, 1)).toMatchObject({ x: 41, y: 10, direction: 'right', inserting: true, queue: [] });
    expect(cycle(afterEsc, 1)).toMatchObject({ x: 42, y: 10, direction: 'right', inserting: false, queue: [] });
  });

  it('returns to normal mode on esc: no more walls, and the walls laid stay', () => {
    const inserting = withCycles(round('right'), { 1: { inserting: true } });
    const walled = step(inserting, []);

    const normal = step(walled, keys(1, 'esc'));
    const later = step(normal, keys(1, 'k'));

    expect(cycle(normal, 1)).toMatchObject({ x: 42, inserting: false });
    expect(normal.wallChanges).toStrictEqual({ added: [], cleared: [] });
    expect(cycle(later, 1)).toMatchObject({ x: 42, y: 9, direction: 'up' });
    expect(wallCells(later)).toStrictEqual([[40, 10, 1]]);
  });

  it('queues an i pressed behind turns: j then i turns down, then inserts', () => {
    const before = round('right');

    const turned = step(before, keys(1, 'j', 'i'));
    const inserting = step(turned, []);
    const later = step(inserting, []);

    expect(cycle(turned, 1)).toMatchObject({ x: 40, y: 11, direction: 'down', inserting: false, queue: ['insert'] });
    expect(turned.wallChanges.added).toStrictEqual([]);
    expect(cycle(inserting, 1)).toMatchObject({ x: 40, y: 12, direction: 'down', inserting: true, queue: [] });
    expect(inserting.wallChanges.added).toStrictEqual([[40, 11, 1]]);
    expect(wallCells(later)).toStrictEqual([
      [40, 11, 1],
      [40, 12, 1],
    ]);
  });

  it('ignores turns pressed after a queued i, and a second i', () => {
    const next = step(round('right'), keys(1, 'j', 'i', 'l', 'i', 'k'));

    expect(cycle(next, 1).queue).toStrictEqual(['insert']);
  });

  it('counts a queued i against the queue limit', () => {
    const next = step(round('right'), keys(1, 'j', 'l', 'k', 'i'));

    expect(cycle(next, 1)).toMatchObject({ direction: 'down', inserting: false, queue: ['right', 'up'] });
  });

  it('drops a queued i when esc is pressed before it is applied', () => {
    const turned = step(round('right'), keys(1, 'j', 'l', 'i'));

    const cancelled = step(turned, keys(1, 'esc'));

    expect(cycle(turned, 1).queue).toStrictEqual(['right', 'insert']);
    expect(cycle(cancelled, 1)).toMatchObject({ direction: 'right', inserting: false, queue: [] });
    expect(wallCells(idle(cancelled, 2))).toStrictEqual([]);
  });

  it('enters INSERT mode the same tick when the turn queued ahead of the i is a dropped reversal', () => {
    const next = step(round('right'), keys(1, 'h', 'i'));

    expect(cycle(next, 1)).toMatchObject({ x: 41, direction: 'right', inserting: true, queue: [] });
    expect(next.wallChanges).toStrictEqual({ added: [[40, 10, 1]], cleared: [] });
  });

  it('ignores i and esc from an exploding cycle', () => {
    const before = withCycles(runningGame({ seats: 3 }), {
      1: { x: 40, y: 10, direction: 'right', status: 'exploding', explosionTicks: 4 },
      2: { x: 10, y: 5, direction: 'right' },
      3: { x: 10, y: 15, direction: 'right' },
    });

    const next = step(before, keys(1, 'i', 'esc', 'i'));

    expect(cycle(next, 1)).toMatchObject({ inserting: false, queue: [], status: 'exploding', explosionTicks: 3 });
    expect(next.wallChanges).toStrictEqual({ added: [], cleared: [] });
  });
});
