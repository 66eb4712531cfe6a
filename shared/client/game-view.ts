import type { CycleView, RoundFields, SeatView, SnapshotMessage, StateMessage } from '../protocol/server-messages.js';
import { TICK_MS } from '../rules/constants.js';

/**
 * The client's copy of a game, rebuilt from a `snapshot` and kept up to date
 * by each `state`. Pure: every update returns a new view and leaves the old
 * one as it was, so the renderer can compare or replay them.
 */
export interface GameView extends RoundFields {
  /** Arena size including the deadly border ring. */
  readonly width: number;
  readonly height: number;
  /** Wall owner per cell, row-major (index = y * width + x); 0 = no wall. */
  readonly walls: readonly number[];
  /** Every seat's name and score, from the last snapshot or state that carried them. */
  readonly seats: readonly SeatView[];
}

/** A view holding exactly what the snapshot says. Wall cells outside the arena are dropped. */
export function viewFromSnapshot(snapshot: SnapshotMessage): GameView {
  const walls = new Array<number>(snapshot.width * snapshot.height).fill(0);
  for (const [x, y, owner] of snapshot.walls) {
    if (isInside(snapshot.width, snapshot.height, x, y)) walls[y * snapshot.width + x] = owner;
  }
  return { ...roundFields(snapshot), width: snapshot.width, height: snapshot.height, walls, seats: snapshot.seats };
}

/**
 * Applies one tick's `state`: replaces the round fields and cycles (and the
 * seats, when it carries them), removes the walls of every owner in
 * `cleared`, then adds the new wall cells.
 */
export function applyState(view: GameView, state: StateMessage): GameView {
  const { added, cleared } = state.walls;
  let walls = view.walls;
  if (added.length > 0 || cleared.length > 0) {
    const changed = cleared.length > 0 ? view.walls.map((owner) => (cleared.includes(owner) ? 0 : owner)) : [...view.walls];
    for (const [x, y, owner] of added) {
      if (isInside(view.width, view.height, x, y)) changed[y * view.width + x] = owner;
    }
    walls = changed;
  }
  return { ...view, ...roundFields(state), walls, seats: state.seats ?? view.seats };
}

/** The name of the player in seat `number` (or of its last player); `player N` when unknown. */
export function nameOf(view: GameView, number: number): string {
  return view.seats.find((seat) => seat.number === number)?.name ?? `player ${number}`;
}

/** The seats taken by a player, with their names and scores, in seat order. */
export function seatedPlayers(view: GameView): SeatView[] {
  return view.seats.filter((seat) => view.cycles.some((cycle) => cycle.number === seat.number && cycle.seated));
}

/**
 * The opponents who handed `me` the round by leaving it: set when the round
 * ended between `before` and `after` with `me` the winner and every opponent
 * still racing in `before` gone from its seat in `after`. Empty otherwise,
 * including when an opponent crashed (or left after the round was over).
 */
export function opponentsWhoLeft(before: GameView, after: GameView, me: number): number[] {
  if (before.phase !== 'running' || after.phase !== 'finished' || after.winner !== me) return [];
  const racing = before.cycles.filter((cycle) => cycle.number !== me && cycle.seated && cycle.status === 'alive');
  const gone = racing.filter((cycle) => !cycleOf(after, cycle.number)?.seated);
  return gone.length > 0 && gone.length === racing.length ? gone.map((cycle) => cycle.number) : [];
}

/** The cycle in seat `number`, if the game has that seat. */
export function cycleOf(view: GameView, number: number): CycleView | undefined {
  return view.cycles.find((cycle) => cycle.number === number);
}

/** Seats taken, by people and bots alike. */
export function seatedCount(view: GameView): number {
  return view.cycles.filter((cycle) => cycle.seated).length;
}

/** Seat numbers played by the room's bots, in seat order. */
export function botSeats(view: GameView): number[] {
  return view.cycles.filter((cycle) => cycle.bot).map((cycle) => cycle.number);
}

/** Seated players who pressed `i` for the next round. */
export function readyCount(view: GameView): number {
  return view.cycles.filter((cycle) => cycle.seated && cycle.ready).length;
}

/** Seated players whose cycle still races (not exploding, not dead). */
export function aliveCount(view: GameView): number {
  return view.cycles.filter((cycle) => cycle.seated && cycle.status === 'alive').length;
}

/** Whole seconds left in the countdown, as a player counts them: 3, 2, 1. */
export function countdownSeconds(view: GameView, tickMs = TICK_MS): number {
  return Math.ceil((view.countdown * tickMs) / 1000);
}

/** Whole seconds before `i` readies a player after a round, as a player counts them: 1. */
export function readyInSeconds(view: GameView, tickMs = TICK_MS): number {
  return Math.ceil((view.readyIn * tickMs) / 1000);
}

function roundFields(message: SnapshotMessage | StateMessage) {
  return {
    tick: message.tick,
    phase: message.phase,
    round: message.round,
    countdown: message.countdown,
    readyIn: message.readyIn,
    winner: message.winner,
    cycles: message.cycles,
  };
}

function isInside(width: number, height: number, x: number, y: number): boolean {
  return x >= 0 && y >= 0 && x < width && y < height;
}
