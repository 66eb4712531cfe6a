import type { GameState } from './types.js';

export type SeatResult =
  | { readonly ok: true; readonly state: GameState; readonly player: number }
  | { readonly ok: false; readonly reason: 'full' | 'in-progress' };

/**
 * Seats a new player in the lowest free seat. Seating is immediate rather
 * than a tick input because the player must learn their number at once.
 * Rounds in countdown or running cannot take new players.
 */
export function seatPlayer(state: GameState): SeatResult {
  const free = state.cycles.find((cycle) => !cycle.seated);
  if (state.phase === 'countdown' || state.phase === 'running') {
    return { ok: false, reason: free ? 'in-progress' : 'full' };
  }
  if (!free) return { ok: false, reason: 'full' };
  const cycles = state.cycles.map((cycle) =>
    cycle.number === free.number ? { ...cycle, seated: true, ready: false } : cycle,
  );
  return { ok: true, state: { ...state, cycles }, player: free.number };
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
