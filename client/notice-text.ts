import type { NoticeMessage } from '../shared/protocol/server-messages.js';
import type { Glyphs } from './glyphs.js';

/**
 * A `notice` as the message line shows it: `bo dropped — seat held 30 s`.
 * Worded here rather than taken from the lobby's sentence, so the dash is
 * one the terminal can draw.
 */
export function noticeText(notice: NoticeMessage, glyphs: Glyphs): string {
  switch (notice.event) {
    case 'joined':
      return `${notice.name} joined`;
    case 'left':
      return `${notice.name} left`;
    case 'dropped':
      return `${notice.name} dropped ${glyphs.dash} seat held ${seconds(notice.seatHoldMs ?? 0)}`;
    case 'back':
      return `${notice.name} is back`;
    case 'expired':
      return `${notice.name} did not come back within ${seconds(notice.seatHoldMs ?? 0)} ${glyphs.dash} seat freed`;
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
