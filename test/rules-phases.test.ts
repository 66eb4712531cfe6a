import { describe, expect, it } from 'vitest';
import {
  COUNTDOWN_TICKS,
  EXPLOSION_TICKS,
  READY_DELAY_TICKS,
  createGame,
  drawRandom,
  respawn,
  seatPlayer,
  step,
  type GameState,
} from '../shared/rules/index.js';
import {
  countdownGame,
  cycle,
  everyone,
  idle,
  keys,
  runningGame,
  seatedGame,
  wallCells,
  withCycles,
} from './helpers/game-states.js';

const NO_CHANGES = { added: [], cleared: [] };

/** What a step that changes nothing but the clock gives. */
function ticked(state: GameState, changes: Partial<GameState> = {}): GameState {
  return { ...state, tick: state.tick + 1, wallChanges: NO_CHANGES, ...changes };
}

/**
 * A running 3-seat round with cycles far apart in the middle of the default
 * arena, each heading right; tests move one next to the border to kill it.
 */
function spreadRound(): GameState {
  return withCycles(runningGame({ seats: 3 }), {
    1: { x: 10, y: 5, direction: 'right' },
    2: { x: 10, y: 10, direction: 'right' },
    3: { x: 10, y: 15, direction: 'right' },
  });
}

describe('waiting phase', () => {
  it('marks a seated player ready on i, and not ready again on esc', () => {
    const waiting = seatedGame({ seats: 2 });

    const ready = step(waiting, keys(1, 'i'));
    const unready = step(ready, keys(1, 'esc'));

    expect(ready).toStrictEqual(ticked(waiting, { cycles: withCycles(waiting, { 1: { ready: true } }).cycles }));
    expect(unready).toStrictEqual(ticked(ready, { cycles: waiting.cycles }));
  });

  it('ignores turn keys while waiting', () => {
    const waiting = seatedGame({ seats: 2 });

    expect(step(waiting, keys(1, 'h', 'j', 'k', 'l'))).toStrictEqual(ticked(waiting));
  });

  it('ignores input from an empty seat and from numbers that are no seat', () => {
    const created = createGame({ seats: 2, seed: 3 });
    const oneSeated = withCycles(created, { 1: { seated: true } });

    const next = step(oneSeated, [
      { player: 2, action: 'i' },
      { player: 0, action: 'i' },
      { player: 3, action: 'i' },
      { player: -1, action: 'i' },
      { player: 1.5, action: 'i' },
      { player: 2, action: 'leave' },
    ]);

    expect(next).toStrictEqual(ticked(oneSeated));
  });

  it('stays waiting while a seat is empty, even with every seated player ready', () => {
    const created = createGame({ seats: 3, seed: 3 });
    const twoSeated = withCycles(created, { 1: { seated: true }, 2: { seated: true } });

    const next = step(twoSeated, [...keys(1, 'i'), ...keys(2, 'i')]);

    expect(next).toStrictEqual(
      ticked(twoSeated, { cycles: withCycles(twoSeated, { 1: { ready: true }, 2: { ready: true } }).cycles }),
    );
  });

  it('starts the countdown on the tick the last player gets ready', () => {
    const waiting = withCycles(seatedGame({ seats: 3 }), { 1: { ready: true }, 2: { ready: true } });

    const next = step(waiting, keys(3, 'i'));

    expect(next).toStrictEqual(
      ticked(waiting, {
        phase: 'countdown',
        countdown: COUNTDOWN_TICKS,
        cycles: withCycles(waiting, { 3: { ready: true } }).cycles,
      }),
    );
  });

  it('starts a one-seat practice game as soon as its player is ready', () => {
    const waiting = seatedGame({ seats: 1 });

    expect(step(waiting, keys(1, 'i'))).toMatchObject({ phase: 'countdown', countdown: 30 });
  });
});

describe('countdown phase', () => {
  it('counts down 30 ticks, then runs round 1 with nobody moved', () => {
    const started = countdownGame({ seats: 2 });
    const seen: [string, number][] = [];

    let state = started;
    for (let tick = 0; tick < COUNTDOWN_TICKS; tick++) {
      seen.push([state.phase, state.countdown]);
      expect(state.cycles).toStrictEqual(started.cycles);
      state = step(state, []);
    }

    expect(seen).toStrictEqual(Array.from({ length: 30 }, (_, index) => ['countdown', 30 - index]));
    expect(state).toStrictEqual({
      ...started,
      tick: started.tick + COUNTDOWN_TICKS,
      phase: 'running',
      countdown: 0,
      round: 1,
      winner: null,
      wallChanges: NO_CHANGES,
    });
  });

  it('goes back to waiting when a player presses esc, keeping the others ready', () => {
    const counting = idle(countdownGame({ seats: 3 }), 10);

    const next = step(counting, keys(2, 'esc'));

    expect(next).toStrictEqual(
      ticked(counting, { phase: 'waiting', countdown: 0, cycles: withCycles(counting, { 2: { ready: false } }).cycles }),
    );
  });

  it('goes back to waiting when a player leaves, freeing the seat', () => {
    const counting = idle(countdownGame({ seats: 2 }), 3);

    const next = step(counting, keys(1, 'leave'));

    expect(next).toStrictEqual(
      ticked(counting, {
        phase: 'waiting',
        countdown: 0,
        cycles: withCycles(counting, { 1: { seated: false, ready: false } }).cycles,
      }),
    );
  });

  it('forgets turns queued during a countdown that was called off', () => {
    const counting = countdownGame({ seats: 2 });
    const planned = step(counting, [...keys(1, 'j', 'h'), ...keys(2, 'k')]);
    expect(planned.cycles.map((each) => each.queue.length)).toStrictEqual([2, 1]);

    const calledOff = step(planned, keys(2, 'esc'));

    expect(calledOff.phase).toBe('waiting');
    expect(calledOff.cycles.map((each) => each.queue)).toStrictEqual([[], []]);
  });

  it('does not pass turns queued by a leaver on to the next player in that seat', () => {
    const counting = countdownGame({ seats: 2 });
    const planned = step(counting, keys(2, 'k', 'l'));

    const left = step(planned, keys(2, 'leave'));
    const reseated = seatPlayer(left);

    expect(reseated.ok && reseated.state.cycles[1]).toMatchObject({ seated: true, ready: false, queue: [] });
  });

  it('ignores i during the countdown and keeps counting', () => {
    const counting = countdownGame({ seats: 2 });

    expect(step(counting, everyone(counting, 'i'))).toStrictEqual(ticked(counting, { countdown: 29 }));
  });
});

describe('running and finished phases', () => {
  it('keeps running while two or more cycles are alive', () => {
    const round = withCycles(spreadRound(), { 2: { x: 1, direction: 'left' } });

    const next = step(round, []);

    expect(next.phase).toBe('running');
    expect(next.winner).toBeNull();
    expect(next.cycles.map((each) => each.status)).toStrictEqual(['alive', 'exploding', 'alive']);
  });

  it('ends the round when one cycle is left, naming it the winner and clearing modes, queues and readiness', () => {
    const round = withCycles(spreadRound(), {
      1: { inserting: true },
      2: { x: 1, direction: 'left', status: 'exploding', explosionTicks: 2 },
      3: { x: 78, y: 20, direction: 'right', queue: ['left', 'down'] },
    });

    const finished = step(round, keys(1, 'esc', 'i'));

    expect(finished).toStrictEqual({
      ...round,
      tick: round.tick + 1,
      phase: 'finished',
      readyIn: READY_DELAY_TICKS,
      winner: 1,
      cycles: withCycles(round, {
        1: { x: 11, ready: false, inserting: false, wins: 1 },
        2: { x: 1, ready: false, explosionTicks: 1 },
        3: { ready: false, direction: 'down', status: 'exploding', explosionTicks: EXPLOSION_TICKS, queue: [], crashes: 1 },
      }).cycles,
      walls: finished.walls,
      wallChanges: { added: [[10, 5, 1]], cleared: [3] },
    });
    expect(wallCells(finished)).toStrictEqual([[10, 5, 1]]);
  });

  it('ends the round in a draw when the last cycles die on the same tick', () => {
    const round = withCycles(spreadRound(), {
      1: { x: 78, direction: 'right' },
      2: { x: 78, direction: 'right' },
      3: { status: 'dead' },
    });

    const finished = step(round, []);

    expect(finished.phase).toBe('finished');
    expect(finished.winner).toBeNull();
    expect(finished.cycles.map((each) => each.status)).toStrictEqual(['exploding', 'exploding', 'dead']);
  });

  it('ends a practice round only when its single cycle dies, with no winner', () => {
    const practice = withCycles(runningGame({ seats: 1 }), { 1: { x: 3, y: 5, direction: 'left' } });

    const first = step(practice, []);
    const second = step(first, []);
    const third = step(second, []);

    expect([first.phase, second.phase, third.phase]).toStrictEqual(['running', 'running', 'finished']);
    expect(third.winner).toBeNull();
    expect(cycle(third, 1)).toMatchObject({ x: 1, status: 'exploding', ready: false });
  });

  it('keeps burning explosions down after the round finished', () => {
    const round = withCycles(spreadRound(), { 2: { x: 78 }, 3: { x: 78 } });
    const finished = step(round, []);

    const later = idle(finished, EXPLOSION_TICKS);

    expect(later.phase).toBe('finished');
    expect(later.cycles.map((each) => [each.status, each.explosionTicks])).toStrictEqual([
      ['alive', 0],
      ['dead', 0],
      ['dead', 0],
    ]);
    expect(later.cycles.map((each) => [each.x, each.y])).toStrictEqual(finished.cycles.map((each) => [each.x, each.y]));
  });

  it('ignores i for a second after the round ends, counting readyIn down to 0, then readies on it', () => {
    let state = step(withCycles(spreadRound(), { 2: { x: 78 }, 3: { x: 78 } }), []);
    expect([state.phase, state.readyIn]).toStrictEqual(['finished', READY_DELAY_TICKS]);

    for (let left = READY_DELAY_TICKS; left > 0; left--) {
      expect(state.readyIn).toBe(left);
      state = step(state, everyone(state, 'i'));
      expect(state.cycles.map((each) => each.ready)).toStrictEqual([false, false, false]);
    }
    expect([state.phase, state.readyIn]).toStrictEqual(['finished', 0]);

    const voted = step(state, keys(1, 'i'));
    expect(voted.cycles.map((each) => each.ready)).toStrictEqual([true, false, false]);
    expect(voted.readyIn).toBe(0);
  });

  it('does not keep an i pressed too early for later', () => {
    const finished = step(withCycles(spreadRound(), { 2: { x: 78 }, 3: { x: 78 } }), []);

    const later = idle(step(finished, keys(1, 'i')), READY_DELAY_TICKS);

    expect(later.readyIn).toBe(0);
    expect(cycle(later, 1).ready).toBe(false);
  });

  it('keeps readyIn at 0 outside the finished phase', () => {
    const waiting = seatedGame({ seats: 2 });
    const counting = step(waiting, everyone(waiting, 'i'));
    const running = idle(counting, COUNTDOWN_TICKS);
    expect([waiting.readyIn, counting.readyIn, running.readyIn]).toStrictEqual([0, 0, 0]);
    expect(running.phase).toBe('running');
  });

  it('lets a player take back a rematch vote with esc', () => {
    const finished = idle(withCycles(spreadRound(), { 2: { x: 78 }, 3: { x: 78 } }), 1 + READY_DELAY_TICKS);

    const voted = step(finished, keys(2, 'i'));
    const unvoted = step(voted, keys(2, 'esc'));

    expect(cycle(voted, 2).ready).toBe(true);
    expect(voted.phase).toBe('finished');
    expect(cycle(unvoted, 2).ready).toBe(false);
    expect(unvoted.phase).toBe('finished');
  });

  it('waits for every seated player before a rematch', () => {
    const finished = idle(withCycles(spreadRound(), { 2: { x: 78 }, 3: { x: 78 } }), 1 + READY_DELAY_TICKS);
    expect(finished.cycles.map((each) => each.status)).toStrictEqual(['alive', 'dead', 'dead']);
    expect(finished.readyIn).toBe(0);

    const next = step(finished, [...keys(1, 'i'), ...keys(3, 'i')]);

    expect(next).toStrictEqual(
      ticked(finished, { cycles: withCycles(finished, { 1: { ready: true }, 3: { ready: true } }).cycles }),
    );
  });

  it('starts a rematch on fresh spawns with no walls, straight into the countdown when the seats are full', () => {
    const round = withCycles(spreadRound(), { 1: { inserting: true }, 2: { x: 76 }, 3: { x: 76 } });
    const finished = idle(round, 3 + READY_DELAY_TICKS);
    expect(finished.phase).toBe('finished');
    expect(wallCells(finished)).toStrictEqual([
      [10, 5, 1],
      [11, 5, 1],
      [12, 5, 1],
    ]);

    const rematch = step(finished, everyone(finished, 'i'));

    const spawns = respawn(finished).cycles;
    expect(rematch).toStrictEqual({
      ...finished,
      tick: finished.tick + 1,
      phase: 'countdown',
      countdown: COUNTDOWN_TICKS,
      winner: null,
      round: 1,
      cycles: spawns.map((each) => ({ ...each, seated: true, ready: true })),
      walls: new Array(finished.width * finished.height).fill(0),
      wallChanges: { added: [], cleared: [1] },
      rng: drawRandom(finished.rng).next,
    });

    const round2 = idle(rematch, COUNTDOWN_TICKS);
    expect([round2.phase, round2.round, round2.winner]).toStrictEqual(['running', 2, null]);
  });

  it('goes back to waiting after a rematch vote if a seat was left, and counts down once it is filled', () => {
    const finished = idle(withCycles(spreadRound(), { 2: { x: 78 }, 3: { x: 78 } }), 1 + READY_DELAY_TICKS);
    const afterLeave = step(finished, keys(3, 'leave'));

    const rematch = step(afterLeave, [...keys(1, 'i'), ...keys(2, 'i')]);

    expect(rematch.phase).toBe('waiting');
    expect(rematch.cycles.map((each) => [each.seated, each.ready, each.status])).toStrictEqual([
      [true, true, 'alive'],
      [true, true, 'alive'],
      [false, false, 'alive'],
    ]);

    const seated = seatPlayer(rematch);
    if (!seated.ok) throw new Error(seated.reason);
    expect(seated.player).toBe(3);
    const counting = step(seated.state, keys(3, 'i'));
    expect([counting.phase, counting.countdown]).toStrictEqual(['countdown', COUNTDOWN_TICKS]);
  });

  it('stays finished when everyone has left', () => {
    const finished = step(withCycles(spreadRound(), { 2: { x: 78 }, 3: { x: 78 } }), []);

    const empty = idle(step(finished, everyone(finished, 'leave')), 3);

    expect(empty.phase).toBe('finished');
    expect(empty.cycles.map((each) => each.seated)).toStrictEqual([false, false, false]);
  });
});

describe('the clock', () => {
  it('counts one tick per step in every phase', () => {
    const waiting = seatedGame({ seats: 2 });
    const counting = step(waiting, everyone(waiting, 'i'));
    const running = idle(counting, COUNTDOWN_TICKS);
    const finished = step(withCycles(running, { 2: { x: 78, y: 4, direction: 'right' } }), []);

    expect([waiting.tick, counting.tick, running.tick, finished.tick, step(finished, []).tick]).toStrictEqual([
      0,
      1,
      1 + COUNTDOWN_TICKS,
      2 + COUNTDOWN_TICKS,
      3 + COUNTDOWN_TICKS,
    ]);
    expect(finished.phase).toBe('finished');
  });
});
