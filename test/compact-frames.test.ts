import { describe, expect, it } from 'vitest';
import { encodeCompactStateFrame, expandCompactState } from '../shared/protocol/compact-frames.js';
import { encodeStateFrame } from '../shared/protocol/game-frames.js';
import { createGame, seatPlayer, step, type GameState, type PlayerInput } from '../shared/rules/index.js';

function playedGame(): GameState[] {
  let state = createGame({ seats: 4, seed: 99 });
  for (let seat = 0; seat < 4; seat++) {
    const seated = seatPlayer(state);
    if (!seated.ok) throw new Error('seat expected');
    state = seated.state;
  }
  const states: GameState[] = [];
  const ready: PlayerInput[] = [1, 2, 3, 4].map((player) => ({ player, action: 'i' }));
  state = step(state, ready);
  for (let tick = 0; tick < 120; tick++) {
    const inputs: PlayerInput[] = tick === 35 ? [{ player: 1, action: 'i' }, { player: 2, action: 'i' }] : [];
    state = step(state, inputs);
    states.push(state);
  }
  return states;
}

describe('compact state frames', () => {
  it('expand to exactly the state message they stand for, tick after tick', () => {
    const states = playedGame();
    expect(states.some((state) => state.wallChanges.added.length > 0)).toBe(true);
    expect(states.some((state) => state.wallChanges.cleared.length > 0)).toBe(true);
    expect(states.some((state) => state.readyIn > 0)).toBe(true);
    for (const state of states) {
      expect(expandCompactState(JSON.parse(encodeCompactStateFrame(state)))).toEqual(JSON.parse(encodeStateFrame(state)));
      expect(expandCompactState(JSON.parse(encodeCompactStateFrame(state, true)))).toEqual(JSON.parse(encodeStateFrame(state, true)));
    }
  });

  it('take a quarter of the bytes of a full state in a 4-player game', () => {
    const states = playedGame();
    const compact = states.reduce((sum, state) => sum + encodeCompactStateFrame(state).length, 0);
    const full = states.reduce((sum, state) => sum + encodeStateFrame(state).length, 0);
    expect(compact / full).toBeLessThan(0.3);
  });

  it('say what is wrong with a malformed compact state instead of throwing', () => {
    const good = JSON.parse(encodeCompactStateFrame(playedGame()[0]!));
    expect(expandCompactState({ ...good, h: [1, 'flying', 0, 0, null, 0] })).toBe('phase must be waiting, countdown, running or finished');
    expect(expandCompactState({ ...good, h: [1, 'finished', 0, 0, null, -1] })).toBe(
      'tick, round, countdown and readyIn must be non-negative integers',
    );
    expect(expandCompactState({ ...good, h: [1, 'finished', 0, 0, null] })).toBe(
      'h must be [tick, phase, round, countdown, winner, readyIn]',
    );
    expect(expandCompactState({ ...good, c: [1, 2, 3] })).toBe('c must hold 5 values per cycle');
    expect(expandCompactState({ ...good, c: [1, 2, 3, 'q', 0] })).toBe('direction must be u, d, l or r');
    expect(expandCompactState({ ...good, a: [1, 2] })).toBe('a must hold 3 integers per wall cell');
    expect(expandCompactState({ ...good, x: ['1'] })).toBe('x must be a list of seat numbers');
    expect(expandCompactState({ ...good, h: null })).toBe('h must be [tick, phase, round, countdown, winner, readyIn]');
    expect(expandCompactState({ ...good, seats: [{ number: 1, name: 5, wins: 0, crashes: 0 }] })).toBe(
      'each seat must be {number, name, wins, crashes}',
    );
  });
});
