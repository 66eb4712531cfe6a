import { expandCompactState } from '../protocol/compact-frames.js';
import { accept, reject, type Decoded } from '../protocol/result.js';
import {
  NoticeEvent,
  type CycleView,
  type GameSummary,
  type ServerMessage,
  type ServerMessageType,
  type WallCell,
} from '../protocol/server-messages.js';
import { seatViewsProblem } from '../protocol/seat-views.js';
import { defaultPlayerName } from '../rules/seats.js';
import { CycleStatus, Direction, Phase } from '../rules/types.js';

/**
 * Checks one text frame from the lobby once, at the edge, so the rest of a
 * client handles only typed messages: the terminal client, the load test's
 * bots and the soak's players all read frames through it. Compact state
 * frames (`?frames=compact`) come out as ordinary `state` messages. Minimal
 * on purpose: it checks the fields a client reads, and lets extra fields
 * through so that a newer lobby can add some; the names, seats and bots a
 * lobby older than them does not send are filled in as such a lobby would
 * have them (no names, `player-N`, no bots). Never throws. Free of Node-only modules, so a
 * browser can load it too.
 */
export function decodeServerMessage(text: string): Decoded<ServerMessage> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return reject('message is not valid JSON');
  }
  if (!isObject(parsed)) return reject('message is not a JSON object');
  const type = parsed.type;
  if (typeof type !== 'string') return reject('message has no string "type"');
  if (type === 's') {
    const expanded = expandCompactState(parsed);
    return typeof expanded === 'string' ? reject(`compact state message: ${expanded}`) : accept(expanded);
  }
  if (!Object.hasOwn(checks, type)) return reject(`unknown message type "${type.slice(0, 40)}"`);
  const problem = checks[type as ServerMessageType](parsed);
  return problem === null ? accept(parsed as unknown as ServerMessage) : reject(`${type} message: ${problem}`);
}

type Fields = Record<string, unknown>;
/** Returns what is wrong, or null. */
type Check = (fields: Fields) => string | null;

const PHASES: readonly unknown[] = Object.values(Phase);
const DIRECTIONS: readonly unknown[] = Object.values(Direction);
const STATUSES: readonly unknown[] = Object.values(CycleStatus);

const checks: Readonly<Record<ServerMessageType, Check>> = {
  games: (fields) =>
    Array.isArray(fields.games) && fields.games.every(isGameSummary) ? null : 'games must be a list of game summaries',
  joined: (fields) => {
    if (!isGameSummary(fields.game)) return 'game must be a game summary';
    if (!isObject(fields.player) || !isSeatNumber(fields.player.number)) return 'player.number must be a seat number';
    // A lobby older than player names sends none: the player has the name such a lobby would give.
    fields.player.name ??= defaultPlayerName(fields.player.number);
    if (typeof fields.player.name !== 'string') return 'player.name must be a string';
    // The seat token is for a rejoin after a dropped connection; an older lobby sends none.
    if (fields.token !== undefined && typeof fields.token !== 'string') return 'token must be a string';
    return lobbiesProblem(fields);
  },
  watching: (fields) => {
    if (!isGameSummary(fields.game)) return 'game must be a game summary';
    return lobbiesProblem(fields);
  },
  watchers: (fields) => (isInteger(fields.count) && fields.count >= 0 ? null : 'count must be an integer of at least 0'),
  resuming: (fields) => (typeof fields.message === 'string' ? null : 'message must be a string'),
  shutdown: (fields) => (typeof fields.message === 'string' ? null : 'message must be a string'),
  redirect: (fields) => lobbyPointerProblem(fields),
  moved: (fields) => lobbyPointerProblem(fields),
  snapshot: (fields) => {
    if (!isPositiveInteger(fields.width) || !isPositiveInteger(fields.height)) return 'width and height must be positive integers';
    if (!isWallList(fields.walls)) return 'walls must be a list of [x, y, owner]';
    // A lobby older than names and scores sends no seats.
    fields.seats ??= [];
    return seatViewsProblem(fields.seats) ?? roundProblem(fields);
  },
  state: (fields) => {
    const walls = fields.walls;
    if (!isObject(walls) || !isWallList(walls.added) || !isNumberList(walls.cleared)) {
      return 'walls must be {added: [[x, y, owner]], cleared: [owner]}';
    }
    if (fields.seats !== undefined) {
      const problem = seatViewsProblem(fields.seats);
      if (problem !== null) return problem;
    }
    return roundProblem(fields);
  },
  notice: (fields) => {
    if (!(Object.values(NoticeEvent) as unknown[]).includes(fields.event)) return 'event is not a known notice event';
    if (!isSeatNumber(fields.player)) return 'player must be a seat number';
    if (typeof fields.name !== 'string' || typeof fields.message !== 'string') return 'name and message must be strings';
    if (fields.seatHoldMs !== undefined && !(isInteger(fields.seatHoldMs) && fields.seatHoldMs >= 0)) {
      return 'seatHoldMs must be a whole number of milliseconds';
    }
    return null;
  },
  left: (fields) => (fields.reason === undefined || typeof fields.reason === 'string' ? null : 'reason must be a string'),
  pong: () => null,
  error: (fields) =>
    typeof fields.code === 'string' && typeof fields.message === 'string' ? null : 'code and message must be strings',
};

/** `joined` and `watching` may list the other lobbies of a cluster. */
function lobbiesProblem(fields: Fields): string | null {
  if (fields.lobbies !== undefined && !(Array.isArray(fields.lobbies) && fields.lobbies.every(isLobbyUrl))) {
    return 'lobbies must be a list of ws:// or wss:// URLs';
  }
  return null;
}

/** `redirect` and `moved` name another lobby by its WebSocket URL. */
function lobbyPointerProblem(fields: Fields): string | null {
  if (typeof fields.message !== 'string') return 'message must be a string';
  if (!isLobbyUrl(fields.url)) return 'url must be a ws:// or wss:// URL';
  return null;
}

/** A lobby's address as lobbies give it to clients: `ws://HOST:PORT/` (or wss://), a path, nothing else. */
function isLobbyUrl(value: unknown): value is string {
  return typeof value === 'string' && /^wss?:\/\/[^\s/]+\/\S*$/.test(value);
}

function roundProblem(fields: Fields): string | null {
  if (!isInteger(fields.tick) || !isInteger(fields.round) || !isInteger(fields.countdown) || !isInteger(fields.readyIn)) {
    return 'tick, round, countdown and readyIn must be integers';
  }
  if (!PHASES.includes(fields.phase)) return 'phase is not a known phase';
  if (fields.winner !== null && !isSeatNumber(fields.winner)) return 'winner must be a seat number or null';
  if (!Array.isArray(fields.cycles) || !fields.cycles.every(isCycleView)) return 'cycles must be a list of cycles';
  return null;
}

function isCycleView(value: unknown): value is CycleView {
  if (!isObject(value)) return false;
  // A lobby older than bots has none.
  value.bot ??= false;
  return (
    isSeatNumber(value.number) &&
    isInteger(value.x) &&
    isInteger(value.y) &&
    DIRECTIONS.includes(value.direction) &&
    STATUSES.includes(value.status) &&
    typeof value.inserting === 'boolean' &&
    typeof value.ready === 'boolean' &&
    typeof value.seated === 'boolean' &&
    typeof value.bot === 'boolean'
  );
}

function isGameSummary(value: unknown): value is GameSummary {
  if (!isObject(value)) return false;
  // A lobby older than player names lists none; one older than bots has none.
  value.playerNames ??= [];
  value.bots ??= 0;
  return (
    Array.isArray(value.playerNames) &&
    value.playerNames.every((name) => typeof name === 'string') &&
    typeof value.name === 'string' &&
    isInteger(value.players) &&
    isInteger(value.bots) &&
    isInteger(value.maxPlayers) &&
    PHASES.includes(value.phase) &&
    isPositiveInteger(value.width) &&
    isPositiveInteger(value.height)
  );
}

function isWallList(value: unknown): value is WallCell[] {
  return (
    Array.isArray(value) &&
    value.every((cell) => Array.isArray(cell) && cell.length === 3 && cell.every(isInteger))
  );
}

function isNumberList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every(isInteger);
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInteger(value: unknown): value is number {
  return Number.isInteger(value);
}

function isPositiveInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) > 0;
}

function isSeatNumber(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1;
}

