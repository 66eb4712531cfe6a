import type { Cycle, GameState } from '../rules/types.js';
import { seatViews } from './game-frames.js';
import { seatViewsProblem } from './seat-views.js';
import type { CycleView, SeatView, StateMessage, WallCell } from './server-messages.js';

/**
 * The compact form of the per-tick `state` message, for clients that connect
 * with `?frames=compact`: the same information in about a quarter of the
 * bytes (a 4-player game: ~130 bytes a tick instead of ~520). Positional
 * arrays replace named fields:
 *
 *   {"type":"s","h":[tick,phase,round,countdown,winner,readyIn],
 *    "c":[number,x,y,direction,flags, ...one group of 5 per cycle],
 *    "a":[x,y,owner, ...one group of 3 per new wall cell],
 *    "x":[owner, ...owners whose walls all vanished]}
 *
 * On a tick when a seat's name or score changed, "seats" is added, as in `state`.
 *
 * direction is one letter (u d l r); flags add up: 1 inserting, 2 ready,
 * 4 seated, 8 exploding, 16 dead (neither 8 nor 16: alive), 32 bot.
 */
export interface CompactStateMessage {
  readonly type: 's';
  readonly h: readonly [number, string, number, number, number | null, number];
  readonly c: readonly (number | string)[];
  readonly a: readonly number[];
  readonly x: readonly number[];
  readonly seats?: readonly SeatView[];
}

const DIRECTION_LETTER = { up: 'u', down: 'd', left: 'l', right: 'r' } as const;
const LETTER_DIRECTION = { u: 'up', d: 'down', l: 'left', r: 'right' } as const;
const INSERTING = 1;
const READY = 2;
const SEATED = 4;
const EXPLODING = 8;
const DEAD = 16;
const BOT = 32;
const PHASES = ['waiting', 'countdown', 'running', 'finished'] as const;

/** The compact `state`; with `withSeats`, it carries every seat's name and score (they changed this tick). */
export function encodeCompactStateFrame(state: GameState, withSeats = false): string {
  const cycles: (number | string)[] = [];
  for (const cycle of state.cycles) {
    cycles.push(cycle.number, cycle.x, cycle.y, DIRECTION_LETTER[cycle.direction], flagsOf(cycle));
  }
  const added: number[] = [];
  for (const [x, y, owner] of state.wallChanges.added) added.push(x, y, owner);
  const message: CompactStateMessage = {
    type: 's',
    h: [state.tick, state.phase, state.round, state.countdown, state.winner, state.readyIn],
    c: cycles,
    a: added,
    x: state.wallChanges.cleared,
    ...(withSeats ? { seats: seatViews(state.cycles) } : {}),
  };
  return JSON.stringify(message);
}

function flagsOf(cycle: Cycle): number {
  return (
    (cycle.inserting ? INSERTING : 0) |
    (cycle.ready ? READY : 0) |
    (cycle.seated ? SEATED : 0) |
    (cycle.status === 'exploding' ? EXPLODING : 0) |
    (cycle.status === 'dead' ? DEAD : 0) |
    (cycle.bot !== null ? BOT : 0)
  );
}

/**
 * Expands a compact state back into the ordinary `state` message, checking
 * every field on the way (remote input: never throws, returns an error sentence).
 */
export function expandCompactState(fields: Record<string, unknown>): StateMessage | string {
  const header = fields.h;
  if (!Array.isArray(header) || header.length !== 6) return 'h must be [tick, phase, round, countdown, winner, readyIn]';
  const [tick, phase, round, countdown, winner, readyIn] = header as unknown[];
  if (!isCount(tick) || !isCount(round) || !isCount(countdown) || !isCount(readyIn)) {
    return 'tick, round, countdown and readyIn must be non-negative integers';
  }
  if (!(PHASES as readonly unknown[]).includes(phase)) return 'phase must be waiting, countdown, running or finished';
  if (winner !== null && !isCount(winner)) return 'winner must be a seat number or null';
  const packed = fields.c;
  if (!Array.isArray(packed) || packed.length % 5 !== 0) return 'c must hold 5 values per cycle';
  const cycles: CycleView[] = [];
  for (let index = 0; index < packed.length; index += 5) {
    const [number, x, y, letter, flags] = packed.slice(index, index + 5) as unknown[];
    if (!isCount(number) || !isCount(x) || !isCount(y) || !isCount(flags)) return 'cycle number, x, y and flags must be integers';
    if (typeof letter !== 'string' || !Object.hasOwn(LETTER_DIRECTION, letter)) return 'direction must be u, d, l or r';
    const status = flags & DEAD ? 'dead' : flags & EXPLODING ? 'exploding' : 'alive';
    cycles.push({
      number,
      x,
      y,
      direction: LETTER_DIRECTION[letter as keyof typeof LETTER_DIRECTION],
      inserting: (flags & INSERTING) !== 0,
      status,
      alive: status === 'alive',
      ready: (flags & READY) !== 0,
      seated: (flags & SEATED) !== 0,
      bot: (flags & BOT) !== 0,
    });
  }
  const added = fields.a;
  const cleared = fields.x;
  if (!Array.isArray(added) || added.length % 3 !== 0 || !added.every(isCount)) return 'a must hold 3 integers per wall cell';
  if (!Array.isArray(cleared) || !cleared.every(isCount)) return 'x must be a list of seat numbers';
  const seats = fields.seats;
  if (seats !== undefined) {
    const problem = seatViewsProblem(seats);
    if (problem !== null) return problem;
  }
  const walls: WallCell[] = [];
  for (let index = 0; index < added.length; index += 3) walls.push([added[index]!, added[index + 1]!, added[index + 2]!]);
  return {
    type: 'state',
    tick,
    phase: phase as StateMessage['phase'],
    round,
    countdown,
    readyIn,
    winner: winner as number | null,
    cycles,
    walls: { added: walls, cleared },
    ...(seats === undefined ? {} : { seats: seats as SeatView[] }),
  };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
