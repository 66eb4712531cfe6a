import type { NoticeEvent, NoticeMessage } from '../shared/protocol/server-messages.js';

/** What a notice says about a seat: its number and its player's name. */
interface NoticeSeat {
  readonly player: number;
  readonly name: string;
}

/**
 * The `notice` told to the other players of a game when `seat`'s player
 * joins, leaves, drops (`seatHoldMs`: how long the seat is held), comes back,
 * or does not come back in time.
 */
export function seatNotice(event: NoticeEvent, seat: NoticeSeat, seatHoldMs = 0): NoticeMessage {
  const base = { type: 'notice', event, player: seat.player, name: seat.name } as const;
  switch (event) {
    case 'joined':
      return { ...base, message: `${seat.name} joined` };
    case 'left':
      return { ...base, message: `${seat.name} left` };
    case 'dropped':
      return { ...base, seatHoldMs, message: `${seat.name} dropped — seat held ${seconds(seatHoldMs)}` };
    case 'back':
      return { ...base, message: `${seat.name} is back` };
    case 'expired':
      return { ...base, seatHoldMs, message: `${seat.name} did not come back within ${seconds(seatHoldMs)} — seat freed` };
  }
}

/** `30 s`, `1.5 s`: whole seconds unless the hold is shorter or odd (tests use fractions). */
function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
