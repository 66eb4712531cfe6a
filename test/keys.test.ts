import { describe, expect, it } from 'vitest';
import { decodeKeys, isRedundantRepeat } from '../client/keys.js';

describe('decodeKeys', () => {
  it('turns h j k l i into game keys, in the order typed', () => {
    expect(decodeKeys('hjkli')).toEqual([
      { kind: 'game', key: 'h' },
      { kind: 'game', key: 'j' },
      { kind: 'game', key: 'k' },
      { kind: 'game', key: 'l' },
      { kind: 'game', key: 'i' },
    ]);
  });

  it('reads capital letters as small ones so Caps Lock does not matter', () => {
    expect(decodeKeys('JI')).toEqual([{ kind: 'game', key: 'j' }, { kind: 'game', key: 'i' }]);
    expect(decodeKeys('Q')).toEqual([{ kind: 'quit' }]);
  });

  it('quits on q, Ctrl-C and Ctrl-D', () => {
    expect(decodeKeys('q')).toEqual([{ kind: 'quit' }]);
    expect(decodeKeys('\x03')).toEqual([{ kind: 'quit' }]);
    expect(decodeKeys('\x04')).toEqual([{ kind: 'quit' }]);
  });

  it('redraws on Ctrl-L', () => {
    expect(decodeKeys('\x0c')).toEqual([{ kind: 'redraw' }]);
  });

  it('reads a lone ESC, and an ESC followed by a letter, as the esc key', () => {
    expect(decodeKeys('\x1b')).toEqual([{ kind: 'game', key: 'esc' }]);
    expect(decodeKeys('\x1bl')).toEqual([{ kind: 'game', key: 'esc' }, { kind: 'game', key: 'l' }]);
    expect(decodeKeys('\x1b\x1b')).toEqual([{ kind: 'game', key: 'esc' }, { kind: 'game', key: 'esc' }]);
  });

  it('reads arrow keys and other escape sequences whole, as one other key, instead of reading their letters', () => {
    expect(decodeKeys('\x1b[A')).toEqual([{ kind: 'other' }]);
    expect(decodeKeys('\x1b[1;5D')).toEqual([{ kind: 'other' }]);
    expect(decodeKeys('\x1bOA')).toEqual([{ kind: 'other' }]);
    expect(decodeKeys('\x1b[15~k')).toEqual([{ kind: 'other' }, { kind: 'game', key: 'k' }]);
  });

  it('opens the key help on ?', () => {
    expect(decodeKeys('?')).toEqual([{ kind: 'help' }]);
    expect(decodeKeys('?j')).toEqual([{ kind: 'help' }, { kind: 'game', key: 'j' }]);
  });

  it('reads every other key as other, one per key, which the game ignores', () => {
    expect(decodeKeys('x w\r')).toEqual([{ kind: 'other' }, { kind: 'other' }, { kind: 'other' }, { kind: 'other' }]);
  });
});

describe('isRedundantRepeat', () => {
  it('holds back the same key again within one tick, and nothing else', () => {
    const last = { key: 'j', at: 1000 } as const;
    expect(isRedundantRepeat(null, 'j', 1000)).toBe(false);
    expect(isRedundantRepeat(last, 'j', 1000)).toBe(true);
    expect(isRedundantRepeat(last, 'j', 1099)).toBe(true);
    expect(isRedundantRepeat(last, 'j', 1100)).toBe(false);
    expect(isRedundantRepeat(last, 'l', 1001)).toBe(false);
  });
});
