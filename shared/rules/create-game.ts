import {
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  MAX_HEIGHT,
  MAX_SEATS,
  MAX_WIDTH,
  MIN_HEIGHT,
  MIN_SEATS,
  MIN_WIDTH,
} from './constants.js';
import { seedRandom } from './random.js';
import { fillBotSeats } from './seats.js';
import { drawSpawns } from './spawn.js';
import type { Cycle, GameState } from './types.js';

export interface GameOptions {
  readonly seats: number;
  readonly width?: number;
  readonly height?: number;
  readonly seed: number;
  /** Seats played by bots, ready at once, from the highest seat down; 0 by default. */
  readonly bots?: number;
}

const NO_WALL_CHANGES = { added: [], cleared: [] } as const;

/**
 * A new game in the waiting phase with every seat empty. Throws on options
 * that the caller should have validated: remote input never reaches here
 * unchecked.
 */
export function createGame(options: GameOptions): GameState {
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  requireInteger('seats', options.seats, MIN_SEATS, MAX_SEATS);
  requireInteger('width', width, MIN_WIDTH, MAX_WIDTH);
  requireInteger('height', height, MIN_HEIGHT, MAX_HEIGHT);
  const bots = options.bots ?? 0;
  requireInteger('bots', bots, 0, options.seats);
  const empty: GameState = {
    width,
    height,
    seats: options.seats,
    phase: 'waiting',
    tick: 0,
    round: 0,
    countdown: 0,
    readyIn: 0,
    winner: null,
    cycles: [],
    walls: new Array<number>(width * height).fill(0),
    wallChanges: NO_WALL_CHANGES,
    wantedBots: bots,
    rng: seedRandom(options.seed),
  };
  // Spawns first, so that a game without bots draws exactly what it always did.
  return fillBotSeats(respawn(empty));
}

/**
 * Puts every cycle back on a fresh spawn, alive and in normal mode, and
 * removes every wall. Seats, names, scores and readiness are kept.
 */
export function respawn(state: GameState): GameState {
  const draw = drawSpawns(state.width, state.height, state.seats, state.rng);
  const cycles: Cycle[] = draw.spawns.map((spawn, index) => {
    const previous = state.cycles[index];
    return {
      number: index + 1,
      seated: previous?.seated ?? false,
      name: previous?.name ?? null,
      wins: previous?.wins ?? 0,
      crashes: previous?.crashes ?? 0,
      ready: previous?.ready ?? false,
      bot: previous?.bot ?? null,
      x: spawn.x,
      y: spawn.y,
      direction: spawn.direction,
      inserting: false,
      status: 'alive',
      explosionTicks: 0,
      queue: [],
    };
  });
  const hadWalls = state.walls.some((owner) => owner !== 0);
  return {
    ...state,
    cycles,
    walls: hadWalls ? new Array<number>(state.width * state.height).fill(0) : state.walls,
    wallChanges: hadWalls
      ? { added: [], cleared: uniqueOwners(state.walls) }
      : state.wallChanges,
    rng: draw.rng,
  };
}

function uniqueOwners(walls: readonly number[]): number[] {
  const owners = new Set<number>();
  for (const owner of walls) if (owner !== 0) owners.add(owner);
  return [...owners].sort((a, b) => a - b);
}

function requireInteger(name: string, value: number, low: number, high: number): void {
  if (!Number.isInteger(value) || value < low || value > high) {
    throw new RangeError(`${name} must be an integer from ${low} to ${high}, got ${value}`);
  }
}
