import { MAX_PLAYER_NAME_LENGTH } from './constants.js';
import type { GameState } from './types.js';

export type SeatResult =
  | { readonly ok: true; readonly state: GameState; readonly player: number }
  | { readonly ok: false; readonly reason: 'full' | 'in-progress' };

/**
 * Seats a new player in the lowest free seat, under `name` (already checked
 * by whoever took it from the player), or `player-N` for seat N without one.
 * A name another seated player has gets a suffix: the second "ana" is
 * "ana-2". The seat's score starts from nothing: it belongs to its player,
 * not to the seat. Seating is immediate rather than a tick input because the
 * player must learn their number at once. Rounds in countdown or running
 * cannot take new players.
 */
export function seatPlayer(state: GameState, name?: string): SeatResult {
  if (name !== undefined && (name.length === 0 || name.length > MAX_PLAYER_NAME_LENGTH)) {
    throw new RangeError(`a player name must have 1 to ${MAX_PLAYER_NAME_LENGTH} characters, got "${name}"`);
  }
  const free = state.cycles.find((cycle) => !cycle.seated);
  if (state.phase === 'countdown' || state.phase === 'running') {
    return { ok: false, reason: free ? 'in-progress' : 'full' };
  }
  if (!free) return { ok: false, reason: 'full' };
  const taken = state.cycles.filter((cycle) => cycle.seated && cycle.name !== null).map((cycle) => cycle.name!.toLowerCase());
  const unique = uniqueName(name ?? defaultPlayerName(free.number), taken);
  const cycles = state.cycles.map((cycle) =>
    cycle.number === free.number ? { ...cycle, seated: true, ready: false, name: unique, wins: 0, crashes: 0 } : cycle,
  );
  return { ok: true, state: { ...state, cycles }, player: free.number };
}

/** The name of the player in seat `seat` who gave none. */
export function defaultPlayerName(seat: number): string {
  return `player-${seat}`;
}

/** `wanted`, or `wanted-2`, `wanted-3`... (cut to fit the longest name) if another player has it, ignoring case. */
function uniqueName(wanted: string, taken: readonly string[]): string {
  if (!taken.includes(wanted.toLowerCase())) return wanted;
  for (let number = 2; ; number++) {
    const suffix = `-${number}`;
    const candidate = wanted.slice(0, MAX_PLAYER_NAME_LENGTH - suffix.length) + suffix;
    if (!taken.includes(candidate.toLowerCase())) return candidate;
  }
}

/**
 * Frees a player's seat at once, so that the next player to ask gets it
 * without waiting for a tick. A countdown is called off at once too (as the
 * next `step` would), so the game takes new players again. In a running
 * round the cycle stays on the grid until the next `step`, which explodes it
 * as it would for a leave input.
 */
export function unseatPlayer(state: GameState, player: number): GameState {
  const leaver = state.cycles[player - 1];
  if (!leaver || !leaver.seated) return state;
  const counting = state.phase === 'countdown';
  const cycles = state.cycles.map((cycle) => {
    const unseated = cycle.number === player ? { ...cycle, seated: false, ready: false } : cycle;
    // Turns planned for a start that was called off must not fire at a later start.
    return counting ? { ...unseated, queue: [] } : unseated;
  });
  return counting ? { ...state, cycles, phase: 'waiting', countdown: 0 } : { ...state, cycles };
}

export function seatedCount(state: GameState): number {
  let count = 0;
  for (const cycle of state.cycles) if (cycle.seated) count++;
  return count;
}
