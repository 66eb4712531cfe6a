import type { CycleView } from '../../shared/protocol/server-messages.js';
import type { Direction, Key, Phase } from '../../shared/rules/types.js';

const DIRECTION_OF_KEY: Readonly<Partial<Record<Key, Direction>>> = { h: 'left', j: 'down', k: 'up', l: 'right' };

/**
 * Whether a frame shows the effect of a key pressed in `phase`: the cycle
 * heads the new way after a turn, INSERT mode is on after `i` in a round
 * (ready after `i` outside one), off after `esc`.
 */
export function keyEffectShown(key: Key, phase: Phase, me: CycleView): boolean {
  const direction = DIRECTION_OF_KEY[key];
  if (direction !== undefined) return me.direction === direction;
  const inRound = phase === 'running';
  if (key === 'i') return inRound ? me.inserting : me.ready;
  return inRound ? !me.inserting : !me.ready;
}

/** Input latency counts the keys a player feels: turns, and entering INSERT mode during a round. */
export function isLatencyKey(key: Key, phase: Phase): boolean {
  return DIRECTION_OF_KEY[key] !== undefined || (key === 'i' && phase === 'running');
}
