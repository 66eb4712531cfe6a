import type { Cycle, GameState } from '../rules/types.js';
import type { CycleView, SeatView, SnapshotMessage, StateMessage, WallCell } from './server-messages.js';

/**
 * Turns game state into the text frames players receive. A room serializes
 * each frame once; the lobby forwards the same string to every player.
 */

/** A `state` frame; with `withSeats`, it carries every seat's name and score (they changed this tick). */
export function encodeStateFrame(state: GameState, withSeats = false): string {
  const message: StateMessage = {
    type: 'state',
    ...roundFields(state),
    walls: { added: state.wallChanges.added, cleared: state.wallChanges.cleared },
    ...(withSeats ? { seats: seatViews(state.cycles) } : {}),
  };
  return JSON.stringify(message);
}

export function encodeSnapshotFrame(state: GameState): string {
  const message: SnapshotMessage = {
    type: 'snapshot',
    ...roundFields(state),
    width: state.width,
    height: state.height,
    walls: standingWalls(state),
    seats: seatViews(state.cycles),
  };
  return JSON.stringify(message);
}

/** Every seat's name and score, in seat order. */
export function seatViews(cycles: readonly Cycle[]): SeatView[] {
  return cycles.map((cycle) => ({ number: cycle.number, name: cycle.name, wins: cycle.wins, crashes: cycle.crashes }));
}

/** No seat's name or score differs between the two: frames need not carry the seats again. */
export function sameSeats(before: readonly Cycle[], after: readonly Cycle[]): boolean {
  if (before === after) return true;
  if (before.length !== after.length) return false;
  for (let index = 0; index < after.length; index++) {
    const a = before[index]!;
    const b = after[index]!;
    if (a.name !== b.name || a.wins !== b.wins || a.crashes !== b.crashes) return false;
  }
  return true;
}

function roundFields(state: GameState) {
  return {
    tick: state.tick,
    phase: state.phase,
    round: state.round,
    countdown: state.countdown,
    readyIn: state.readyIn,
    winner: state.winner,
    cycles: state.cycles.map(cycleView),
  };
}

function cycleView(cycle: Cycle): CycleView {
  return {
    number: cycle.number,
    x: cycle.x,
    y: cycle.y,
    direction: cycle.direction,
    inserting: cycle.inserting,
    status: cycle.status,
    alive: cycle.status === 'alive',
    ready: cycle.ready,
    seated: cycle.seated,
    bot: cycle.bot !== null,
  };
}

function standingWalls(state: GameState): WallCell[] {
  const cells: WallCell[] = [];
  for (let index = 0; index < state.walls.length; index++) {
    const owner = state.walls[index]!;
    if (owner !== 0) cells.push([index % state.width, Math.floor(index / state.width), owner]);
  }
  return cells;
}
