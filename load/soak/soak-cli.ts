/**
 * Soak test: games created and finished continuously, players joining,
 * leaving, dropping and rejoining, some rooms killed, for a number of minutes
 * against a lobby this script starts and stops itself. At the end it reports
 * whether the lobby's memory and open files stayed flat, whether any process
 * was left behind, and whether every game that ended was reported to its players.
 *
 *   npm run soak -- --minutes 10 [--players 24] [--kill-every 20]
 */
import { parseFlags, type FlagSpecs } from '../../cli/flags.js';
import type { LobbyStats } from '../../shared/protocol/admin-documents.js';
import { drawRandom } from '../../shared/rules/random.js';
import { startLobbyProcess } from '../common/lobby-launcher.js';
import { fetchLobbyStats } from '../common/lobby-stats-client.js';
import { isRunning } from '../common/proc-stats.js';
import { toolFlagMessages } from '../common/tool-flags.js';
import { sampleResources, slopePerMinute, type ResourceSample } from './resource-samples.js';
import { SoakPlayer } from './soak-player.js';

const USAGE = 'usage: npm run soak -- [--minutes M (default 10)] [--players N (default 24)] [--kill-every SECONDS (default 20)] [--seed N]';

const FLAGS = {
  minutes: { kind: 'number', min: 0.1, max: 240 },
  players: { kind: 'integer', min: 2, max: 400 },
  'kill-every': { kind: 'number', min: 1, max: 3600 },
  seed: { kind: 'integer', min: 0, max: 2 ** 31 - 1 },
} as const satisfies FlagSpecs;

const parsed = parseFlags(process.argv.slice(2), FLAGS, toolFlagMessages);
if (!parsed.ok) {
  console.error(`${parsed.error}\n${USAGE}`);
  process.exit(2);
}
if (parsed.value.help) {
  console.log(USAGE);
  process.exit(0);
}
const flags = parsed.value.values;
const minutes = flags.minutes ?? 10;
const playerCount = flags.players ?? 24;
const killEverySeconds = flags['kill-every'] ?? 20;
const initialSeed = flags.seed ?? Date.now() % 2 ** 31;
let seed = initialSeed;
const random = (): number => {
  const draw = drawRandom(seed);
  seed = draw.next;
  return draw.value;
};

/** A line the lobby logged (docs/operations.md#logs): only the fields the report reads. */
interface LobbyLine {
  readonly event?: unknown;
  readonly reason?: unknown;
  readonly pid?: unknown;
  readonly previousPid?: unknown;
}
const lobbyLines: { readonly atMs: number; readonly record: LobbyLine }[] = [];
const roomPids = new Set<number>();
const lobbyOnLine = (text: string, stream: 'stdout' | 'stderr'): void => {
  if (stream === 'stderr') {
    process.stderr.write(`${text}\n`);
    return;
  }
  // The lobby logs one JSON object a line; its room processes are the `pid` (and `previousPid`) of its lines.
  let record: LobbyLine;
  try {
    record = JSON.parse(text) as LobbyLine;
  } catch {
    process.stderr.write(`soak: the lobby printed a line that is not JSON: ${text}\n`);
    return;
  }
  lobbyLines.push({ atMs: performance.now(), record });
  for (const pid of [record.pid, record.previousPid]) if (typeof pid === 'number') roomPids.add(pid);
};
// Every soak player comes from 127.0.0.1: benchmark mode lifts the per-address game limits meant for strangers.
const lobby = await startLobbyProcess(
  ['--pool', '2', '--idle-timeout', '30', '--bench', '--max-connections-per-address', String(playerCount * 2 + 10)],
  { onLine: lobbyOnLine },
);
const url = lobby.url;
const hardDeadline = setTimeout(() => {
  console.error('soak: hard deadline passed; killing the lobby');
  lobby.killNow();
  process.exit(1);
}, minutes * 60_000 + 60_000);
/** Longest wait for the lobby's `GET /stats` on its admin port. */
const STATS_TIMEOUT_MS = 5000;
const lobbyStats = (): Promise<LobbyStats> => fetchLobbyStats(lobby.adminUrl, STATS_TIMEOUT_MS);

let openGames: string[] = [];
const players = Array.from({ length: playerCount }, () => new SoakPlayer(url, random, () => (openGames.length ? openGames[Math.floor(random() * openGames.length)]! : null)));
for (const [index, player] of players.entries()) setTimeout(() => player.start(), index * 50);

const samples: ResourceSample[] = [];
const kills: { atMs: number; game: string; pid: number }[] = [];
const startedAt = performance.now();
const endAt = startedAt + minutes * 60_000;
let nextKillAt = startedAt + killEverySeconds * 1000;
let nextSampleAt = startedAt + 5000;

while (performance.now() < endAt) {
  await new Promise((resolve) => setTimeout(resolve, 250));
  const now = performance.now();
  try {
    const stats = await lobbyStats();
    openGames = stats.roomStats
      .filter((room) => room.players < room.maxPlayers && (room.phase === 'waiting' || room.phase === 'finished'))
      .map((room) => room.name);
    for (const room of stats.roomStats) if (room.pid) roomPids.add(room.pid);
    if (now >= nextKillAt) {
      nextKillAt = now + killEverySeconds * 1000;
      const running = stats.roomStats.filter((room) => room.pid !== null && room.players > 0);
      const victim = running.length > 0 ? running[Math.floor(random() * running.length)] : undefined;
      if (victim?.pid) {
        kills.push({ atMs: now, game: victim.name, pid: victim.pid });
        process.kill(victim.pid, 'SIGKILL');
      }
    }
  } catch (error) {
    console.error(`soak: stats request failed: ${(error as Error).message}`);
  }
  if (now >= nextSampleAt) {
    nextSampleAt = now + 5000;
    const sample = sampleResources(lobby.pid, now - startedAt);
    if (sample) samples.push(sample);
    const elapsed = Math.round((now - startedAt) / 1000);
    const line = `soak ${elapsed}/${Math.round(minutes * 60)} s  rss ${(sample!.rssBytes / 2 ** 20).toFixed(1)} MB  fds ${sample!.openFds}  rooms killed ${kills.length}`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}   ` : `${line}\n`);
  }
}
if (process.stderr.isTTY) process.stderr.write('\n');

for (const player of players) player.stop();
await new Promise((resolve) => setTimeout(resolve, 1000));
const final = await lobbyStats().catch(() => null);
const { code, signal } = await lobby.stop();
const exit = { code, signal };
clearTimeout(hardDeadline);
await new Promise((resolve) => setTimeout(resolve, 200));
const leftBehind = [...roomPids].filter(isRunning);

// Every game that ended while players were in it (crashed, idle) must have told them.
const allEvents = players.flatMap((player) => player.events);
const unreported: string[] = [];
for (const kill of kills) {
  const inGame = players.filter((player) => gameAt(player.events, kill.atMs) === kill.game);
  const told = inGame.filter((player) =>
    player.events.some(
      (event) => event.atMs > kill.atMs && event.atMs < kill.atMs + 5000 && (event.kind === 'resuming' || event.kind === 'crashed'),
    ) || player.events.some((event) => event.atMs > kill.atMs - 1 && event.kind === 'closed'),
  );
  if (inGame.length > 0 && told.length === 0) unreported.push(`${kill.game} (pid ${kill.pid})`);
}
const ended = lobbyLines.filter((line) => line.record.event === 'game_ended');
const count = (kind: string) => allEvents.filter((event) => event.kind === kind).length;
const rss = samples.map((sample) => ({ atMs: sample.atMs, value: sample.rssBytes / 2 ** 20 }));
const fds = samples.map((sample) => ({ atMs: sample.atMs, value: sample.openFds }));
const first = samples[0];
const last = samples.at(-1);
// Compare like with like: the first sample after warm-up against the last while still under load.
const report = {
  minutes,
  players: playerCount,
  seed: initialSeed,
  gamesEnded: ended.length,
  gamesEndedByReason: Object.fromEntries(
    [...ended.reduce((map, line) => {
      const reason = typeof line.record.reason === 'string' ? line.record.reason : 'unknown';
      return map.set(reason, (map.get(reason) ?? 0) + 1);
    }, new Map<string, number>())],
  ),
  resumed: lobbyLines.filter((line) => line.record.event === 'room_resumed').length,
  roundsFinished: count('round-finished'),
  joins: count('joined'),
  rejoins: count('rejoined'),
  leaves: count('left'),
  crashesReported: count('crashed'),
  resumesReported: count('resuming'),
  roomsKilled: kills.length,
  killsNotReported: unreported,
  // The second half shows whether memory levels off once the heap has grown to the workload.
  lobbyRssMb: {
    start: round(first?.rssBytes, 2 ** 20),
    end: round(last?.rssBytes, 2 ** 20),
    slopePerMinute: +slopePerMinute(rss).toFixed(3),
    secondHalfSlopePerMinute: +slopePerMinute(rss.slice(Math.floor(rss.length / 2))).toFixed(3),
  },
  lobbyOpenFds: { start: first?.openFds ?? null, end: last?.openFds ?? null, slopePerMinute: +slopePerMinute(fds).toFixed(3) },
  lobbyExit: exit,
  gamesOpenAtEnd: final?.games ?? null,
  roomProcessesSeen: roomPids.size,
  processesLeftBehind: leftBehind,
};
console.log(JSON.stringify(report, null, 2));
const ok = leftBehind.length === 0 && unreported.length === 0 && exit.code === 0;
console.log(`soak: ${ok ? 'PASS' : 'FAIL'} (${leftBehind.length} processes left behind, ${unreported.length} endings not reported, lobby exit code ${exit.code})`);
process.exit(ok ? 0 : 1);

/** The game a player was in at a moment, from its own record. */
function gameAt(events: readonly { atMs: number; kind: string; game: string | null }[], atMs: number): string | null {
  let current: string | null = null;
  for (const event of events) {
    if (event.atMs > atMs) break;
    if (event.kind === 'joined' || event.kind === 'rejoined') current = event.game;
    else if (event.kind === 'left' || event.kind === 'crashed' || event.kind === 'closed') current = null;
  }
  return current;
}

function round(bytes: number | undefined, unit: number): number | null {
  return bytes === undefined ? null : +(bytes / unit).toFixed(1);
}
