import { describe, expect, it } from 'vitest';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from '../client/glyphs.js';
import { noticeText } from '../client/notice-text.js';
import type { NoticeMessage } from '../shared/protocol/server-messages.js';

const notice = (fields: Partial<NoticeMessage>): NoticeMessage => ({
  type: 'notice',
  event: 'joined',
  player: 2,
  name: 'bo',
  message: 'from the lobby',
  ...fields,
});

describe('noticeText', () => {
  it('words each notice for the message line, with the seat hold in seconds', () => {
    expect(noticeText(notice({ event: 'joined' }), UNICODE_GLYPHS)).toBe('bo joined');
    expect(noticeText(notice({ event: 'left' }), UNICODE_GLYPHS)).toBe('bo left');
    expect(noticeText(notice({ event: 'dropped', seatHoldMs: 30_000 }), UNICODE_GLYPHS)).toBe('bo dropped — seat held 30 s');
    expect(noticeText(notice({ event: 'back' }), UNICODE_GLYPHS)).toBe('bo is back');
    expect(noticeText(notice({ event: 'expired', seatHoldMs: 1500 }), UNICODE_GLYPHS)).toBe('bo did not come back within 1.5 s — seat freed');
  });

  it('uses a dash the terminal can draw', () => {
    expect(noticeText(notice({ event: 'dropped', seatHoldMs: 30_000 }), ASCII_GLYPHS)).toBe('bo dropped - seat held 30 s');
  });
});
