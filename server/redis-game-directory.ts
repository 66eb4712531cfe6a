import { ClientOfflineError, createClient, ErrorReply, ReconnectStrategyError } from '@redis/client';
import type { Logger } from 'pino';
import { RedisHandoverNotices } from './redis-handover-notices.js';
import type { GameSummary } from '../shared/protocol/server-messages.js';
import {
  DirectoryUnavailableError,
  type ClaimedGame,
  type GameDirectory,
  type GameEntry,
  type GameRecord,
  type LobbyEntry,
  type LobbySelf,
  type RecordSave,
  type SeatEntry,
} from './game-directory.js';
import { logEvent } from './log/log-events.js';
import { silentLogger } from './log/root-logger.js';
import { OwnedGames } from './owned-games.js';
import { DirectoryKeys } from './redis-directory-keys.js';
import {
  CLAIM_ORPHANS,
  HAND_OVER,
  HOLD_SEAT,
  LEAVE,
  LIST_GAMES,
  LIST_LOBBIES,
  RELEASE,
  RELEASE_SEAT,
  RESERVE,
  RESTORE_GAME,
  SAVE_RECORDS,
  SET_LEASE,
  UPDATE,
} from './redis-directory-scripts.js';
import type { RedisScript } from './redis-script.js';

export interface RedisGameDirectoryOptions {
  /** The Redis server: `redis://HOST:PORT` (or `rediss://`, with user, password and database as Redis URLs allow). */
  readonly url: string;
  /** This lobby's id; unique among the lobbies alive on that Redis under that prefix. */
  readonly lobbyId: string;
  /** Put before every key, so several clusters (or tests) can share one Redis server. */
  readonly keyPrefix: string;
  /** How long this lobby's lease lives unless renewed: other lobbies claim its games this long after it died. */
  readonly leaseTtlMs: number;
  /** How often the lease is renewed (and the lobby's load published); well under `leaseTtlMs`. */
  readonly renewEveryMs: number;
  /** A call Redis has not answered within this long rejects with DirectoryUnavailableError. */
  readonly commandTimeoutMs: number;
  /** Most time between two attempts to reconnect once the connection is lost. */
  readonly reconnectMaxDelayMs: number;
  /** Where the directory logs losing Redis, finding it again, a lease that had run out (see log/log-events.ts). */
  readonly logger: Logger;
}

export const defaultRedisDirectoryOptions = {
  keyPrefix: 'vimtron:',
  leaseTtlMs: 2000,
  renewEveryMs: 500,
  commandTimeoutMs: 1000,
  reconnectMaxDelayMs: 1000,
  logger: silentLogger(),
} as const satisfies Partial<RedisGameDirectoryOptions>;

/** A first connection that does not succeed within this long fails the join: the lobby does not start. */
const CONNECT_TIMEOUT_MS = 2000;
/** First delay before reconnecting, doubled on every failed attempt up to `reconnectMaxDelayMs`. */
const RECONNECT_FIRST_DELAY_MS = 50;
/** Random spread added to each reconnect delay, so lobbies that lost Redis together do not knock all at once. */
const RECONNECT_JITTER_MS = 100;
/** Error replies that mean Redis is there but cannot serve now: the same as unreachable for a caller. */
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|READONLY|CLUSTERDOWN)\b/;

type DirectoryState = 'new' | 'joining' | 'joined' | 'closed';

/**
 * The game directory of a cluster of lobbies sharing one Redis server. Each
 * lobby holds a lease (a key that expires unless renewed) renewed by a timer
 * this directory owns; a lobby that dies stops renewing it, and once it has
 * run out the other lobbies claim that lobby's games (`claimOrphans`). Every
 * step that reads before it writes runs as one Lua script, and an owner's
 * writes are fenced by the game's generation (see `redis-directory-scripts.ts`;
 * the keys are laid out in `redis-directory-keys.ts`).
 *
 * One connection carries every command. The client reconnects by itself with
 * a capped backoff; while it is not connected, commands are not queued: every
 * call rejects at once with DirectoryUnavailableError, as does a call Redis
 * does not answer within `commandTimeoutMs`. Once it is back, and before any
 * other call goes through, the lease is renewed; if it had run out (Redis
 * restarted empty, or this lobby was cut off too long), it is registered
 * again and the games this lobby runs that Redis no longer has are put back
 * from what it keeps of them in memory (`OwnedGames`).
 */
export class RedisGameDirectory implements GameDirectory {
  readonly lobbyId: string;
  /** Always shared: a Redis directory is how lobbies of a cluster see each other. */
  readonly shared = true;
  private readonly options: RedisGameDirectoryOptions;
  private readonly keys: DirectoryKeys;
  private readonly client: ReturnType<typeof createCommandClient>;
  /** Games other lobbies hand to this one, heard on a second connection. */
  private readonly handoverNotices: RedisHandoverNotices;
  /** Where Redis is, for messages: the URL without its password. */
  private readonly where: string;
  private state: DirectoryState = 'new';
  private self: LobbySelf | null = null;
  private renewalTimer: NodeJS.Timeout | undefined;
  /** The renewal in flight, if any: one at a time. */
  private renewal: Promise<void> | null = null;
  /**
   * From a reconnect until the lease, and whatever Redis lost of this lobby,
   * is back: other calls wait for it, so a record saved the moment Redis
   * returns empty is not taken for a game claimed away.
   */
  private recovery: Promise<void> | null = null;
  /** What this lobby holds, to give back to a Redis that lost it. */
  private readonly owned = new OwnedGames();
  /** Set by the tests-only `stopRenewing`. */
  private renewalStopped = false;
  /** Whether the connection was ever ready: until then a failed attempt ends the join instead of being retried. */
  private everConnected = false;
  /** Whether the last lease renewal reached Redis; only changes are logged. */
  private leaseRenewed = true;
  private lastClientError: unknown = null;
  private connecting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private disconnected = false;

  constructor(options: Partial<RedisGameDirectoryOptions> & Pick<RedisGameDirectoryOptions, 'url' | 'lobbyId'>) {
    this.options = { ...defaultRedisDirectoryOptions, ...options };
    checkRedisDirectoryOptions(this.options);
    this.lobbyId = this.options.lobbyId;
    this.keys = new DirectoryKeys(this.options.keyPrefix);
    this.where = redactedUrl(this.options.url);
    this.client = createCommandClient(this.options, this.reconnectDelay);
    // Without an 'error' listener a lost connection would throw from the
    // client's EventEmitter and end the process; each failed reconnect
    // attempt emits one, so only the latest is kept, for messages.
    this.client.on('error', this.clientOnError);
    this.client.on('ready', this.clientOnReady);
    const listener = this.client.duplicate({ name: `vimtron-lobby-${this.lobbyId}-handovers` });
    this.handoverNotices = new RedisHandoverNotices(listener, this.keys.handovers, this.lobbyId, this.options.logger);
  }

  get lobbyUrl(): string {
    if (!this.self) throw new Error(`lobby ${this.lobbyId} has not joined its game directory yet`);
    return this.self.url;
  }

  /**
   * Opens the one connection to Redis if it is not open yet, in one attempt:
   * rejects with DirectoryUnavailableError when Redis cannot be reached, and
   * the directory is then closed. `join` calls it; calling it first finds out
   * before anything else is started.
   */
  connect(): Promise<void> {
    this.connecting ??= this.openConnection();
    return this.connecting;
  }

  /** Takes this lobby's lease, connecting first if need be; a lobby that cannot reach Redis does not start. */
  async join(self: LobbySelf): Promise<void> {
    if (this.state === 'closed') throw new Error(`the game directory of lobby ${this.lobbyId} is closed`);
    if (this.state !== 'new') throw new Error(`lobby ${this.lobbyId} already joined its game directory`);
    this.state = 'joining';
    this.self = self;
    await this.connect();
    let answer: unknown;
    try {
      answer = await this.run(SET_LEASE, this.lobbyId, this.leaseJson(), this.options.leaseTtlMs, 'NX');
    } catch (error) {
      // Nothing of this lobby to take out: at most a lease just set, which runs out by itself.
      this.disconnect();
      throw this.unavailable(error);
    }
    if (answer === 0) {
      this.disconnect();
      throw new Error(`a lobby with id ${this.lobbyId} is already in the game directory on ${this.where}`);
    }
    if (this.state !== 'joining') return;
    this.state = 'joined';
    this.scheduleRenewal(this.options.renewEveryMs);
    // Not awaited: the lobby runs without it, claiming handed-over games at its looks for orphans.
    void this.handoverNotices.start();
  }

  onHandedOver(listener: (game: string) => void): void {
    this.handoverNotices.onHandedOver(listener);
  }

  async reserve(summary: GameSummary): Promise<boolean> {
    const reserved = (await this.run(RESERVE, summary.name, JSON.stringify(summary), this.lobbyId, this.lobbyUrl)) === 1;
    if (reserved) this.owned.hold(summary.name, { summary, generation: 1, record: null, seats: new Map() });
    return reserved;
  }

  async update(summary: GameSummary): Promise<void> {
    if ((await this.run(UPDATE, summary.name, this.lobbyId, JSON.stringify(summary))) === 1) this.owned.updated(summary);
  }

  async release(name: string): Promise<void> {
    this.owned.forget(name);
    await this.run(RELEASE, name, this.lobbyId);
  }

  async lookup(name: string): Promise<GameEntry | null> {
    const [summary, lobbyId, lobbyUrl] = await this.command(() => this.client.hmGet(this.keys.game(name), ['summary', 'lobbyId', 'lobbyUrl']));
    if (summary == null || lobbyId == null || lobbyUrl == null) return null;
    return { summary: parseStored<GameSummary>(summary, `summary of game ${name}`), lobbyId, lobbyUrl };
  }

  async list(): Promise<GameEntry[]> {
    const flat = (await this.run(LIST_GAMES)) as string[];
    const entries: GameEntry[] = [];
    for (let index = 0; index < flat.length; index += 3) {
      const summary = parseStored<GameSummary>(flat[index]!, 'summary of a game');
      entries.push({ summary, lobbyId: flat[index + 1]!, lobbyUrl: flat[index + 2]! });
    }
    return entries;
  }

  async lobbies(): Promise<LobbyEntry[]> {
    const flat = (await this.run(LIST_LOBBIES)) as string[];
    const lobbies: LobbyEntry[] = [];
    for (let index = 0; index < flat.length; index += 2) {
      const lobbyId = flat[index]!;
      const lease = parseStored<{ url: string; games: number; maxGames: number }>(flat[index + 1]!, `lease of lobby ${lobbyId}`);
      lobbies.push({ lobbyId, url: lease.url, games: lease.games, maxGames: lease.maxGames });
    }
    return lobbies;
  }

  /** Holds the seat while its game is in the directory; a seat of a game already released is not kept. */
  async holdSeat(token: string, seat: SeatEntry): Promise<void> {
    const stored = { game: seat.game, player: seat.player, lobbyId: seat.lobbyId, lobbyUrl: seat.lobbyUrl };
    if ((await this.run(HOLD_SEAT, token, seat.game, JSON.stringify(stored))) === 1) this.owned.seatHeld(token, stored);
  }

  async findSeat(token: string): Promise<SeatEntry | null> {
    const stored = await this.command(() => this.client.get(this.keys.seat(token)));
    if (stored === null) return null;
    const seat = parseStored<SeatEntry>(stored, `seat ${token}`);
    return { game: seat.game, player: seat.player, lobbyId: seat.lobbyId, lobbyUrl: seat.lobbyUrl };
  }

  async releaseSeat(token: string): Promise<void> {
    if ((await this.run(RELEASE_SEAT, token, this.lobbyId)) === 1) this.owned.seatReleased(token);
  }

  /** Connected to Redis, and the last lease renewal reached it: a server that hangs is caught by the renewal's deadline. */
  reachable(): boolean {
    return this.state === 'joined' && this.client.isReady && this.leaseRenewed;
  }

  async saveRecord(name: string, generation: number, record: GameRecord): Promise<'saved' | 'fenced'> {
    const [answer] = await this.saveRecords([{ name, generation, record }]);
    return answer!;
  }

  /** One script for every record: each save is one command and a write and a read on the socket, which cost far more than the script. */
  async saveRecords(saves: readonly RecordSave[]): Promise<('saved' | 'fenced')[]> {
    if (saves.length === 0) return [];
    const stored = saves.map(({ record }) => ({ json: JSON.stringify(record), seatsJson: JSON.stringify(record.seats) }));
    const args = saves.flatMap(({ name, generation }, index) => [name, generation, stored[index]!.json, stored[index]!.seatsJson]);
    const answers = (await this.run(SAVE_RECORDS, this.lobbyId, ...args)) as number[];
    return saves.map(({ name }, index) => {
      if (answers[index] !== 1) {
        this.owned.forget(name);
        return 'fenced';
      }
      this.owned.recordSaved(name, stored[index]!);
      return 'saved';
    });
  }

  async claimOrphans(limit: number, asked: readonly string[] = []): Promise<ClaimedGame[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`claimOrphans limit must be a positive integer, got ${limit}`);
    const { games } = this.self!.load();
    const flat = (await this.run(CLAIM_ORPHANS, this.lobbyId, this.lobbyUrl, limit, games, ...asked)) as (string | number)[];
    const claimed: ClaimedGame[] = [];
    for (let index = 0; index < flat.length; index += 3) {
      const json = String(flat[index]);
      const record = parseStored<GameRecord>(json, 'a claimed game record');
      const generation = Number(flat[index + 1]);
      const summary = parseStored<GameSummary>(String(flat[index + 2]), 'a claimed game summary');
      const seats = record.seats.map(({ token, player }): [string, SeatEntry] => [
        token,
        { game: summary.name, player, lobbyId: this.lobbyId, lobbyUrl: this.lobbyUrl },
      ]);
      this.owned.hold(summary.name, { summary, generation, record: { json, seatsJson: JSON.stringify(record.seats) }, seats: new Map(seats) });
      claimed.push({ ...record, generation });
    }
    return claimed;
  }

  async handOver(name: string, generation: number, heir?: string): Promise<void> {
    if ((await this.run(HAND_OVER, name, this.lobbyId, generation, heir ?? '')) === 1) this.owned.forget(name);
  }

  /**
   * Leaves the directory: stops renewing the lease, then removes it with
   * every game this lobby holds and did not hand over, and their seats, and
   * disconnects. If Redis cannot be reached then, nothing is left for long
   * all the same: the lease runs out and the other lobbies claim or remove
   * the games. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.leave();
    return this.closing;
  }

  /**
   * Tests only: stops renewing the lease without leaving, as a lobby that
   * froze or died would; its lease runs out `leaseTtlMs` after the last renewal.
   */
  stopRenewing(): void {
    this.renewalStopped = true;
    clearTimeout(this.renewalTimer);
    this.renewalTimer = undefined;
  }

  private async leave(): Promise<void> {
    const joined = this.state === 'joined';
    this.state = 'closed';
    this.stopRenewing();
    if (joined) {
      try {
        await this.withDeadline(LEAVE.run(this.client, [this.keys.prefix, this.lobbyId]));
      } catch (error) {
        const detail = describe(this.unavailable(error));
        logEvent(
          this.options.logger,
          { event: 'directory_leave_failed', redis: this.where, detail },
          `game directory: could not take lobby ${this.lobbyId} out of Redis at ${this.where} (${detail}); ` +
            `its lease runs out within ${this.options.leaseTtlMs} ms and the other lobbies claim or remove its games`,
        );
      }
    }
    this.disconnect();
  }

  private async openConnection(): Promise<void> {
    if (this.state === 'closed') throw new Error(`the game directory of lobby ${this.lobbyId} is closed`);
    try {
      await this.client.connect();
      this.everConnected = true;
    } catch (error) {
      this.disconnect();
      throw this.unavailable(error);
    }
  }

  /** Ends the connection and every timer, without touching what Redis holds. */
  private disconnect(): void {
    this.state = 'closed';
    this.stopRenewing();
    if (this.disconnected) return;
    this.disconnected = true;
    // destroy, not close: close waits for every reply pending, which a hung Redis never sends.
    this.client.destroy();
    this.handoverNotices.close();
  }

  private scheduleRenewal(delayMs: number): void {
    if (this.state !== 'joined' || this.renewalStopped) return;
    clearTimeout(this.renewalTimer);
    this.renewalTimer = setTimeout(this.renewalTimerOnFire, delayMs);
  }

  private readonly renewalTimerOnFire = (): void => {
    this.renewalTimer = undefined;
    void this.renewNow();
  };

  /**
   * Renews the lease now, or joins the renewal in flight; the next one is
   * scheduled when this one is over, however long Redis took, so renewals
   * never pile up behind a slow server. Never rejects.
   */
  private renewNow(): Promise<void> {
    clearTimeout(this.renewalTimer);
    this.renewalTimer = undefined;
    this.renewal ??= this.renewLease().finally(() => {
      this.renewal = null;
      if (this.renewalTimer === undefined) this.scheduleRenewal(this.options.renewEveryMs);
    });
    return this.renewal;
  }

  /**
   * Renews the lease with the lobby's current load. A lease that had run out
   * is registered again, and the games Redis no longer has are put back.
   * Logs only when Redis is lost, found again, or the lease had run out.
   */
  private async renewLease(): Promise<void> {
    if (this.state !== 'joined' || this.renewalStopped) return;
    try {
      const answer = await this.runNow(SET_LEASE, this.lobbyId, this.leaseJson(), this.options.leaseTtlMs, 'renew');
      if (!this.leaseRenewed) {
        this.leaseRenewed = true;
        logEvent(this.options.logger, { event: 'directory_available', redis: this.where }, `game directory: Redis at ${this.where} answers again`);
      }
      if (answer === 2) {
        const restored = await this.restoreGames();
        logEvent(
          this.options.logger,
          { event: 'lease_restored', redis: this.where, gamesRestored: restored },
          `game directory: the lease of lobby ${this.lobbyId} had run out on Redis at ${this.where}; registered it again` +
            (restored > 0 ? ` and put back ${restored} of its games missing from Redis` : '') +
            ' (other lobbies may have claimed its games meanwhile)',
        );
      }
    } catch (error) {
      if (this.state !== 'joined') return;
      if (this.leaseRenewed) {
        this.leaseRenewed = false;
        const detail = describe(this.unavailable(error));
        logEvent(
          this.options.logger,
          { event: 'directory_unavailable', redis: this.where, detail },
          `game directory: ${detail}; lease of lobby ${this.lobbyId} not renewed, retrying`,
        );
      }
    }
  }

  /** Puts back every game this lobby holds that Redis no longer has; how many it put back. */
  private async restoreGames(): Promise<number> {
    const answers = await Promise.all(
      [...this.owned.all()].map(([name, game]) => {
        const seats = [...game.seats].flatMap(([token, seat]) => [token, JSON.stringify(seat)]);
        return this.runNow(
          RESTORE_GAME,
          name,
          this.lobbyId,
          this.lobbyUrl,
          JSON.stringify(game.summary),
          game.generation,
          game.record?.json ?? '',
          game.record?.seatsJson ?? '',
          ...seats,
        );
      }),
    );
    return answers.filter((answer) => answer === 1).length;
  }

  private leaseJson(): string {
    const { games, maxGames } = this.self!.load();
    return JSON.stringify({ url: this.self!.url, games, maxGames });
  }

  private readonly clientOnError = (error: unknown): void => {
    this.lastClientError = error;
  };

  /**
   * Back after a lost connection: the lease is renewed at once (and what
   * Redis lost put back) before any other call goes through, so other
   * lobbies see this one again sooner and its games are there again first.
   */
  private readonly clientOnReady = (): void => {
    if (!this.everConnected) {
      this.everConnected = true;
      return;
    }
    if (this.state !== 'joined' || this.recovery) return;
    // A renewal begun before the reconnect failed or will; a fresh one follows it.
    const recovery = (this.renewal ?? Promise.resolve()).then(() => this.renewNow());
    this.recovery = recovery;
    void recovery.finally(() => {
      if (this.recovery === recovery) this.recovery = null;
    });
  };

  /** The client's reconnect strategy: none before the first connection, then exponential backoff, capped, with jitter. */
  private readonly reconnectDelay = (retries: number, cause: Error): number | Error | false => {
    if (this.state === 'closed') return false;
    if (!this.everConnected) return new DirectoryUnavailableError(this.unreachableMessage(cause));
    const backoff = Math.min(RECONNECT_FIRST_DELAY_MS * 2 ** retries, this.options.reconnectMaxDelayMs);
    return backoff + Math.floor(Math.random() * RECONNECT_JITTER_MS);
  };

  private run(script: RedisScript, ...args: (string | number)[]): Promise<unknown> {
    return this.command(() => script.run(this.client, [this.keys.prefix, ...args]));
  }

  /** For the lease and what goes with it: not held back by a recovery, which is made of these. */
  private runNow(script: RedisScript, ...args: (string | number)[]): Promise<unknown> {
    return this.command(() => script.run(this.client, [this.keys.prefix, ...args]), false);
  }

  /** Sends a command if the directory may: misuse throws, trouble reaching Redis rejects with DirectoryUnavailableError. */
  private async command<T>(send: () => Promise<T>, afterRecovery = true): Promise<T> {
    if (this.state === 'new') throw new Error(`lobby ${this.lobbyId} has not joined its game directory yet`);
    if (this.state === 'closed') throw new Error(`the game directory of lobby ${this.lobbyId} is closed`);
    if (afterRecovery && this.recovery) await this.recovery;
    try {
      return await this.withDeadline(send());
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /**
   * Bounds the whole call, written or not: a command written to a server
   * that then hangs would wait for the socket to close. The client's own
   * per-command timeout is not used: it only covers commands not yet
   * written, which without an offline queue never wait past one turn of
   * the event loop, and it costs an AbortSignal timer per command (a
   * measurable share of a busy lobby's CPU).
   */
  private withDeadline<T>(pending: Promise<T>): Promise<T> {
    // The loser of the race must not become an unhandled rejection.
    pending.catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new DirectoryUnavailableError(`Redis at ${this.where} did not answer within ${this.options.commandTimeoutMs} ms`)),
        this.options.commandTimeoutMs,
      );
    });
    return Promise.race([pending, deadline]).finally(() => clearTimeout(timer));
  }

  /** The error a caller sees: DirectoryUnavailableError for anything about reaching Redis; an error reply that is a bug, as it is. */
  private unavailable(error: unknown): unknown {
    if (error instanceof DirectoryUnavailableError) return error;
    if (error instanceof ReconnectStrategyError && error.originalError instanceof DirectoryUnavailableError) return error.originalError;
    if (error instanceof ErrorReply && !UNAVAILABLE_REPLY.test(error.message)) return error;
    return new DirectoryUnavailableError(this.unreachableMessage(error), { cause: error });
  }

  private unreachableMessage(error: unknown): string {
    // "The client is offline" says less than why it went offline.
    const detail = error instanceof ClientOfflineError ? this.lastClientError : error;
    return `Redis at ${this.where} is unreachable${detail instanceof Error ? `: ${detail.message}` : ''}`;
  }
}

/** The one client of a directory: no offline queue, a bounded first connection, our reconnect strategy. */
function createCommandClient(
  options: RedisGameDirectoryOptions,
  reconnectStrategy: (retries: number, cause: Error) => number | Error | false,
) {
  return createClient({
    url: options.url,
    // Names the connection in CLIENT LIST, so an operator sees which lobby it is.
    name: `vimtron-lobby-${options.lobbyId}`,
    socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy },
    // Reject at once while disconnected instead of replaying old commands on reconnect.
    disableOfflineQueue: true,
    // Plain Redis sends no maintenance notices; "auto" would only add a handshake step.
    maintNotifications: 'disabled',
  });
}

/** Programmer misuse throws at once: a lease renewed less often than it lives would run out between renewals. */
export function checkRedisDirectoryOptions(options: RedisGameDirectoryOptions): void {
  for (const name of ['leaseTtlMs', 'renewEveryMs', 'commandTimeoutMs', 'reconnectMaxDelayMs'] as const) {
    const value = options[name];
    if (!Number.isInteger(value) || value <= 0) throw new RangeError(`Redis directory option ${name} must be a positive integer, got ${value}`);
  }
  if (options.renewEveryMs * 2 > options.leaseTtlMs) {
    throw new RangeError(
      `Redis directory option renewEveryMs (${options.renewEveryMs}) must be at most half of leaseTtlMs (${options.leaseTtlMs}), so one late renewal does not lose the lease`,
    );
  }
  if (options.lobbyId === '' || /\s/.test(options.lobbyId)) throw new RangeError(`Redis directory lobbyId must be a non-empty word, got "${options.lobbyId}"`);
}

/** A Redis URL fit to print: its password, if any, replaced. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

function parseStored<T>(json: string, what: string): T {
  try {
    return JSON.parse(json) as T;
  } catch (error) {
    throw new Error(`the ${what} stored in Redis is not JSON: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
