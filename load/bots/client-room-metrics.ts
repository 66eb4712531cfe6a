import { Histogram, type HistogramCounts } from '../../shared/stats/histogram.js';

/** What one shard's bots measured in one room during the window, as sent to the coordinator. */
export interface ClientRoomFigures {
  readonly name: string;
  readonly heavy: boolean;
  readonly bots: number;
  /** Tick frames (state, and the snapshot that opens a round) received, summed over the bots. */
  readonly frames: number;
  /** Tick numbers never received: gaps between consecutive frames, summed over the bots. */
  readonly missedTicks: number;
  /** |interval between consecutive frames - tick length|, microseconds. */
  readonly intervalDeviationUs: HistogramCounts;
  /** Key sent -> first frame that shows its effect, microseconds (turns and INSERT). */
  readonly inputLatencyUs: HistogramCounts;
  /** Payload bytes of every message received. */
  readonly bytes: number;
  readonly keysSent: number;
  /** Keys whose effect never showed within the probe's patience (in the same phase). */
  readonly keysUnconfirmed: number;
  readonly roundsStarted: number;
  /** `create` sent -> `joined` received, microseconds; null if the room was never created. */
  readonly creationUs: number | null;
  /** Whether every bot of the room saw a round running before the window closed. */
  readonly reachedRunning: boolean;
  /** Error codes and connection failures, by code. */
  readonly errors: Readonly<Record<string, number>>;
  /** In a cluster: connections of seated bots that dropped (their lobby died), whether or not in the window. */
  readonly seatsDropped: number;
  /** Drops after which the bot got back into its game. */
  readonly seatsKept: number;
  /** Drops after which the seat was gone (INVALID_TOKEN) or the seat hold passed. */
  readonly seatsLost: number;
  /** Per kept seat: the last frame before the drop -> the first frame after the rejoin, microseconds. */
  readonly rejoinPauseUs: HistogramCounts;
}

/**
 * Client-side figures of one room, written by its bots as frames arrive.
 * Counters only move while the window is open; the bots check that.
 */
export class ClientRoomMetrics {
  readonly intervalDeviationUs = new Histogram();
  readonly inputLatencyUs = new Histogram();
  frames = 0;
  missedTicks = 0;
  bytes = 0;
  keysSent = 0;
  keysUnconfirmed = 0;
  roundsStarted = 0;
  creationUs: number | null = null;
  botsRunning = 0;
  seatsDropped = 0;
  seatsKept = 0;
  seatsLost = 0;
  readonly rejoinPauseUs = new Histogram();
  readonly errors: Record<string, number> = {};

  constructor(
    readonly name: string,
    readonly heavy: boolean,
    readonly bots: number,
  ) {}

  countError(code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }

  figures(): ClientRoomFigures {
    return {
      name: this.name,
      heavy: this.heavy,
      bots: this.bots,
      frames: this.frames,
      missedTicks: this.missedTicks,
      intervalDeviationUs: this.intervalDeviationUs.toJSON(),
      inputLatencyUs: this.inputLatencyUs.toJSON(),
      bytes: this.bytes,
      keysSent: this.keysSent,
      keysUnconfirmed: this.keysUnconfirmed,
      roundsStarted: this.roundsStarted,
      creationUs: this.creationUs,
      reachedRunning: this.botsRunning >= this.bots,
      errors: { ...this.errors },
      seatsDropped: this.seatsDropped,
      seatsKept: this.seatsKept,
      seatsLost: this.seatsLost,
      rejoinPauseUs: this.rejoinPauseUs.toJSON(),
    };
  }
}
