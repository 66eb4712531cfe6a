import { describe, expect, it } from 'vitest';
import { RECONNECT_WINDOW_MS, reconnectWindowFromEnvironment, retryDelayMs } from '../shared/client/reconnect-schedule.js';

describe('retryDelayMs', () => {
  it('waits 250 ms after the first failed attempt, then 500 ms six times while a dead lobby\'s lease runs out, then doubles from 1 s up to 2 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 40, 5000].map(retryDelayMs)).toEqual([250, 500, 500, 500, 500, 500, 500, 1000, 2000, 2000, 2000, 2000]);
  });

  it('tries again at most half a second apart for the first 3.25 s, past a lease of 2 s, then less often', () => {
    const times = [0];
    for (let attempts = 1; times.length < 10; attempts++) times.push(times.at(-1)! + retryDelayMs(attempts));
    expect(times).toEqual([0, 250, 750, 1250, 1750, 2250, 2750, 3250, 4250, 6250]);
  });

  it('makes 21 attempts in the default 30 s window when every one fails at once, the last at 28.25 s', () => {
    let at = 0;
    let attempts = 1;
    while (at + retryDelayMs(attempts) < RECONNECT_WINDOW_MS) at += retryDelayMs(attempts++);
    expect({ attempts, lastAttemptAtMs: at }).toEqual({ attempts: 21, lastAttemptAtMs: 28_250 });
  });

  it('throws a RangeError for a count that is not a positive integer', () => {
    expect(() => retryDelayMs(0)).toThrow(new RangeError('failedAttempts must be a positive integer, got 0'));
    expect(() => retryDelayMs(1.5)).toThrow(new RangeError('failedAttempts must be a positive integer, got 1.5'));
  });
});

describe('reconnectWindowFromEnvironment', () => {
  it('is the 30 s seat hold when VIMTRON_RECONNECT_SECONDS is unset or empty', () => {
    expect(reconnectWindowFromEnvironment({})).toEqual({ ok: true, value: 30_000 });
    expect(reconnectWindowFromEnvironment({ VIMTRON_RECONNECT_SECONDS: ' ' })).toEqual({ ok: true, value: 30_000 });
  });

  it('reads whole and fractional seconds, and 0 to turn reconnecting off', () => {
    expect(reconnectWindowFromEnvironment({ VIMTRON_RECONNECT_SECONDS: '1.5' })).toEqual({ ok: true, value: 1500 });
    expect(reconnectWindowFromEnvironment({ VIMTRON_RECONNECT_SECONDS: '0' })).toEqual({ ok: true, value: 0 });
    expect(reconnectWindowFromEnvironment({ VIMTRON_RECONNECT_SECONDS: '86400' })).toEqual({ ok: true, value: 86_400_000 });
  });

  it('refuses anything else with a sentence naming the variable', () => {
    for (const text of ['soon', '-1', '1e3', '86401', '0x10']) {
      expect(reconnectWindowFromEnvironment({ VIMTRON_RECONNECT_SECONDS: text })).toEqual({
        ok: false,
        error: `vimtron: VIMTRON_RECONNECT_SECONDS must be a number of seconds from 0 to 86400, got "${text}"`,
      });
    }
  });
});
