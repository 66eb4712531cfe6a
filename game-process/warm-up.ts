import { encodeCompactStateFrame } from '../shared/protocol/compact-frames.js';
import { encodeSnapshotFrame, encodeStateFrame } from '../shared/protocol/game-frames.js';
import { createGame, seatPlayer, step, toCheckpoint, type GameState } from '../shared/rules/index.js';
import { GameRoom } from './game-room.js';

/**
 * Runs a throwaway game through every code path a real one takes in its
 * first ticks, so that a room waiting in the warm pool has its functions
 * compiled already: the first `create` and `join` then answer in a
 * millisecond or two instead of paying for lazy compilation.
 */
export function warmUp(): void {
  let state: GameState = createGame({ seats: 2, width: 20, height: 10, seed: 1 });
  for (let seat = 0; seat < 2; seat++) {
    const seated = seatPlayer(state);
    if (seated.ok) state = seated.state;
  }
  encodeSnapshotFrame(state);
  state = step(state, [
    { player: 1, action: 'i' },
    { player: 2, action: 'i' },
  ]);
  for (let tick = 0; tick < 3; tick++) {
    state = step(state, []);
    encodeStateFrame(state);
    encodeCompactStateFrame(state);
    toCheckpoint(state);
  }
  // The room itself too: constructor, start, a seat, a key, and dispose (which clears its timer).
  const room = new GameRoom({ name: 'warm-up', seats: 2, width: 20, height: 10, seed: 1, tickMs: 100, workMs: null }, () => true);
  room.start();
  room.handle({ type: 'join', requestId: 0 });
  room.handle({ type: 'key', player: 1, key: 'i' });
  room.dispose();
}
