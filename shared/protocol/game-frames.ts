import type { Cycle, GameState } from '../rules/types.js';
import type { CycleView, SnapshotMessage, StateMessage, WallCell } from './server-messages.js';

/**
 * Turns game state into the text frames players receive. A room serializes
 * each frame once; the lobby forwards the same string to every player.
 */

export function encodeStateFrame(state: GameState): string {
  const message: StateMessage = {
    type: 'state',
    ...roundFields(state),
    walls: { added: state.wallChanges.added, cleared: state.wallChanges.cleared },
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
  };
  return JSON.stringify(message);
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
