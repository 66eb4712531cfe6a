import { KEY_DIRECTION, OPPOSITE, STEP } from '../rules/directions.js';
import { drawRandom } from '../rules/random.js';
import { step } from '../rules/step.js';
import type { Cycle, Direction, GameState, PlannedKey, PlayerInput } from '../rules/types.js';
import type { ArenaView } from './arena-walls.js';
import { chooseKeys } from './bot-decision.js';
import { emboldened, racingTemper } from './bot-temper.js';
import { isBlocked } from './open-space.js';

/**
 * The room's bots: on every tick each bot looks at the game as it stands
 * and presses its keys, which the rules apply with the players' own. Their
 * dice come from each bot's generator in the game state, so a game with
 * bots is still a pure function of its seed and the players' inputs: it
 * replays exactly, and resumes exactly from a checkpoint.
 */

export interface BotTurn {
  /** The game with every bot's dice rolled for this tick. */
  readonly state: GameState;
  /** What the bots press this tick, seat by seat. */
  readonly inputs: readonly PlayerInput[];
}

/**
 * The keys the game's bots press this tick. Each bot decides on the state
 * before the tick, as a player decides on the last frame, and presses what
 * it decides `reactionTicks` later; outside a round it readies up at once.
 */
export function botTurn(state: GameState): BotTurn {
  if (!state.cycles.some((cycle) => cycle.bot !== null)) return { state, inputs: [] };
  const arena = arenaOf(state);
  const inputs: PlayerInput[] = [];
  const cycles = state.cycles.map((cycle) => {
    const bot = cycle.bot;
    if (bot === null) return cycle;
    const act = drawRandom(bot.rng);
    const pick = drawRandom(act.next);
    const running = state.phase === 'running';
    // Only a race against someone wears a bot down: alone, it has nothing to win by hurrying.
    const racingSomeone = state.cycles.some((other) => other !== cycle && other.status === 'alive');
    const ticksRacing = running && cycle.status === 'alive' ? bot.ticksRacing + (racingSomeone ? 1 : 0) : 0;
    const temper = emboldened(racingTemper(bot.personality), ticksRacing);
    // Keys planned in a round are forgotten once it is over.
    const planned = running ? bot.planned : [];
    // It decides for where it will be when its keys land, as a player leads a turn.
    const cycles = running && temper.reactionTicks > 0 ? withProjection(state, cycle, planned, temper.reactionTicks, arena) : state.cycles;
    const view = { phase: state.phase, me: cycle.number, cycles, arena, awaiting: planned.at(-1)?.key ?? null };
    const decided = chooseKeys(view, { act: act.value, pick: pick.value }, temper);
    const later: PlannedKey[] = [];
    for (const plan of planned) {
      if (plan.due <= state.tick) inputs.push({ player: cycle.number, action: plan.key });
      else later.push(plan);
    }
    for (const key of decided) {
      // A key already on its way is not pressed twice.
      if (planned.some((plan) => plan.key === key)) continue;
      if (!running || temper.reactionTicks === 0) inputs.push({ player: cycle.number, action: key });
      else later.push({ due: state.tick + temper.reactionTicks, key });
    }
    return { ...cycle, bot: { personality: bot.personality, rng: pick.next, planned: later, ticksRacing } };
  });
  return { state: { ...state, cycles }, inputs };
}

/** One tick of a game whose bots play too: the players' inputs first, then the bots'. */
export function stepWithBots(state: GameState, inputs: readonly PlayerInput[]): GameState {
  const turn = botTurn(state);
  return step(turn.state, turn.inputs.length === 0 ? inputs : [...inputs, ...turn.inputs]);
}

/**
 * The cycles with the bot's own moved on by `ticks` steps: straight on
 * unless a planned key turns it, up to anything in its way. Nobody else is
 * moved: that is what the bot cannot foresee.
 */
function withProjection(state: GameState, me: Cycle, planned: readonly PlannedKey[], ticks: number, arena: ArenaView): readonly Cycle[] {
  let { x, y, direction, inserting } = me;
  const around = { arena, cycles: state.cycles };
  for (let tick = state.tick; tick < state.tick + ticks; tick++) {
    for (const plan of planned) {
      if (plan.due !== tick) continue;
      if (plan.key === 'esc') inserting = false;
      else if (plan.key === 'i') inserting = true;
      else if (!inserting) direction = turned(direction, KEY_DIRECTION[plan.key]);
    }
    const [dx, dy] = STEP[direction];
    if (isBlocked(around, x + dx, y + dy)) break;
    x += dx;
    y += dy;
  }
  return state.cycles.map((cycle) => (cycle === me ? { ...me, x, y, direction, inserting } : cycle));
}

/** A turn as the rules apply it: a reversal or the same direction changes nothing. */
function turned(from: Direction, to: Direction): Direction {
  return to === OPPOSITE[from] ? from : to;
}

/** The game's walls as a bot reads them. */
function arenaOf(state: GameState): ArenaView {
  const { width, height, walls } = state;
  return {
    width,
    height,
    wallAt: (x, y) => (x < 0 || y < 0 || x >= width || y >= height ? 0 : walls[y * width + x]!),
  };
}
