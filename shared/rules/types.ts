/**
 * The light-cycle game as plain data. Everything a round needs lives here,
 * including the random generator's state, so that a state can be copied,
 * sent over IPC, stored as a snapshot and stepped again anywhere.
 */

export const Direction = {
  Up: 'up',
  Down: 'down',
  Left: 'left',
  Right: 'right',
} as const;
export type Direction = (typeof Direction)[keyof typeof Direction];

export const Phase = {
  Waiting: 'waiting',
  Countdown: 'countdown',
  Running: 'running',
  Finished: 'finished',
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

export const CycleStatus = {
  Alive: 'alive',
  Exploding: 'exploding',
  Dead: 'dead',
} as const;
export type CycleStatus = (typeof CycleStatus)[keyof typeof CycleStatus];

/** The keys a player can press, named as vim users know them. */
export const KEYS = ['h', 'j', 'k', 'l', 'i', 'esc'] as const;
export type Key = (typeof KEYS)[number];

export interface Cycle {
  /** Seat number, 1-based; also the player's number and colour. */
  readonly number: number;
  /** A player holds this seat. */
  readonly seated: boolean;
  /**
   * The name of the seat's player, or of its last player once the seat is
   * free again (so a result can still say who left); null for a seat never taken.
   */
  readonly name: string | null;
  /** Rounds this seat's player won since taking the seat. */
  readonly wins: number;
  /** Times this seat's player crashed since taking the seat (leaving is not a crash). */
  readonly crashes: number;
  /** The player has pressed `i` to start (or restart) a round. */
  readonly ready: boolean;
  /** Set when the seat is played by the room itself rather than a person; null otherwise (and for an empty seat). */
  readonly bot: Bot | null;
  readonly x: number;
  readonly y: number;
  readonly direction: Direction;
  /** INSERT mode: leaves a wall on every cell it passes, cannot turn. */
  readonly inserting: boolean;
  readonly status: CycleStatus;
  /** Ticks of explosion left to show; 0 unless exploding. */
  readonly explosionTicks: number;
  /**
   * Moves pressed but not yet applied, oldest first: turns, and an `i`
   * pressed behind a turn (so that "turn, then insert" keeps its order).
   */
  readonly queue: readonly QueuedMove[];
}

/**
 * A seat the room plays itself. Everything its play depends on besides the
 * game is here, so that a bot replays exactly from the seed and resumes
 * exactly from a checkpoint: shared/bots/ reads these numbers, the rules only
 * carry them.
 */
export interface Bot {
  /** A 32-bit seed for its personality (how careful, how aggressive), drawn when it sat down. */
  readonly personality: number;
  /** State of its own random generator (see random.ts), advanced by every decision it makes. */
  readonly rng: number;
  /**
   * Keys it decided on but has not pressed yet, oldest first: a bot reacts
   * a few ticks late, as a person does, so a wall laid right in front of
   * it can still catch it out.
   */
  readonly planned: readonly PlannedKey[];
  /** Ticks it has raced against someone in the current round (0 outside one): bots grow bolder and wearier as a round drags on. */
  readonly ticksRacing: number;
}

/** A key a bot will press on the step from the state of tick `due`. */
export interface PlannedKey {
  readonly due: number;
  readonly key: Key;
}

/** A queued turn, or INSERT mode waiting for the turns ahead of it. */
export type QueuedMove = Direction | 'insert';

/** Walls that changed in the last step, so that updates can carry only the change. */
export interface WallChanges {
  /** New wall cells as [x, y, owner number]. */
  readonly added: readonly (readonly [number, number, number])[];
  /** Players whose every wall vanished (they died or left). */
  readonly cleared: readonly number[];
}

export interface GameState {
  readonly width: number;
  readonly height: number;
  readonly seats: number;
  readonly phase: Phase;
  /** Ticks since the game was created; the rules' only clock. */
  readonly tick: number;
  /** Round number, 1-based; increases when a round starts. */
  readonly round: number;
  /** Countdown ticks left; 0 outside the countdown phase. */
  readonly countdown: number;
  /**
   * In the finished phase: ticks left before `i` readies a player
   * (READY_DELAY_TICKS when the round ends, down to 0); 0 in every other phase.
   */
  readonly readyIn: number;
  /** Winner of the finished round: a seat number, or null for a draw or none yet. */
  readonly winner: number | null;
  /** One per seat, index = number - 1. */
  readonly cycles: readonly Cycle[];
  /**
   * Wall owner per cell, row-major (index = y * width + x); 0 = no wall.
   * The border is not stored: every cell with x or y on the edge is deadly.
   */
  readonly walls: readonly number[];
  readonly wallChanges: WallChanges;
  /**
   * Seats the game keeps for bots: between rounds, a free seat goes to a bot
   * while fewer than this many bots sit. People always take precedence: a
   * player who joins a game without a free seat replaces a bot.
   */
  readonly wantedBots: number;
  /** State of the seeded random generator. */
  readonly rng: number;
}

/**
 * One thing a player did between two ticks: a key press, or leaving the
 * seat. Attributed to a seat by whoever trusts the connection.
 */
export interface PlayerInput {
  readonly player: number;
  readonly action: Key | 'leave';
}
