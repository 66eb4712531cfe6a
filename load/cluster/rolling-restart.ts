#!/usr/bin/env node
/**
 * `npm run rolling-restart -- [--lobbies L] [--games G] [--rounds R]`: what
 * players see while every lobby of a cluster is restarted in turn, as a
 * deploy does. Starts a redis-server and L lobbies of one cluster on
 * loopback and G two-player games spread over them, played by players that
 * behave as the terminal client (they are its LobbyLink); then R rounds of:
 * each lobby in turn gets SIGTERM, hands its games over and exits, and a new
 * lobby starts in its place. Reports the pause every move cost a player and
 * the ticks rolled back, the games and seats kept, and checks that no
 * process it started is left. Exits 0 when no game or seat was lost.
 */
import { cpus, loadavg } from 'node:os';
import type { FlagSpecs } from '../../cli/flags.js';
import type { PlayTarget } from '../../shared/client/play-target.js';
import { writeResultFile } from '../common/results-files.js';
import { readToolFlags } from '../common/tool-flags.js';
import { FollowingPlayer } from './following-player.js';
import { LobbyCluster } from './lobby-cluster.js';
import { ProbeConnection } from './probe-connection.js';
import { buildRollingReport, restartLine, rollingReportText, type Restart, type RollingRun } from './rolling-report.js';

const USAGE = `npm run rolling-restart -- [options]     (or: node dist/load/cluster/rolling-restart.js [options])

Restarts every lobby of a cluster in turn (SIGTERM, wait for the exit, start a new one) while
two-player games are played on it, and measures what each player sees: the pause of every move
to another lobby and the ticks rolled back; counts the games and seats kept.

  --lobbies L     lobbies in the cluster, 2-8 (default 3)
  --games G       two-player games, spread over the lobbies, 1-100 (default 12)
  --rounds R      times every lobby is restarted, 1-20 (default 2)
  --settle S      seconds to wait after a new lobby is up before the next restart, 0-60 (default 2)
  --json PATH     also write the report as JSON to PATH
  --help          this text

Exits 0 when every game and every seat outlived the restarts and no process was left behind,
1 otherwise, 2 on a mistyped command line.
`;

const FLAGS = {
  lobbies: { kind: 'integer', min: 2, max: 8 },
  games: { kind: 'integer', min: 1, max: 100 },
  rounds: { kind: 'integer', min: 1, max: 20 },
  settle: { kind: 'number', min: 0, max: 60 },
  json: { kind: 'string' },
} as const satisfies FlagSpecs;

/** Frames every player must have seen before the first restart: its game is under way. */
const FRAMES_BEFORE_RESTARTS = 10;
/** How long the games may take to be created and start ticking. */
const START_DEADLINE_MS = 30_000;
/** How long, after the last restart, every player may take to be playing again. */
const END_DEADLINE_MS = 15_000;
/** The last restart is over only once every player has played on this long after it. */
const PLAY_ON_AFTER_MS = 500;
/** What a lobby prints once its drain is over. */
const HANDED_LINE = /handed (\d+) of (\d+) games? over to other lobbies/;

async function main(): Promise<number> {
  const command = readToolFlags(process.argv.slice(2), FLAGS, USAGE);
  if (!command.run) return command.exitCode;
  const flags = command.values;
  const options = { lobbies: flags.lobbies ?? 3, games: flags.games ?? 12, rounds: flags.rounds ?? 2, settleSeconds: flags.settle ?? 2 };
  const loadAverageAtStart = loadavg();
  const problems: string[] = [];
  const handed = new Map<number, Restart['handed']>();
  const players: FollowingPlayer[] = [];
  const restarts: Restart[] = [];
  let gamesAtStart: string[] = [];
  let gamesAtEnd: string[] = [];
  let cluster: LobbyCluster | null = null;
  let reported = false;
  try {
    cluster = await LobbyCluster.start({
      lobbies: options.lobbies,
      // Every player connects from 127.0.0.1: the per-address limits of a public lobby would refuse most of them.
      lobbyFlags: ['--bench'],
      onLine: (slot, line) => {
        const match = HANDED_LINE.exec(line);
        if (match) handed.set(slot, { games: Number(match[1]), of: Number(match[2]) });
      },
      onUnexpectedExit: (slot, description) => problems.push(`lobby ${slot + 1}: ${description}`),
    });
    const urls = cluster.urls();
    process.stdout.write(`cluster: redis at ${cluster.redisUrl}, lobbies ${urls.join(' ')}\n`);
    await startGames(urls, options.games, players);
    await waitUntil(() => players.every((player) => player.frames >= FRAMES_BEFORE_RESTARTS), START_DEADLINE_MS, 'every game under way');
    gamesAtStart = await listGames(urls[0]!);
    process.stdout.write(`${gamesAtStart.length} games of 2 players under way; restarting every lobby ${options.rounds} time(s)\n`);

    const total = options.rounds * options.lobbies;
    for (let round = 1; round <= options.rounds; round++) {
      for (let slot = 0; slot < options.lobbies; slot++) {
        const lobby = cluster.lobby(slot);
        handed.delete(slot);
        const sigtermAt = performance.now();
        const exit = await cluster.stop(slot);
        const exitedAt = performance.now();
        const replacement = await cluster.restart(slot);
        const restart: Restart = {
          round, slot, pid: lobby.pid, url: lobby.url, sigtermAt, exitedAt, exit,
          handed: handed.get(slot) ?? null, replacementUrl: replacement.url,
        };
        restarts.push(restart);
        process.stdout.write(restartLine(restart, restarts.length - 1, total));
        await sleep(options.settleSeconds * 1000);
      }
    }
    const lastRestartAt = performance.now();
    await waitUntil(
      () => players.every((player) => player.ended || (!player.moving && (player.lastFrame?.at ?? 0) > lastRestartAt + PLAY_ON_AFTER_MS)),
      END_DEADLINE_MS,
      'every player playing again after the last restart',
    ).catch((error: Error) => problems.push(error.message));
    gamesAtEnd = await listGames(cluster.urls()[0]!);
    const playingAfter = (player: FollowingPlayer): boolean => !player.ended && (player.lastFrame?.at ?? 0) > lastRestartAt;
    const outcomes = players.map((player) => ({
      game: player.seat?.game ?? null,
      moves: player.moves,
      problems: player.problems,
      errors: player.errors,
      kept: playingAfter(player) && player.seat !== null && !player.seatChanged,
      longestGapMs: player.longestGapMs,
    }));
    await Promise.all(players.map((player) => player.close()));
    const processes = await cluster.stopAll();
    const run: RollingRun = {
      options,
      machine: { cpus: cpus().length, loadAverageAtStart, loadAverageAtEnd: loadavg(), node: process.version },
      restarts,
      gamesAtStart,
      gamesAtEnd,
      players: outcomes,
      processes,
      problems,
    };
    const report = buildRollingReport(run);
    reported = true;
    process.stdout.write(rollingReportText(report));
    if (flags.json !== undefined) writeResultFile(flags.json, `${JSON.stringify(report, null, 2)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    // A run cut short by an error still stops everything it started, and says what it could not.
    await Promise.all(players.map((player) => player.close()));
    const processes = await cluster?.stopAll();
    if (!reported && processes && processes.survivors.length > 0) {
      process.stdout.write(`FAILED processes left behind: ${processes.survivors.join(', ')}\n`);
    }
  }
}

/**
 * Creates the games one after another (a burst of creates would fork every
 * room process at once), game g on lobby g mod L; its second player joins
 * through the next lobby, which redirects it to the first.
 */
async function startGames(urls: readonly string[], games: number, players: FollowingPlayer[]): Promise<void> {
  const seat = (url: string, target: PlayTarget): Promise<void> => {
    const player = new FollowingPlayer({ url, target, seed: players.length + 1 });
    players.push(player);
    return player.start();
  };
  for (let game = 0; game < games; game++) {
    const name = `rolling-${game + 1}`;
    await seat(urls[game % urls.length]!, { action: 'create', players: 2, name });
    await seat(urls[(game + 1) % urls.length]!, { action: 'join', name });
  }
}

/** The names of every game of the cluster, as a lobby lists them. */
async function listGames(url: string): Promise<string[]> {
  const probe = await ProbeConnection.connect(url);
  if (!probe) throw new Error(`could not connect to the lobby at ${url} to list the games`);
  try {
    probe.send({ type: 'list' });
    const answer = await probe.next(['games', 'error'], performance.now() + 5000);
    if (answer?.type !== 'games') throw new Error(`the lobby at ${url} did not list its games: ${answer ? answer.message : 'no answer'}`);
    return answer.games.map((game) => game.name).sort();
  } finally {
    probe.close();
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`not ${what} within ${timeoutMs / 1000} s`);
    await sleep(20);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

process.once('SIGINT', () => process.exit(130));
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`rolling-restart: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
