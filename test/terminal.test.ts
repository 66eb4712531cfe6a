import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ENTER_SEQUENCE, RESTORE_SEQUENCE, Terminal } from '../client/terminal.js';

class FakeInput extends EventEmitter {
  isTTY = true;
  rawModes: boolean[] = [];
  paused = true;
  encoding: string | null = null;
  setRawMode(mode: boolean): void {
    this.rawModes.push(mode);
  }
  setEncoding(encoding: BufferEncoding): void {
    this.encoding = encoding;
  }
  resume(): void {
    this.paused = false;
  }
  pause(): void {
    this.paused = true;
  }
}

class FakeOutput extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 30;
  written: string[] = [];
  write(text: string): boolean {
    this.written.push(text);
    return true;
  }
}

const terminals: Terminal[] = [];

function fakeTerminal(): { terminal: Terminal; input: FakeInput; output: FakeOutput } {
  const input = new FakeInput();
  const output = new FakeOutput();
  const terminal = new Terminal(input, output);
  terminals.push(terminal);
  return { terminal, input, output };
}

afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.restore();
});

describe('Terminal', () => {
  it('takes the terminal: raw mode, utf8 keys, reading, alternate screen with a hidden cursor', () => {
    const { terminal, input, output } = fakeTerminal();
    terminal.enter();
    expect(input.rawModes).toEqual([true]);
    expect(input.encoding).toBe('utf8');
    expect(input.paused).toBe(false);
    expect(output.written).toEqual([ENTER_SEQUENCE]);
    expect(ENTER_SEQUENCE).toBe('\x1b[?1049h\x1b[?25l\x1b[?7l\x1b[H\x1b[2J');
  });

  it('restores exactly once however many times it is asked', () => {
    const { terminal, input, output } = fakeTerminal();
    terminal.enter();
    terminal.restore();
    terminal.restore();
    expect(output.written).toEqual([ENTER_SEQUENCE, RESTORE_SEQUENCE]);
    expect(RESTORE_SEQUENCE).toBe('\x1b[0m\x1b[H\x1b[2J\x1b[?7h\x1b[?25h\x1b[?1049l');
    expect(input.rawModes).toEqual([true, false]);
    expect(input.paused).toBe(true);
    expect(terminal.isEntered).toBe(false);
  });

  it('does nothing on restore when the terminal was never taken', () => {
    const { terminal, input, output } = fakeTerminal();
    terminal.restore();
    expect(output.written).toEqual([]);
    expect(input.rawModes).toEqual([]);
  });

  it('restores from the process exit hook while taken, and removes the hook afterwards', () => {
    const before = process.listenerCount('exit');
    const { terminal, output } = fakeTerminal();
    terminal.enter();
    expect(process.listenerCount('exit')).toBe(before + 1);
    const hook = process.listeners('exit').at(-1) as (code: number) => void;
    hook(1);
    expect(output.written).toEqual([ENTER_SEQUENCE, RESTORE_SEQUENCE]);
    expect(process.listenerCount('exit')).toBe(before);
  });

  it('still gives back raw mode when the terminal refuses the restore sequence', () => {
    const { terminal, input, output } = fakeTerminal();
    terminal.enter();
    output.write = () => {
      throw new Error('EIO');
    };
    terminal.restore();
    expect(input.rawModes).toEqual([true, false]);
  });

  it('writes frames only while taken', () => {
    const { terminal, output } = fakeTerminal();
    terminal.write('early');
    terminal.enter();
    terminal.write('frame');
    terminal.write('');
    terminal.restore();
    terminal.write('late');
    expect(output.written).toEqual([ENTER_SEQUENCE, 'frame', RESTORE_SEQUENCE]);
  });

  it('refuses to take something that is not a terminal', () => {
    const { terminal, input } = fakeTerminal();
    input.isTTY = false;
    expect(terminal.isInteractive).toBe(false);
    expect(() => terminal.enter()).toThrow('Terminal.enter() needs stdin and stdout to be a terminal');
  });

  it('reports its size and passes on keys and resizes until unsubscribed', () => {
    const { terminal, input, output } = fakeTerminal();
    expect(terminal.size).toEqual({ columns: 100, rows: 30 });
    const keys: string[] = [];
    let resizes = 0;
    const stopKeys = terminal.onKeys((chunk) => keys.push(chunk));
    const stopResize = terminal.onResize(() => resizes++);
    input.emit('data', 'h');
    output.emit('resize');
    stopKeys();
    stopResize();
    input.emit('data', 'j');
    output.emit('resize');
    expect(keys).toEqual(['h']);
    expect(resizes).toBe(1);
  });
});
