import { MAX_WORK_MS } from '../shared/protocol/client-messages.js';
import type { WorkRange } from '../shared/protocol/ipc-messages.js';
import { MAX_HEIGHT, MAX_SEATS, MAX_WIDTH, MIN_HEIGHT, MIN_WIDTH } from '../shared/rules/constants.js';
import { choiceFlag, integerFlag, numberFlag, parseFlags, type FlagSpec } from './cli-flags.js';

export const ROOM_HOSTS = ['process', 'thread', 'inline'] as const;
export type RoomHostName = (typeof ROOM_HOSTS)[number];

/** Everything that shapes one load run. */
export interface LoadOptions {
  /** Light games, plus `heavyGames` heavy ones. */
  readonly games: number;
  readonly players: number;
  /** Length of the measured window, seconds (after every game has started a round). */
  readonly durationSeconds: number;
  /** A lobby to load (ws://HOST:PORT); null starts one. */
  readonly address: string | null;
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
}

export const defaultLoadOptions: LoadOptions = {
  games: 10,
  players: 2,
  durationSeconds: 10,
  address: null,
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
};

export const LOAD_HELP = `npm run load -- [options]     (or: node dist/load/load-cli.js [options])

Plays G games of P bots each over real WebSockets against a vimtron lobby,
measures for --duration seconds once every game has started a round, then
prints a report and writes it as JSON.

  --games G              light games (default 10)
  --players P            bots per game, 1-${MAX_SEATS} (default 2)
  --duration S           measured seconds (default 10)
  --address ws://H:P     load this lobby instead of starting one (it must run with --bench for --work-ms)
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

const FLAGS: FlagSpec = {
  booleans: ['help', 'no-json', 'per-room', 'no-progress'],
  values: [
    'games', 'players', 'duration', 'address', 'rooms', 'pool', 'width', 'height', 'work-ms',
    'heavy-work-ms', 'heavy-games', 'create-rate', 'warmup-timeout', 'bot-processes', 'keys-per-second', 'seed', 'json',
  ],
};

export type ParsedLoadOptions =
  | { readonly kind: 'run'; readonly options: LoadOptions; readonly jsonDefault: boolean }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly error: string };

/** Reads the load command line; `jsonDefault` says the caller should pick the JSON path. */
export function parseLoadOptions(argv: readonly string[]): ParsedLoadOptions {
  const parsed = parseFlags(argv, FLAGS);
  if (!parsed.ok) return { kind: 'error', error: parsed.error };
  const flags = parsed.flags;
  if (flags.has('help')) return { kind: 'help' };
  const fail = (error: string): ParsedLoadOptions => ({ kind: 'error', error });

  const read = {
    games: integerFlag(flags, 'games', defaultLoadOptions.games, 0, 5000),
    players: integerFlag(flags, 'players', defaultLoadOptions.players, 1, MAX_SEATS),
    durationSeconds: numberFlag(flags, 'duration', defaultLoadOptions.durationSeconds, 1, 3600),
    pool: integerFlag(flags, 'pool', defaultLoadOptions.pool, 0, 64),
    width: integerFlag(flags, 'width', defaultLoadOptions.width, MIN_WIDTH, MAX_WIDTH),
    height: integerFlag(flags, 'height', defaultLoadOptions.height, MIN_HEIGHT, MAX_HEIGHT),
    createRate: numberFlag(flags, 'create-rate', defaultLoadOptions.createRate, 0.1, 1000),
    warmupTimeoutSeconds: numberFlag(flags, 'warmup-timeout', defaultLoadOptions.warmupTimeoutSeconds, 1, 600),
    botProcesses: integerFlag(flags, 'bot-processes', defaultLoadOptions.botProcesses, 0, 16),
    keysPerSecond: numberFlag(flags, 'keys-per-second', defaultLoadOptions.keysPerSecond, 0, 10),
    seed: integerFlag(flags, 'seed', defaultLoadOptions.seed, 0, 2 ** 31 - 1),
  };
  for (const value of Object.values(read)) if (typeof value === 'string') return fail(value);
  const numbers = read as { [K in keyof typeof read]: number };

  const rooms = choiceFlag(flags, 'rooms', defaultLoadOptions.rooms, ROOM_HOSTS);
  if (typeof rooms === 'object') return fail(rooms.error);

  const workMs = workRangeFlag(flags.get('work-ms'), 'work-ms');
  if (typeof workMs === 'string') return fail(workMs);
  const heavyWorkMs = workRangeFlag(flags.get('heavy-work-ms'), 'heavy-work-ms');
  if (typeof heavyWorkMs === 'string') return fail(heavyWorkMs);
  const heavyGames = integerFlag(flags, 'heavy-games', heavyWorkMs ? 1 : 0, 0, 1000);
  if (typeof heavyGames === 'string') return fail(heavyGames);
  if (heavyGames > 0 && !heavyWorkMs) return fail('--heavy-games needs --heavy-work-ms');

  const address = flags.get('address');
  if (address !== undefined && (typeof address !== 'string' || !/^wss?:\/\/[^/\s]+\/?$/.test(address))) {
    return fail(`--address must look like ws://HOST:PORT, got "${String(address)}"`);
  }
  const json = flags.get('json');
  if (json !== undefined && flags.has('no-json')) return fail('--json and --no-json contradict each other');
  if (numbers.games + heavyGames === 0) return fail('nothing to do: --games is 0 and there are no heavy games');

  return {
    kind: 'run',
    jsonDefault: json === undefined && !flags.has('no-json'),
    options: {
      ...numbers,
      address: typeof address === 'string' ? address.replace(/\/$/, '') : null,
      rooms,
      workMs,
      heavyWorkMs,
      heavyGames,
      jsonPath: typeof json === 'string' ? json : null,
      perRoom: flags.has('per-room'),
      progress: !flags.has('no-progress'),
    },
  };
}

/** `0.2` or `40-120` as a WorkRange; absent is null. */
export function workRangeFlag(raw: string | true | undefined, name: string): WorkRange | null | string {
  if (raw === undefined) return null;
  const error = `--${name} must be milliseconds from 0 to ${MAX_WORK_MS} (like 0.2) or a range MIN-MAX (like 40-120), got "${String(raw)}"`;
  if (typeof raw !== 'string') return error;
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
