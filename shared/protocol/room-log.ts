/**
 * The lines a room runtime writes for the lobby's log, on its stderr (or
 * straight to the lobby for an inline room): one JSON object a line, in
 * pino's shape (`level` as a number, `time`, `msg`), so the lobby re-emits
 * each through its own logger with the room's game and pid. Anything else a
 * room prints (V8's report of a heap out of memory, say) is not a record:
 * the lobby logs it as a `room_output` line of its own.
 *
 * Rooms write these by hand rather than through pino: they log a line or two
 * in their life, and every room process would otherwise load the logger.
 */

/** pino's levels, by name and number. */
export const ROOM_LOG_LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
export type RoomLogLevel = keyof typeof ROOM_LOG_LEVELS;

/** What rooms log themselves. */
export const RoomLogEvent = {
  /** The runtime is ready for its game (debug). */
  Ready: 'room_ready',
  /** The game logic threw: the stack is in `err` (error). */
  Exception: 'room_exception',
  /** A line the room printed that is not a record (error on stderr, info on stdout); the line is `msg`. */
  Output: 'room_output',
} as const;

export interface RoomLogRecord {
  readonly level: RoomLogLevel;
  readonly event: string;
  readonly msg: string;
  /** Further fields, JSON values only. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Keys that are the lobby's to set on the line it logs: a room's own are dropped. */
const RESERVED_KEYS = new Set(['level', 'time', 'msg', 'event', 'pid', 'hostname', 'game', 'lobby']);

const LEVEL_NAMES = new Map<number, RoomLogLevel>(
  Object.entries(ROOM_LOG_LEVELS).map(([name, number]) => [number, name as RoomLogLevel]),
);

/** One record as the line a room writes, newline included. */
export function encodeRoomLogLine(record: RoomLogRecord, time: number): string {
  return `${JSON.stringify({ level: ROOM_LOG_LEVELS[record.level], time, event: record.event, ...record.fields, msg: record.msg })}\n`;
}

/** A line a room wrote, as a record if it is one (a JSON object with a known level, an event and a message); null if not. */
export function decodeRoomLogLine(line: string): RoomLogRecord | null {
  if (!line.startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { level, event, msg } = parsed as { level?: unknown; event?: unknown; msg?: unknown };
  const levelName = typeof level === 'number' ? LEVEL_NAMES.get(level) : undefined;
  if (levelName === undefined || typeof event !== 'string' || event === '' || typeof msg !== 'string') return null;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) if (!RESERVED_KEYS.has(key)) fields[key] = value;
  return { level: levelName, event, msg, fields };
}

/** A line a room printed that is not a record: an error on stderr, information on stdout. */
export function roomOutputRecord(line: string, stream: 'stdout' | 'stderr'): RoomLogRecord {
  return { level: stream === 'stderr' ? 'error' : 'info', event: RoomLogEvent.Output, msg: line, fields: { stream } };
}

/** An error as a record's `err` field, in the shape pino gives errors: type, message, stack. */
export function errorFields(error: unknown): { readonly type: string; readonly message: string; readonly stack?: string } {
  if (error instanceof Error) return { type: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { type: typeof error, message: String(error) };
}
