import { InlineRoomHost } from './inline-room-host.js';
import { ProcessRoomHost } from './process-room-host.js';
import { defaultRoomHostOptions, type RoomHost, type RoomHostOptions } from './room-host.js';
import { ThreadRoomHost } from './thread-room-host.js';
import { WarmRoomPool } from './warm-room-pool.js';

export const ROOM_HOST_KINDS = ['process', 'thread', 'inline'] as const;
export type RoomHostKind = (typeof ROOM_HOST_KINDS)[number];

/** The room host an operator asked for, with a warm pool of `pool` spares in front (0: none). */
export function createRoomHost(
  kind: RoomHostKind,
  pool: number,
  log: (line: string) => void,
  options: RoomHostOptions = defaultRoomHostOptions,
  startTimeoutMs?: number,
): RoomHost {
  const host =
    kind === 'process'
      ? new ProcessRoomHost(options)
      : kind === 'thread'
        ? new ThreadRoomHost(options)
        : new InlineRoomHost(options);
  return pool > 0 ? new WarmRoomPool(host, pool, log, startTimeoutMs) : host;
}
