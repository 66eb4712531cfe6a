import { KEYS, type Key } from '../rules/types.js';

/**
 * Players' keys on their way to a room process travel on a pipe of their own
 * beside the IPC channel (see server/process-room-host.ts), 2 bytes a key:
 * the seat, then the key's index in KEYS. The room reads the pipe only when
 * it ticks, and before each command from the lobby: a key waits for the next
 * tick anyway, and on the IPC channel each one woke the room up for nothing
 * but queueing it (measured here: about 0.2 ms of CPU a key, as much as a
 * tick of a light room).
 */

/** The descriptor of the key pipe in a room process: the lobby forks it with the pipe there and the IPC channel after it. */
export const KEY_PIPE_FD = 3;

/** Bytes of one key on the pipe. */
export const KEY_RECORD_BYTES = 2;

/** A player's key as it goes on the pipe. */
export function encodeKeyRecord(player: number, key: Key): Buffer {
  if (!Number.isInteger(player) || player < 1 || player > 255) throw new RangeError(`a key record's player must be 1-255, got ${player}`);
  return Buffer.from([player, KEYS.indexOf(key)]);
}

/**
 * The whole key records among the first `length` bytes of `bytes`; unknown
 * key codes are skipped. Returns the bytes used: a record a read cut in two
 * is the caller's to keep for the next read.
 */
export function decodeKeyRecords(bytes: Uint8Array, length: number, onKey: (player: number, key: Key) => void): number {
  let offset = 0;
  for (; offset + KEY_RECORD_BYTES <= length; offset += KEY_RECORD_BYTES) {
    const key = KEYS[bytes[offset + 1]!];
    if (key !== undefined) onKey(bytes[offset]!, key);
  }
  return offset;
}
