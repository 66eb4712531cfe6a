/**
 * The life of a room runtime as seen from the lobby:
 * queued (waiting for a start slot, no process yet) -> starting (started,
 * not yet ready) -> running -> stopping (asked to stop) -> exited.
 * A room can end from any state, so every state may go straight to exited
 * (or, asked to stop, through stopping). A room that died for a cause
 * outside its game logic is given a fresh runtime, which may have to wait
 * for a slot again: exited -> queued or starting.
 */
export type RoomLifecycle = 'queued' | 'starting' | 'running' | 'stopping' | 'exited';

const ALLOWED: Readonly<Record<RoomLifecycle, readonly RoomLifecycle[]>> = {
  queued: ['starting', 'stopping', 'exited'],
  starting: ['running', 'stopping', 'exited'],
  running: ['stopping', 'exited'],
  stopping: ['exited'],
  exited: ['queued', 'starting'],
};

export function nextLifecycle(from: RoomLifecycle, to: RoomLifecycle): RoomLifecycle {
  if (!ALLOWED[from].includes(to)) {
    throw new Error(`room lifecycle cannot go from ${from} to ${to}`);
  }
  return to;
}
