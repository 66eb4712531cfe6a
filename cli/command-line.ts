import type { PlayTarget } from '../client/play.js';
import { ROOM_HOST_KINDS, type RoomHostKind } from '../server/room-hosts.js';
import { normalizeGameName } from '../shared/protocol/game-name.js';
import { accept, reject, type Decoded } from '../shared/protocol/result.js';
import { MAX_HEIGHT, MAX_SEATS, MAX_WIDTH, MIN_HEIGHT, MIN_SEATS, MIN_WIDTH } from '../shared/rules/constants.js';
import { clientDefaults, serverDefaults } from './defaults.js';
import { parseFlags, type FlagSpec, type ParsedFlags } from './parse-args.js';
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
    }
  | { readonly kind: 'play'; readonly address: string; readonly port: number; readonly game: PlayTarget }
  | { readonly kind: 'list'; readonly address: string; readonly port: number };

const PORT: FlagSpec = { name: 'port', kind: 'integer', min: 1, max: 65535 };
const ADDRESS: FlagSpec = { name: 'address', kind: 'string' };

const SERVER_FLAGS: readonly FlagSpec[] = [
  { name: 'port', kind: 'integer', min: 0, max: 65535 },
  { name: 'host', kind: 'string' },
  { name: 'max-games', kind: 'integer', min: 1, max: 100_000 },
  // A day is plenty; the bound keeps the milliseconds inside what setTimeout accepts.
  { name: 'idle-timeout', kind: 'integer', min: 1, max: 86_400 },
  { name: 'rooms', kind: 'string' },
  { name: 'pool', kind: 'integer', min: 0, max: 64 },
  { name: 'heap-mb', kind: 'integer', min: 16, max: 4096 },
  { name: 'seat-hold', kind: 'integer', min: 0, max: 3600 },
  { name: 'max-connections', kind: 'integer', min: 1, max: 1_000_000 },
  { name: 'max-connections-per-address', kind: 'integer', min: 1, max: 1_000_000 },
  { name: 'max-games-per-address', kind: 'integer', min: 1, max: 100_000 },
  { name: 'start-timeout', kind: 'integer', min: 1, max: 3600 },
  { name: 'bench', kind: 'switch' },
];

const PLAY_FLAGS: readonly FlagSpec[] = [
  ADDRESS,
  PORT,
  { name: 'game', kind: 'string' },
  { name: 'players', kind: 'integer', min: MIN_SEATS, max: MAX_SEATS },
  { name: 'width', kind: 'integer', min: MIN_WIDTH, max: MAX_WIDTH },
  { name: 'height', kind: 'integer', min: MIN_HEIGHT, max: MAX_HEIGHT },
];

const LIST_FLAGS: readonly FlagSpec[] = [ADDRESS, PORT];

interface Subcommand {
  readonly flags: readonly FlagSpec[];
  readonly usage: string;
  readonly build: (flags: ParsedFlags) => Decoded<Command>;
}

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  server: { flags: SERVER_FLAGS, usage: SERVER_USAGE, build: buildServer },
  play: { flags: PLAY_FLAGS, usage: PLAY_USAGE, build: buildPlay },
  list: { flags: LIST_FLAGS, usage: LIST_USAGE, build: buildList },
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
  const subcommand = SUBCOMMANDS[first]!;
  const parsed = parseFlags(rest, subcommand.flags);
  const built = parsed.ok
    ? parsed.value.help
      ? accept<Command>({ kind: 'help', text: subcommand.usage })
      : subcommand.build(parsed.value)
    : parsed;
  if (built.ok) return built;
  return reject(`vimtron ${first}: ${built.error} (see vimtron ${first} --help)`);
}

function buildServer(flags: ParsedFlags): Decoded<Command> {
  const rooms = text(flags, 'rooms') ?? serverDefaults.rooms;
  if (!(ROOM_HOST_KINDS as readonly string[]).includes(rooms)) {
    return reject(`--rooms must be one of ${ROOM_HOST_KINDS.join(', ')}, got "${rooms}"`);
  }
  const bench = flags.values.get('bench') === true;
  const maxConnections = integer(flags, 'max-connections') ?? serverDefaults.maxConnections;
  const maxGames = integer(flags, 'max-games') ?? serverDefaults.maxGames;
  return accept({
    kind: 'server',
    port: integer(flags, 'port') ?? serverDefaults.port,
    host: text(flags, 'host') ?? serverDefaults.host,
    maxGames,
    idleTimeoutMs: (integer(flags, 'idle-timeout') ?? serverDefaults.idleTimeoutSeconds) * 1000,
    rooms: rooms as RoomHostKind,
    pool: integer(flags, 'pool') ?? serverDefaults.pool,
    heapMb: integer(flags, 'heap-mb') ?? serverDefaults.heapMb,
    seatHoldMs: (integer(flags, 'seat-hold') ?? serverDefaults.seatHoldSeconds) * 1000,
    maxConnections,
    maxConnectionsPerAddress:
      integer(flags, 'max-connections-per-address') ?? (bench ? maxConnections : serverDefaults.maxConnectionsPerAddress),
    // A load test runs every bot from one address: benchmark mode lifts the per-address game limits.
    maxGamesPerAddress: integer(flags, 'max-games-per-address') ?? (bench ? maxGames : serverDefaults.maxGamesPerAddress),
    maxGamesPerAddressPerMinute: bench ? Math.max(maxGames, 1000) * 60 : serverDefaults.maxGamesPerAddressPerMinute,
    startTimeoutMs: (integer(flags, 'start-timeout') ?? serverDefaults.startTimeoutSeconds) * 1000,
    bench,
  });
}

function buildPlay(flags: ParsedFlags): Decoded<Command> {
  const players = integer(flags, 'players');
  const rawName = text(flags, 'game');
  let name: string | undefined;
  if (rawName !== undefined) {
    // Checked here too so that a bad name fails before any connection is made.
    const normalized = normalizeGameName(rawName);
    if ('error' in normalized) return reject(`--game ${normalized.error}`);
    name = normalized.name;
  }
  const width = integer(flags, 'width');
  const height = integer(flags, 'height');
  const where = { address: text(flags, 'address') ?? clientDefaults.address, port: integer(flags, 'port') ?? clientDefaults.port };
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
  if (name === undefined) {
    return reject('give --players N to create a game, or --game NAME to join one');
  }
  if (width !== undefined || height !== undefined) {
    return reject(`--${width !== undefined ? 'width' : 'height'} only applies when creating a game with --players`);
  }
  return accept({ kind: 'play', ...where, game: { action: 'join', name } });
}

function buildList(flags: ParsedFlags): Decoded<Command> {
  return accept({
    kind: 'list',
    address: text(flags, 'address') ?? clientDefaults.address,
    port: integer(flags, 'port') ?? clientDefaults.port,
  });
}

function integer(flags: ParsedFlags, name: string): number | undefined {
  const value = flags.values.get(name);
  return typeof value === 'number' ? value : undefined;
}

function text(flags: ParsedFlags, name: string): string | undefined {
  const value = flags.values.get(name);
  return typeof value === 'string' ? value : undefined;
}
