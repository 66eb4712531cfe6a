import { describe, expect, it } from 'vitest';
import { botProcessCount, defaultLoadOptions, parseLoadOptions, workRangeFlag } from '../load/generator/load-options.js';

describe('parseLoadOptions', () => {
  it('reads the documented example and fills the rest from the defaults', () => {
    const parsed = parseLoadOptions(['--games', '100', '--players', '2', '--duration', '30']);
    expect(parsed).toEqual({ kind: 'run', jsonDefault: true, options: { ...defaultLoadOptions, games: 100, players: 2, durationSeconds: 30 } });
  });

  it('takes a fixed work load for every room and a range for one heavy room', () => {
    const parsed = parseLoadOptions(['--work-ms', '0.2', '--heavy-work-ms=40-120', '--rooms', 'inline', '--no-json']);
    expect(parsed).toMatchObject({
      kind: 'run',
      jsonDefault: false,
      options: { workMs: { min: 0.2, max: 0.2 }, heavyWorkMs: { min: 40, max: 120 }, heavyGames: 1, rooms: 'inline', jsonPath: null },
    });
  });

  it('answers mistakes with a sentence naming the flag', () => {
    expect(parseLoadOptions(['--gmaes', '3'])).toEqual({ kind: 'error', error: 'unknown flag --gmaes; see --help' });
    expect(parseLoadOptions(['--players', '9'])).toEqual({ kind: 'error', error: '--players must be a whole number from 1 to 6, got "9"' });
    expect(parseLoadOptions(['--rooms', 'cloud'])).toEqual({ kind: 'error', error: '--rooms must be one of process, thread, inline, got "cloud"' });
    expect(parseLoadOptions(['--duration'])).toEqual({ kind: 'error', error: '--duration needs a value' });
    expect(parseLoadOptions(['--heavy-games', '2'])).toEqual({ kind: 'error', error: '--heavy-games needs --heavy-work-ms' });
    expect(parseLoadOptions(['--address', 'localhost:8766'])).toEqual({
      kind: 'error',
      error: '--address must look like ws://HOST:PORT, got "localhost:8766"',
    });
  });

  it('asks for help', () => {
    expect(parseLoadOptions(['--games', '3', '--help'])).toEqual({ kind: 'help' });
  });
});

describe('workRangeFlag', () => {
  it('reads a number or a range and refuses a range upside down', () => {
    expect(workRangeFlag('10', 'work-ms')).toEqual({ min: 10, max: 10 });
    expect(workRangeFlag('40-120', 'work-ms')).toEqual({ min: 40, max: 120 });
    expect(workRangeFlag(undefined, 'work-ms')).toBeNull();
    expect(workRangeFlag('120-40', 'work-ms')).toBe(
      '--work-ms must be milliseconds from 0 to 1000 (like 0.2) or a range MIN-MAX (like 40-120), got "120-40"',
    );
  });
});

describe('botProcessCount', () => {
  it('uses one bot process up to 200 bots and two above, unless told', () => {
    expect(botProcessCount({ botProcesses: 0, games: 100, heavyGames: 0, players: 2 })).toBe(1);
    expect(botProcessCount({ botProcesses: 0, games: 100, heavyGames: 1, players: 2 })).toBe(2);
    expect(botProcessCount({ botProcesses: 3, games: 1, heavyGames: 0, players: 2 })).toBe(3);
  });
});
