import type { Logger } from 'pino';
import type { RoomLogRecord } from '../../shared/protocol/room-log.js';

/** Which room a line came from: its game (none for a warm-pool spare not yet handed out) and its process. */
export interface RoomOrigin {
  readonly game?: string;
  readonly pid: number | null;
}

/**
 * Logs a line a room runtime wrote (a record of its own, or raw output such
 * as V8's report of a heap out of memory) through the lobby's logger, at the
 * room's level, with the room's game and pid: the room's fields cannot
 * stand in for those.
 */
export function logRoomRecord(logger: Logger, origin: RoomOrigin, record: RoomLogRecord): void {
  const where = origin.game === undefined ? { pid: origin.pid } : { game: origin.game, pid: origin.pid };
  // A room's `err` is already in pino's shape; pino's serializer would take it for an Error and call it an Object.
  const target = 'err' in record.fields ? logger.child({}, { serializers: { err: asIs } }) : logger;
  target[record.level]({ event: record.event, ...record.fields, ...where }, record.msg);
}

function asIs(value: unknown): unknown {
  return value;
}
