import { describe, expect, it } from 'vitest';
import { cellAt, createScreen, diffScreens, putCell, putText, screenText } from '../client/screen-buffer.js';

const CLEAR = '\x1b[0m\x1b[H\x1b[2J';

describe('screen model', () => {
  it('starts blank and draws text clipped at the right edge', () => {
    const screen = createScreen(5, 2);
    putText(screen, 3, 1, 'abc', '1');
    expect(screenText(screen)).toEqual(['     ', '   ab']);
    expect(cellAt(screen, 4, 1)).toEqual({ char: 'b', style: '1' });
  });

  it('ignores cells drawn off the screen', () => {
    const screen = createScreen(2, 2);
    putCell(screen, -1, 0, 'x');
    putCell(screen, 0, 2, 'x');
    putCell(screen, 2, 0, 'x');
    expect(screenText(screen)).toEqual(['  ', '  ']);
    expect(cellAt(screen, 2, 0)).toBeUndefined();
  });

  it('refuses a negative or fractional size', () => {
    expect(() => createScreen(-1, 2)).toThrow(new RangeError('screen size must be whole, non-negative numbers, got -1x2'));
    expect(() => createScreen(2, 1.5)).toThrow(RangeError);
  });
});

describe('diffScreens', () => {
  it('clears and paints only the non-blank cells when there is no previous screen', () => {
    const screen = createScreen(4, 2);
    putText(screen, 1, 0, 'ab');
    putCell(screen, 3, 1, 'c', '96');
    expect(diffScreens(null, screen)).toBe(`${CLEAR}\x1b[1;2Hab\x1b[2;4H\x1b[0;96mc\x1b[0m`);
  });

  it('writes nothing when nothing changed', () => {
    const before = createScreen(3, 3);
    putText(before, 0, 1, 'xyz', '1');
    const after = createScreen(3, 3);
    putText(after, 0, 1, 'xyz', '1');
    expect(diffScreens(before, after)).toBe('');
  });

  it('moves the cursor to each changed cell and writes only those', () => {
    const before = createScreen(10, 3);
    putText(before, 0, 0, 'hello');
    const after = createScreen(10, 3);
    putText(after, 0, 0, 'hallo');
    putCell(after, 9, 2, '*');
    expect(diffScreens(before, after)).toBe('\x1b[1;2Ha\x1b[3;10H*');
  });

  it('writes neighbouring changed cells in one run without moving the cursor between them', () => {
    const before = createScreen(6, 1);
    const after = createScreen(6, 1);
    putText(after, 2, 0, 'abc');
    expect(diffScreens(before, after)).toBe('\x1b[1;3Habc');
  });

  it('blanks a cell that was drawn before', () => {
    const before = createScreen(3, 1);
    putCell(before, 1, 0, '#', '95');
    const after = createScreen(3, 1);
    expect(diffScreens(before, after)).toBe('\x1b[1;2H ');
  });

  it('changes the style only where it changes and resets it at the end', () => {
    const before = createScreen(4, 1);
    const after = createScreen(4, 1);
    putCell(after, 0, 0, 'a', '91');
    putCell(after, 1, 0, 'b', '91');
    putCell(after, 2, 0, 'c', '');
    putCell(after, 3, 0, 'd', '1;7;96');
    expect(diffScreens(before, after)).toBe('\x1b[1;1H\x1b[0;91mab\x1b[0mc\x1b[0;1;7;96md\x1b[0m');
  });

  it('redraws a cell whose character stays but whose style changes', () => {
    const before = createScreen(2, 1);
    putCell(before, 0, 0, '▲', '96');
    const after = createScreen(2, 1);
    putCell(after, 0, 0, '▲', '95');
    expect(diffScreens(before, after)).toBe('\x1b[1;1H\x1b[0;95m▲\x1b[0m');
  });

  it('moves the cursor explicitly after writing in the last column, where terminals may wrap', () => {
    const before = createScreen(3, 2);
    const after = createScreen(3, 2);
    putCell(after, 2, 0, 'a');
    putCell(after, 0, 1, 'b');
    expect(diffScreens(before, after)).toBe('\x1b[1;3Ha\x1b[2;1Hb');
  });

  it('repaints everything when the size changed', () => {
    const before = createScreen(3, 1);
    putText(before, 0, 0, 'abc');
    const after = createScreen(2, 1);
    putText(after, 0, 0, 'ab');
    expect(diffScreens(before, after)).toBe(`${CLEAR}\x1b[1;1Hab`);
  });
});
