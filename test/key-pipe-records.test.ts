import { describe, expect, it } from 'vitest';
import { decodeKeyRecords, encodeKeyRecord, KEY_RECORD_BYTES } from '../shared/protocol/key-pipe-records.js';
import { KEYS, type Key } from '../shared/rules/types.js';

function decodeAll(bytes: Uint8Array): { keys: [number, Key][]; used: number } {
  const keys: [number, Key][] = [];
  const used = decodeKeyRecords(bytes, bytes.length, (player, key) => keys.push([player, key]));
  return { keys, used };
}

describe('key pipe records', () => {
  it('encodes every key as two bytes, the seat then the key, and decodes them back in order', () => {
    const bytes = Buffer.concat(KEYS.map((key, index) => encodeKeyRecord(index + 1, key)));
    expect(bytes.length).toBe(KEYS.length * KEY_RECORD_BYTES);
    expect([...encodeKeyRecord(2, 'esc')]).toEqual([2, 5]);
    expect(decodeAll(bytes)).toEqual({ keys: KEYS.map((key, index) => [index + 1, key]), used: bytes.length });
  });

  it('leaves a record cut in two by a read for the next read, and skips key codes it does not know', () => {
    expect(decodeAll(Uint8Array.from([1, 0, 2]))).toEqual({ keys: [[1, 'h']], used: 2 });
    expect(decodeAll(Uint8Array.from([1, 99, 2, 4]))).toEqual({ keys: [[2, 'i']], used: 4 });
    expect(decodeAll(Uint8Array.from([]))).toEqual({ keys: [], used: 0 });
  });

  it('refuses a seat that does not fit in a byte, with the exact message', () => {
    expect(() => encodeKeyRecord(0, 'h')).toThrow(new RangeError("a key record's player must be 1-255, got 0"));
    expect(() => encodeKeyRecord(256, 'h')).toThrow(new RangeError("a key record's player must be 1-255, got 256"));
  });
});
