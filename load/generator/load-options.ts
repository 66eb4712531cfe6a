import { parseFlags, type FlagSpecs } from '../../cli/flags.js';
import { MAX_WORK_MS } from '../../shared/protocol/client-messages.js';
import type { WorkRange } from '../../shared/protocol/ipc-messages.js';
import { MAX_HEIGHT, MAX_SEATS, MAX_WIDTH, MIN_HEIGHT, MIN_WIDTH } from '../../shared/rules/constants.js';
import { toolFlagMessages } from '../common/tool-flags.js';

export const ROOM_HOSTS = ['process', 'thread', 'inline'] as const;
export type RoomHostName = (typeof ROOM_HOSTS)[number];

/** Everything that shapes one load run. */
export interface LoadOptions {
  /** Light games, plus `heavyGames` heavy ones. */
  readonly games: number;
  readonly players: number;
  /** Length of the measured window, seconds (after every game has started a round). */
  readonly durationSeconds: number;
  /** Lobbies to load (ws://HOST:PORT), several for a cluster; empty: this run starts its own. */
  readonly addresses: readonly string[];
  /** Admin listeners of those lobbies (http://HOST:PORT), in the same order: where their `/stats` is read. */
  readonly admins: readonly string[];
  /** Room host of a lobby this run starts. */
  readonly rooms: RoomHostName;
  /** Warm pool size of a lobby this run starts. */
  readonly pool: number;
  readonly width: number;
  readonly height: number;
  /** Benchmark CPU work per tick for the light games; null: none. */
  readonly workMs: WorkRange | null;
  /** The same for the heavy games; null: no heavy games. */
  readonly heavyWorkMs: WorkRange | null;
  readonly heavyGames: number;
  /** Games created per second while ramping up. */
  readonly createRate: number;
  /** Longest wait, after the last game is created, for every game to start a round. */
  readonly warmupTimeoutSeconds: number;
  /** Bot processes; 0 picks by the number of bots. */
  readonly botProcesses: number;
  readonly keysPerSecond: number;
  readonly seed: number;
  /** Where to write the JSON report; null: not written. */
  readonly jsonPath: string | null;
  /** Print a row per room (always in the JSON). */
  readonly perRoom: boolean;
  readonly progress: boolean;
  /** Lobbies to start; above 1 they form a cluster on a redis-server this run starts. */
  readonly lobbies: number;
  /** In a cluster: SIGKILL a lobby this often during the window and start another in its place; null: never. */
  readonly killLobbyEverySeconds: number | null;
  /**
   * A Redis this run does not own: the lobbies it starts join it, and with
   * given lobbies it is only read, for its command rate; null: the run
   * starts its own for a cluster it starts.
   */
  readonly redis: string | null;
}

export const defaultLoadOptions: LoadOptions = {
  games: 10,
  players: 2,
  durationSeconds: 10,
  addresses: [],
  admins: [],
  rooms: 'process',
  pool: 0,
  width: 80,
  height: 22,
  workMs: null,
  heavyWorkMs: null,
  heavyGames: 0,
  createRate: 20,
  warmupTimeoutSeconds: 20,
  botProcesses: 0,
  keysPerSecond: 3,
  seed: 1,
  jsonPath: null,
  perRoom: false,
  progress: true,
  lobbies: 1,
  killLobbyEverySeconds: null,
  redis: null,
};

export const LOAD_HELP = `npm run load -- [options]     (or: node dist/load/generator/load-cli.js [options])

Plays G games of P bots each over real WebSockets against a vimtron lobby,
measures for --duration seconds once every game has started a round, then
prints a report and writes it as JSON.

  --games G              light games (default 10)
  --players P            bots per game, 1-${MAX_SEATS} (default 2)
  --duration S           measured seconds (default 10)
  --address ws://H:P[,ws://H:P...]
                         load this lobby instead of starting one (it must run with --bench for
                         --work-ms); several, comma-separated, are one cluster: the games are
                         spread over them and bots follow redirects and rejoin elsewhere
  --admin http://H:P[,http://H:P...]
                         the admin ports of those lobbies, in the same order, where their
                         /stats is read (default: each --address's port + 1, the lobby's own
                         default; a lobby's admin port is on 127.0.0.1 unless --admin-host)
  --lobbies N            start N lobbies (1-8, default 1); above 1 they form a cluster on a
                         redis-server started for the run, and the games are spread over them
  --redis redis://H:P    the cluster's Redis: lobbies started by the run join it (even one),
                         and the report gives its command rate; never stopped by the run
  --kill-lobby-every S   with --lobbies: SIGKILL a random lobby every S seconds of the window and
                         start a new one in its place; the bots rejoin their games elsewhere
  --rooms KIND           room host of the lobby started: process, thread or inline (default process)
  --pool N               warm pool of the lobby started (default 0: none)
  --width W --height H   arena size (default 80 x 22)
  --work-ms MS|MIN-MAX   CPU milliseconds each light room burns per tick (default none)
  --heavy-work-ms MS|MIN-MAX
                         add heavy games burning this much per tick (the noisy neighbour)
  --heavy-games N        how many heavy games (default 1 with --heavy-work-ms)
  --create-rate N        games created per second while ramping up (default 20)
  --warmup-timeout S     longest wait for every game to start a round after the last is created (default 20)
  --bot-processes N      bot processes (default 0: 1, or 2 above 200 bots)
  --keys-per-second N    how busy the bots are (default 3)
  --seed N               seed of the bots' dice (default 1)
  --json PATH            write the JSON report here (default load/results/load-TIMESTAMP.json)
  --no-json              do not write a JSON report
  --per-room             print a row per room
  --no-progress          no progress bar or progress lines
  --help                 this text

Exit status: 0 when the run completed, 1 when it failed (hard deadline, lobby
crash, a game that never started), 2 for a mistyped flag.`;

const FLAGS = {
  games: { kind: 'integer', min: 0, max: 5000 },
  players: { kind: 'integer', min: 1, max: MAX_SEATS },
  duration: { kind: 'number', min: 1, max: 3600 },
  address: { kind: 'string' },
  admin: { kind: 'string' },
  rooms: { kind: 'choice', choices: ROOM_HOSTS },
  pool: { kind: 'integer', min: 0, max: 64 },
  width: { kind: 'integer', min: MIN_WIDTH, max: MAX_WIDTH },
  height: { kind: 'integer', min: MIN_HEIGHT, max: MAX_HEIGHT },
  'work-ms': { kind: 'string' },
  'heavy-work-ms': { kind: 'string' },
  'heavy-games': { kind: 'integer', min: 0, max: 1000 },
  'create-rate': { kind: 'number', min: 0.1, max: 1000 },
  'warmup-timeout': { kind: 'number', min: 1, max: 600 },
  'bot-processes': { kind: 'integer', min: 0, max: 16 },
  'keys-per-second': { kind: 'number', min: 0, max: 10 },
  seed: { kind: 'integer', min: 0, max: 2 ** 31 - 1 },
  json: { kind: 'string' },
  'no-json': { kind: 'switch' },
  'per-room': { kind: 'switch' },
  'no-progress': { kind: 'switch' },
  lobbies: { kind: 'integer', min: 1, max: 8 },
  'kill-lobby-every': { kind: 'number', min: 1, max: 3600 },
  redis: { kind: 'string' },
} as const satisfies FlagSpecs;

export type ParsedLoadOptions =
  | { readonly kind: 'run'; readonly options: LoadOptions; readonly jsonDefault: boolean }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly error: string };

/** Reads the load command line; `jsonDefault` says the caller should pick the JSON path. */
export function parseLoadOptions(argv: readonly string[]): ParsedLoadOptions {
  const parsed = parseFlags(argv, FLAGS, toolFlagMessages);
  if (!parsed.ok) return { kind: 'error', error: parsed.error };
  if (parsed.value.help) return { kind: 'help' };
  const flags = parsed.value.values;
  const fail = (error: string): ParsedLoadOptions => ({ kind: 'error', error });

  const workMs = workRangeFlag(flags['work-ms'], 'work-ms');
  if (typeof workMs === 'string') return fail(workMs);
  const heavyWorkMs = workRangeFlag(flags['heavy-work-ms'], 'heavy-work-ms');
  if (typeof heavyWorkMs === 'string') return fail(heavyWorkMs);
  const heavyGames = flags['heavy-games'] ?? (heavyWorkMs ? 1 : 0);
  if (heavyGames > 0 && !heavyWorkMs) return fail('--heavy-games needs --heavy-work-ms');

  const addresses = addressesFlag(flags.address);
  if (typeof addresses === 'string') return fail(addresses);
  const admins = adminsFlag(flags.admin, addresses);
  if (typeof admins === 'string') return fail(admins);
  const lobbies = flags.lobbies ?? defaultLoadOptions.lobbies;
  if (lobbies > 1 && addresses.length > 0) return fail('--lobbies starts lobbies; it cannot be combined with --address');
  const redis = flags.redis;
  if (redis !== undefined && !/^rediss?:\/\/[^/\s]+\/?$/.test(redis)) {
    return fail(`--redis must look like redis://HOST:PORT, got "${redis}"`);
  }
  const killLobbyEverySeconds = flags['kill-lobby-every'] ?? null;
  if (killLobbyEverySeconds !== null && (lobbies < 2 || addresses.length > 0)) {
    return fail('--kill-lobby-every kills lobbies this run starts: it needs --lobbies 2 or more, without --address');
  }
  const json = flags.json;
  if (json !== undefined && flags['no-json']) return fail('--json and --no-json contradict each other');
  const games = flags.games ?? defaultLoadOptions.games;
  if (games + heavyGames === 0) return fail('nothing to do: --games is 0 and there are no heavy games');

  return {
    kind: 'run',
    jsonDefault: json === undefined && !flags['no-json'],
    options: {
      // The key order of the "options" of every JSON report written so far: old and new reports diff line by line.
      games,
      players: flags.players ?? defaultLoadOptions.players,
      durationSeconds: flags.duration ?? defaultLoadOptions.durationSeconds,
      pool: flags.pool ?? defaultLoadOptions.pool,
      width: flags.width ?? defaultLoadOptions.width,
      height: flags.height ?? defaultLoadOptions.height,
      createRate: flags['create-rate'] ?? defaultLoadOptions.createRate,
      warmupTimeoutSeconds: flags['warmup-timeout'] ?? defaultLoadOptions.warmupTimeoutSeconds,
      botProcesses: flags['bot-processes'] ?? defaultLoadOptions.botProcesses,
      keysPerSecond: flags['keys-per-second'] ?? defaultLoadOptions.keysPerSecond,
      seed: flags.seed ?? defaultLoadOptions.seed,
      addresses,
      admins,
      rooms: flags.rooms ?? defaultLoadOptions.rooms,
      workMs,
      heavyWorkMs,
      heavyGames,
      jsonPath: json ?? null,
      perRoom: flags['per-room'] === true,
      progress: flags['no-progress'] !== true,
      lobbies,
      killLobbyEverySeconds,
      redis: redis === undefined ? null : redis.replace(/\/$/, ''),
    },
  };
}

/** `ws://a:1,ws://b:2` as a list without trailing slashes; absent is empty; an error sentence otherwise. */
export function addressesFlag(raw: string | undefined): string[] | string {
  if (raw === undefined) return [];
  const addresses = raw.split(',').map((part) => part.trim());
  for (const address of addresses) {
    if (!/^wss?:\/\/[^/\s,]+\/?$/.test(address)) return `--address must look like ws://HOST:PORT (several: comma-separated), got "${address}"`;
  }
  const unique = new Set(addresses.map((address) => address.replace(/\/$/, '')));
  if (unique.size !== addresses.length) return `--address names a lobby twice: "${raw}"`;
  return [...unique];
}

/**
 * `--admin http://a:2,http://b:3`, one per `--address` and in its order;
 * absent, each address's port + 1 (a lobby's default admin port) on the
 * same host. An error sentence when they do not match.
 */
export function adminsFlag(raw: string | undefined, addresses: readonly string[]): string[] | string {
  if (raw === undefined) return addresses.map(defaultAdminUrl);
  if (addresses.length === 0) return '--admin names the admin ports of lobbies given with --address; give --address too';
  const admins = raw.split(',').map((part) => part.trim().replace(/\/$/, ''));
  for (const admin of admins) {
    if (!/^https?:\/\/[^/\s,]+$/.test(admin)) return `--admin must look like http://HOST:PORT (several: comma-separated), got "${admin}"`;
  }
  if (admins.length !== addresses.length) {
    return `--admin names ${admins.length} admin port${admins.length === 1 ? '' : 's'} for ${addresses.length} lobb${addresses.length === 1 ? 'y' : 'ies'} of --address; give one per lobby, in the same order`;
  }
  return admins;
}

/** A lobby's admin listener by default: its public port + 1, on the same host. */
export function defaultAdminUrl(address: string): string {
  const url = new URL(address);
  const port = Number(url.port || (url.protocol === 'wss:' ? 443 : 80));
  return `http://${url.hostname}:${port + 1}`;
}

/** How many lobbies the games are spread over: the given ones, or those the run starts. */
export function lobbyCount(options: Pick<LoadOptions, 'addresses' | 'lobbies'>): number {
  return options.addresses.length > 0 ? options.addresses.length : options.lobbies;
}

/** Whether the run loads a cluster: several lobbies, given or started, or lobbies on a given Redis. */
export function loadsCluster(options: Pick<LoadOptions, 'addresses' | 'lobbies' | 'redis'>): boolean {
  return lobbyCount(options) > 1 || options.redis !== null;
}

/** `0.2` or `40-120` as a WorkRange; absent is null. */
export function workRangeFlag(raw: string | undefined, name: string): WorkRange | null | string {
  if (raw === undefined) return null;
  const error = `--${name} must be milliseconds from 0 to ${MAX_WORK_MS} (like 0.2) or a range MIN-MAX (like 40-120), got "${raw}"`;
  const match = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(raw.trim());
  if (!match) return error;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (max < min || max > MAX_WORK_MS) return error;
  return { min, max };
}

/**
 * Bot processes to use: as asked, or a second one above 200 bots, where one
 * event loop of bots starts to lag behind the frames. Not more: on a small
 * machine every extra process competes with the lobby being measured.
 */
export function botProcessCount(options: Pick<LoadOptions, 'botProcesses' | 'games' | 'heavyGames' | 'players'>): number {
  if (options.botProcesses > 0) return options.botProcesses;
  return (options.games + options.heavyGames) * options.players > 200 ? 2 : 1;
}

/** Text for a WorkRange in reports: "0.2" or "40-120". */
export function describeWorkRange(range: WorkRange | null): string {
  if (range === null) return '0';
  return range.min === range.max ? `${range.min}` : `${range.min}-${range.max}`;
}
