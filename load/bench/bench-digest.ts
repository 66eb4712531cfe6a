import { spreadText } from './bench-targets.js';
import type { BenchResults } from './run-bench.js';

/**
 * The lines the bench prints after its targets: for each scale scenario and
 * host, what the bots saw beside the lobby's own event-loop delay; each
 * creation burst; the floor of a process per room and its reaping.
 */
export function benchDigest(results: BenchResults): string[] {
  const lines: string[] = [];
  for (const scenario of results.scenarios.filter((entry) => entry.section === 'scale' || entry.section === 'scale4')) {
    const spreads = scenario.spreads;
    lines.push(
      `${scenario.title}, ${scenario.host}: client p99 |interval-100| ${spreadText(spreads.clientIntervalP99Ms, 2)} ms, ` +
        `lobby event-loop delay p50/p99/max ${spreadText(spreads.lobbyEventLoopDelayP50Ms, 2)} / ${spreadText(spreads.lobbyEventLoopDelayP99Ms, 2)} / ` +
        `${spreadText(spreads.lobbyEventLoopDelayMaxMs, 2)} ms, server CPU ${spreadText(spreads.serverCpuPercent, 1)} %`,
    );
  }
  for (const burst of results.bursts ?? []) {
    const failed = burst.runs.filter((run) => !run.ok).length;
    lines.push(
      `creation burst of ${burst.games}, ${burst.host}: ${spreadText(burst.spreads.joinedWithin10s, 0)} joined within 10 s, ` +
        `time to joined p50 ${spreadText(burst.spreads.joinedP50Ms, 0)} ms, p99 ${spreadText(burst.spreads.joinedP99Ms, 0)} ms, ` +
        `max ${spreadText(burst.spreads.joinedMaxMs, 0)} ms; lobby ping p99 ${spreadText(burst.spreads.lobbyPingP99Ms, 1)} ms` +
        `${failed > 0 ? `; ${failed} of ${burst.runs.length} run(s) failed` : ''}`,
    );
  }
  const floor = results.floor;
  if (floor) {
    const pss = floor.pssPerChildBytes;
    lines.push(
      `floor: ${floor.options.children} bare Node children, ${floor.ticks} ticks in ${floor.options.windowSeconds} s: ` +
        `${floor.cpuUsPerTick === null ? '-' : floor.cpuUsPerTick.toFixed(1)} us CPU per tick, ` +
        `PSS per child ${pss ? `${(pss.median / 2 ** 20).toFixed(2)} MB (${(pss.min / 2 ** 20).toFixed(2)}-${(pss.max / 2 ** 20).toFixed(2)})` : '-'}; ` +
        `${floor.pidsChecked} children checked, ${floor.survivors.length === 0 ? 'none survived' : `SURVIVORS killed: ${floor.survivors.join(', ')}`}` +
        `${floor.ok ? '' : `; FAILED: ${floor.failure}`}`,
    );
  }
  return lines;
}
