import { describe, expect, it } from 'vitest';
import { FloodGate, ThrottledLog } from '../server/throttled-log.js';
import { captureLog } from './helpers/captured-log.js';

describe('a throttled log', () => {
  it('writes five lines a window, counts the rest, and says how many were held back on the next line it writes', () => {
    const log = captureLog();
    const throttled = new ThrottledLog(log.logger);
    const line = { event: 'internal_error', err: new Error('boom') } as const;
    for (let index = 0; index < 8; index++) throttled.write(line, `failure ${index}`, 1000 + index);
    expect(log.lines.map((written) => written.msg)).toEqual(['failure 0', 'failure 1', 'failure 2', 'failure 3', 'failure 4']);
    // The next window: the three held back are counted on its first line, and only there.
    throttled.write(line, 'failure 8', 11_000);
    throttled.write(line, 'failure 9', 11_001);
    expect(log.lines.slice(5).map((written) => [written.msg, written.heldBack])).toEqual([
      ['failure 8 (3 similar lines held back before this one)', 3],
      ['failure 9', undefined],
    ]);
  });

  it('lets a gate of one through once a window, and counts the others', () => {
    const gate = new FloodGate(1, 100);
    expect([gate.admit(0), gate.admit(50), gate.admit(99), gate.admit(100), gate.admit(150), gate.admit(250)]).toEqual([0, null, null, 2, null, 1]);
  });
});
