import { describe, expect, it } from 'vitest';
import { decodeRoomLogLine, encodeRoomLogLine, errorFields, roomOutputRecord } from '../shared/protocol/room-log.js';

describe('room log lines', () => {
  it('are one line of JSON in pino\'s shape, and read back as the same record', () => {
    const record = { level: 'warn', event: 'room_ready', msg: 'ready', fields: { warmUpMs: 12 } } as const;
    const line = encodeRoomLogLine(record, 1_790_000_000_000);
    expect(line).toBe('{"level":40,"time":1790000000000,"event":"room_ready","warmUpMs":12,"msg":"ready"}\n');
    expect(decodeRoomLogLine(line.trimEnd())).toEqual(record);
  });

  it('drop the fields the lobby sets itself: a room cannot pass for another game, pid or lobby', () => {
    const line = '{"level":30,"time":1,"event":"x","msg":"m","pid":1,"game":"other","lobby":"l","hostname":"h","extra":[1]}';
    expect(decodeRoomLogLine(line)).toEqual({ level: 'info', event: 'x', msg: 'm', fields: { extra: [1] } });
  });

  it('are not records unless a JSON object with a known level, an event and a message', () => {
    for (const line of [
      '<--- Last few GCs --->',
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      '{not json',
      '["level",30]',
      '{"level":35,"event":"x","msg":"m"}',
      '{"level":"info","event":"x","msg":"m"}',
      '{"level":30,"msg":"m"}',
      '{"level":30,"event":"","msg":"m"}',
      '{"level":30,"event":"x"}',
      'null',
    ]) {
      expect(decodeRoomLogLine(line), line).toBeNull();
    }
  });

  it('make any other line printed on stderr an error, and on stdout information', () => {
    expect(roomOutputRecord('Debugger listening on ws://127.0.0.1:9229/x', 'stderr')).toEqual({
      level: 'error',
      event: 'room_output',
      msg: 'Debugger listening on ws://127.0.0.1:9229/x',
      fields: { stream: 'stderr' },
    });
    expect(roomOutputRecord('hello', 'stdout').level).toBe('info');
  });

  it('carry an error as its type, message and stack, and anything else thrown as its text', () => {
    const error = new RangeError('out of the arena');
    expect(errorFields(error)).toEqual({ type: 'RangeError', message: 'out of the arena', stack: error.stack });
    expect(errorFields('a string')).toEqual({ type: 'string', message: 'a string' });
  });
});
