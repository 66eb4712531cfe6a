import type { Direction, Key, Phase } from '../rules/types.js';
import type { ArenaView } from './arena-walls.js';
import type { BotTemper } from './bot-temper.js';
import { OPPOSITE, STEP } from '../rules/directions.js';
import {
  freeRun,
  isContested,
  openSpace,
  SIDEWAYS,
  type BotCycle,
  type OpenSpace,
  type Surroundings,
} from './open-space.js';

/**
 * How a bot plays: a pure function from what it sees to the keys it
 * presses. Randomness comes in as dice already rolled, so a test can pin
 * every choice, and the room's bots replay exactly. The load generator's
 * bots and the room's bots play by the same code with different tempers.
 */

/** What a bot knows when it decides. */
export interface BotView extends Surroundings {
  readonly phase: Phase;
  /** The bot's own seat number. */
  readonly me: number;
  /** The key sent earlier whose effect no frame has shown yet, if any (always null in the room, where keys act at once). */
  readonly awaiting: Key | null;
}

/** Two independent draws from [0, 1): whether to act at all, and which of the choices. */
export interface BotDice {
  readonly act: number;
  readonly pick: number;
}

/** The key that turns a cycle towards each direction. */
export const KEY_FOR_DIRECTION: Readonly<Record<Direction, Key>> = { left: 'h', down: 'j', up: 'k', right: 'l' };

/** One way the bot could go on the next tick, as it sees it. */
interface Way {
  readonly direction: Direction;
  /** Free cells in a line that way (0: the next cell is deadly). */
  readonly run: number;
  /** Open space reachable from the next cell, up to the temper's cap. */
  readonly space: number;
  /** Another cycle could move into the next cell too. */
  readonly contested: boolean;
}

/**
 * The keys a bot presses now, in order (usually none or one; `esc` then a
 * turn to get out of INSERT mode and away at once). Outside a round it
 * readies up whenever it is seated and not ready, so rematches start by
 * themselves. In a round it keeps to open space: it turns away from
 * anything close ahead, from pockets and from cells another cycle may
 * enter, towards the way with the most room; it lays INSERT walls across an
 * opponent's path and, now and then, near an opponent, leaving INSERT mode
 * (which cannot turn) before a wall comes near; and it turns now and then,
 * at random or towards an opponent.
 */
export function chooseKeys(view: BotView, dice: BotDice, temper: BotTemper): Key[] {
  const me = view.cycles[view.me - 1];
  if (!me || !me.seated) return [];
  if (view.phase === 'waiting' || view.phase === 'finished') {
    return !me.ready && view.awaiting !== 'i' ? ['i'] : [];
  }
  if (view.phase !== 'running' || me.status !== 'alive') return [];
  if (dice.act >= 1 - temper.lapseChancePerTick) return [];

  const [straight, ...sides] = waysFrom(view, me, temper);
  const best = bestWay(straight!, sides, dice.pick, temper);
  const straightIsFine =
    straight!.run > (me.inserting ? temper.insertDangerRun : temper.dangerRun) &&
    !straight!.contested &&
    straight!.space >= best.space;

  if (me.inserting) {
    if (!straightIsFine) return best === straight ? ['esc'] : ['esc', KEY_FOR_DIRECTION[best.direction]];
    if (cutsOff(view, me, straight!, temper)) return [];
    if (temper.wallLength > 0 && trailBehind(view.arena, me, temper.wallLength) >= temper.wallLength) return ['esc'];
    return dice.act < temper.leaveInsertChancePerTick ? ['esc'] : [];
  }

  if (!straightIsFine) return best === straight ? [] : [KEY_FOR_DIRECTION[best.direction]];
  if (straight!.run >= temper.insertSafeRun && cutsOff(view, me, straight!, temper)) return ['i'];
  if (view.awaiting !== null || dice.act >= temper.keyChancePerTick) return [];
  return playfulKeys(view, me, straight!, sides, dice.pick, temper);
}

/**
 * The load generator's form of `chooseKeys`: one key at a time, and not a
 * key whose effect the bot is still waiting to see (it would be pressed
 * twice), since its frames come a tick or two behind the room.
 */
export function chooseKey(view: BotView, dice: BotDice, temper: BotTemper): Key | null {
  const key = chooseKeys(view, dice, temper)[0] ?? null;
  return key === view.awaiting ? null : key;
}

function waysFrom(view: BotView, me: BotCycle, temper: BotTemper): Way[] {
  const width = view.arena.width;
  const searched: OpenSpace[] = [];
  return [me.direction, ...SIDEWAYS[me.direction]].map((direction) => {
    const run = freeRun(view, me.x, me.y, direction, temper.lookahead);
    if (run === 0) return { direction, run, space: 0, contested: false };
    const [dx, dy] = STEP[direction];
    const x = me.x + dx;
    const y = me.y + dy;
    // Next cells in one open space have the same room: in the open, one search serves all three ways.
    let space = searched.find((done) => done.reached(y * width + x));
    if (!space) {
      space = openSpace(view, x, y, temper.spaceCap, me.x, me.y);
      searched.push(space);
    }
    return { direction, run, space: space.size, contested: isContested(view, me.number, x, y, temper.reactionTicks + 1) };
  });
}

/**
 * The way with the most room: open space first (a pocket is a trap), then
 * the free line ahead; a cell another cycle may enter costs as much as a
 * lot of space. Straight on wins a tie; a tie between the sides goes to the
 * pick die.
 */
function bestWay(straight: Way, sides: readonly Way[], pick: number, temper: BotTemper): Way {
  const score = (way: Way): number =>
    way.run === 0 ? -Infinity : way.space * 4 + way.run - (way.contested ? temper.spaceCap * 2 : 0);
  const [first, second] = sides as [Way, Way];
  const side = score(first) > score(second) || (score(first) === score(second) && pick < 0.5) ? first : second;
  return score(side) > score(straight) ? side : straight;
}

/** Keys pressed for no pressing reason: an INSERT wall near an opponent, or a turn into open space. */
function playfulKeys(view: BotView, me: BotCycle, straight: Way, sides: readonly Way[], pick: number, temper: BotTemper): Key[] {
  if (pick < temper.insertShare) {
    const allowed =
      straight.run >= temper.insertSafeRun &&
      (temper.insertRange === 0 || nearestOpponent(view, me, temper.insertRange) !== null) &&
      (temper.wallBudget >= 1 || wallsOf(view.arena, me.number) < temper.wallBudget * view.arena.width * view.arena.height);
    return allowed ? ['i'] : [];
  }
  const open = sides.filter((side) => side.run >= temper.turnSafeRun && side.space >= straight.space && !side.contested);
  if (open.length === 0) return [];
  const rescaled = (pick - temper.insertShare) / (1 - temper.insertShare);
  if (rescaled < temper.huntShare) {
    const target = nearestOpponent(view, me, Infinity);
    const towards = target ? open.find((side) => closerTo(me, side.direction, target)) : undefined;
    return towards ? [KEY_FOR_DIRECTION[towards.direction]] : [];
  }
  const spread = (rescaled - temper.huntShare) / (1 - temper.huntShare);
  const chosen = open[Math.min(open.length - 1, Math.floor(spread * open.length))]!;
  return [KEY_FOR_DIRECTION[chosen.direction]];
}

/**
 * Whether a wall laid from here straight on would cross an opponent's path
 * just in front of it: some live opponent heading across the bot's line
 * reaches the crossing, at most `cutLead` cells ahead of the bot (or under
 * it, while it lays the wall), one to `cutReach` ticks after the bot has
 * left it (so the wall is there first, and the two never meet on that cell).
 */
function cutsOff(view: BotView, me: BotCycle, straight: Way, temper: BotTemper): boolean {
  if (temper.cutReach === 0) return false;
  // An inserting bot standing on the crossing lays the wall there as it leaves: the cut is still under way.
  const nearest = me.inserting ? 0 : 1;
  const [dx, dy] = STEP[straight.direction];
  for (const other of view.cycles) {
    if (other.number === me.number || other.status !== 'alive' || !other.seated) continue;
    const [ox, oy] = STEP[other.direction];
    if (ox === dx || ox === -dx) continue; // parallel: the paths never cross
    // The crossing is (other.x, me.y) when the bot moves along a row, (me.x, other.y) along a column.
    const mine = dx !== 0 ? (other.x - me.x) * dx : (other.y - me.y) * dy;
    const theirs = dx !== 0 ? (me.y - other.y) * oy : (me.x - other.x) * ox;
    if (mine < nearest || mine > temper.cutLead || mine > straight.run) continue;
    if (theirs < mine + 1 || theirs > mine + temper.cutReach) continue;
    if (freeRun(view, other.x, other.y, other.direction, theirs) >= theirs - 1) return true;
  }
  return false;
}

/** The live opponent nearest to the bot within `range` cells (Manhattan), if any. */
function nearestOpponent(view: BotView, me: BotCycle, range: number): BotCycle | null {
  let nearest: BotCycle | null = null;
  let nearestDistance = range;
  for (const other of view.cycles) {
    if (other.number === me.number || other.status !== 'alive' || !other.seated) continue;
    const distance = Math.abs(other.x - me.x) + Math.abs(other.y - me.y);
    if (distance <= nearestDistance) {
      nearest = other;
      nearestDistance = distance;
    }
  }
  return nearest;
}

/** Whether a step `direction` brings the bot closer to where `target` is heading. */
function closerTo(me: BotCycle, direction: Direction, target: BotCycle): boolean {
  const [tx, ty] = STEP[target.direction];
  const aimX = target.x + tx * 3;
  const aimY = target.y + ty * 3;
  const [dx, dy] = STEP[direction];
  return Math.abs(aimX - me.x - dx) + Math.abs(aimY - me.y - dy) < Math.abs(aimX - me.x) + Math.abs(aimY - me.y);
}

/** How many of the bot's own wall cells lie in a line right behind it, up to `limit`. */
function trailBehind(arena: ArenaView, me: BotCycle, limit: number): number {
  const [dx, dy] = STEP[OPPOSITE[me.direction]];
  let length = 0;
  for (let x = me.x + dx, y = me.y + dy; length < limit && arena.wallAt(x, y) === me.number; x += dx, y += dy) length++;
  return length;
}

function wallsOf(arena: ArenaView, owner: number): number {
  let count = 0;
  for (let y = 1; y < arena.height - 1; y++) {
    for (let x = 1; x < arena.width - 1; x++) if (arena.wallAt(x, y) === owner) count++;
  }
  return count;
}
