import type { LobbyExit } from '../common/lobby-launcher.js';
import { Histogram } from '../../shared/stats/histogram.js';
import { summarizeMicroseconds, type QuantileSummary } from '../../shared/stats/quantile-summary.js';
import type { MoveSample } from './following-player.js';
import type { ProcessCheck } from './lobby-cluster.js';

/** The pause issue 9 allows a player during a rolling restart. */
export const PAUSE_TARGET_MS = 1000;

/** One lobby stopped and started again. Times are `performance.now()` readings. */
export interface Restart {
  readonly round: number;
  readonly slot: number;
  readonly pid: number;
  readonly url: string;
  readonly sigtermAt: number;
  readonly exitedAt: number;
  readonly exit: LobbyExit;
  /** What the lobby said it did: "handed N of M games over"; null if it said nothing. */
  readonly handed: { readonly games: number; readonly of: number } | null;
  readonly replacementUrl: string;
}

/** Where a pause goes, move by move: each part in milliseconds. */
export interface PauseBreakdown {
  /** SIGTERM to the last frame the player saw from its room there: the room ticks on until the lobby stops it. */
  readonly sigtermToLastFrameMs: QuantileSummary;
  /** The last frame to `moved`: the final checkpoint, its record saved, the game handed over, a peer picked. */
  readonly lastFrameToMovedMs: QuantileSummary;
  /** `moved` to `joined`: connecting to the peer, its rejoin claiming the game and resuming the room. */
  readonly movedToJoinedMs: QuantileSummary;
  /** `joined` to the first frame: the room's first tick there. */
  readonly joinedToFirstFrameMs: QuantileSummary;
}

export interface RestartFigures {
  readonly round: number;
  readonly slot: number;
  readonly url: string;
  readonly pid: number;
  readonly exit: LobbyExit;
  /** SIGTERM to the lobby's exit. */
  readonly exitMs: number;
  readonly handed: Restart['handed'];
  readonly replacementUrl: string;
  /** Moves players heard of between this SIGTERM and the next. */
  readonly moves: number;
  readonly pauseMs: QuantileSummary;
}

/** What every player ended with. */
export interface PlayerOutcome {
  readonly game: string | null;
  readonly moves: readonly MoveSample[];
  readonly problems: readonly string[];
  readonly errors: Readonly<Record<string, number>>;
  /** Still in its first seat, playing: a frame came after the last restart. */
  readonly kept: boolean;
  readonly longestGapMs: number;
}

export interface RollingReport {
  readonly version: 1;
  readonly options: { readonly lobbies: number; readonly games: number; readonly rounds: number; readonly settleSeconds: number };
  readonly machine: { readonly cpus: number; readonly loadAverageAtStart: readonly number[]; readonly loadAverageAtEnd: readonly number[]; readonly node: string };
  readonly restarts: readonly RestartFigures[];
  readonly games: { readonly atStart: number; readonly atEnd: number; readonly lost: readonly string[] };
  readonly seats: { readonly players: number; readonly kept: number; readonly lost: number };
  readonly moves: {
    readonly count: number;
    /** Moves that began with `moved`; the rest began with a dropped connection. */
    readonly afterMoved: number;
    readonly afterDrop: number;
    /** Connections a move took at most before the seat was back. */
    readonly mostAttempts: number;
    /**
     * Moves in which the player was seated more than once: no frame came for
     * 5 s after `joined` (its room slow to start), so the client took the
     * connection for dead and rejoined.
     */
    readonly seatedAgain: number;
  };
  /** The last frame before a move to the first frame after it, over every move. */
  readonly pauseMs: QuantileSummary;
  readonly rolledBackTicks: { readonly p50: number; readonly max: number };
  readonly breakdown: PauseBreakdown;
  /** The longest time between two frames that was not across a move, over every player. */
  readonly longestGapOutsideMovesMs: number;
  readonly target: { readonly pauseAtMostMs: number; readonly met: boolean };
  readonly processes: ProcessCheck;
  /** Errors the lobbies sent players in their games, by code (GAME_CRASHED ends a seat; NOT_IN_GAME answers a key pressed while its game was being handed over). */
  readonly errors: Readonly<Record<string, number>>;
  /** What went wrong: seats lost or changed, games left, lobbies that did not exit by themselves or exited unasked. */
  readonly problems: readonly string[];
  readonly ok: boolean;
}

export interface RollingRun {
  readonly options: RollingReport['options'];
  readonly machine: RollingReport['machine'];
  readonly restarts: readonly Restart[];
  readonly gamesAtStart: readonly string[];
  readonly gamesAtEnd: readonly string[];
  readonly players: readonly PlayerOutcome[];
  readonly processes: ProcessCheck;
  readonly problems: readonly string[];
}

/** The report of a run: figures over every move, per restart, and the verdict. Pure. */
export function buildRollingReport(run: RollingRun): RollingReport {
  const moves = run.players.flatMap((player) => player.moves);
  const lost = run.gamesAtStart.filter((name) => !run.gamesAtEnd.includes(name));
  const kept = run.players.filter((player) => player.kept).length;
  const problems = [
    ...run.problems,
    ...run.players.flatMap((player, index) => player.problems.map((problem) => `player ${index + 1} (${player.game ?? 'no game'}): ${problem}`)),
    ...run.restarts.flatMap((restart) =>
      restart.exit.forced ? [`the lobby at ${restart.url} was still running 5 s after SIGTERM and was killed`] : [],
    ),
  ];
  const pauses = summarizeMs(moves.map((move) => move.firstFrameAt - move.lastFrameAt));
  const rollbacks = new Histogram();
  for (const move of moves) rollbacks.record(Math.max(0, move.lastTick - move.firstTick + 1));
  const ok = lost.length === 0 && kept === run.players.length && run.processes.survivors.length === 0 && problems.length === 0;
  return {
    version: 1,
    options: run.options,
    machine: run.machine,
    restarts: run.restarts.map((restart, index) => {
      const until = run.restarts[index + 1]?.sigtermAt ?? Infinity;
      const during = moves.filter((move) => move.leftAt >= restart.sigtermAt && move.leftAt < until);
      return {
        round: restart.round,
        slot: restart.slot,
        url: restart.url,
        pid: restart.pid,
        exit: restart.exit,
        exitMs: restart.exitedAt - restart.sigtermAt,
        handed: restart.handed,
        replacementUrl: restart.replacementUrl,
        moves: during.length,
        pauseMs: summarizeMs(during.map((move) => move.firstFrameAt - move.lastFrameAt)),
      };
    }),
    games: { atStart: run.gamesAtStart.length, atEnd: run.gamesAtEnd.length, lost },
    seats: { players: run.players.length, kept, lost: run.players.length - kept },
    moves: {
      count: moves.length,
      afterMoved: moves.filter((move) => move.cause === 'moved').length,
      afterDrop: moves.filter((move) => move.cause === 'lost').length,
      mostAttempts: Math.max(0, ...moves.map((move) => move.attempts)),
      seatedAgain: moves.filter((move) => move.joins > 1).length,
    },
    pauseMs: pauses,
    rolledBackTicks: { p50: rollbacks.quantile(0.5), max: rollbacks.max },
    breakdown: breakdownOf(moves, run.restarts),
    longestGapOutsideMovesMs: Math.max(0, ...run.players.map((player) => player.longestGapMs)),
    target: { pauseAtMostMs: PAUSE_TARGET_MS, met: moves.length > 0 && pauses.max <= PAUSE_TARGET_MS },
    processes: run.processes,
    errors: sumCounts(run.players.map((player) => player.errors)),
    problems,
    ok,
  };
}

function breakdownOf(moves: readonly MoveSample[], restarts: readonly Restart[]): PauseBreakdown {
  // The restart a move belongs to: the last SIGTERM before the player heard of it.
  const sigtermBefore = (move: MoveSample): number | null =>
    [...restarts].reverse().find((restart) => restart.sigtermAt <= move.leftAt)?.sigtermAt ?? null;
  return {
    sigtermToLastFrameMs: summarizeMs(
      moves.flatMap((move) => {
        const sigtermAt = sigtermBefore(move);
        return sigtermAt === null ? [] : [move.lastFrameAt - sigtermAt];
      }),
    ),
    lastFrameToMovedMs: summarizeMs(moves.map((move) => move.leftAt - move.lastFrameAt)),
    movedToJoinedMs: summarizeMs(moves.map((move) => move.seatedAt - move.leftAt)),
    joinedToFirstFrameMs: summarizeMs(moves.map((move) => move.firstFrameAt - move.seatedAt)),
  };
}

function sumCounts(counts: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const count of counts) for (const [key, value] of Object.entries(count)) sum[key] = (sum[key] ?? 0) + value;
  return sum;
}

/** Milliseconds summarised through a histogram of microseconds; a negative span (a frame just before the SIGTERM) counts as 0. */
function summarizeMs(values: readonly number[]): QuantileSummary {
  const histogram = new Histogram();
  for (const value of values) histogram.record(Math.max(0, value) * 1000);
  return summarizeMicroseconds(histogram);
}

/** The report as the lines the tool prints. */
export function rollingReportText(report: RollingReport): string {
  const { options, games, seats, moves, pauseMs, breakdown } = report;
  const part = (name: string, summary: QuantileSummary): string => `${name} ${ms(summary.p50)} / ${ms(summary.p99)} / ${ms(summary.max)}`;
  const load = (averages: readonly number[]): string => averages.map((value) => value.toFixed(2)).join(' ');
  const lines = [
    '',
    `rolling restart of ${options.lobbies} lobbies, ${options.rounds} round(s) (${report.restarts.length} restarts), ${options.games} games x 2 players:`,
    `  games: ${games.atStart} at the start, ${games.atEnd} at the end, ${games.lost.length} lost${games.lost.length > 0 ? ` (${games.lost.join(', ')})` : ''}`,
    `  seats: ${seats.kept} of ${seats.players} kept, ${seats.lost} lost`,
    ...report.restarts.map(
      (restart, index) =>
        `  restart ${index + 1}: ${restart.moves} move(s)${restart.moves > 0 ? `, pause p50 ${ms(restart.pauseMs.p50)}, max ${ms(restart.pauseMs.max)}` : ''}`,
    ),
    `  moves: ${moves.count} (${moves.afterMoved} after moved, ${moves.afterDrop} after a dropped connection; at most ${moves.mostAttempts} connection(s) each; ` +
      `${moves.seatedAgain} seated again after 5 s without a frame)`,
    `  pause, last frame before a move -> first frame after it: p50 ${ms(pauseMs.p50)}, p99 ${ms(pauseMs.p99)}, max ${ms(pauseMs.max)}`,
    `  ticks rolled back: p50 ${report.rolledBackTicks.p50}, max ${report.rolledBackTicks.max}`,
    `  where the pause goes (p50 / p99 / max): ${part('SIGTERM -> last frame', breakdown.sigtermToLastFrameMs)}; ${part('last frame -> moved', breakdown.lastFrameToMovedMs)};`,
    `    ${part('moved -> joined', breakdown.movedToJoinedMs)}; ${part('joined -> first frame', breakdown.joinedToFirstFrameMs)}`,
    `  longest gap between frames outside a move: ${ms(report.longestGapOutsideMovesMs)}`,
    `  target, a pause of at most ${report.target.pauseAtMostMs / 1000} s: ${report.target.met ? 'PASS' : 'MISS'}`,
    `  load average (1, 5, 15 min): ${load(report.machine.loadAverageAtStart)} at the start, ${load(report.machine.loadAverageAtEnd)} at the end, on ${report.machine.cpus} CPUs`,
    `  errors players received: ${Object.entries(report.errors).map(([code, count]) => `${code} ${count}`).join(', ') || 'none'}`,
    `  processes: ${report.processes.checked} started, ${report.processes.survivors.length === 0 ? 'none left' : `left behind: ${report.processes.survivors.join(', ')}`}`,
    ...report.problems.map((problem) => `FAILED ${problem}`),
    `result: ${report.ok ? 'ok' : 'FAILED'}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** One restart as the line printed once the new lobby is up. */
export function restartLine(restart: Restart, index: number, restarts: number): string {
  const handed = restart.handed ? `handed ${restart.handed.games} of ${restart.handed.of} games over` : 'said nothing of its games';
  const exit = restart.exit.forced ? 'killed after 5 s' : `exited in ${ms(restart.exitedAt - restart.sigtermAt)}`;
  return `restart ${index + 1}/${restarts} (round ${restart.round}, lobby ${restart.slot + 1}, ${restart.url}): SIGTERM, ${exit}, ${handed}; started again at ${restart.replacementUrl}\n`;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}
