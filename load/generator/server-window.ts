import type { LobbyStats, RoomStats } from '../../shared/protocol/admin-documents.js';
import { Histogram } from '../../shared/stats/histogram.js';
import { summarizeMicroseconds, type QuantileSummary } from '../../shared/stats/quantile-summary.js';

/** Server-side timing of one room over the measured window. */
export interface ServerRoomFigures {
  readonly name: string;
  readonly pid: number | null;
  /** Ticks the room reported running in the window (whole report windows only). */
  readonly ticks: number;
  /** Tick slots it skipped because its event loop was blocked. */
  readonly skipped: number;
  /** Tick rate over the reports seen in the window; null if none came in it. */
  readonly ticksPerSecond: number | null;
  /** Tick lateness in the window. */
  readonly latenessMs: QuantileSummary;
  /** The same, as histogram counts in microseconds, for merging rooms into groups. */
  readonly latenessHistogramUs: Histogram;
}

interface RoomTrack {
  readonly name: string;
  readonly start: RoomStats | null;
  latest: RoomStats;
  /** Rates of the distinct timing reports seen inside the window. */
  readonly rates: number[];
}

/**
 * Turns the lobby's cumulative per-room figures into figures for the
 * measured window: lateness is the histogram at the end minus the one at the
 * start, and the tick rate comes from the rooms' own reports (each covering
 * the same number of ticks) seen while the window was open.
 *
 * Rooms report about every 2 s, so `observe` should see stats at least that
 * often; a report missed between two looks only drops one sample of the rate.
 *
 * In a cluster each lobby is a `source` of its own: a game resumed on another
 * lobby starts its cumulative figures afresh there, so it is tracked per
 * lobby and its pieces are added up in `figures`.
 */
export class ServerWindow {
  private readonly rooms = new Map<string, RoomTrack>();
  private readonly starts = new Map<string, RoomStats>();
  /** Each lobby's event-loop delay when the window opened, and at its latest look. */
  private readonly loopDelayStarts = new Map<string, Histogram>();
  private readonly loopDelayLatest = new Map<string, Histogram>();

  /** The stats at the moment the window opens. */
  begin(stats: LobbyStats, source = ''): void {
    for (const room of stats.roomStats) this.starts.set(trackKey(source, room.name), room);
    // A lobby of an older build has no such figure: its delay is then not measured.
    if (stats.lobby.eventLoopDelayHistogramUs) this.loopDelayStarts.set(source, Histogram.from(stats.lobby.eventLoopDelayHistogramUs));
  }

  /** Stats polled while the window is open, and the ones taken when it closes. */
  observe(stats: LobbyStats, source = ''): void {
    if (stats.lobby.eventLoopDelayHistogramUs) this.loopDelayLatest.set(source, Histogram.from(stats.lobby.eventLoopDelayHistogramUs));
    for (const room of stats.roomStats) {
      const key = trackKey(source, room.name);
      const track = this.rooms.get(key);
      const start = this.starts.get(key) ?? null;
      if (!track) {
        const rates = start === null || room.ticks > start.ticks ? [room.ticksPerSecond] : [];
        this.rooms.set(key, { name: room.name, start, latest: room, rates });
        continue;
      }
      // A report arrived since the last look when the cumulative tick count moved.
      if (room.ticks > track.latest.ticks) track.rates.push(room.ticksPerSecond);
      track.latest = room;
    }
  }

  /**
   * The lobbies' event-loop delay in the window, all lobbies together, in
   * microseconds: the latest look minus the one at the start (all of it for
   * a lobby started in the window). Empty if no lobby reported it.
   */
  lobbyEventLoopDelayUs(): Histogram {
    const delay = new Histogram();
    for (const [source, latest] of this.loopDelayLatest) {
      const start = this.loopDelayStarts.get(source);
      delay.merge(start ? latest.since(start) : latest);
    }
    return delay;
  }

  /** Figures per room seen in the window, in the order the lobbies list them; `pid` is the latest room process. */
  figures(): ServerRoomFigures[] {
    const byName = new Map<string, { pid: number | null; ticks: number; skipped: number; rates: number[]; lateness: Histogram }>();
    for (const track of this.rooms.values()) {
      const end = Histogram.from(track.latest.latenessHistogramUs);
      const lateness = track.start ? end.since(Histogram.from(track.start.latenessHistogramUs)) : end;
      const ticks = track.latest.ticks - (track.start?.ticks ?? 0);
      const skipped = track.latest.skipped - (track.start?.skipped ?? 0);
      const sum = byName.get(track.name);
      if (!sum) {
        byName.set(track.name, { pid: track.latest.pid, ticks, skipped, rates: [...track.rates], lateness });
        continue;
      }
      sum.pid = track.latest.pid;
      sum.ticks += ticks;
      sum.skipped += skipped;
      sum.rates.push(...track.rates);
      sum.lateness.merge(lateness);
    }
    return [...byName.entries()].map(([name, sum]) => ({
      name,
      pid: sum.pid,
      ticks: sum.ticks,
      skipped: sum.skipped,
      ticksPerSecond: tickRateOfReports(sum.rates),
      latenessMs: summarizeMicroseconds(sum.lateness),
      latenessHistogramUs: sum.lateness,
    }));
  }
}

/**
 * The overall rate of reports that each cover the same number of ticks: the
 * harmonic mean of their rates (total ticks over total time), not the
 * arithmetic mean, which would overweight the short, fast windows.
 */
export function tickRateOfReports(rates: readonly number[]): number | null {
  // A rate of 0 is the lobby's placeholder before a room's first report.
  const positive = rates.filter((rate) => rate > 0);
  if (positive.length === 0) return null;
  let inverse = 0;
  for (const rate of positive) inverse += 1 / rate;
  return Math.round((positive.length / inverse) * 1000) / 1000;
}

function trackKey(source: string, room: string): string {
  return `${source} ${room}`;
}
