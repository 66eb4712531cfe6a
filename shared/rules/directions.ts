import type { Direction } from './types.js';

/** The cell a step takes a cycle to: x grows right, y grows down. */
export const STEP: Readonly<Record<Direction, readonly [number, number]>> = {
  up: [0, -1],
  down: [0, 1],
  left: [-1, 0],
  right: [1, 0],
};

/** Turning here is a reversal, which the rules drop. */
export const OPPOSITE: Readonly<Record<Direction, Direction>> = {
  up: 'down',
  down: 'up',
  left: 'right',
  right: 'left',
};

/** The direction each turn key asks for, as vim moves the cursor. */
export const KEY_DIRECTION: Readonly<Record<'h' | 'j' | 'k' | 'l', Direction>> = {
  h: 'left',
  j: 'down',
  k: 'up',
  l: 'right',
};
