import type { Logger } from 'pino';
import { InlineRoomHost } from './inline-room-host.js';
import { ProcessRoomHost } from './process-room-host.js';
import { QueuedRoomHost } from './queued-room-host.js';
import { defaultRoomHostOptions, type RoomHost, type RoomHostOptions } from './room-host.js';
import { ThreadRoomHost } from './thread-room-host.js';
import { WarmRoomPool } from './warm-room-pool.js';

export const ROOM_HOST_KINDS = ['process', 'thread', 'inline'] as const;
export type RoomHostKind = (typeof ROOM_HOST_KINDS)[number];

/**
 * The room host an operator asked for: at most `options.startConcurrency`
 * runtimes starting at once (every kind: a worker thread's start-up takes a
 * core too, and an inline room's warm-up runs on the lobby's own loop), with
 * a warm pool of `pool` spares in front (0: none) whose starts wait behind
 * every player's.
 */
export function createRoomHost(
  kind: RoomHostKind,
  pool: number,
  logger: Logger,
  options: RoomHostOptions = defaultRoomHostOptions,
  startTimeoutMs?: number,
): RoomHost {
  const host =
    kind === 'process'
      ? new ProcessRoomHost(options)
      : kind === 'thread'
        ? new ThreadRoomHost(options)
        : new InlineRoomHost(options);
  const queued = new QueuedRoomHost(host, options.startConcurrency);
  return pool > 0 ? new WarmRoomPool(queued, pool, logger, startTimeoutMs) : queued;
}
