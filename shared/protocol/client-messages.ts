import {
  MAX_HEIGHT,
  MAX_SEATS,
  MAX_WIDTH,
  MIN_HEIGHT,
  MIN_SEATS,
  MIN_WIDTH,
} from '../rules/constants.js';
import { KEYS, type Key } from '../rules/types.js';
import { normalizeGameName } from './game-name.js';
import type { WorkRange } from './ipc-messages.js';
import { normalizePlayerName } from './player-name.js';
import { accept, reject, type Decoded } from './result.js';

/** Seat tokens are nanoid strings: 21 URL-safe characters. */
const SEAT_TOKEN_PATTERN = /^[A-Za-z0-9_-]{21}$/;

/** Most CPU a benchmark may ask a room to burn per tick. */
export const MAX_WORK_MS = 1000;

/** Everything a client may send to the lobby (client -> lobby boundary). */
export type ClientMessage =
  | { readonly type: 'list' }
  | {
      readonly type: 'create';
      readonly players: number;
      /** Seats played by the room's bots, from 0 to players - 1 (the creator takes a seat). */
      readonly bots?: number;
      readonly name?: string;
      readonly width?: number;
      readonly height?: number;
      /** The creator's name in the game; the lobby gives one (`player-1`) without it. */
      readonly playerName?: string;
      /** Benchmark knob: CPU milliseconds burnt per tick, fixed or drawn from [min, max]. */
      readonly workMs?: WorkRange;
    }
  /** `playerName`: the joiner's name in the game; the lobby gives one (`player-N`) without it. */
  | { readonly type: 'join'; readonly name: string; readonly playerName?: string }
  /** Watch a game without a seat: its frames, no keys. */
  | { readonly type: 'watch'; readonly name: string }
  /** Take back a seat after a dropped connection, with the token from `joined`. */
  | { readonly type: 'rejoin'; readonly token: string }
  | { readonly type: 'key'; readonly key: Key }
  | { readonly type: 'leave' }
  | { readonly type: 'ping'; readonly id: unknown };

export type ClientMessageType = ClientMessage['type'];

type Fields = Record<string, unknown>;
type Decoder = (fields: Fields) => Decoded<ClientMessage>;

const decoders: Readonly<Record<ClientMessageType, Decoder>> = {
  list: (fields) => onlyFields(fields, []) ?? accept({ type: 'list' }),
  leave: (fields) => onlyFields(fields, []) ?? accept({ type: 'leave' }),
  rejoin: (fields) => {
    const extra = onlyFields(fields, ['token']);
    if (extra) return extra;
    if (typeof fields.token !== 'string' || !SEAT_TOKEN_PATTERN.test(fields.token)) {
      return reject('rejoin needs the "token" string from your joined message');
    }
    return accept({ type: 'rejoin', token: fields.token });
  },
  ping: (fields) => onlyFields(fields, ['id']) ?? accept({ type: 'ping', id: fields.id ?? null }),
  key: (fields) => {
    const extra = onlyFields(fields, ['key']);
    if (extra) return extra;
    const key = fields.key;
    if (typeof key !== 'string' || !(KEYS as readonly string[]).includes(key)) {
      return reject('key must be one of h j k l i esc');
    }
    return accept({ type: 'key', key: key as Key });
  },
  join: (fields) => {
    const extra = onlyFields(fields, ['name', 'playerName']);
    if (extra) return extra;
    if (typeof fields.name !== 'string') return reject('join needs a string "name"');
    const normalized = normalizeGameName(fields.name);
    if ('error' in normalized) return reject(normalized.error);
    const playerName = decodePlayerName(fields.playerName);
    if (!playerName.ok) return playerName;
    return accept({ type: 'join', name: normalized.name, ...(playerName.value === undefined ? {} : { playerName: playerName.value }) });
  },
  watch: (fields) => {
    const extra = onlyFields(fields, ['name']);
    if (extra) return extra;
    if (typeof fields.name !== 'string') return reject('watch needs a string "name"');
    const normalized = normalizeGameName(fields.name);
    if ('error' in normalized) return reject(normalized.error);
    return accept({ type: 'watch', name: normalized.name });
  },
  create: (fields) => {
    const extra = onlyFields(fields, ['players', 'bots', 'name', 'width', 'height', 'playerName', 'workMs']);
    if (extra) return extra;
    const players = integerIn(fields.players, 'players', MIN_SEATS, MAX_SEATS, true);
    if (!players.ok) return players;
    // The creator takes a seat, so bots can fill all the others at most.
    const seatsBesidesCreator = (players.value as number) - 1;
    const bots = integerIn(fields.bots, 'bots', 0, seatsBesidesCreator, false);
    if (!bots.ok) return reject(`${bots.error}, one fewer than players: the creator takes a seat`);
    const width = integerIn(fields.width, 'width', MIN_WIDTH, MAX_WIDTH, false);
    if (!width.ok) return width;
    const height = integerIn(fields.height, 'height', MIN_HEIGHT, MAX_HEIGHT, false);
    if (!height.ok) return height;
    let name: string | undefined;
    if (fields.name !== undefined) {
      if (typeof fields.name !== 'string') return reject('name must be a string');
      const normalized = normalizeGameName(fields.name);
      if ('error' in normalized) return reject(normalized.error);
      name = normalized.name;
    }
    const playerName = decodePlayerName(fields.playerName);
    if (!playerName.ok) return playerName;
    const workMs = decodeWorkMs(fields.workMs);
    if (!workMs.ok) return workMs;
    return accept({
      type: 'create',
      players: players.value as number,
      ...(bots.value === undefined ? {} : { bots: bots.value }),
      ...(name === undefined ? {} : { name }),
      ...(width.value === undefined ? {} : { width: width.value }),
      ...(height.value === undefined ? {} : { height: height.value }),
      ...(playerName.value === undefined ? {} : { playerName: playerName.value }),
      ...(workMs.value === undefined ? {} : { workMs: workMs.value }),
    });
  },
};

/**
 * Decodes one text frame from a client. Never throws: anything malformed
 * comes back as an error sentence for a BAD_MESSAGE reply.
 */
export function decodeClientMessage(text: string): Decoded<ClientMessage> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return reject('message is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return reject('message must be a JSON object');
  }
  const fields = parsed as Fields;
  const type = fields.type;
  if (typeof type !== 'string') return reject('message needs a string "type"');
  if (type === 'stats') {
    // Served to players until the admin listener took the lobby's operating figures off the public port.
    return reject('stats is not served on the game connection; operators read GET /stats on the lobby\'s admin port (docs/operations.md)');
  }
  if (!Object.hasOwn(decoders, type)) {
    return reject(`unknown message type "${type.slice(0, 40)}"; expected one of ${Object.keys(decoders).join(', ')}`);
  }
  return decoders[type as ClientMessageType](fields);
}

/** The optional `playerName` of `create` and `join`: absent, or a name by the player name rules. */
function decodePlayerName(value: unknown): Decoded<string | undefined> {
  if (value === undefined) return accept(undefined);
  if (typeof value !== 'string') return reject('playerName must be a string');
  const normalized = normalizePlayerName(value);
  return 'error' in normalized ? reject(normalized.error) : accept(normalized.name);
}

function decodeWorkMs(value: unknown): Decoded<WorkRange | undefined> {
  if (value === undefined) return accept(undefined);
  const inRange = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= MAX_WORK_MS;
  if (inRange(value)) return accept({ min: value, max: value });
  if (Array.isArray(value) && value.length === 2 && inRange(value[0]) && inRange(value[1]) && value[0] <= value[1]) {
    return accept({ min: value[0], max: value[1] });
  }
  return reject(`workMs must be a number of milliseconds from 0 to ${MAX_WORK_MS}, or a range [min, max]`);
}

function onlyFields(fields: Fields, allowed: readonly string[]): Decoded<ClientMessage> | undefined {
  for (const field of Object.keys(fields)) {
    if (field !== 'type' && !allowed.includes(field)) {
      return reject(`unexpected field "${field.slice(0, 40)}" in ${String(fields.type)} message`);
    }
  }
  return undefined;
}

function integerIn(
  value: unknown,
  name: string,
  low: number,
  high: number,
  required: boolean,
): Decoded<number | undefined> {
  if (value === undefined) {
    return required ? reject(`${name} is required: an integer from ${low} to ${high}`) : accept(undefined);
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < low || value > high) {
    return reject(`${name} must be an integer from ${low} to ${high}`);
  }
  return accept(value);
}
