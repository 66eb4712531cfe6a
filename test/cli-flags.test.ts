import { describe, expect, it } from 'vitest';
import { defaultFlagMessages, parseFlags, type FlagMessages, type FlagSpecs } from '../cli/flags.js';

const SPECS = {
  port: { kind: 'integer', min: 1, max: 65535 },
  game: { kind: 'string' },
} as const satisfies FlagSpecs;

describe('parseFlags', () => {
  it('returns no values and no help for an empty argument list', () => {
    expect(parseFlags([], SPECS)).toEqual({ ok: true, value: { help: false, values: {} } });
  });

  it('reads a flag followed by its value and a flag joined to its value by =', () => {
    expect(parseFlags(['--port', '8766', '--game=duel'], SPECS)).toEqual({
      ok: true,
      value: { help: false, values: { port: 8766, game: 'duel' } },
    });
  });

  it('converts integer flags to numbers, negative ones included when the range allows', () => {
    expect(parseFlags(['--offset', '-3'], { offset: { kind: 'integer', min: -5, max: 5 } })).toEqual({
      ok: true,
      value: { help: false, values: { offset: -3 } },
    });
  });

  it('converts number flags, fractions included, and checks their range', () => {
    const specs = { duration: { kind: 'number', min: 1, max: 60 } } as const;
    expect(parseFlags(['--duration', '2.5'], specs)).toEqual({ ok: true, value: { help: false, values: { duration: 2.5 } } });
    expect(parseFlags(['--duration', '0.5'], specs)).toEqual({ ok: false, error: '--duration must be a number from 1 to 60, got "0.5"' });
    expect(parseFlags(['--duration', 'soon'], specs)).toEqual({ ok: false, error: '--duration must be a number from 1 to 60, got "soon"' });
    expect(parseFlags(['--duration', ' '], specs)).toEqual({ ok: false, error: '--duration must be a number from 1 to 60, got " "' });
  });

  it('takes a switch as true and refuses a value for it', () => {
    const specs = { bench: { kind: 'switch' } } as const;
    expect(parseFlags(['--bench'], specs)).toEqual({ ok: true, value: { help: false, values: { bench: true } } });
    expect(parseFlags(['--bench=yes'], specs)).toEqual({ ok: false, error: '--bench takes no value' });
  });

  it('accepts only the words of a choice', () => {
    const specs = { rooms: { kind: 'choice', choices: ['process', 'thread'] } } as const;
    expect(parseFlags(['--rooms', 'thread'], specs)).toEqual({ ok: true, value: { help: false, values: { rooms: 'thread' } } });
    expect(parseFlags(['--rooms', 'cloud'], specs)).toEqual({ ok: false, error: '--rooms must be one of process, thread, got "cloud"' });
    expect(parseFlags(['--rooms='], specs)).toEqual({ ok: false, error: '--rooms needs a value' });
  });

  it('notes --help and -h and still checks the other flags', () => {
    expect(parseFlags(['--game', 'x', '-h'], SPECS)).toEqual({ ok: true, value: { help: true, values: { game: 'x' } } });
    expect(parseFlags(['--help'], SPECS)).toEqual({ ok: true, value: { help: true, values: {} } });
    expect(parseFlags(['--help', '--bogus'], SPECS)).toEqual({ ok: false, error: 'unknown flag --bogus' });
  });

  it('rejects an unknown long flag, an unknown short flag and a positional word', () => {
    expect(parseFlags(['--bogus'], SPECS)).toEqual({ ok: false, error: 'unknown flag --bogus' });
    expect(parseFlags(['--bogus=1'], SPECS)).toEqual({ ok: false, error: 'unknown flag --bogus' });
    expect(parseFlags(['-p', '1'], SPECS)).toEqual({ ok: false, error: 'unknown flag -p' });
    expect(parseFlags(['-hx'], SPECS)).toEqual({ ok: false, error: 'unknown flag -hx' });
    expect(parseFlags(['duel'], SPECS)).toEqual({ ok: false, error: 'unexpected argument "duel"' });
    expect(parseFlags(['--'], SPECS)).toEqual({ ok: false, error: 'unknown flag --' });
    expect(parseFlags(['-'], SPECS)).toEqual({ ok: false, error: 'unknown flag -' });
    expect(parseFlags(['--toString'], SPECS)).toEqual({ ok: false, error: 'unknown flag --toString' });
  });

  it('rejects a flag with no value at the end, before another flag, or empty after =', () => {
    expect(parseFlags(['--port'], SPECS)).toEqual({ ok: false, error: '--port needs a value' });
    expect(parseFlags(['--game', '--port', '1'], SPECS)).toEqual({ ok: false, error: '--game needs a value' });
    expect(parseFlags(['--game='], SPECS)).toEqual({ ok: false, error: '--game needs a value' });
    expect(parseFlags(['--game', '-h'], SPECS)).toEqual({ ok: false, error: '--game needs a value' });
  });

  it('rejects an integer flag whose value is not a whole number or is out of range', () => {
    expect(parseFlags(['--port', 'abc'], SPECS)).toEqual({
      ok: false,
      error: '--port must be an integer from 1 to 65535, got "abc"',
    });
    expect(parseFlags(['--port', '1.5'], SPECS)).toEqual({
      ok: false,
      error: '--port must be an integer from 1 to 65535, got "1.5"',
    });
    expect(parseFlags(['--port=0x10'], SPECS)).toEqual({
      ok: false,
      error: '--port must be an integer from 1 to 65535, got "0x10"',
    });
    expect(parseFlags(['--port', '70000'], SPECS)).toEqual({
      ok: false,
      error: '--port must be an integer from 1 to 65535, got 70000',
    });
    expect(parseFlags(['--port', '0'], SPECS)).toEqual({ ok: false, error: '--port must be an integer from 1 to 65535, got 0' });
  });

  it('rejects a flag given twice', () => {
    expect(parseFlags(['--port', '1', '--port=2'], SPECS)).toEqual({ ok: false, error: '--port is given twice' });
  });

  it('takes a value that starts with a single dash as a value', () => {
    expect(parseFlags(['--game', '-x'], SPECS)).toEqual({ ok: true, value: { help: false, values: { game: '-x' } } });
  });

  it('phrases unknown flags, stray words and bad numbers with the messages it is given', () => {
    const messages: FlagMessages = {
      ...defaultFlagMessages,
      unknownFlag: (flag) => `no such flag: ${flag}`,
      unexpectedArgument: (word) => `no words please: ${word}`,
      outOfRange: (name, raw) => `--${name} out of range: ${raw}`,
    };
    expect(parseFlags(['--bogus'], SPECS, messages)).toEqual({ ok: false, error: 'no such flag: --bogus' });
    expect(parseFlags(['duel'], SPECS, messages)).toEqual({ ok: false, error: 'no words please: duel' });
    expect(parseFlags(['--port', '0'], SPECS, messages)).toEqual({ ok: false, error: '--port out of range: 0' });
  });

  it('refuses a table that defines its own --help', () => {
    expect(() => parseFlags([], { help: { kind: 'switch' } })).toThrow(RangeError);
  });
});
