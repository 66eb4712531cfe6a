import { describe, expect, it } from 'vitest';
import { parseFlags, type FlagSpec } from '../cli/parse-args.js';

const SPECS: readonly FlagSpec[] = [
  { name: 'port', kind: 'integer', min: 1, max: 65535 },
  { name: 'game', kind: 'string' },
];

describe('parseFlags', () => {
  it('returns no values and no help for an empty argument list', () => {
    expect(parseFlags([], SPECS)).toEqual({ ok: true, value: { help: false, values: new Map() } });
  });

  it('reads a flag followed by its value and a flag joined to its value by =', () => {
    expect(parseFlags(['--port', '8766', '--game=duel'], SPECS)).toEqual({
      ok: true,
      value: { help: false, values: new Map<string, string | number>([['port', 8766], ['game', 'duel']]) },
    });
  });

  it('converts integer flags to numbers, negative ones included when the range allows', () => {
    const specs: FlagSpec[] = [{ name: 'offset', kind: 'integer', min: -5, max: 5 }];
    expect(parseFlags(['--offset', '-3'], specs)).toEqual({ ok: true, value: { help: false, values: new Map([['offset', -3]]) } });
  });

  it('notes --help and -h and still checks the other flags', () => {
    expect(parseFlags(['--game', 'x', '-h'], SPECS)).toEqual({ ok: true, value: { help: true, values: new Map([['game', 'x']]) } });
    expect(parseFlags(['--help'], SPECS)).toEqual({ ok: true, value: { help: true, values: new Map() } });
    expect(parseFlags(['--help', '--bogus'], SPECS)).toEqual({ ok: false, error: 'unknown flag --bogus' });
  });

  it('rejects an unknown long flag, an unknown short flag and a positional word', () => {
    expect(parseFlags(['--bogus'], SPECS)).toEqual({ ok: false, error: 'unknown flag --bogus' });
    expect(parseFlags(['--bogus=1'], SPECS)).toEqual({ ok: false, error: 'unknown flag --bogus' });
    expect(parseFlags(['-p', '1'], SPECS)).toEqual({ ok: false, error: 'unknown flag -p' });
    expect(parseFlags(['duel'], SPECS)).toEqual({ ok: false, error: 'unexpected argument "duel"' });
    expect(parseFlags(['--'], SPECS)).toEqual({ ok: false, error: 'unknown flag --' });
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
    expect(parseFlags(['--game', '-x'], SPECS)).toEqual({ ok: true, value: { help: false, values: new Map([['game', '-x']]) } });
  });
});
