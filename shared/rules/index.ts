/** The light-cycle rules: pure functions over plain data. */
export * from './types.js';
export * from './constants.js';
export { createGame, respawn, type GameOptions } from './create-game.js';
export { botCount, botName, defaultPlayerName, fillBotSeats, seatPlayer, seatedCount, unseatPlayer, type SeatResult } from './seats.js';
export { step } from './step.js';
export { drawRandom, seedRandom } from './random.js';
export { toCheckpoint, fromCheckpoint, type Checkpoint } from './checkpoint.js';
