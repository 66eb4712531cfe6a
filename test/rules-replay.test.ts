import { describe, expect, it } from 'vitest';
import {
  createGame,
  seatPlayer,
  step,
  type GameOptions,
  type GameState,
  type Key,
  type Phase,
  type PlayerInput,
} from '../shared/rules/index.js';
import { deepFreeze } from './helpers/game-states.js';

/** What happened before one step: players who took a seat, then the inputs of the tick. */
interface TickEvents {
  readonly seats: number;
  readonly inputs: readonly PlayerInput[];
}

interface Recording {
  readonly options: GameOptions;
  readonly events: readonly TickEvents[];
  /** The state after each tick's events and step; states[0] is the created game. */
  readonly states: readonly GameState[];
}

/** A tiny seeded generator for the script, independent of the rules' own. */
function scriptRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const TURNS: readonly Key[] = ['h', 'j', 'k', 'l'];

/**
 * Plays a whole game with scripted players who seat themselves, get ready,
 * steer at random, lay walls, leave and come back, recording every tick.
 */
function record(options: GameOptions, ticks: number, scriptSeed: number): Recording {
  const random = scriptRandom(scriptSeed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const events: TickEvents[] = [];
  let state = createGame(options);
  const states: GameState[] = [state];
  let someoneLeft = false;

  for (let tick = 0; tick < ticks; tick++) {
    let seats = 0;
    const wantsSeat = state.phase === 'waiting' || state.phase === 'finished';
    while (wantsSeat && seats < 2 && random() < 0.4) {
      const result = seatPlayer(state);
      if (!result.ok) break;
      state = result.state;
      seats++;
    }

    const inputs: PlayerInput[] = [];
    for (const cycle of state.cycles) {
      if (!cycle.seated) continue;
      const player = cycle.number;
      switch (state.phase) {
        case 'waiting':
        case 'finished':
          if (!cycle.ready && random() < 0.3) inputs.push({ player, action: 'i' });
          else if (cycle.ready && random() < 0.01) inputs.push({ player, action: 'esc' });
          break;
        case 'countdown':
          if (random() < 0.1) inputs.push({ player, action: pick(TURNS) });
          if (random() < 0.01) inputs.push({ player, action: 'esc' });
          break;
        case 'running':
          if (!someoneLeft && state.round >= 2 && random() < 0.02) {
            someoneLeft = true;
            inputs.push({ player, action: 'leave' });
            break;
          }
          for (let press = 0; press < 2 && random() < 0.3; press++) {
            inputs.push({ player, action: random() < 0.75 ? pick(TURNS) : pick(['i', 'esc'] as const) });
          }
          break;
      }
    }
    events.push({ seats, inputs });
    state = step(state, inputs);
    states.push(state);
  }
  return { options, events, states };
}

/** Replays recorded events from the seed alone, checking each state on the way. */
function replay(recording: Recording, check: (before: GameState, inputs: readonly PlayerInput[], after: GameState, tick: number) => void): void {
  let state = createGame(recording.options);
  expect(state).toStrictEqual(recording.states[0]);
  recording.events.forEach((events, index) => {
    for (let seat = 0; seat < events.seats; seat++) {
      const result = seatPlayer(state);
      if (!result.ok) throw new Error(`tick ${index}: seat refused on replay (${result.reason})`);
      state = result.state;
    }
    const before = state;
    state = step(before, events.inputs);
    check(before, events.inputs, state, index);
  });
}

describe('replaying a recorded game', () => {
  const recording = record({ seats: 4, width: 40, height: 16, seed: 2024 }, 900, 7);

  it('records a game that goes through every phase, explosions, a leave and rematches', () => {
    const phases = new Set<Phase>(recording.states.map((state) => state.phase));
    const inputs = recording.events.flatMap((events) => events.inputs);
    const last = recording.states.at(-1)!;

    expect([...phases].sort()).toStrictEqual(['countdown', 'finished', 'running', 'waiting']);
    expect(last.round).toBeGreaterThanOrEqual(3);
    expect(recording.states.some((state) => state.wallChanges.added.length > 0)).toBe(true);
    expect(recording.states.some((state) => state.wallChanges.cleared.length > 0)).toBe(true);
    expect(recording.states.some((state) => state.cycles.some((cycle) => cycle.status === 'exploding'))).toBe(true);
    expect(recording.states.some((state) => state.winner !== null)).toBe(true);
    expect(inputs.some((input) => input.action === 'leave')).toBe(true);
    expect(recording.events.reduce((sum, events) => sum + events.seats, 0)).toBeGreaterThan(4);
  });

  it('gives the same state, tick for tick, from the same seed and inputs', () => {
    replay(recording, (_before, _inputs, after, tick) => {
      expect(after, `tick ${tick}`).toStrictEqual(recording.states[tick + 1]);
    });
  });

  it('never modifies the state it steps from', () => {
    replay(recording, (before, inputs, after, tick) => {
      const copy = structuredClone(before);
      deepFreeze(before);
      // Strict-mode modules throw on any write to a frozen object.
      const again = step(before, inputs);
      expect(before, `tick ${tick}`).toStrictEqual(copy);
      expect(again, `tick ${tick}`).toStrictEqual(after);
    });
  });

  it('steps a state that went through JSON, as over IPC, to the same result', () => {
    replay(recording, (before, inputs, after, tick) => {
      const revived = JSON.parse(JSON.stringify(before)) as GameState;
      expect(step(revived, inputs), `tick ${tick}`).toStrictEqual(after);
    });
  });

  it('counts each round won and each crash of a seated cycle, and nothing else, tick for tick', () => {
    let wins = 0;
    let crashes = 0;
    replay(recording, (before, _inputs, after, tick) => {
      const roundEnded = before.phase === 'running' && after.phase === 'finished';
      for (const [index, was] of before.cycles.entries()) {
        const now = after.cycles[index]!;
        const crashed = was.seated && now.seated && was.status === 'alive' && now.status === 'exploding';
        expect(now.wins, `tick ${tick} seat ${now.number}`).toBe(was.wins + (roundEnded && after.winner === now.number ? 1 : 0));
        expect(now.crashes, `tick ${tick} seat ${now.number}`).toBe(was.crashes + (crashed ? 1 : 0));
        expect(now.name, `tick ${tick} seat ${now.number}`).toBe(was.name);
        if (roundEnded && after.winner === now.number) wins++;
        if (crashed) crashes++;
      }
    });
    expect(wins).toBeGreaterThan(0);
    expect(crashes).toBeGreaterThan(wins);
  });

  it('keeps consecutive tick numbers and only the last step’s wall changes', () => {
    expectWallChangesToAddUp(recording.states);
  });

  it('never puts two cycles that are not dead on one cell, nor a cycle on a wall or the border', () => {
    expectBodiesApart(recording.states);
  });

  it('gives a different game for a different seed with the same inputs', () => {
    const other = createGame({ ...recording.options, seed: 2025 });

    expect(other.cycles.map((cycle) => [cycle.x, cycle.y])).not.toStrictEqual(
      recording.states[0]!.cycles.map((cycle) => [cycle.x, cycle.y]),
    );
  });
});

describe('many random games in a crowded arena', () => {
  const games = Array.from({ length: 40 }, (_, index) => ({ seed: index * 104729 + 11, script: index + 1 }));

  it.each(games)('keeps bodies apart and wall changes exact (seed $seed)', ({ seed, script }) => {
    const recording = record({ seats: 6, width: 20, height: 10, seed }, 300, script);

    expectBodiesApart(recording.states);
    expectWallChangesToAddUp(recording.states);
  });
});

/** Each state's wall map is the previous one with the state's wallChanges applied, and ticks follow on. */
function expectWallChangesToAddUp(states: readonly GameState[]): void {
  for (let index = 1; index < states.length; index++) {
    const before = states[index - 1]!;
    const after = states[index]!;
    expect(after.tick).toBe(before.tick + 1);
    const walls = [...before.walls];
    for (let cell = 0; cell < walls.length; cell++) {
      if (after.wallChanges.cleared.includes(walls[cell]!)) walls[cell] = 0;
    }
    for (const [x, y, owner] of after.wallChanges.added) walls[y * after.width + x] = owner;
    expect(walls, `tick ${after.tick}`).toStrictEqual(after.walls);
    expect(after.wallChanges.added.length, `tick ${after.tick}`).toBeLessThanOrEqual(after.seats);
  }
}

/** No two cycles that are alive or exploding share a cell; no cycle sits on the border; no live cycle on a wall. */
function expectBodiesApart(states: readonly GameState[]): void {
  for (const state of states) {
    const cells = new Set<string>();
    for (const cycle of state.cycles) {
      expect(cycle.x > 0 && cycle.y > 0 && cycle.x < state.width - 1 && cycle.y < state.height - 1).toBe(true);
      if (cycle.status === 'dead') continue;
      const cell = `${cycle.x},${cycle.y}`;
      expect(cells.has(cell), `tick ${state.tick} cell ${cell}`).toBe(false);
      cells.add(cell);
      if (cycle.status === 'alive') expect(state.walls[cycle.y * state.width + cycle.x], `tick ${state.tick}`).toBe(0);
    }
  }
}
