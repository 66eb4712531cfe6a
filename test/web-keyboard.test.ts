import { describe, expect, it } from 'vitest';
import { gameKeyAction, listKeyAction, type PressedKey } from '../web/keyboard.js';

function press(key: string, modifiers: Partial<Omit<PressedKey, 'key'>> = {}): PressedKey {
  return { key, ctrlKey: false, altKey: false, metaKey: false, repeat: false, ...modifiers };
}

describe('gameKeyAction', () => {
  it('maps h j k l i and Escape to the game keys, and the arrows to the turns they stand for', () => {
    const keys = ['h', 'j', 'k', 'l', 'i', 'Escape', 'ArrowLeft', 'ArrowDown', 'ArrowUp', 'ArrowRight'];
    expect(keys.map((key) => gameKeyAction(press(key)))).toEqual(
      ['h', 'j', 'k', 'l', 'i', 'esc', 'h', 'j', 'k', 'l'].map((key) => ({ kind: 'game', key })),
    );
  });

  it('reads capitals as small letters, so that Caps Lock does not freeze the cycle', () => {
    expect(['H', 'J', 'K', 'L', 'I', 'Q'].map((key) => gameKeyAction(press(key, {})))).toEqual([
      { kind: 'game', key: 'h' },
      { kind: 'game', key: 'j' },
      { kind: 'game', key: 'k' },
      { kind: 'game', key: 'l' },
      { kind: 'game', key: 'i' },
      { kind: 'leave' },
    ]);
  });

  it('takes Ctrl-[ as esc, as vim does, q as leaving and ? as the key help', () => {
    expect(gameKeyAction(press('[', { ctrlKey: true }))).toEqual({ kind: 'game', key: 'esc' });
    expect(gameKeyAction(press('q'))).toEqual({ kind: 'leave' });
    expect(gameKeyAction(press('?'))).toEqual({ kind: 'help' });
  });

  it('leaves every other key, and every key held with Ctrl, Alt or Meta, to the browser', () => {
    for (const pressed of [press('x'), press('Enter'), press(' '), press('Tab'), press('F5'), press('r', { ctrlKey: true }), press('l', { ctrlKey: true }), press('h', { altKey: true }), press('k', { metaKey: true }), press('[', { ctrlKey: true, altKey: true })]) {
      expect([pressed, gameKeyAction(pressed)]).toEqual([pressed, null]);
    }
  });

  it('counts a held key once: auto-repeat sends nothing more', () => {
    for (const key of ['h', 'ArrowUp', 'i', 'Escape', 'q', '?']) expect([key, gameKeyAction(press(key, { repeat: true }))]).toEqual([key, null]);
    expect(gameKeyAction(press('[', { ctrlKey: true, repeat: true }))).toBeNull();
  });
});

describe('listKeyAction', () => {
  it('moves with j/k and the arrows, jumps with g/G, joins with Enter, watches with w and creates with c', () => {
    const keys = ['j', 'ArrowDown', 'k', 'ArrowUp', 'g', 'Home', 'G', 'End', 'Enter', 'w', 'c'];
    expect(keys.map((key) => listKeyAction(press(key)))).toEqual([
      { kind: 'move', by: 1 },
      { kind: 'move', by: 1 },
      { kind: 'move', by: -1 },
      { kind: 'move', by: -1 },
      { kind: 'first' },
      { kind: 'first' },
      { kind: 'last' },
      { kind: 'last' },
      { kind: 'join' },
      { kind: 'watch' },
      { kind: 'create' },
    ]);
  });

  it('keeps moving while a key is held, but joins only once, and ignores other keys and modified ones', () => {
    expect(listKeyAction(press('j', { repeat: true }))).toEqual({ kind: 'move', by: 1 });
    expect(listKeyAction(press('Enter', { repeat: true }))).toBeNull();
    expect(listKeyAction(press('x'))).toBeNull();
    expect(listKeyAction(press('j', { ctrlKey: true }))).toBeNull();
  });
});
