import { describe, expect, it } from 'vitest';
import { fromCheckpoint, seatPlayer, step, toCheckpoint, type GameState } from '../shared/rules/index.js';
import { cycle, everyone, idle, keys, runningGame, withCycles } from './helpers/game-states.js';
import { COUNTDOWN_TICKS, READY_DELAY_TICKS } from '../shared/rules/constants.js';

/** A running 20x10 round where cycle 2 crashes into the left border on the next tick and the others are safe. */
function aboutToCrash(seats: number): GameState {
  const placements: Record<number, { x: number; y: number; direction: 'left' | 'right' }> = {};
  for (let number = 1; number <= seats; number++) placements[number] = { x: 4 + 2 * number, y: 2 + number, direction: 'right' };
  placements[2] = { x: 1, y: 5, direction: 'left' };
  return withCycles(runningGame({ seats, width: 20, height: 10 }), placements);
}

/** The scores of every seat, as [wins, crashes]. */
function scores(state: GameState): [number, number][] {
  return state.cycles.map((each) => [each.wins, each.crashes]);
}

describe('scores', () => {
  it('counts a crash for a cycle that crashes and a win for the last one left', () => {
    const finished = step(aboutToCrash(2), []);

    expect(finished.phase).toBe('finished');
    expect(finished.winner).toBe(1);
    expect(scores(finished)).toStrictEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('counts a crash mid-round at once, before the round ends', () => {
    const next = step(aboutToCrash(3), []);

    expect(next.phase).toBe('running');
    expect(scores(next)).toStrictEqual([
      [0, 0],
      [0, 1],
      [0, 0],
    ]);
  });

  it('counts a crash for both and a win for neither in a draw', () => {
    const headOn = withCycles(runningGame({ seats: 2, width: 20, height: 10 }), {
      1: { x: 5, y: 5, direction: 'right' },
      2: { x: 6, y: 5, direction: 'left' },
    });

    const draw = step(headOn, []);

    expect(draw.winner).toBeNull();
    expect(scores(draw)).toStrictEqual([
      [0, 1],
      [0, 1],
    ]);
  });

  it('counts the crashes of a practice game, which nobody wins', () => {
    const practice = withCycles(runningGame({ seats: 1, width: 20, height: 10 }), { 1: { x: 18, y: 5, direction: 'right' } });

    const over = step(practice, []);

    expect(over.phase).toBe('finished');
    expect(scores(over)).toStrictEqual([[0, 1]]);
  });

  it('gives the round to the one left when the others leave, and counts no crash for leaving', () => {
    const running = runningGame({ seats: 2, width: 20, height: 10 });

    const finished = step(running, keys(2, 'leave'));

    expect(finished.winner).toBe(1);
    expect(scores(finished)).toStrictEqual([
      [1, 0],
      [0, 0],
    ]);
  });

  it('keeps the scores across rematches, and through a checkpoint', () => {
    let state = idle(step(aboutToCrash(2), []), READY_DELAY_TICKS);
    state = step(state, everyone(state, 'i'));
    expect(state.phase).toBe('countdown');
    expect(scores(state)).toStrictEqual([
      [1, 0],
      [0, 1],
    ]);
    state = idle(state, COUNTDOWN_TICKS);
    state = withCycles(state, { 1: { x: 1, y: 3, direction: 'left' }, 2: { x: 10, y: 5, direction: 'right' } });
    state = step(state, []);

    expect(state.winner).toBe(2);
    expect(scores(state)).toStrictEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(fromCheckpoint(JSON.parse(JSON.stringify(toCheckpoint(state))))).toStrictEqual({ ...state, wallChanges: { added: [], cleared: [] } });
  });

  it('starts a new player in a seat given up from no score, under their own name', () => {
    const finished = step(aboutToCrash(2), []);
    const left = step(finished, keys(1, 'leave'));
    expect(cycle(left, 1)).toMatchObject({ seated: false, name: 'player-1', wins: 1 });

    const taken = seatPlayer(left, 'bo');

    expect(taken.ok && taken.state.cycles[0]).toMatchObject({ seated: true, name: 'bo', wins: 0, crashes: 0 });
  });
});

describe('a checkpoint of a room of an older version, without names or scores', () => {
  it('gives its seated players the default names and no score, and its free seats no name', () => {
    const state = withCycles(runningGame({ seats: 3, width: 20, height: 10 }), { 3: { seated: false } });
    const old = JSON.parse(JSON.stringify(toCheckpoint(state))) as { cycles: Record<string, unknown>[] };
    for (const each of old.cycles) {
      delete each.name;
      delete each.wins;
      delete each.crashes;
    }

    const restored = fromCheckpoint(old as never);

    expect(restored.cycles.map((each) => [each.name, each.wins, each.crashes])).toStrictEqual([
      ['player-1', 0, 0],
      ['player-2', 0, 0],
      [null, 0, 0],
    ]);
  });
});
