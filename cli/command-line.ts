import type { PlayTarget } from '../client/play.js';
import type { AdminPort } from '../server/lobby-options.js';
import { LOG_LEVELS, type LogLevel } from '../server/log/root-logger.js';
import { ROOM_HOST_KINDS, type RoomHostKind } from '../server/room-hosts.js';
import { normalizeGameName } from '../shared/protocol/game-name.js';
import { normalizePlayerName } from '../shared/protocol/player-name.js';
import { accept, reject, type Decoded } from '../shared/protocol/result.js';
import { MAX_HEIGHT, MAX_SEATS, MAX_WIDTH, MIN_HEIGHT, MIN_SEATS, MIN_WIDTH } from '../shared/rules/constants.js';
import { clientDefaults, serverDefaults } from './defaults.js';
import { parseFlags, type FlagSpecs, type FlagValues } from './flags.js';
import { LIST_USAGE, PLAY_USAGE, SERVER_USAGE, TOP_USAGE, WATCH_USAGE } from './usage.js';

/** Where the player's name comes from when `--name` is not given: the login name, made valid. */
export type DefaultPlayerName = () => string;

/** What the user asked for, fully checked and with defaults filled in. */
export type Command =
  | { readonly kind: 'help'; readonly text: string }
  /** A practice game on a lobby of its own: one seat for you, `bots` for the room's bots. */
  | { readonly kind: 'practice'; readonly playerName: string; readonly bots: number; readonly width?: number; readonly height?: number }
  | {
      readonly kind: 'server';
      readonly port: number;
      readonly host: string;
      /** The admin listener's port: a number (0: a free one), `next` (--port + 1) or `off`. */
      readonly adminPort: AdminPort;
      readonly adminHost: string;
      readonly maxGames: number;
      readonly maxWatchersPerGame: number;
      readonly maxWatchers: number;
      readonly idleTimeoutMs: number;
      readonly rooms: RoomHostKind;
      readonly pool: number;
      /** Room runtimes starting at once; the others wait in order. */
      readonly startConcurrency: number;
      readonly heapMb: number;
      readonly seatHoldMs: number;
      readonly maxConnections: number;
      readonly maxConnectionsPerAddress: number;
      readonly maxGamesPerAddress: number;
      /** Games one address may create a minute: lifted by --bench, not a flag of its own. */
      readonly maxGamesPerAddressPerMinute: number;
      readonly startTimeoutMs: number;
      /** Accept the `workMs` benchmark knob; lifts the per-address cap for load tests from one machine. */
      readonly bench: boolean;
      /** The Redis server the lobbies of a cluster share (`redis://HOST:PORT`); null runs a standalone lobby. */
      readonly redis: string | null;
      /** How players reach this lobby when other lobbies send them here; null derives it from --host and --port. */
      readonly publicUrl: string | null;
      /** The least level of the lines logged; `silent` logs nothing. */
      readonly logLevel: LogLevel;
    }
  | { readonly kind: 'play'; readonly address: string; readonly port: number; readonly game: PlayTarget }
  /** `vimtron play` with no game named: the game browser; the player plays the games picked there as `playerName`. */
  | { readonly kind: 'browse'; readonly address: string; readonly port: number; readonly playerName: string }
  | { readonly kind: 'list'; readonly address: string; readonly port: number };

const PORT = { kind: 'integer', min: 1, max: 65535 } as const;
const ADDRESS = { kind: 'string' } as const;

const SERVER_FLAGS = {
  port: { kind: 'integer', min: 0, max: 65535 },
  host: { kind: 'string' },
  // A port number or the word off: checked by checkAdminPort.
  'admin-port': { kind: 'string' },
  'admin-host': { kind: 'string' },
  'max-games': { kind: 'integer', min: 1, max: 100_000 },
  'max-watchers-per-game': { kind: 'integer', min: 1, max: 100_000 },
  'max-watchers': { kind: 'integer', min: 1, max: 1_000_000 },
  // A day is plenty; the bound keeps the milliseconds inside what setTimeout accepts.
  'idle-timeout': { kind: 'integer', min: 1, max: 86_400 },
  rooms: { kind: 'choice', choices: ROOM_HOST_KINDS },
  pool: { kind: 'integer', min: 0, max: 64 },
  'start-concurrency': { kind: 'integer', min: 1, max: 256 },
  'heap-mb': { kind: 'integer', min: 16, max: 4096 },
  'seat-hold': { kind: 'integer', min: 0, max: 3600 },
  'max-connections': { kind: 'integer', min: 1, max: 1_000_000 },
  'max-connections-per-address': { kind: 'integer', min: 1, max: 1_000_000 },
  'max-games-per-address': { kind: 'integer', min: 1, max: 100_000 },
  'start-timeout': { kind: 'integer', min: 1, max: 3600 },
  bench: { kind: 'switch' },
  redis: { kind: 'string' },
  'public-url': { kind: 'string' },
  'log-level': { kind: 'choice', choices: LOG_LEVELS },
} as const satisfies FlagSpecs;

/** Bots fill the seats a game has besides yours. */
const BOTS = { kind: 'integer', min: 0, max: MAX_SEATS - 1 } as const;

const PLAY_FLAGS = {
  address: ADDRESS,
  port: PORT,
  game: { kind: 'string' },
  players: { kind: 'integer', min: MIN_SEATS, max: MAX_SEATS },
  bots: BOTS,
  width: { kind: 'integer', min: MIN_WIDTH, max: MAX_WIDTH },
  height: { kind: 'integer', min: MIN_HEIGHT, max: MAX_HEIGHT },
  name: { kind: 'string' },
} as const satisfies FlagSpecs;

/** `vimtron` alone: the practice game, with the few flags it takes. */
const PRACTICE_FLAGS = {
  name: { kind: 'string' },
  bots: BOTS,
  width: { kind: 'integer', min: MIN_WIDTH, max: MAX_WIDTH },
  height: { kind: 'integer', min: MIN_HEIGHT, max: MAX_HEIGHT },
} as const satisfies FlagSpecs;

const LIST_FLAGS = { address: ADDRESS, port: PORT } as const satisfies FlagSpecs;

const WATCH_FLAGS = { address: ADDRESS, port: PORT, game: { kind: 'string' } } as const satisfies FlagSpecs;

/** One command after `vimtron`: its help, and how its checked flags become a Command. */
interface Subcommand {
  readonly usage: string;
  parse(argv: readonly string[], defaultName: DefaultPlayerName): Decoded<Command>;
}

function subcommand<S extends FlagSpecs>(
  specs: S,
  usage: string,
  build: (flags: FlagValues<S>, defaultName: DefaultPlayerName) => Decoded<Command>,
): Subcommand {
  return {
    usage,
    parse: (argv, defaultName) => {
      const parsed = parseFlags(argv, specs);
      if (!parsed.ok) return reject(parsed.error);
      return parsed.value.help ? accept({ kind: 'help', text: usage }) : build(parsed.value.values, defaultName);
    },
  };
}

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  server: subcommand(SERVER_FLAGS, SERVER_USAGE, buildServer),
  play: subcommand(PLAY_FLAGS, PLAY_USAGE, buildPlay),
  list: subcommand(LIST_FLAGS, LIST_USAGE, buildList),
  watch: subcommand(WATCH_FLAGS, WATCH_USAGE, buildWatch),
};

const PRACTICE = subcommand(PRACTICE_FLAGS, TOP_USAGE, buildPractice);

/**
 * Turns the words after `vimtron` into a command. Every error is one
 * sentence, already prefixed with the command it concerns and pointing at
 * the help, ready to print as is. `defaultName` is asked for the player's
 * name only when a game is played and `--name` is not given.
 */
export function parseCommandLine(argv: readonly string[], defaultName: DefaultPlayerName): Decoded<Command> {
  const [first, ...rest] = argv;
  // No command, or flags alone: the practice game.
  if (first === undefined || first.startsWith('-')) {
    const built = PRACTICE.parse(argv, defaultName);
    return built.ok ? built : reject(`vimtron: ${built.error} (see vimtron --help)`);
  }
  if (!Object.hasOwn(SUBCOMMANDS, first)) {
    return reject(`vimtron: unknown command "${first}"; expected server, play, watch or list (see vimtron --help)`);
  }
  const built = SUBCOMMANDS[first]!.parse(rest, defaultName);
  if (built.ok) return built;
  return reject(`vimtron ${first}: ${built.error} (see vimtron ${first} --help)`);
}

function buildPractice(flags: FlagValues<typeof PRACTICE_FLAGS>, defaultName: DefaultPlayerName): Decoded<Command> {
  const playerName = checkPlayerName(flags.name, defaultName);
  if (!playerName.ok) return playerName;
  const { width, height } = flags;
  return accept({
    kind: 'practice',
    playerName: playerName.value,
    bots: flags.bots ?? 0,
    ...(width === undefined ? {} : { width }),
    ...(height === undefined ? {} : { height }),
  });
}

/** `--name`, checked by the rules the lobby applies; the login name (made valid) without it. */
function checkPlayerName(raw: string | undefined, defaultName: DefaultPlayerName): Decoded<string> {
  if (raw === undefined) return accept(defaultName());
  const normalized = normalizePlayerName(raw, '--name');
  return 'error' in normalized ? reject(normalized.error) : accept(normalized.name);
}

function buildServer(flags: FlagValues<typeof SERVER_FLAGS>): Decoded<Command> {
  const redis = flags.redis === undefined ? accept(null) : checkRedisUrl(flags.redis);
  if (!redis.ok) return redis;
  const publicUrl = flags['public-url'] === undefined ? accept(null) : checkPublicUrl(flags['public-url']);
  if (!publicUrl.ok) return publicUrl;
  const port = flags.port ?? serverDefaults.port;
  const adminPort = flags['admin-port'] === undefined ? accept(serverDefaults.adminPort) : checkAdminPort(flags['admin-port']);
  if (!adminPort.ok) return adminPort;
  if (adminPort.value === 'next' && port === 65535) return reject('--port 65535 leaves no next port for the admin listener; give --admin-port');
  if (typeof adminPort.value === 'number' && adminPort.value !== 0 && adminPort.value === port) {
    return reject(`--admin-port must differ from --port (${port}): the admin listener needs a port of its own`);
  }
  const bench = flags.bench === true;
  const maxConnections = flags['max-connections'] ?? serverDefaults.maxConnections;
  const maxGames = flags['max-games'] ?? serverDefaults.maxGames;
  return accept({
    kind: 'server',
    port,
    host: flags.host ?? serverDefaults.host,
    adminPort: adminPort.value,
    adminHost: flags['admin-host'] ?? serverDefaults.adminHost,
    maxGames,
    maxWatchersPerGame: flags['max-watchers-per-game'] ?? serverDefaults.maxWatchersPerGame,
    maxWatchers: flags['max-watchers'] ?? serverDefaults.maxWatchers,
    idleTimeoutMs: (flags['idle-timeout'] ?? serverDefaults.idleTimeoutSeconds) * 1000,
    rooms: flags.rooms ?? serverDefaults.rooms,
    pool: flags.pool ?? serverDefaults.pool,
    startConcurrency: flags['start-concurrency'] ?? serverDefaults.startConcurrency,
    heapMb: flags['heap-mb'] ?? serverDefaults.heapMb,
    seatHoldMs: (flags['seat-hold'] ?? serverDefaults.seatHoldSeconds) * 1000,
    maxConnections,
    maxConnectionsPerAddress: flags['max-connections-per-address'] ?? (bench ? maxConnections : serverDefaults.maxConnectionsPerAddress),
    // A load test runs every bot from one address: benchmark mode lifts the per-address game limits.
    maxGamesPerAddress: flags['max-games-per-address'] ?? (bench ? maxGames : serverDefaults.maxGamesPerAddress),
    maxGamesPerAddressPerMinute: bench ? Math.max(maxGames, 1000) * 60 : serverDefaults.maxGamesPerAddressPerMinute,
    startTimeoutMs: (flags['start-timeout'] ?? serverDefaults.startTimeoutSeconds) * 1000,
    bench,
    redis: redis.value,
    publicUrl: publicUrl.value,
    logLevel: flags['log-level'] ?? serverDefaults.logLevel,
  });
}

/** `--admin-port`: a port from 0 to 65535, or `off`. */
function checkAdminPort(raw: string): Decoded<AdminPort> {
  if (raw === 'off') return accept('off');
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 0 && port <= 65535)) return reject(`--admin-port must be a port from 0 to 65535, or off, got "${raw}"`);
  return accept(port);
}

/** `--redis`: a URL the Redis client accepts, kept as given (credentials and database included). */
function checkRedisUrl(raw: string): Decoded<string> {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (url === null || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    return reject(`--redis must be a Redis URL such as redis://HOST:PORT, got "${raw}"`);
  }
  return accept(raw);
}

/** `--public-url`: where players connect, so a WebSocket URL; normalised (`ws://host:8766` gets its `/`). */
function checkPublicUrl(raw: string): Decoded<string> {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (url === null || (url.protocol !== 'ws:' && url.protocol !== 'wss:') || url.hostname === '') {
    return reject(`--public-url must be a ws:// or wss:// URL such as ws://HOST:PORT/, got "${raw}"`);
  }
  return accept(url.href);
}

function buildPlay(flags: FlagValues<typeof PLAY_FLAGS>, defaultName: DefaultPlayerName): Decoded<Command> {
  const { players, bots, width, height } = flags;
  const rawName = flags.game;
  let name: string | undefined;
  if (rawName !== undefined) {
    // Checked here too so that a bad name fails before any connection is made.
    const normalized = normalizeGameName(rawName);
    if ('error' in normalized) return reject(`--game ${normalized.error}`);
    name = normalized.name;
  }
  const playerName = checkPlayerName(flags.name, defaultName);
  if (!playerName.ok) return playerName;
  const where = { address: flags.address ?? clientDefaults.address, port: flags.port ?? clientDefaults.port };
  if (players !== undefined) {
    if (bots !== undefined && bots > players - 1) {
      return reject(`--bots must be at most ${players - 1} with --players ${players}: you take a seat too`);
    }
    const game: PlayTarget = {
      action: 'create',
      players,
      ...(bots === undefined ? {} : { bots }),
      ...(name === undefined ? {} : { name }),
      ...(width === undefined ? {} : { width }),
      ...(height === undefined ? {} : { height }),
      playerName: playerName.value,
    };
    return accept({ kind: 'play', ...where, game });
  }
  if (width !== undefined || height !== undefined || bots !== undefined) {
    const flag = width !== undefined ? 'width' : height !== undefined ? 'height' : 'bots';
    return reject(`--${flag} only applies when creating a game with --players`);
  }
  if (name === undefined) return accept({ kind: 'browse', ...where, playerName: playerName.value });
  return accept({ kind: 'play', ...where, game: { action: 'join', name, playerName: playerName.value } });
}

function buildWatch(flags: FlagValues<typeof WATCH_FLAGS>): Decoded<Command> {
  if (flags.game === undefined) return reject('give --game NAME: the game to watch (vimtron list shows the games)');
  const normalized = normalizeGameName(flags.game);
  if ('error' in normalized) return reject(`--game ${normalized.error}`);
  const where = { address: flags.address ?? clientDefaults.address, port: flags.port ?? clientDefaults.port };
  return accept({ kind: 'play', ...where, game: { action: 'watch', name: normalized.name } });
}

function buildList(flags: FlagValues<typeof LIST_FLAGS>): Decoded<Command> {
  return accept({ kind: 'list', address: flags.address ?? clientDefaults.address, port: flags.port ?? clientDefaults.port });
}
