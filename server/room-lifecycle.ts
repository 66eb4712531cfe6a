/**
 * The life of a room runtime as seen from the lobby:
 * starting (forked, not yet ready) -> running -> stopping (asked to stop) -> exited.
 * A room can die from any state, so every state may go straight to exited.
 * A room that died for a cause outside its game logic is resumed from its
 * checkpoint in a fresh runtime: exited -> starting.
 */
export type RoomLifecycle = 'starting' | 'running' | 'stopping' | 'exited';

const ALLOWED: Readonly<Record<RoomLifecycle, readonly RoomLifecycle[]>> = {
  starting: ['running', 'stopping', 'exited'],
  running: ['stopping', 'exited'],
  stopping: ['exited'],
  exited: ['starting'],
};

export function nextLifecycle(from: RoomLifecycle, to: RoomLifecycle): RoomLifecycle {
  if (!ALLOWED[from].includes(to)) {
    throw new Error(`room lifecycle cannot go from ${from} to ${to}`);
  }
  return to;
}
