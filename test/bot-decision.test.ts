import { describe, expect, it } from 'vitest';
import { ArenaWalls } from '../shared/bots/arena-walls.js';
import { chooseKey, chooseKeys, type BotDice, type BotView } from '../shared/bots/bot-decision.js';
import { defaultTemper, type BotTemper } from '../shared/bots/bot-temper.js';
import { freeRun } from '../shared/bots/open-space.js';
import { isLatencyKey, keyEffectShown } from '../load/bots/key-probe.js';
import type { CycleView, WallCell } from '../shared/protocol/server-messages.js';
import type { Direction, Phase } from '../shared/rules/types.js';

/** A 20 x 10 arena: the border ring is x = 0, x = 19, y = 0, y = 9, so cells 1..18 x 1..8 are open. */
function arena(walls: WallCell[] = []): ArenaWalls {
  const arena = new ArenaWalls();
  arena.reset(20, 10, walls);
  return arena;
}

function cycle(number: number, x: number, y: number, direction: Direction, extra: Partial<CycleView> = {}): CycleView {
  return { number, x, y, direction, inserting: false, status: 'alive', alive: true, ready: true, seated: true, bot: false, ...extra };
}

function view(phase: Phase, me: CycleView, others: CycleView[] = [], walls: WallCell[] = [], awaiting: BotView['awaiting'] = null): BotView {
  return { phase, me: me.number, cycles: [me, ...others].sort((a, b) => a.number - b.number), arena: arena(walls), awaiting };
}

/** What a load-generator bot presses. */
function press(situation: BotView, dice: BotDice): ReturnType<typeof chooseKey> {
  return chooseKey(situation, dice, defaultTemper);
}

/** Dice that never press a key for fun. */
const CALM: BotDice = { act: 0.99, pick: 0.5 };

describe('freeRun', () => {
  it('counts the open cells up to the border, not the cell the cycle stands on', () => {
    const situation = view('running', cycle(1, 5, 4, 'right'));
    expect(freeRun(situation, 5, 4, 'right', 99)).toBe(13);
    expect(freeRun(situation, 5, 4, 'left', 99)).toBe(4);
    expect(freeRun(situation, 5, 4, 'up', 99)).toBe(3);
    expect(freeRun(situation, 5, 4, 'down', 99)).toBe(4);
  });

  it('stops at a wall, at another cycle, and at the limit', () => {
    const other = cycle(2, 5, 7, 'left');
    const situation = view('running', cycle(1, 5, 4, 'right'), [other], [[9, 4, 2]]);
    expect(freeRun(situation, 5, 4, 'right', 99)).toBe(3);
    expect(freeRun(situation, 5, 4, 'down', 99)).toBe(2);
    expect(freeRun(situation, 5, 4, 'right', 2)).toBe(2);
  });

  it('lets a dead cycle be driven through but not an exploding one', () => {
    const dead = cycle(2, 7, 4, 'left', { status: 'dead', alive: false });
    expect(freeRun(view('running', cycle(1, 5, 4, 'right'), [dead]), 5, 4, 'right', 99)).toBe(13);
    const exploding = cycle(2, 7, 4, 'left', { status: 'exploding', alive: false });
    expect(freeRun(view('running', cycle(1, 5, 4, 'right'), [exploding]), 5, 4, 'right', 99)).toBe(1);
  });
});

describe('chooseKey', () => {
  it('readies up with i when seated and not ready, before a round and after one', () => {
    expect(press(view('waiting', cycle(1, 5, 4, 'right', { ready: false })), CALM)).toBe('i');
    expect(press(view('finished', cycle(1, 5, 4, 'right', { ready: false, status: 'dead', alive: false })), CALM)).toBe('i');
  });

  it('does not press i again while the first one is in flight, nor once ready', () => {
    expect(press(view('waiting', cycle(1, 5, 4, 'right', { ready: false }), [], [], 'i'), CALM)).toBeNull();
    expect(press(view('waiting', cycle(1, 5, 4, 'right', { ready: true })), { act: 0, pick: 0 })).toBeNull();
  });

  it('presses nothing during the countdown, when dead, or for a seat it does not hold', () => {
    expect(press(view('countdown', cycle(1, 17, 4, 'right')), { act: 0, pick: 0.5 })).toBeNull();
    expect(press(view('running', cycle(1, 17, 4, 'right', { status: 'exploding', alive: false })), CALM)).toBeNull();
    const unseated = view('running', cycle(1, 17, 4, 'right'));
    expect(press({ ...unseated, me: 3 }, CALM)).toBeNull();
  });

  it('turns towards the side with more room when two cells or fewer lie ahead', () => {
    // At (16, 2) heading right: 2 cells to the border; 1 cell up, 6 down.
    expect(press(view('running', cycle(1, 16, 2, 'right')), CALM)).toBe('j');
    // At (16, 7): 6 up, 1 down.
    expect(press(view('running', cycle(1, 16, 7, 'right')), CALM)).toBe('k');
  });

  it('breaks a tie between equally open sides with the pick die', () => {
    // At (9, 7) heading down: 1 cell ahead; walls at x = 4 and x = 14 leave 4 cells on each side.
    const tie: WallCell[] = [
      [4, 7, 2],
      [14, 7, 2],
    ];
    expect(press(view('running', cycle(1, 9, 7, 'down'), [], tie), { act: 0.99, pick: 0.2 })).toBe('h');
    expect(press(view('running', cycle(1, 9, 7, 'down'), [], tie), { act: 0.99, pick: 0.7 })).toBe('l');
  });

  it('keeps going when neither side is better than straight ahead', () => {
    // Boxed in at (1, 1) heading up: 0 ahead, 0 left, and a wall right at (2, 1).
    expect(press(view('running', cycle(1, 1, 1, 'up'), [], [[2, 1, 2]]), CALM)).toBeNull();
  });

  it('does not send the rescuing turn twice while it is in flight', () => {
    expect(press(view('running', cycle(1, 16, 2, 'right'), [], [], 'j'), CALM)).toBeNull();
    // A different key in flight does not stop the rescue.
    expect(press(view('running', cycle(1, 16, 2, 'right'), [], [], 'i'), CALM)).toBe('j');
  });

  it('leaves INSERT mode when four cells or fewer lie ahead, since INSERT mode cannot turn', () => {
    expect(press(view('running', cycle(1, 14, 4, 'right', { inserting: true })), CALM)).toBe('esc');
    expect(press(view('running', cycle(1, 13, 4, 'right', { inserting: true })), CALM)).toBeNull();
    expect(press(view('running', cycle(1, 14, 4, 'right', { inserting: true }), [], [], 'esc'), CALM)).toBeNull();
  });

  it('leaves INSERT mode on open road only when the act die falls under its chance', () => {
    const inserting = view('running', cycle(1, 2, 4, 'right', { inserting: true }));
    expect(press(inserting, { act: 0.1, pick: 0.5 })).toBe('esc');
    expect(press(inserting, { act: 0.15, pick: 0.5 })).toBeNull();
  });

  it('enters INSERT mode for fun only with eight cells or more ahead', () => {
    expect(press(view('running', cycle(1, 10, 4, 'right')), { act: 0.1, pick: 0.05 })).toBe('i');
    expect(press(view('running', cycle(1, 11, 4, 'right')), { act: 0.1, pick: 0.05 })).toBeNull();
  });

  it('turns for fun into an open side picked by the die, and never into a side with under four cells', () => {
    // At (9, 4) heading right: up 3 cells (too few), down 4 cells.
    expect(press(view('running', cycle(1, 9, 4, 'right')), { act: 0.1, pick: 0.2 })).toBe('j');
    expect(press(view('running', cycle(1, 9, 4, 'right')), { act: 0.1, pick: 0.9 })).toBe('j');
    // At (9, 4) heading up: left 8 cells, right 9 cells, both open.
    expect(press(view('running', cycle(1, 9, 4, 'up')), { act: 0.1, pick: 0.2 })).toBe('h');
    expect(press(view('running', cycle(1, 9, 4, 'up')), { act: 0.1, pick: 0.9 })).toBe('l');
  });

  it('presses nothing for fun when the act die misses, or while another key is in flight', () => {
    expect(press(view('running', cycle(1, 9, 4, 'up')), { act: defaultTemper.keyChancePerTick, pick: 0.9 })).toBeNull();
    expect(press(view('running', cycle(1, 9, 4, 'up'), [], [], 'k'), { act: 0, pick: 0.9 })).toBeNull();
  });
});

/** A room bot's temper with every trait pinned: quick, careful, cuts opponents off, no lapses or fun unless the dice say so. */
const RACER: BotTemper = {
  ...defaultTemper,
  keyChancePerTick: 0.1,
  insertShare: 0.3,
  leaveInsertChancePerTick: 0.05,
  dangerRun: 2,
  insertDangerRun: 2,
  insertSafeRun: 4,
  spaceCap: 60,
  cutReach: 4,
  cutLead: 2,
  wallLength: 3,
  lapseChancePerTick: 0.02,
};

/** Dice for a bot that neither lapses nor presses anything for fun. */
const STEADY: BotDice = { act: 0.5, pick: 0.5 };

describe('chooseKeys, as the room’s bots play', () => {
  it('turns away from a dead end ahead into open space, long before reaching its end', () => {
    // Heading right at (3, 4) into a corridor closed at x = 11: seven free cells ahead, all in a pocket.
    const corridor: WallCell[] = [];
    for (let x = 4; x <= 10; x++) corridor.push([x, 3, 2], [x, 5, 2]);
    corridor.push([11, 4, 2]);
    const keys = chooseKeys(view('running', cycle(1, 3, 4, 'right'), [], corridor), STEADY, RACER);
    expect(keys).toHaveLength(1);
    expect(['j', 'k']).toContain(keys[0]);
    // Without the corridor's end it is open road: straight on.
    expect(chooseKeys(view('running', cycle(1, 3, 4, 'right'), [], corridor.slice(0, -1)), STEADY, RACER)).toStrictEqual([]);
  });

  it('keeps away from a cell another cycle may enter on the next tick', () => {
    // Cycle 2 at (6, 3) heading down may enter (6, 4), right ahead, or turn into (5, 3), just above.
    const other = cycle(2, 6, 3, 'down');
    expect(chooseKeys(view('running', cycle(1, 5, 4, 'right'), [other]), STEADY, RACER)).toStrictEqual(['j']);
    // Heading away from the cell, it cannot reach it.
    expect(chooseKeys(view('running', cycle(1, 5, 4, 'right'), [cycle(2, 6, 3, 'up')]), STEADY, RACER)).toStrictEqual([]);
  });

  it('lays a wall across an opponent’s path just ahead of it, when it gets to the crossing first', () => {
    // Crossing (7, 4): two cells ahead of the bot, three ahead of cycle 2.
    expect(chooseKeys(view('running', cycle(1, 5, 4, 'right'), [cycle(2, 7, 1, 'down')]), STEADY, RACER)).toStrictEqual(['i']);
    // The opponent would be there first, or the crossing is too far off: no cut.
    expect(chooseKeys(view('running', cycle(1, 5, 4, 'right'), [cycle(2, 7, 2, 'down')]), STEADY, RACER)).toStrictEqual([]);
    expect(chooseKeys(view('running', cycle(1, 3, 4, 'right'), [cycle(2, 7, 1, 'down')]), STEADY, RACER)).toStrictEqual([]);
    // Heading away from the bot's line, or parallel to it: nothing to cut.
    expect(chooseKeys(view('running', cycle(1, 5, 4, 'right'), [cycle(2, 7, 1, 'up')]), STEADY, RACER)).toStrictEqual([]);
    expect(chooseKeys(view('running', cycle(1, 5, 4, 'right'), [cycle(2, 7, 1, 'left')]), STEADY, RACER)).toStrictEqual([]);
    // The load generator's bots never hunt.
    expect(chooseKeys(view('running', cycle(1, 5, 4, 'right'), [cycle(2, 7, 1, 'down')]), STEADY, defaultTemper)).toStrictEqual([]);
  });

  it('keeps inserting while the cut is under way, then stops once its wall is as long as it likes', () => {
    const inserting = cycle(1, 7, 4, 'right', { inserting: true });
    // On the crossing, cycle 2 two cells off: the wall goes down here as it leaves.
    expect(chooseKeys(view('running', inserting, [cycle(2, 7, 2, 'down')], [[6, 4, 1], [5, 4, 1], [4, 4, 1]]), STEADY, RACER)).toStrictEqual([]);
    // No cut: a wall of two cells behind is not long enough, three is.
    expect(chooseKeys(view('running', inserting, [], [[6, 4, 1], [5, 4, 1]]), STEADY, RACER)).toStrictEqual([]);
    expect(chooseKeys(view('running', inserting, [], [[6, 4, 1], [5, 4, 1], [4, 4, 1]]), STEADY, RACER)).toStrictEqual(['esc']);
  });

  it('leaves INSERT mode and turns in one go when a wall comes close', () => {
    // At (16, 2) heading right: two cells to the border; one up, six down.
    expect(chooseKeys(view('running', cycle(1, 16, 2, 'right', { inserting: true })), STEADY, RACER)).toStrictEqual(['esc', 'j']);
  });

  it('presses nothing at all when its attention lapses, however close the danger', () => {
    const lapse: BotDice = { act: 1 - RACER.lapseChancePerTick, pick: 0.5 };
    expect(chooseKeys(view('running', cycle(1, 17, 2, 'right')), lapse, RACER)).toStrictEqual([]);
    expect(chooseKeys(view('running', cycle(1, 17, 2, 'right')), STEADY, RACER)).toStrictEqual(['j']);
  });

  it('readies up at once outside a round', () => {
    expect(chooseKeys(view('waiting', cycle(1, 5, 4, 'right', { ready: false })), STEADY, RACER)).toStrictEqual(['i']);
    expect(chooseKeys(view('finished', cycle(1, 5, 4, 'right', { ready: false, status: 'dead', alive: false })), STEADY, RACER)).toStrictEqual(['i']);
  });
});

describe('keyEffectShown', () => {
  const me = cycle(1, 5, 4, 'down', { inserting: true, ready: false });

  it('reads a turn from the direction, i and esc from INSERT mode in a round and from readiness outside one', () => {
    expect(keyEffectShown('j', 'running', me)).toBe(true);
    expect(keyEffectShown('l', 'running', me)).toBe(false);
    expect(keyEffectShown('i', 'running', me)).toBe(true);
    expect(keyEffectShown('esc', 'running', me)).toBe(false);
    expect(keyEffectShown('i', 'waiting', me)).toBe(false);
    expect(keyEffectShown('esc', 'finished', me)).toBe(true);
  });

  it('counts turns and INSERT in a round as input latency, not readying up or esc', () => {
    expect(['h', 'j', 'k', 'l'].map((key) => isLatencyKey(key as 'h', 'running'))).toEqual([true, true, true, true]);
    expect(isLatencyKey('i', 'running')).toBe(true);
    expect(isLatencyKey('i', 'waiting')).toBe(false);
    expect(isLatencyKey('esc', 'running')).toBe(false);
  });
});

describe('ArenaWalls', () => {
  it('adds walls from states and clears every wall of an owner that crashed', () => {
    const walls = arena([
      [3, 3, 1],
      [4, 3, 2],
    ]);
    walls.apply({ added: [[5, 3, 1]], cleared: [] });
    expect([walls.wallAt(3, 3), walls.wallAt(4, 3), walls.wallAt(5, 3)]).toEqual([1, 2, 1]);
    walls.apply({ added: [[6, 3, 2]], cleared: [1] });
    expect([walls.wallAt(3, 3), walls.wallAt(4, 3), walls.wallAt(5, 3), walls.wallAt(6, 3)]).toEqual([0, 2, 0, 2]);
    walls.reset(20, 10, []);
    expect(walls.wallAt(4, 3)).toBe(0);
  });
});
