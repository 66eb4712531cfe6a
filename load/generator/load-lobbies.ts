import { drawRandom } from '../../shared/rules/random.js';
import { launchLobby, type LobbyExit, type LobbyLaunchOptions, type LobbyProcess } from '../common/lobby-launcher.js';
import { startRedis, type RedisProcess } from '../common/redis-launcher.js';

/** A lobby killed during a run, and the one started in its place. */
export interface LobbyReplacement {
  readonly victim: LobbyProcess;
  readonly replacement: LobbyProcess;
}

/**
 * The lobbies a load run starts: one standalone lobby, or several forming a
 * cluster on a redis-server of their own (or on a Redis the run was given,
 * which it never stops). Each keeps its slot: a lobby
 * killed on purpose is replaced by a new one in the same slot. Everything
 * started here is stopped by `stop` (or `killNow` from an exit handler).
 */
export class LoadLobbies {
  private redisProcess: RedisProcess | null = null;
  private readonly slots: LobbyProcess[] = [];
  /** Every lobby started, killed ones included, to check they are all gone at the end. */
  private readonly started: LobbyProcess[] = [];
  private lastVictimSlot = -1;
  private rng: number;

  constructor(
    private readonly count: number,
    private readonly launch: Omit<LobbyLaunchOptions, 'redis'>,
    private readonly onUnexpectedExit: (description: string) => void,
    seed: number,
    /** A Redis the run does not own; null: one of its own for a cluster. */
    private readonly givenRedisUrl: string | null = null,
  ) {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`lobby count must be a positive integer, got ${count}`);
    this.rng = seed >>> 0;
  }

  get clustered(): boolean {
    return this.count > 1 || this.givenRedisUrl !== null;
  }

  /** The Redis the lobbies share, started by the run or given; null when standalone. */
  get redisUrl(): string | null {
    return this.givenRedisUrl ?? this.redisProcess?.url ?? null;
  }

  /** The lobbies alive, in slot order. */
  get alive(): readonly LobbyProcess[] {
    return this.slots;
  }

  get urls(): string[] {
    return this.slots.map((lobby) => lobby.url);
  }

  /** The redis-server this run started, if any. */
  get redis(): RedisProcess | null {
    return this.redisProcess;
  }

  /** The pids of every lobby started so far. */
  allPids(): number[] {
    return this.started.map((lobby) => lobby.pid);
  }

  /** Starts Redis (for a cluster) and the lobbies, one after the other. */
  async start(): Promise<void> {
    if (this.clustered && this.givenRedisUrl === null) this.redisProcess = await startRedis();
    for (let slot = 0; slot < this.count; slot++) this.slots.push(await this.startOne());
  }

  /** A slot to kill next: at random, never the one killed last time. */
  pickVictim(): number {
    if (this.slots.length < 2) throw new Error('killing a lobby needs a cluster of two or more');
    const draw = drawRandom(this.rng);
    this.rng = draw.next;
    let slot = Math.floor(draw.value * (this.slots.length - 1));
    if (this.lastVictimSlot >= 0 && slot >= this.lastVictimSlot) slot += 1;
    else if (this.lastVictimSlot < 0) slot = Math.floor(draw.value * this.slots.length);
    this.lastVictimSlot = slot;
    return slot;
  }

  /** SIGKILLs the lobby of `slot` (its room processes die with it) and starts a new one there. */
  async replace(slot: number): Promise<LobbyReplacement> {
    const victim = this.slots[slot]!;
    await victim.kill();
    const replacement = await this.startOne();
    this.slots[slot] = replacement;
    return { victim, replacement };
  }

  /** Stops every lobby alive (SIGTERM, SIGKILL after a grace period), then Redis; idempotent. */
  async stop(): Promise<LobbyExit[]> {
    const exits = await Promise.all(this.slots.map((lobby) => lobby.stop()));
    await this.redisProcess?.stop();
    return exits;
  }

  killNow(): void {
    for (const lobby of this.started) lobby.killNow();
    this.redisProcess?.killNow();
  }

  private async startOne(): Promise<LobbyProcess> {
    const lobby = await launchLobby({ ...this.launch, redis: this.redisUrl ?? undefined }, this.onUnexpectedExit);
    this.started.push(lobby);
    return lobby;
  }
}
