import type { PlayTarget } from '../client/play.js';
import { ROOM_HOST_KINDS, type RoomHostKind } from '../server/room-hosts.js';
import { normalizeGameName } from '../shared/protocol/game-name.js';
import { accept, reject, type Decoded } from '../shared/protocol/result.js';
import { MAX_HEIGHT, MAX_SEATS, MAX_WIDTH, MIN_HEIGHT, MIN_SEATS, MIN_WIDTH } from '../shared/rules/constants.js';
import { clientDefaults, serverDefaults } from './defaults.js';
import { parseFlags, type FlagSpecs, type FlagValues } from './flags.js';
import { LIST_USAGE, PLAY_USAGE, SERVER_USAGE, TOP_USAGE } from './usage.js';

/** What the user asked for, fully checked and with defaults filled in. */
export type Command =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'practice' }
  | {
      readonly kind: 'server';
      readonly port: number;
      readonly host: string;
      readonly maxGames: number;
      readonly idleTimeoutMs: number;
      readonly rooms: RoomHostKind;
      readonly pool: number;
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
    }
  | { readonly kind: 'play'; readonly address: string; readonly port: number; readonly game: PlayTarget }
  /** `vimtron play` with no game named: the game browser. */
  | { readonly kind: 'browse'; readonly address: string; readonly port: number }
  | { readonly kind: 'list'; readonly address: string; readonly port: number };

const PORT = { kind: 'integer', min: 1, max: 65535 } as const;
const ADDRESS = { kind: 'string' } as const;

const SERVER_FLAGS = {
  port: { kind: 'integer', min: 0, max: 65535 },
  host: { kind: 'string' },
  'max-games': { kind: 'integer', min: 1, max: 100_000 },
  // A day is plenty; the bound keeps the milliseconds inside what setTimeout accepts.
  'idle-timeout': { kind: 'integer', min: 1, max: 86_400 },
  rooms: { kind: 'choice', choices: ROOM_HOST_KINDS },
  pool: { kind: 'integer', min: 0, max: 64 },
  'heap-mb': { kind: 'integer', min: 16, max: 4096 },
  'seat-hold': { kind: 'integer', min: 0, max: 3600 },
  'max-connections': { kind: 'integer', min: 1, max: 1_000_000 },
  'max-connections-per-address': { kind: 'integer', min: 1, max: 1_000_000 },
  'max-games-per-address': { kind: 'integer', min: 1, max: 100_000 },
  'start-timeout': { kind: 'integer', min: 1, max: 3600 },
  bench: { kind: 'switch' },
  redis: { kind: 'string' },
  'public-url': { kind: 'string' },
} as const satisfies FlagSpecs;

const PLAY_FLAGS = {
  address: ADDRESS,
  port: PORT,
  game: { kind: 'string' },
  players: { kind: 'integer', min: MIN_SEATS, max: MAX_SEATS },
  width: { kind: 'integer', min: MIN_WIDTH, max: MAX_WIDTH },
  height: { kind: 'integer', min: MIN_HEIGHT, max: MAX_HEIGHT },
} as const satisfies FlagSpecs;

const LIST_FLAGS = { address: ADDRESS, port: PORT } as const satisfies FlagSpecs;

/** One command after `vimtron`: its help, and how its checked flags become a Command. */
interface Subcommand {
  readonly usage: string;
  parse(argv: readonly string[]): Decoded<Command>;
}

function subcommand<S extends FlagSpecs>(specs: S, usage: string, build: (flags: FlagValues<S>) => Decoded<Command>): Subcommand {
  return {
    usage,
    parse: (argv) => {
      const parsed = parseFlags(argv, specs);
      if (!parsed.ok) return reject(parsed.error);
      return parsed.value.help ? accept({ kind: 'help', text: usage }) : build(parsed.value.values);
    },
  };
}

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  server: subcommand(SERVER_FLAGS, SERVER_USAGE, buildServer),
  play: subcommand(PLAY_FLAGS, PLAY_USAGE, buildPlay),
  list: subcommand(LIST_FLAGS, LIST_USAGE, buildList),
};

/**
 * Turns the words after `vimtron` into a command. Every error is one
 * sentence, already prefixed with the command it concerns and pointing at
 * the help, ready to print as is.
 */
export function parseCommandLine(argv: readonly string[]): Decoded<Command> {
  const [first, ...rest] = argv;
  if (first === undefined) return accept({ kind: 'practice' });
  if (first === '--help' || first === '-h') return accept({ kind: 'help', text: TOP_USAGE });
  if (!Object.hasOwn(SUBCOMMANDS, first)) {
    const problem = first.startsWith('-') ? `unknown flag ${first}` : `unknown command "${first}"; expected server, play or list`;
    return reject(`vimtron: ${problem} (see vimtron --help)`);
  }
  const built = SUBCOMMANDS[first]!.parse(rest);
  if (built.ok) return built;
  return reject(`vimtron ${first}: ${built.error} (see vimtron ${first} --help)`);
}

function buildServer(flags: FlagValues<typeof SERVER_FLAGS>): Decoded<Command> {
  const redis = flags.redis === undefined ? accept(null) : checkRedisUrl(flags.redis);
  if (!redis.ok) return redis;
  const publicUrl = flags['public-url'] === undefined ? accept(null) : checkPublicUrl(flags['public-url']);
  if (!publicUrl.ok) return publicUrl;
  const bench = flags.bench === true;
  const maxConnections = flags['max-connections'] ?? serverDefaults.maxConnections;
  const maxGames = flags['max-games'] ?? serverDefaults.maxGames;
  return accept({
    kind: 'server',
    port: flags.port ?? serverDefaults.port,
    host: flags.host ?? serverDefaults.host,
    maxGames,
    idleTimeoutMs: (flags['idle-timeout'] ?? serverDefaults.idleTimeoutSeconds) * 1000,
    rooms: flags.rooms ?? serverDefaults.rooms,
    pool: flags.pool ?? serverDefaults.pool,
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
  });
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

function buildPlay(flags: FlagValues<typeof PLAY_FLAGS>): Decoded<Command> {
  const { players, width, height } = flags;
  const rawName = flags.game;
  let name: string | undefined;
  if (rawName !== undefined) {
    // Checked here too so that a bad name fails before any connection is made.
    const normalized = normalizeGameName(rawName);
    if ('error' in normalized) return reject(`--game ${normalized.error}`);
    name = normalized.name;
  }
  const where = { address: flags.address ?? clientDefaults.address, port: flags.port ?? clientDefaults.port };
  if (players !== undefined) {
    const game: PlayTarget = {
      action: 'create',
      players,
      ...(name === undefined ? {} : { name }),
      ...(width === undefined ? {} : { width }),
      ...(height === undefined ? {} : { height }),
    };
    return accept({ kind: 'play', ...where, game });
  }
  if (width !== undefined || height !== undefined) {
    return reject(`--${width !== undefined ? 'width' : 'height'} only applies when creating a game with --players`);
  }
  if (name === undefined) return accept({ kind: 'browse', ...where });
  return accept({ kind: 'play', ...where, game: { action: 'join', name } });
}

function buildList(flags: FlagValues<typeof LIST_FLAGS>): Decoded<Command> {
  return accept({ kind: 'list', address: flags.address ?? clientDefaults.address, port: flags.port ?? clientDefaults.port });
}
