import {
  COUNTDOWN_TICKS,
  createGame,
  seatPlayer,
  step,
  type Cycle,
  type GameOptions,
  type GameState,
  type Key,
  type PlayerInput,
} from '../../shared/rules/index.js';

/**
 * Small builders for rules tests. They reach a phase through the public rules
 * (seatPlayer, step) and then place cycles and walls by spreading over the
 * result, so every state a test starts from is one the rules could hold.
 */

/** A game with every seat taken, still in the waiting phase. */
export function seatedGame(options: Partial<GameOptions> = {}): GameState {
  let state = createGame({ seats: 2, seed: 1, ...options });
  for (let seat = 0; seat < state.seats; seat++) state = seated(seatPlayer(state));
  return state;
}

/** A full game whose players all pressed `i`: the countdown has just begun. */
export function countdownGame(options: Partial<GameOptions> = {}): GameState {
  const state = seatedGame(options);
  const next = step(state, everyone(state, 'i'));
  if (next.phase !== 'countdown') throw new Error(`expected the countdown, got ${next.phase}`);
  return next;
}

/** A full game on the first tick of round 1 (nobody has moved yet). */
export function runningGame(options: Partial<GameOptions> = {}): GameState {
  let state = countdownGame(options);
  for (let tick = 0; tick < COUNTDOWN_TICKS; tick++) state = step(state, []);
  if (state.phase !== 'running') throw new Error(`expected a running round, got ${state.phase}`);
  return state;
}

/** Where a test puts a cycle; unlisted fields keep their value. */
export type CyclePlacement = Partial<Omit<Cycle, 'number'>>;

/** Replaces fields of the given cycles (by number); the other cycles are untouched. */
export function withCycles(state: GameState, placements: Readonly<Record<number, CyclePlacement>>): GameState {
  return {
    ...state,
    cycles: state.cycles.map((cycle) => {
      const placement = placements[cycle.number];
      return placement ? { ...cycle, ...placement } : cycle;
    }),
  };
}

/** Adds wall cells [x, y, owner] to the state's wall map. */
export function withWalls(state: GameState, cells: readonly (readonly [number, number, number])[]): GameState {
  const walls = [...state.walls];
  for (const [x, y, owner] of cells) walls[y * state.width + x] = owner;
  return { ...state, walls };
}

/** The wall owner at a cell, 0 for none. */
export function wallAt(state: GameState, x: number, y: number): number {
  return state.walls[y * state.width + x]!;
}

/** Every wall cell of the state as [x, y, owner], row-major. */
export function wallCells(state: GameState): [number, number, number][] {
  const cells: [number, number, number][] = [];
  state.walls.forEach((owner, index) => {
    if (owner !== 0) cells.push([index % state.width, Math.floor(index / state.width), owner]);
  });
  return cells;
}

/** The same key pressed by every seat, in seat order. */
export function everyone(state: GameState, action: Key | 'leave'): PlayerInput[] {
  return state.cycles.map((cycle) => ({ player: cycle.number, action }));
}

/** Inputs of one player, in order. */
export function keys(player: number, ...actions: (Key | 'leave')[]): PlayerInput[] {
  return actions.map((action) => ({ player, action }));
}

/** Steps `count` ticks with no input. */
export function idle(state: GameState, count: number): GameState {
  for (let tick = 0; tick < count; tick++) state = step(state, []);
  return state;
}

export function cycle(state: GameState, number: number): Cycle {
  const found = state.cycles[number - 1];
  if (!found || found.number !== number) throw new Error(`no cycle ${number}`);
  return found;
}

/** Freezes a value and everything it holds, so that any write to it throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function seated(result: ReturnType<typeof seatPlayer>): GameState {
  if (!result.ok) throw new Error(`seatPlayer refused: ${result.reason}`);
  return result.state;
}
