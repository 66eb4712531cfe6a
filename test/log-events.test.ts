import { describe, expect, it } from 'vitest';
import { EVENT_LEVELS, levelOf, logEvent } from '../server/log/log-events.js';
import { RoomLogEvent } from '../shared/protocol/room-log.js';
import { captureLog } from './helpers/captured-log.js';
import { documentedEvents } from './helpers/documented-log-events.js';

/** The levels of the lines rooms write themselves, as the lobby logs them (output: as read from stderr). */
const ROOM_EVENT_LEVELS: Readonly<Record<string, string>> = {
  [RoomLogEvent.Ready]: 'debug',
  [RoomLogEvent.Exception]: 'error',
  [RoomLogEvent.Output]: 'error',
};

describe('log events', () => {
  it('are every one documented in docs/operations.md with its level, and nothing else is', () => {
    const documented = documentedEvents();
    expect([...documented.keys()].sort()).toEqual([...Object.keys(EVENT_LEVELS), ...Object.keys(ROOM_EVENT_LEVELS)].sort());
    const levels = Object.fromEntries([...documented].map(([event, { level }]) => [event, /^\w+/.exec(level)![0]]));
    expect(levels).toEqual({ ...EVENT_LEVELS, ...ROOM_EVENT_LEVELS });
  });

  it('document the fields pino adds to no line: no pid or hostname of the lobby process', () => {
    const log = captureLog();
    logEvent(log.logger, { event: 'lobby_stopped', stopMs: 12 }, 'vimtron lobby stopped in 12 ms');
    expect(log.lines).toEqual([{ level: 30, time: expect.any(Number), event: 'lobby_stopped', stopMs: 12, msg: 'vimtron lobby stopped in 12 ms' }]);
  });

  it('log a game that ended by crashing at error, and any other end at info', () => {
    const ended = { event: 'game_ended', game: 'g', pid: 1, detail: 'x' } as const;
    expect(levelOf({ ...ended, reason: 'crashed' })).toBe('error');
    for (const reason of ['all_left', 'idle', 'shutdown', 'handed_over', 'taken_over'] as const) expect(levelOf({ ...ended, reason })).toBe('info');
  });

  it('log an error under err with its type, message and stack', () => {
    const log = captureLog();
    logEvent(log.logger, { event: 'internal_error', err: new TypeError('no such thing') }, 'internal error');
    expect(log.lines).toEqual([
      {
        level: 50,
        time: expect.any(Number),
        event: 'internal_error',
        err: { type: 'TypeError', message: 'no such thing', stack: expect.stringMatching(/^TypeError: no such thing\n {4}at /) },
        msg: 'internal error',
      },
    ]);
  });

  it('are left out below the logger level', () => {
    const log = captureLog('warn');
    logEvent(log.logger, { event: 'lobby_stopped', stopMs: 1 }, 'stopped');
    logEvent(log.logger, { event: 'spare_room_failed', pid: 7, detail: 'exited with code 1 while idle' }, 'spare failed');
    expect(log.lines.map((line) => line.event)).toEqual(['spare_room_failed']);
  });
});
