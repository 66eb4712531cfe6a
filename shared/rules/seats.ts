import { MAX_PLAYER_NAME_LENGTH } from './constants.js';
import { drawRandom } from './random.js';
import type { Bot, Cycle, GameState } from './types.js';

export type SeatResult =
  | { readonly ok: true; readonly state: GameState; readonly player: number }
  | { readonly ok: false; readonly reason: 'full' | 'in-progress' };

/**
 * Seats a new player in the lowest free seat; with none free, in the lowest
 * seat a bot holds, which the bot gives up (bots never keep a person out).
 * The player sits under `name` (already checked by whoever took it from the
 * player), or `player-N` for seat N without one; a name another seated
 * player has gets a suffix: the second "ana" is "ana-2". The seat's score
 * starts from nothing: it belongs to its player, not to the seat. Seating
 * is immediate rather than a tick input because the player must learn their
 * number at once. A running round takes nobody; a countdown takes a player
 * only in a bot's place, and is called off, since the newcomer is not ready.
 */
export function seatPlayer(state: GameState, name?: string): SeatResult {
  if (name !== undefined && (name.length === 0 || name.length > MAX_PLAYER_NAME_LENGTH)) {
    throw new RangeError(`a player name must have 1 to ${MAX_PLAYER_NAME_LENGTH} characters, got "${name}"`);
  }
  const free = state.cycles.find((cycle) => !cycle.seated);
  const botSeat = state.cycles.find((cycle) => cycle.bot !== null);
  if (state.phase === 'running' || (state.phase === 'countdown' && !botSeat)) {
    return { ok: false, reason: free || botSeat ? 'in-progress' : 'full' };
  }
  const seat = free ?? botSeat;
  if (!seat) return { ok: false, reason: 'full' };
  const unique = uniqueName(name ?? defaultPlayerName(seat.number), namesTaken(state, seat.number));
  const counting = state.phase === 'countdown';
  const cycles = state.cycles.map((cycle) => {
    const seated = cycle.number === seat.number ? { ...cycle, seated: true, ready: false, bot: null, name: unique, wins: 0, crashes: 0 } : cycle;
    // Turns planned for a start that was called off must not fire at a later start.
    return counting ? { ...seated, queue: [] } : seated;
  });
  const next = { ...state, cycles };
  return { ok: true, state: counting ? { ...next, phase: 'waiting', countdown: 0 } : next, player: seat.number };
}

/** The name of the player in seat `seat` who gave none. */
export function defaultPlayerName(seat: number): string {
  return `player-${seat}`;
}

/** The name of the bot in seat `seat`. */
export function botName(seat: number): string {
  return `bot-${seat}`;
}

/** The names of the seated players and bots other than seat `except`, in lower case. */
function namesTaken(state: GameState, except: number): string[] {
  return state.cycles
    .filter((cycle) => cycle.seated && cycle.name !== null && cycle.number !== except)
    .map((cycle) => cycle.name!.toLowerCase());
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
    const unseated = cycle.number === player ? { ...cycle, seated: false, ready: false, bot: null } : cycle;
    // Turns planned for a start that was called off must not fire at a later start.
    return counting ? { ...unseated, queue: [] } : unseated;
  });
  return counting ? { ...state, cycles, phase: 'waiting', countdown: 0 } : { ...state, cycles };
}

/** Seats taken, by people and bots alike. */
export function seatedCount(state: GameState): number {
  let count = 0;
  for (const cycle of state.cycles) if (cycle.seated) count++;
  return count;
}

/** Seats taken by bots. */
export function botCount(state: GameState): number {
  let count = 0;
  for (const cycle of state.cycles) if (cycle.bot !== null) count++;
  return count;
}

/**
 * Gives free seats to bots, highest seat first, until `wantedBots` bots sit;
 * only outside a round (waiting or finished), since a round takes nobody new.
 * Each new bot is ready at once, is called `bot-N` (made unique like a
 * player's name), starts with no score, and draws its personality and its
 * own generator from the game's, so bots differ from game to game and from
 * seat to seat, yet replay exactly.
 */
export function fillBotSeats(state: GameState): GameState {
  if (state.phase !== 'waiting' && state.phase !== 'finished') return state;
  let missing = state.wantedBots - botCount(state);
  if (missing <= 0 || !state.cycles.some((cycle) => !cycle.seated)) return state;
  let rng = state.rng;
  const cycles: Cycle[] = [...state.cycles];
  for (let index = cycles.length - 1; index >= 0 && missing > 0; index--) {
    const cycle = cycles[index]!;
    if (cycle.seated) continue;
    const personality = drawRandom(rng);
    const dice = drawRandom(personality.next);
    rng = dice.next;
    const bot: Bot = { personality: toUint32(personality.value), rng: toUint32(dice.value), planned: [], ticksRacing: 0 };
    const name = uniqueName(botName(cycle.number), namesTaken({ ...state, cycles }, cycle.number));
    cycles[index] = { ...cycle, seated: true, ready: true, bot, name, wins: 0, crashes: 0, queue: [] };
    missing--;
  }
  return { ...state, cycles, rng };
}

function toUint32(fraction: number): number {
  return Math.floor(fraction * 4294967296) >>> 0;
}
