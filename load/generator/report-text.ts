import type { QuantileSummary } from '../../shared/stats/quantile-summary.js';
import { fixed, megabytes, textTable } from '../common/text-table.js';
import { describeWorkRange } from './load-options.js';
import type { GroupFigures, LoadReport, RoomFigures } from './load-report.js';

const HEADERS = [
  'rooms',
  'count',
  'bots',
  'ticks/s med (min-max)',
  'lateness ms p50/p99/max',
  'skipped',
  '|interval-100| ms p50/p99/max',
  'missed',
  'input ms p50/p99',
  'B/player/s',
];

/** The report as the tables and lines the load command prints. */
export function reportText(report: LoadReport): string {
  const options = report.options;
  const heavy = options.heavyGames > 0 ? `; ${options.heavyGames} heavy game(s), work ${describeWorkRange(options.heavyWorkMs)} ms` : '';
  const lines: string[] = [
    `vimtron load: ${options.games} game(s) x ${options.players} bots, ${report.lobby.rooms ?? options.rooms} rooms, ` +
      `${options.width}x${options.height}, work ${describeWorkRange(options.workMs)} ms${heavy}`,
    `${report.cluster ? `cluster of ${report.cluster.lobbies} lobbies on ${report.cluster.redisUrl ?? '-'}, first ` : ''}` +
      `lobby ${report.lobby.url ?? '-'} (${report.lobby.started ? 'started by this run' : 'given'}); ` +
      `window ${fixed(report.timing.windowSeconds, 1)} s after ${fixed(report.timing.setupSeconds, 1)} s of setup`,
    '',
  ];
  const groups: [string, GroupFigures | null][] = [
    ['light', report.light],
    ['heavy', report.heavy],
  ];
  lines.push(textTable(HEADERS, groups.filter((entry): entry is [string, GroupFigures] => entry[1] !== null).map(([name, group]) => groupRow(name, group))));
  if (options.perRoom) {
    lines.push('', textTable(['room', ...HEADERS.slice(2)], report.rooms.map(roomRow)));
  }
  const delay = report.lobbyEventLoopDelayMs;
  lines.push(
    `lobby event-loop delay (its 20 ms timer, late by) ms p50/p99/max: ${delay === null ? 'not measured' : triple(delay)}` +
      (report.light ? `; beside the light bots' |interval-100| ms p50/p99/max: ${triple(report.light.client.intervalDeviationMs)}` : ''),
  );
  lines.push('');
  const creation = report.creation;
  lines.push(
    `creation (create -> joined): ${creation.games} game(s), p50 ${ms(creation.latencyMs.p50)}, p99 ${ms(creation.latencyMs.p99)}, ` +
      `max ${ms(creation.latencyMs.max)}, failed ${creation.failed}`,
  );
  for (const [name, group] of groups) {
    if (!group) continue;
    const client = group.client;
    lines.push(
      `${name} bots: ${fixed(client.framesPerPlayerPerSecond, 2)} frames/s, ${fixed(client.keysPerPlayerPerSecond, 2)} keys/s, ` +
        `${client.keysUnconfirmed} key(s) unconfirmed, ${client.roundsStarted} round(s) started, input latency max ${ms(client.inputLatencyMs.max)}`,
    );
  }
  const resources = report.resources;
  if (resources) {
    lines.push(
      `server CPU (100 % = one core): lobby ${fixed(resources.lobbyCpuPercent, 1)} %, ` +
        `rooms ${resources.roomsCpuPercent === null ? 'inside the lobby' : `${fixed(resources.roomsCpuPercent, 1)} %`}, ` +
        `total ${fixed(resources.serverCpuPercent, 1)} %; relay ${fixed(resources.relayCpuUsPerMessage, 1)} us of lobby CPU per frame delivered` +
        (resources.roomCpuUsPerTick === null ? '' : `; ${fixed(resources.roomCpuUsPerTick, 1)} us of room CPU per tick`),
      `memory: lobby PSS ${megabytes(resources.lobbyPssBytes)} (RSS ${megabytes(resources.lobbyRssBytes)}, PSS before games ${megabytes(resources.lobbyPssBeforeGamesBytes)}); ` +
        (resources.roomsPssBytes === null
          ? `rooms inside the lobby: ${megabytes(resources.pssPerRoomBytes)} PSS growth per room`
          : `${resources.roomProcesses} room process(es): PSS ${megabytes(resources.roomsPssBytes)} total, ` +
            `${megabytes(resources.pssPerRoomBytes)} per room (RSS ${megabytes(resources.roomsRssBytes)} total)`),
    );
  } else {
    const why = !report.ok ? 'the run failed before the window closed' : 'the lobby process is not on this machine';
    lines.push(`server CPU and memory: not measured (${why})`);
  }
  lines.push(`load generator: ${report.generator.botProcesses} bot process(es), ${fixed(report.generator.cpuPercent, 1)} % CPU with the coordinator`);
  const cluster = report.cluster;
  if (cluster) {
    const pause = cluster.pauseMs;
    lines.push(
      `lobbies killed: ${cluster.lobbiesKilled}${cluster.killEverySeconds === null ? '' : ` (one every ${cluster.killEverySeconds} s)`}; ` +
        `games resumed on another lobby: ${cluster.gamesResumed} of ${cluster.gamesOnKilledLobbies}`,
      `seats: ${cluster.seatsDropped} dropped, ${cluster.seatsKept} kept, ${cluster.seatsLost} lost; ` +
        (pause.count === 0 ? 'no pause measured' : `pause (last frame -> first frame back) p50 ${ms(pause.p50)}, p99 ${ms(pause.p99)}, worst ${ms(pause.max)}`),
      cluster.redisCommandsPerSecond === null
        ? 'redis: command rate not read'
        : `redis: ${fixed(cluster.redisCommandsPerSecond, 0)} commands/s in the window, ${fixed(cluster.redisCommandsPerGamePerSecond, 2)} per game`,
    );
    for (const kill of cluster.kills) {
      lines.push(
        `  at ${fixed(kill.atSeconds, 1)} s: killed ${kill.victimUrl} (pid ${kill.victimPid}), ${kill.games} game(s), ${kill.resumed} resumed` +
          `${kill.notResumed.length > 0 ? ` (NOT: ${kill.notResumed.join(', ')})` : ''}; replaced by ${kill.replacementUrl ?? '-'}`,
      );
    }
  }
  const reaping = report.reaping;
  if (reaping) {
    const exits = reaping.lobbyExits.map((exit) => `${exit.signal ?? `code ${exit.code}`}${exit.forced ? ' after SIGKILL' : ''}`);
    lines.push(
      `reaping: ${exits.length === 1 ? 'lobby' : 'lobbies'} exited with ${exits.join(', ')}; ` +
        `${reaping.pidsChecked} room/pool process(es)` +
        `${reaping.lobbyPidsChecked > 1 || reaping.redisPid !== null ? `, ${reaping.lobbyPidsChecked} lobbies${reaping.redisPid === null ? '' : ' and redis-server'}` : ''} checked, ` +
        `${reaping.survivors.length === 0 ? 'none survived' : `SURVIVORS killed: ${reaping.survivors.join(', ')}`}`,
    );
  }
  const errors = Object.entries(report.errors);
  lines.push(`errors: ${errors.length === 0 ? 'none' : errors.map(([code, count]) => `${code} x${count}`).join(', ')}`);
  lines.push(report.ok ? 'result: ok' : `result: FAILED: ${report.failure}`);
  return lines.join('\n');
}

function groupRow(name: string, group: GroupFigures): string[] {
  const rates = group.server.ticksPerSecond;
  return [
    name,
    String(group.rooms),
    String(group.bots),
    rates ? `${fixed(rates.median, 2)} (${fixed(rates.min, 2)}-${fixed(rates.max, 2)})` : '-',
    triple(group.server.latenessMs),
    String(group.server.skippedTicks),
    triple(group.client.intervalDeviationMs),
    String(group.client.missedTicks),
    `${fixed(group.client.inputLatencyMs.p50, 1)} / ${fixed(group.client.inputLatencyMs.p99, 1)}`,
    fixed(group.client.bytesPerPlayerPerSecond, 0),
  ];
}

function roomRow(room: RoomFigures): string[] {
  const server = room.server;
  return [
    room.heavy ? `${room.name} (heavy)` : room.name,
    String(room.client.bots),
    server ? fixed(server.ticksPerSecond, 2) : '-',
    server ? triple(server.latenessMs) : '-',
    server ? String(server.skipped) : '-',
    triple(room.client.intervalDeviationMs),
    String(room.client.missedTicks),
    `${fixed(room.client.inputLatencyMs.p50, 1)} / ${fixed(room.client.inputLatencyMs.p99, 1)}`,
    fixed(room.client.bytesPerPlayerPerSecond, 0),
  ];
}

function triple(summary: QuantileSummary): string {
  if (summary.count === 0) return '-';
  return `${fixed(summary.p50, 2)} / ${fixed(summary.p99, 2)} / ${fixed(summary.max, 2)}`;
}

function ms(value: number): string {
  return `${fixed(value, 1)} ms`;
}
