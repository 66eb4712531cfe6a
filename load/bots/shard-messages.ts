import type { WorkRange } from '../../shared/protocol/ipc-messages.js';
import type { BotTemper } from './bot-decision.js';
import type { ClientRoomFigures } from './client-room-metrics.js';

/**
 * The load generator's coordinator <-> bot shard boundary (IPC between two
 * processes of our own, so typed but not re-validated).
 */

/** One game the load generator plays: created by its first bot, joined by the others. */
export interface GameSpec {
  readonly name: string;
  readonly players: number;
  readonly width: number;
  readonly height: number;
  /** Benchmark knob passed to `create`; null leaves it out. */
  readonly workMs: WorkRange | null;
  /** The noisy neighbour: reported apart from the light rooms. */
  readonly heavy: boolean;
  /** Seeds its bots' dice, so a run can be repeated move for move against the same server behaviour. */
  readonly seed: number;
  /** When its creator connects, counted from the shard's start, so creation is spread out. */
  readonly startAfterMs: number;
}

export type CoordinatorToShard =
  | {
      readonly type: 'start';
      readonly url: string;
      readonly games: readonly GameSpec[];
      readonly temper: BotTemper;
      readonly tickMs: number;
    }
  /** Open the measured window: counters start from zero. */
  | { readonly type: 'measure-start' }
  /** Close the window and send the results. */
  | { readonly type: 'measure-stop' }
  /** Close every socket; the shard answers `closed` and then exits. */
  | { readonly type: 'close' };

export interface ShardProgress {
  /** Games whose creator got `joined`. */
  readonly created: number;
  /** Games in which every bot has seen a round running. */
  readonly running: number;
  /** Games that could not be created or lost a bot. */
  readonly failed: number;
  readonly connections: number;
  readonly errors: number;
}

export type ShardToCoordinator =
  | { readonly type: 'progress'; readonly progress: ShardProgress }
  | { readonly type: 'results'; readonly rooms: readonly ClientRoomFigures[] }
  | { readonly type: 'closed' };
