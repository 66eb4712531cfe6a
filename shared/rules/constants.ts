/** Tunable constants of the rules, in ticks and cells. */

/** One tick is 100 ms; the rules only count ticks. */
export const TICK_MS = 100;
/** 3 seconds of countdown before a round runs. */
export const COUNTDOWN_TICKS = 30;
/**
 * 1 second after a round ends during which `i` does not ready anyone: the
 * key that meant INSERT a moment before the crash must not start a rematch.
 */
export const READY_DELAY_TICKS = 10;
/** How long an explosion stays on screen. */
export const EXPLOSION_TICKS = 5;
/** Turns queued beyond this are dropped: a player can plan a few moves, not a whole path. */
export const TURN_QUEUE_LIMIT = 3;

export const DEFAULT_WIDTH = 80;
export const DEFAULT_HEIGHT = 22;
export const MIN_WIDTH = 20;
export const MAX_WIDTH = 200;
export const MIN_HEIGHT = 10;
export const MAX_HEIGHT = 100;
export const MIN_SEATS = 1;
export const MAX_SEATS = 6;
/** Longest player name; a name made unique with a suffix is cut to fit. */
export const MAX_PLAYER_NAME_LENGTH = 24;
