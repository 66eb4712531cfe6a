import type { SeatView } from './server-messages.js';

/**
 * Checks the `seats` list of a snapshot or state from a lobby (remote input:
 * never throws). Returns what is wrong, or null.
 */
export function seatViewsProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return 'seats must be a list';
  for (const seat of value) if (!isSeatView(seat)) return 'each seat must be {number, name, wins, crashes}';
  return null;
}

function isSeatView(value: unknown): value is SeatView {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const seat = value as Record<string, unknown>;
  return (
    isCount(seat.number) &&
    seat.number >= 1 &&
    (seat.name === null || typeof seat.name === 'string') &&
    isCount(seat.wins) &&
    isCount(seat.crashes)
  );
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
