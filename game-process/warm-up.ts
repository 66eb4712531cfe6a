import { encodeCompactStateFrame } from '../shared/protocol/compact-frames.js';
import { encodeSnapshotFrame, encodeStateFrame } from '../shared/protocol/game-frames.js';
import { stepWithBots } from '../shared/bots/room-bots.js';
import { createGame, seatPlayer, step, toCheckpoint, type GameState, type PlayerInput } from '../shared/rules/index.js';
import { GameRoom } from './game-room.js';

/**
 * Ticks of the throwaway game: enough for V8 to optimise the per-tick code.
 * A room calls it only ten times a second; measured here (real room
 * processes, 10 ticks a second, 2 players), a room that skipped the warm-up
 * spends about 0.1-0.15 ms more CPU per tick over its first 300 ticks, and
 * the same from then on.
 */
const WARM_UP_TICKS = 300;
/**
 * Ticks of a second throwaway game of bots only: the countdown, then 15
 * ticks of racing. Enough to compile the bots' code paths, whose first
 * cold ticks cost a room with bots several milliseconds each otherwise;
 * not enough to optimise them all, which would cost every room, bots or
 * not, a tenth of a second. Measured here on a busy machine: about 25 ms
 * (15 to 60), against about 20 ms for the rest of the warm-up.
 */
const BOT_WARM_UP_TICKS = 45;

/**
 * Plays a throwaway game through every code path a real one takes, before the
 * room says `ready`: a room waiting in the warm pool then answers its first
 * `create` and `join` in a millisecond or two, and its ticks run optimised
 * code from the start. It costs about 15-30 ms of CPU once (a tenth of a
 * room's start), and about 0.7 MB of PSS (optimised code and type feedback)
 * for the room's lifetime. Only spares, which have the time, play it: a room
 * started for a player who waits says `ready` at once and gets its code
 * optimised during its first half minute of play instead, for about the same
 * CPU in all.
 */
export function warmUp(): void {
  // A small arena: rounds end fast, so every phase comes round several times, and little memory is touched.
  let state: GameState = createGame({ seats: 2, width: 30, height: 12, seed: 1 });
  for (let seat = 0; seat < 2; seat++) {
    const seated = seatPlayer(state);
    if (seated.ok) state = seated.state;
  }
  encodeSnapshotFrame(state);
  for (let tick = 0; tick < WARM_UP_TICKS; tick++) {
    state = step(state, warmUpInputs(state, tick));
    encodeStateFrame(state);
    encodeCompactStateFrame(state);
    if (tick % 5 === 0) toCheckpoint(state);
  }
  let racing = createGame({ seats: 2, bots: 2, width: 20, height: 10, seed: 1 });
  for (let tick = 0; tick < BOT_WARM_UP_TICKS; tick++) racing = stepWithBots(racing, []);
  // The room itself too: constructor, start, a seat, a key, and dispose (which clears its timer).
  const room = new GameRoom({ name: 'warm-up', seats: 2, bots: 0, width: 20, height: 10, seed: 1, tickMs: 100, workMs: null }, () => true);
  room.start();
  room.handle({ type: 'join', requestId: 0 });
  room.handle({ type: 'key', player: 1, key: 'i' });
  room.dispose();
}

/** Both ready up whenever a round is not on; in a round, one weaves and the other lays walls. */
function warmUpInputs(state: GameState, tick: number): PlayerInput[] {
  if (state.phase === 'waiting' || state.phase === 'finished') {
    return [
      { player: 1, action: 'i' },
      { player: 2, action: 'i' },
    ];
  }
  if (state.phase !== 'running') return [];
  if (tick % 6 === 0) return [{ player: 1, action: tick % 12 === 0 ? 'k' : 'j' }];
  if (tick % 9 === 0) return [{ player: 2, action: tick % 18 === 0 ? 'i' : 'esc' }];
  return [];
}
