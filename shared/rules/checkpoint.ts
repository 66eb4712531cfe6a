import { defaultPlayerName } from './seats.js';
import type { Cycle, GameState } from './types.js';

/**
 * A whole game state in a compact form for keeping and restoring: walls are
 * listed as [cell index, owner] pairs instead of one number per cell, since
 * most cells are empty. Restoring it gives back the exact state, so a room
 * can resume from it in a new process and play on deterministically.
 */
export interface Checkpoint extends Omit<GameState, 'walls' | 'wallChanges'> {
  readonly walls: readonly (readonly [number, number])[];
}

export function toCheckpoint(state: GameState): Checkpoint {
  const { walls, wallChanges: _changes, ...rest } = state;
  const standing: [number, number][] = [];
  for (let index = 0; index < walls.length; index++) {
    const owner = walls[index]!;
    if (owner !== 0) standing.push([index, owner]);
  }
  return { ...rest, walls: standing };
}

export function fromCheckpoint(checkpoint: Checkpoint): GameState {
  const { walls: standing, cycles, ...rest } = checkpoint;
  const walls = new Array<number>(checkpoint.width * checkpoint.height).fill(0);
  for (const [index, owner] of standing) {
    if (!Number.isInteger(index) || index < 0 || index >= walls.length) {
      throw new RangeError(`checkpoint wall index ${index} is outside a ${checkpoint.width}x${checkpoint.height} arena`);
    }
    walls[index] = owner;
  }
  // A record saved by an older lobby of a cluster has no readyIn: nothing to wait for;
  // and no bots: it keeps none, and every seated cycle is a person's.
  const readyIn = Number.isInteger(rest.readyIn) ? rest.readyIn : 0;
  const wantedBots = Number.isInteger(rest.wantedBots) ? rest.wantedBots : 0;
  return { ...rest, readyIn, wantedBots, cycles: cycles.map(fromOlder), walls, wallChanges: { added: [], cleared: [] } };
}

/**
 * A cycle as a checkpoint holds it. Checkpoints kept by a lobby of an older
 * version (in a cluster being upgraded one lobby at a time) have no names,
 * scores or bots: a seated player gets the name a player without one gets,
 * no score yet, and is a person.
 */
function fromOlder(cycle: Checkpoint['cycles'][number]): Cycle {
  const { name, wins, crashes, bot } = cycle as Partial<Cycle>;
  return {
    ...cycle,
    name: name ?? (cycle.seated ? defaultPlayerName(cycle.number) : null),
    wins: wins ?? 0,
    crashes: crashes ?? 0,
    bot: bot ?? null,
  };
}
