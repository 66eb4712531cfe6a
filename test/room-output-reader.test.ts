import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RoomLogRecord } from '../shared/protocol/room-log.js';
import { RoomOutputReader } from '../server/room-output-reader.js';

function ended(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => stream.on('end', resolve));
}

describe('room output', () => {
  it('hands on each line a room prints: its records as they are, anything else as room_output, blank lines not at all', async () => {
    const records: RoomLogRecord[] = [];
    const reader = new RoomOutputReader((record) => records.push(record));
    const stderr = new PassThrough();
    const stdout = new PassThrough();
    reader.read(stderr, 'stderr');
    reader.read(stdout, 'stdout');
    stderr.write('{"level":50,"time":1,"event":"room_exception","err":{"type":"Error","message":"x"},"msg":"th');
    stderr.write('rew"}\n\n<--- Last few GCs --->\n');
    stdout.write('no newline at the end');
    stderr.end();
    stdout.end();
    await Promise.all([ended(stderr), ended(stdout)]);
    expect(records).toEqual([
      { level: 'error', event: 'room_exception', msg: 'threw', fields: { err: { type: 'Error', message: 'x' } } },
      { level: 'error', event: 'room_output', msg: '<--- Last few GCs --->', fields: { stream: 'stderr' } },
      { level: 'info', event: 'room_output', msg: 'no newline at the end', fields: { stream: 'stdout' } },
    ]);
  });

  it('hands on at most 200 lines every 10 s of a room printing in a loop', async () => {
    const records: RoomLogRecord[] = [];
    const reader = new RoomOutputReader((record) => records.push(record));
    const stderr = new PassThrough();
    reader.read(stderr, 'stderr');
    stderr.end(Array.from({ length: 1000 }, (_, index) => `line ${index}\n`).join(''));
    await ended(stderr);
    expect(records).toHaveLength(200);
    expect(records.at(-1)).toMatchObject({ msg: 'line 199', fields: { stream: 'stderr' } });
  });
});
