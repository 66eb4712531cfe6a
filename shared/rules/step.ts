import { COUNTDOWN_TICKS, EXPLOSION_TICKS, READY_DELAY_TICKS, TURN_QUEUE_LIMIT } from './constants.js';
import { respawn } from './create-game.js';
import { KEY_DIRECTION, OPPOSITE } from './directions.js';
import { fillBotSeats } from './seats.js';
import type {
  Cycle,
  Direction,
  GameState,
  Phase,
  PlayerInput,
  QueuedMove,
} from './types.js';

type MutableCycle = { -readonly [K in keyof Cycle]: K extends 'queue' ? QueuedMove[] : Cycle[K] };

const STEP_X: Readonly<Record<Direction, number>> = { up: 0, down: 0, left: -1, right: 1 };
const STEP_Y: Readonly<Record<Direction, number>> = { up: -1, down: 1, left: 0, right: 0 };

/**
 * Advances the game by one tick: applies the inputs received since the last
 * tick in their order, moves every live cycle one cell, resolves crashes and
 * phase changes. Pure: the same state and inputs always give the same result.
 */
export function step(state: GameState, inputs: readonly PlayerInput[]): GameState {
  const cycles: MutableCycle[] = state.cycles.map((cycle) => ({ ...cycle, queue: [...cycle.queue] }));

  for (const cycle of cycles) {
    if (cycle.status === 'exploding') {
      cycle.explosionTicks -= 1;
      if (cycle.explosionTicks <= 0) {
        cycle.status = 'dead';
        cycle.explosionTicks = 0;
      }
    }
  }

  for (const input of inputs) {
    const cycle = cycles[input.player - 1];
    if (!cycle || !cycle.seated) continue;
    if (input.action === 'leave') {
      cycle.seated = false;
      cycle.ready = false;
      cycle.bot = null;
      continue;
    }
    applyKey(state, cycle, input.action);
  }

  let walls = state.walls;
  const added: [number, number, number][] = [];
  const cleared: number[] = [];
  let phase: Phase = state.phase;
  let countdown = state.countdown;
  let readyIn = phase === 'finished' ? Math.max(0, state.readyIn - 1) : 0;
  let winner = state.winner;
  let round = state.round;

  const explode = (cycle: MutableCycle): void => {
    cycle.status = 'exploding';
    cycle.explosionTicks = EXPLOSION_TICKS;
    cycle.inserting = false;
    cycle.queue = [];
    if (!cleared.includes(cycle.number)) cleared.push(cycle.number);
  };

  if (phase === 'running') {
    // A player who leaves mid-round counts as dead: every round starts with all
    // seats taken, so a live cycle without a player is one whose player left,
    // by a leave input of this tick or by `unseatPlayer` since the last one.
    for (const cycle of cycles) {
      if (cycle.status === 'alive' && !cycle.seated) explode(cycle);
    }
    const moved = moveCycles(state, cycles);
    walls = moved.walls;
    for (const cycle of moved.crashed) {
      explode(cycle);
      cycle.crashes += 1;
    }
    for (const wall of moved.added) if (!cleared.includes(wall[2])) added.push(wall);

    const alive = cycles.filter((cycle) => cycle.status === 'alive');
    const roundOver = state.seats === 1 ? alive.length === 0 : alive.length <= 1;
    if (roundOver) {
      phase = 'finished';
      readyIn = READY_DELAY_TICKS;
      winner = state.seats > 1 && alive.length === 1 ? alive[0]!.number : null;
      if (winner !== null) cycles[winner - 1]!.wins += 1;
      for (const cycle of cycles) {
        cycle.ready = false;
        cycle.inserting = false;
        cycle.queue = [];
      }
    }
  } else if (phase === 'countdown') {
    const everyoneReady = cycles.every((cycle) => cycle.seated && cycle.ready);
    if (!everyoneReady) {
      phase = 'waiting';
      countdown = 0;
      // Turns planned for a start that was called off must not fire at a later start,
      // nor pass to whoever takes a leaver's seat.
      for (const cycle of cycles) cycle.queue = [];
    } else if (countdown <= 1) {
      phase = 'running';
      countdown = 0;
      round += 1;
      winner = null;
    } else {
      countdown -= 1;
    }
  }

  if (cleared.length > 0) {
    const kept = walls === state.walls ? [...walls] : (walls as number[]);
    for (let index = 0; index < kept.length; index++) {
      if (kept[index] !== 0 && cleared.includes(kept[index]!)) kept[index] = 0;
    }
    walls = kept;
  }

  let next: GameState = {
    ...state,
    tick: state.tick + 1,
    phase,
    round,
    countdown,
    readyIn,
    winner,
    cycles,
    walls,
    wallChanges: { added, cleared: cleared.sort((a, b) => a - b) },
  };

  if (next.phase === 'finished') {
    const seated = next.cycles.filter((cycle) => cycle.seated);
    if (seated.length > 0 && seated.every((cycle) => cycle.ready)) {
      // Rematch: a fresh round on fresh spawns, then straight to the countdown if the seats are full.
      const fresh = respawn({ ...next, phase: 'waiting', winner: null, readyIn: 0 });
      next = {
        ...fresh,
        wallChanges: mergeCleared(next.wallChanges, fresh.wallChanges.cleared),
      };
    }
  }
  // A seat given up between rounds goes back to a bot in a game that keeps some.
  next = fillBotSeats(next);
  // Spawns were drawn when the game was created or the round reset, so the
  // waiting players already see where they will start.
  if (next.phase === 'waiting' && next.cycles.every((cycle) => cycle.seated && cycle.ready)) {
    next = { ...next, phase: 'countdown', countdown: COUNTDOWN_TICKS };
  }
  return next;
}

function applyKey(state: GameState, cycle: MutableCycle, key: PlayerInput['action']): void {
  const { phase } = state;
  switch (key) {
    case 'i':
      // Right after a round ends, `i` is more likely a late INSERT than a vote for a rematch.
      if (phase === 'waiting' || (phase === 'finished' && state.readyIn === 0)) cycle.ready = true;
      else if (phase === 'running' && cycle.status === 'alive' && !cycle.inserting) {
        if (cycle.queue.length === 0) cycle.inserting = true;
        else if (!cycle.queue.includes('insert') && cycle.queue.length < TURN_QUEUE_LIMIT) {
          cycle.queue.push('insert');
        }
      }
      return;
    case 'esc':
      if (phase === 'running') {
        cycle.inserting = false;
        cycle.queue = cycle.queue.filter((move) => move !== 'insert');
      } else {
        cycle.ready = false;
      }
      return;
    case 'h':
    case 'j':
    case 'k':
    case 'l':
      // Turns may be queued during the countdown so the first move can be planned.
      if (phase !== 'running' && phase !== 'countdown') return;
      if (cycle.status !== 'alive' || cycle.inserting || cycle.queue.includes('insert')) return;
      if (cycle.queue.length < TURN_QUEUE_LIMIT) cycle.queue.push(KEY_DIRECTION[key]);
      return;
    case 'leave':
      return;
  }
}

interface Movement {
  readonly walls: readonly number[];
  readonly crashed: MutableCycle[];
  readonly added: [number, number, number][];
}

function moveCycles(state: GameState, cycles: MutableCycle[]): Movement {
  const { width, height } = state;
  const movers = cycles.filter((cycle) => cycle.status === 'alive');
  const targets = new Map<MutableCycle, { x: number; y: number }>();
  for (const cycle of movers) {
    applyQueuedMove(cycle);
    targets.set(cycle, {
      x: cycle.x + STEP_X[cycle.direction],
      y: cycle.y + STEP_Y[cycle.direction],
    });
  }

  let walls = state.walls;
  const added: [number, number, number][] = [];
  for (const cycle of movers) {
    if (!cycle.inserting) continue;
    if (walls === state.walls) walls = [...walls];
    (walls as number[])[cycle.y * width + cycle.x] = cycle.number;
    added.push([cycle.x, cycle.y, cycle.number]);
  }

  // Bodies that stay put this tick: explosions block the cell they burn in.
  const standing = cycles.filter((cycle) => cycle.status === 'exploding');
  const crashed = new Set<MutableCycle>();
  for (const cycle of movers) {
    const target = targets.get(cycle)!;
    const onBorder = target.x <= 0 || target.y <= 0 || target.x >= width - 1 || target.y >= height - 1;
    const intoWall = !onBorder && walls[target.y * width + target.x] !== 0;
    const intoBody = standing.some((body) => body.x === target.x && body.y === target.y);
    const intoCycle = movers.some((other) => {
      if (other === cycle) return false;
      const otherTarget = targets.get(other)!;
      const sameCell = otherTarget.x === target.x && otherTarget.y === target.y;
      const swapped =
        otherTarget.x === cycle.x && otherTarget.y === cycle.y && other.x === target.x && other.y === target.y;
      return sameCell || swapped;
    });
    if (onBorder || intoWall || intoBody || intoCycle) crashed.add(cycle);
  }
  // A crashed cycle stays on its cell instead of vacating it, so a cycle that was
  // following it runs into the wreck, and one following that one too.
  for (let spreading = crashed.size > 0; spreading; ) {
    spreading = false;
    for (const cycle of movers) {
      if (crashed.has(cycle)) continue;
      const target = targets.get(cycle)!;
      for (const wreck of crashed) {
        if (wreck.x === target.x && wreck.y === target.y) {
          crashed.add(cycle);
          spreading = true;
          break;
        }
      }
    }
  }
  for (const cycle of movers) {
    if (crashed.has(cycle)) continue;
    const target = targets.get(cycle)!;
    cycle.x = target.x;
    cycle.y = target.y;
  }
  return { walls, crashed: movers.filter((cycle) => crashed.has(cycle)), added };
}

/** Applies the first queued move that makes sense; reversals and repeats are dropped. */
function applyQueuedMove(cycle: MutableCycle): void {
  while (cycle.queue.length > 0) {
    const move = cycle.queue.shift()!;
    if (move === 'insert') {
      cycle.inserting = true;
      return;
    }
    if (move === cycle.direction || move === OPPOSITE[cycle.direction]) continue;
    cycle.direction = move;
    return;
  }
}

function mergeCleared(
  changes: GameState['wallChanges'],
  cleared: readonly number[],
): GameState['wallChanges'] {
  if (cleared.length === 0) return changes;
  const all = [...new Set([...changes.cleared, ...cleared])].sort((a, b) => a - b);
  const added = changes.added.filter((wall) => !all.includes(wall[2]));
  return { added, cleared: all };
}
