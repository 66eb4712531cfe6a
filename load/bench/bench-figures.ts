import { spreadOf, type Spread } from '../../shared/stats/spread.js';
import type { LoadReport } from '../generator/load-report.js';

/** The figures a benchmark compares, taken from one load report (light rooms unless named heavy). */
export const FIGURE_NAMES = [
  'ticksPerSecondMin',
  'ticksPerSecondMedian',
  'serverLatenessP50Ms',
  'serverLatenessP99Ms',
  'serverLatenessMaxMs',
  'skippedTicks',
  'clientIntervalP50Ms',
  'clientIntervalP99Ms',
  'clientIntervalMaxMs',
  'lobbyEventLoopDelayP50Ms',
  'lobbyEventLoopDelayP99Ms',
  'lobbyEventLoopDelayMaxMs',
  'missedTicks',
  'inputLatencyP50Ms',
  'inputLatencyP99Ms',
  'bytesPerPlayerPerSecond',
  'creationP50Ms',
  'creationP99Ms',
  'lobbyCpuPercent',
  'roomsCpuPercent',
  'serverCpuPercent',
  'relayCpuUsPerMessage',
  'roomCpuUsPerTick',
  'serverCpuUsPerRoomTick',
  'pssPerRoomMB',
  'lobbyPssMB',
  'generatorCpuPercent',
  'heavyTicksPerSecondMin',
  'heavyServerLatenessP99Ms',
] as const;
export type FigureName = (typeof FIGURE_NAMES)[number];

/** One run's figures; null where the run did not measure it. */
export type RunFigures = Readonly<Record<FigureName, number | null>>;

/** Every figure of a scenario over its repeated runs. */
export type FigureSpreads = Readonly<Record<FigureName, Spread | null>>;

const MB = 2 ** 20;

/** Flattens a load report into the figures a benchmark compares; null for everything if nothing was measured. */
export function runFigures(report: LoadReport): RunFigures | null {
  if (report.timing.windowSeconds <= 0 || !report.light) return null;
  const light = report.light;
  const heavy = report.heavy;
  const resources = report.resources;
  return {
    ticksPerSecondMin: light.server.ticksPerSecond?.min ?? null,
    ticksPerSecondMedian: light.server.ticksPerSecond?.median ?? null,
    serverLatenessP50Ms: light.server.latenessMs.p50,
    serverLatenessP99Ms: light.server.latenessMs.p99,
    serverLatenessMaxMs: light.server.latenessMs.max,
    skippedTicks: light.server.skippedTicks,
    clientIntervalP50Ms: light.client.intervalDeviationMs.p50,
    clientIntervalP99Ms: light.client.intervalDeviationMs.p99,
    clientIntervalMaxMs: light.client.intervalDeviationMs.max,
    // Reports written before the lobby measured its loop have none.
    lobbyEventLoopDelayP50Ms: report.lobbyEventLoopDelayMs?.p50 ?? null,
    lobbyEventLoopDelayP99Ms: report.lobbyEventLoopDelayMs?.p99 ?? null,
    lobbyEventLoopDelayMaxMs: report.lobbyEventLoopDelayMs?.max ?? null,
    missedTicks: light.client.missedTicks,
    inputLatencyP50Ms: light.client.inputLatencyMs.count > 0 ? light.client.inputLatencyMs.p50 : null,
    inputLatencyP99Ms: light.client.inputLatencyMs.count > 0 ? light.client.inputLatencyMs.p99 : null,
    bytesPerPlayerPerSecond: light.client.bytesPerPlayerPerSecond,
    creationP50Ms: report.creation.latencyMs.count > 0 ? report.creation.latencyMs.p50 : null,
    creationP99Ms: report.creation.latencyMs.count > 0 ? report.creation.latencyMs.p99 : null,
    lobbyCpuPercent: resources?.lobbyCpuPercent ?? null,
    roomsCpuPercent: resources?.roomsCpuPercent ?? null,
    serverCpuPercent: resources?.serverCpuPercent ?? null,
    relayCpuUsPerMessage: resources?.relayCpuUsPerMessage ?? null,
    // Reports written before this figure existed have none.
    roomCpuUsPerTick: resources?.roomCpuUsPerTick ?? null,
    serverCpuUsPerRoomTick: serverCpuUsPerRoomTick(report),
    pssPerRoomMB: resources?.pssPerRoomBytes == null ? null : resources.pssPerRoomBytes / MB,
    lobbyPssMB: resources?.lobbyPssBytes == null ? null : resources.lobbyPssBytes / MB,
    generatorCpuPercent: report.generator.cpuPercent,
    heavyTicksPerSecondMin: heavy?.server.ticksPerSecond?.min ?? null,
    heavyServerLatenessP99Ms: heavy ? heavy.server.latenessMs.p99 : null,
  };
}

/**
 * The whole server's CPU (lobby and rooms) per tick of a room, in
 * microseconds: comparable across hosts, where the inline host has no room
 * process to measure. Light rooms only; null with heavy rooms in the run.
 */
function serverCpuUsPerRoomTick(report: LoadReport): number | null {
  const cpuPercent = report.resources?.serverCpuPercent;
  const light = report.light;
  const rate = light?.server.ticksPerSecond?.median;
  if (cpuPercent == null || !light || report.heavy || !rate || light.rooms === 0) return null;
  // 100 % of a core is 1e6 us of CPU a second.
  return Math.round(((cpuPercent * 1e4) / (light.rooms * rate)) * 10) / 10;
}

/** Median, minimum and maximum of each figure over the runs that measured it. */
export function figureSpreads(runs: readonly RunFigures[]): FigureSpreads {
  const spreads = {} as Record<FigureName, Spread | null>;
  for (const name of FIGURE_NAMES) {
    spreads[name] = spreadOf(runs.map((run) => run[name]).filter((value): value is number => value !== null));
  }
  return spreads;
}

/** A ratio of two medians (say inline over process), or null when either is missing or the divisor is 0. */
export function ratioOf(numerator: Spread | null, denominator: Spread | null): number | null {
  if (!numerator || !denominator || denominator.median === 0) return null;
  return numerator.median / denominator.median;
}
