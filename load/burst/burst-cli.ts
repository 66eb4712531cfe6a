#!/usr/bin/env node
/**
 * `npm run burst -- [--games N]`: creating many games at once. Starts a
 * lobby, opens a connection per game, sends every `create` at the same
 * moment, and reports the time to each `joined`, while a probe thread pings
 * the lobby every 20 ms and opens a new connection (and asks for `list`)
 * every 250 ms: the lobby must stay responsive while its rooms start. Every
 * process it starts is stopped, and every room checked gone, before it exits.
 */
import { resolve } from 'node:path';
import { parseFlags, type FlagSpecs } from '../../cli/flags.js';
import { CLI_PATH } from '../../cli/cli-path.js';
import { ROOM_HOST_KINDS } from '../../server/room-hosts.js';
import { fileTimestamp, resultsDirectory, writeResultFile } from '../common/results-files.js';
import { toolFlagMessages } from '../common/tool-flags.js';
import { runBurst, type BurstReport, type ProbeWindow, type Quantiles } from './run-burst.js';

const USAGE = `npm run burst -- [options]     (or: node dist/load/burst/burst-cli.js [options])

Sends N creates to a lobby at the same moment and measures how long each game takes to be
joined, and how the lobby answers pings, new connections and list meanwhile.

  --games N               games created at once (default 300)
  --rooms KIND            room host: process, thread or inline (default process)
  --pool N                warm pool of the lobby (default 2, the server's default)
  --start-concurrency N   the lobby's --start-concurrency (default: the lobby's own)
  --ping-every MS         one probe ping every MS milliseconds (default 20)
  --connect-every MS      one new connection, then list, every MS milliseconds (default 250)
  --deadline S            fail if a game is not joined S seconds after the creates (default 60)
  --then stay|leave       once joined, each player stays in its game (default: every room then
                          ticks, as after a real burst) or leaves it at once (its room stops:
                          the starts alone are measured)
  --cli PATH              the vimtron command to start (default this checkout's dist/cli/cli.js;
                          another checkout's build, to compare)
  --json PATH             write the report as JSON (default load/results/burst-TIMESTAMP.json)
  --no-json               do not write it
  --help                  this text
`;

const FLAGS = {
  games: { kind: 'integer', min: 1, max: 5000 },
  rooms: { kind: 'choice', choices: ROOM_HOST_KINDS },
  pool: { kind: 'integer', min: 0, max: 64 },
  'start-concurrency': { kind: 'integer', min: 1, max: 256 },
  'ping-every': { kind: 'integer', min: 5, max: 10_000 },
  'connect-every': { kind: 'integer', min: 20, max: 60_000 },
  deadline: { kind: 'integer', min: 1, max: 3600 },
  then: { kind: 'choice', choices: ['stay', 'leave'] },
  cli: { kind: 'string' },
  json: { kind: 'string' },
  'no-json': { kind: 'switch' },
} as const satisfies FlagSpecs;

const parsed = parseFlags(process.argv.slice(2), FLAGS, toolFlagMessages);
if (!parsed.ok) {
  console.error(`${parsed.error}\n\n${USAGE}`);
  process.exit(2);
}
if (parsed.value.help) {
  console.log(USAGE);
  process.exit(0);
}
const flags = parsed.value.values;

// Exiting kills the lobby the run started, also one still starting (see lobby-launcher.ts).
process.once('SIGINT', () => process.exit(130));
const report = await runBurst({
  games: flags.games ?? 300,
  rooms: flags.rooms ?? 'process',
  pool: flags.pool ?? 2,
  startConcurrency: flags['start-concurrency'] ?? null,
  pingEveryMs: flags['ping-every'] ?? 20,
  connectEveryMs: flags['connect-every'] ?? 250,
  deadlineSeconds: flags.deadline ?? 60,
  cliPath: flags.cli === undefined ? CLI_PATH : resolve(flags.cli),
  then: flags.then ?? 'stay',
}).catch((error: unknown) => {
  console.error(`burst: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
console.log(describe(report));
if (flags['no-json'] !== true) {
  const path = flags.json ?? `${resultsDirectory()}/burst-${fileTimestamp()}.json`;
  writeResultFile(path, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`report: ${path}`);
}
process.exit(report.ok ? 0 : 1);

function describe(report: BurstReport): string {
  const { options, machine } = report;
  const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
  const spread = (q: Quantiles): string => (q.count === 0 ? 'none' : `p50 ${ms(q.p50)} ms, p99 ${ms(q.p99)} ms, max ${ms(q.max)} ms (n=${q.count})`);
  const window = (name: string, probe: ProbeWindow): string[] => [
    `  ${name}: ping ${spread(probe.pingMs)}${probe.pingsUnanswered > 0 ? `, ${probe.pingsUnanswered} unanswered` : ''}`,
    `  ${' '.repeat(name.length)}  new connection ${spread(probe.connectMs)}; list ${spread(probe.listMs)}`,
  ];
  const errors = Object.entries(report.errors).map(([code, count]) => `${code} x${count}`).join(', ') || 'none';
  const concurrency = options.startConcurrency === null ? "the lobby's default" : String(options.startConcurrency);
  return [
    `burst: ${options.games} creates at once, rooms: ${options.rooms}, pool ${options.pool}, start concurrency ${concurrency}, players ${options.then === 'stay' ? 'stay in' : 'leave'} their games once joined; ` +
      `${machine.cpus} cores, load average ${machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')} at the start, ` +
      `${machine.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' ')} at the end`,
    `joined: ${report.joined} of ${options.games} in ${report.burstSeconds.toFixed(2)} s; time to joined ${spread(report.timeToJoinedMs)}; errors: ${errors}`,
    `  joined within ${Object.entries(report.joinedWithin).map(([seconds, count]) => `${seconds} s: ${count}`).join(', ')}`,
    'lobby probe:',
    ...window('before the burst', report.probeBefore),
    ...window('during the burst', report.probeDuring),
    ...(report.probeFailures.length > 0 ? [`  probe failures: ${report.probeFailures.slice(0, 5).join('; ')}`] : []),
    `lobby: ${report.lobbyCpuMs === null ? '?' : (report.lobbyCpuMs / 1000).toFixed(2)} s CPU during the burst, RSS ${report.lobbyRssBytes === null ? '?' : (report.lobbyRssBytes / 2 ** 20).toFixed(0)} MiB at its end; ` +
      `${report.roomProcesses} room processes, median CPU each by then ${report.roomCpuMsMedian === null ? '?' : report.roomCpuMsMedian.toFixed(0)} ms`,
    report.roomTicks === null
      ? 'rooms: tick timing not read'
      : `rooms' own ticks, from their start to 2.5 s after the burst: ${report.roomTicks.ticks} ticks, ${report.roomTicks.skipped} skipped, lateness ${spread(report.roomTicks.latenessMs)}`,
    `reaping: lobby exited with ${report.lobbyExit?.signal ?? `code ${report.lobbyExit?.code}`}${report.lobbyExit?.forced ? ' (killed)' : ''}; ` +
      `${report.pidsChecked} room processes checked, ${report.survivors.length === 0 ? 'none left' : `left behind: ${report.survivors.join(', ')}`}`,
    report.ok ? 'ok' : `FAILED: ${report.failure}`,
  ].join('\n');
}
