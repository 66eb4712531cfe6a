import type { CycleView } from '../protocol/server-messages.js';
import type { Direction, Key, Phase } from '../rules/types.js';
import { isBorder, type ArenaView } from './arena-walls.js';

/**
 * How a load-test bot plays: a pure function from what it last saw to the
 * key it presses, if any. Randomness comes in as dice already rolled, so a
 * test can pin every choice.
 */

/** What a bot knows when a frame arrives. */
export interface BotView {
  readonly phase: Phase;
  /** The bot's own seat number. */
  readonly me: number;
  readonly cycles: readonly CycleView[];
  readonly arena: ArenaView;
  /** The key sent earlier whose effect no frame has shown yet, if any. */
  readonly awaiting: Key | null;
}

/** Two independent draws from [0, 1): whether to act at all, and which of the choices. */
export interface BotDice {
  readonly act: number;
  readonly pick: number;
}

/** How busy and how bold a bot is. */
export interface BotTemper {
  /** Chance per tick of pressing a key for no pressing reason (0.3 at 10 ticks/s is about 3 keys a second). */
  readonly keyChancePerTick: number;
  /** Share of those keys that enter INSERT mode rather than turn. */
  readonly insertShare: number;
  /** Chance per tick of leaving INSERT mode with nothing ahead. */
  readonly leaveInsertChancePerTick: number;
  /** Turn away when this few free cells or fewer lie ahead. */
  readonly dangerRun: number;
  /** Leave INSERT mode (which cannot turn) when this few free cells or fewer lie ahead. */
  readonly insertDangerRun: number;
  /** Turn for fun only into a direction with at least this many free cells. */
  readonly turnSafeRun: number;
  /** Enter INSERT mode only with at least this many free cells ahead. */
  readonly insertSafeRun: number;
  /** How far the bot looks along a line; further cells count as free. */
  readonly lookahead: number;
}

export const defaultTemper: BotTemper = {
  keyChancePerTick: 0.3,
  insertShare: 0.1,
  leaveInsertChancePerTick: 0.15,
  dangerRun: 2,
  insertDangerRun: 4,
  turnSafeRun: 4,
  insertSafeRun: 8,
  lookahead: 16,
};

/** The key that turns a cycle towards each direction. */
export const KEY_FOR_DIRECTION: Readonly<Record<Direction, Key>> = { left: 'h', down: 'j', up: 'k', right: 'l' };

const STEP: Readonly<Record<Direction, readonly [number, number]>> = {
  up: [0, -1],
  down: [0, 1],
  left: [-1, 0],
  right: [1, 0],
};

const SIDEWAYS: Readonly<Record<Direction, readonly [Direction, Direction]>> = {
  up: ['left', 'right'],
  down: ['left', 'right'],
  left: ['up', 'down'],
  right: ['up', 'down'],
};

/**
 * The key a bot presses on seeing a frame, or null. It readies up whenever
 * it is seated and not ready outside a round (so rematches start by
 * themselves); in a round it steers away from anything close ahead, turns
 * and enters INSERT mode now and then where there is room, and leaves INSERT
 * mode before a wall comes near, since INSERT mode cannot turn.
 */
export function chooseKey(view: BotView, dice: BotDice, temper: BotTemper = defaultTemper): Key | null {
  const me = view.cycles[view.me - 1];
  if (!me || !me.seated) return null;
  if (view.phase === 'waiting' || view.phase === 'finished') {
    return !me.ready && view.awaiting !== 'i' ? 'i' : null;
  }
  if (view.phase !== 'running' || me.status !== 'alive') return null;

  const ahead = freeRun(view, me.x, me.y, me.direction, temper.lookahead);
  if (me.inserting) {
    if (view.awaiting === 'esc') return null;
    if (ahead <= temper.insertDangerRun) return 'esc';
    return dice.act < temper.leaveInsertChancePerTick ? 'esc' : null;
  }

  const sides = SIDEWAYS[me.direction].map((direction) => ({
    direction,
    run: freeRun(view, me.x, me.y, direction, temper.lookahead),
  }));
  if (ahead <= temper.dangerRun) {
    const [first, second] = sides as [(typeof sides)[0], (typeof sides)[0]];
    const best = first.run > second.run || (first.run === second.run && dice.pick < 0.5) ? first : second;
    if (best.run <= ahead) return null; // Nowhere better to go: keep going and hope.
    const key = KEY_FOR_DIRECTION[best.direction];
    return view.awaiting === key ? null : key;
  }

  if (view.awaiting !== null || dice.act >= temper.keyChancePerTick) return null;
  if (dice.pick < temper.insertShare) return ahead >= temper.insertSafeRun ? 'i' : null;
  const open = sides.filter((side) => side.run >= temper.turnSafeRun);
  if (open.length === 0) return null;
  const rescaled = (dice.pick - temper.insertShare) / (1 - temper.insertShare);
  const chosen = open[Math.min(open.length - 1, Math.floor(rescaled * open.length))]!;
  return KEY_FOR_DIRECTION[chosen.direction];
}

/**
 * Free cells in a straight line from (x, y), not counting (x, y) itself,
 * before the border, a wall or another cycle; at most `limit`.
 */
export function freeRun(
  view: Pick<BotView, 'arena' | 'cycles'>,
  x: number,
  y: number,
  direction: Direction,
  limit: number,
): number {
  const [dx, dy] = STEP[direction];
  let run = 0;
  for (let cx = x + dx, cy = y + dy; run < limit; cx += dx, cy += dy) {
    if (isBorder(view.arena, cx, cy) || view.arena.wallAt(cx, cy) !== 0 || cycleAt(view.cycles, cx, cy)) break;
    run += 1;
  }
  return run;
}

function cycleAt(cycles: readonly CycleView[], x: number, y: number): boolean {
  for (const cycle of cycles) {
    if (cycle.status !== 'dead' && cycle.x === x && cycle.y === y) return true;
  }
  return false;
}
