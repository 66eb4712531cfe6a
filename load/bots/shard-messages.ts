import type { WorkRange } from '../../shared/protocol/ipc-messages.js';
import type { BotTemper } from '../../shared/bots/bot-temper.js';
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
  /** Which lobby of the start message's `urls` its creator asks (games are spread over a cluster round-robin). */
  readonly lobby: number;
}

export type CoordinatorToShard =
  | {
      readonly type: 'start';
      /** The lobbies to create the games on (each game names one by index); in a cluster, also the ways back in. */
      readonly urls: readonly string[];
      /** A cluster: bots whose connection drops rejoin their game through another lobby instead of giving up. */
      readonly rejoin: boolean;
      readonly games: readonly GameSpec[];
      readonly temper: BotTemper;
      readonly tickMs: number;
    }
  /** The lobbies alive now (one was killed and another started in its place). */
  | { readonly type: 'lobbies'; readonly urls: readonly string[] }
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
  /** Bots that lost their connection and are trying to get back into their game. */
  readonly reconnecting: number;
}

export type ShardToCoordinator =
  | { readonly type: 'progress'; readonly progress: ShardProgress }
  | { readonly type: 'results'; readonly rooms: readonly ClientRoomFigures[] }
  | { readonly type: 'closed' };
