import { drawRandom } from '../rules/random.js';

/**
 * How a bot plays: how busy, how careful and how aggressive it is. The load
 * generator's bots share one temper; the room's bots each draw their own
 * from their personality, so no two play quite alike.
 */
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
  /**
   * How many cells of open space reachable beyond the next cell it counts when
   * it compares ways to go: enough room is enough, a pocket smaller than this
   * is avoided. Bigger looks further and costs more.
   */
  readonly spaceCap: number;
  /**
   * Lay an INSERT wall across an opponent's path when the opponent would
   * reach the crossing at most this many ticks after the bot; 0 never does.
   */
  readonly cutReach: number;
  /** ... and when the crossing is at most this many cells ahead of the bot, so the wall starts just before it. */
  readonly cutLead: number;
  /** Leave INSERT mode once its wall behind it is this long (and no cut is under way); 0 sets no length. */
  readonly wallLength: number;
  /** Lay walls for fun only while its walls cover less than this share of the arena (1: no limit). */
  readonly wallBudget: number;
  /** Lay walls for fun only with an opponent alive within this many cells (Manhattan); 0 asks for no one. */
  readonly insertRange: number;
  /** Share of the turns for fun that head for the nearest opponent rather than anywhere open. */
  readonly huntShare: number;
  /** Chance per tick of not looking at all during a round: even a careful bot can be caught out. */
  readonly lapseChancePerTick: number;
  /**
   * Ticks between seeing a tick's state and pressing the keys it decided on
   * (0: on the very next step, as a player whose key lands within the tick).
   * Only the room's bots use it: the load generator's bots are as late as
   * their network.
   */
  readonly reactionTicks: number;
  /** Ticks of a round after which it is as bold as it gets (see `emboldened`); 0 never grows bolder. */
  readonly patienceTicks: number;
}

/**
 * The load generator's bots: busy (about 3 keys a second, like a person
 * playing), careful enough that rounds last, and never hunting.
 */
export const defaultTemper: BotTemper = {
  keyChancePerTick: 0.3,
  insertShare: 0.1,
  leaveInsertChancePerTick: 0.15,
  dangerRun: 2,
  insertDangerRun: 4,
  turnSafeRun: 4,
  insertSafeRun: 8,
  lookahead: 16,
  spaceCap: 32,
  cutReach: 0,
  cutLead: 0,
  wallLength: 0,
  wallBudget: 1,
  insertRange: 0,
  huntShare: 0,
  lapseChancePerTick: 0,
  reactionTicks: 0,
  patienceTicks: 0,
};

/**
 * The temper of a room's bot, drawn from its personality (a 32-bit seed):
 * each trait somewhere in a range that plays well, so one bot turns early
 * and another late, one cuts opponents off often and another seldom.
 */
export function racingTemper(personality: number): BotTemper {
  let rng = personality >>> 0;
  const between = (low: number, high: number): number => {
    const draw = drawRandom(rng);
    rng = draw.next;
    return low + draw.value * (high - low);
  };
  const wholeBetween = (low: number, high: number): number => Math.min(high, Math.floor(between(low, high + 1)));
  const reactionTicks = wholeBetween(1, 3);
  return {
    reactionTicks,
    keyChancePerTick: between(0.03, 0.12),
    insertShare: between(0.15, 0.45),
    leaveInsertChancePerTick: between(0.02, 0.08),
    dangerRun: wholeBetween(2, 3),
    insertDangerRun: wholeBetween(2, 3),
    turnSafeRun: wholeBetween(3, 6),
    insertSafeRun: wholeBetween(5, 8),
    lookahead: wholeBetween(10, 24),
    spaceCap: wholeBetween(60, 160),
    cutReach: wholeBetween(2, 8),
    cutLead: wholeBetween(1, 3),
    wallLength: wholeBetween(4, 14),
    wallBudget: between(0.08, 0.2),
    insertRange: wholeBetween(8, 24),
    huntShare: between(0.2, 0.7),
    lapseChancePerTick: between(0, 0.03),
    patienceTicks: wholeBetween(100, 300),
  };
}

/**
 * A temper grown bolder after `ticksRacing` ticks of a round, fully so
 * after its `patienceTicks`: more and longer walls, laid further from
 * opponents, over more of the arena. Rounds among careful bots would
 * otherwise last for ever; walls fill the arena until someone is caught.
 */
export function emboldened(temper: BotTemper, ticksRacing: number): BotTemper {
  if (temper.patienceTicks === 0 || ticksRacing === 0) return temper;
  const boldness = Math.min(1, ticksRacing / temper.patienceTicks);
  return {
    ...temper,
    keyChancePerTick: temper.keyChancePerTick + boldness * 0.25,
    insertShare: temper.insertShare + (0.8 - temper.insertShare) * boldness,
    huntShare: temper.huntShare + (1 - temper.huntShare) * boldness,
    wallLength: Math.round(temper.wallLength * (1 + boldness * 2)),
    wallBudget: temper.wallBudget + boldness * 0.5,
    insertRange: boldness >= 0.5 ? 0 : temper.insertRange,
    cutReach: Math.round(temper.cutReach + boldness * 4),
    lapseChancePerTick: temper.lapseChancePerTick + boldness * 0.15,
  };
}
