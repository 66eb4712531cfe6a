import { startLobbyProcess, type LobbyExit, type LobbyProcess } from '../common/lobby-launcher.js';
import { childPidsOf, isRunning } from '../common/proc-stats.js';
import { startRedis, type RedisProcess } from '../common/redis-launcher.js';

export interface LobbyClusterOptions {
  /** Lobbies, each in a slot of its own (0 to lobbies - 1). */
  readonly lobbies: number;
  /** Flags every lobby gets besides `--redis`. */
  readonly lobbyFlags: readonly string[];
  /** Every line a lobby prints, with its slot. */
  readonly onLine?: (slot: number, line: string) => void;
  /** A lobby exited without being stopped or killed by the cluster. */
  readonly onUnexpectedExit?: (slot: number, description: string) => void;
}

/** Whether every process a cluster started is gone. */
export interface ProcessCheck {
  /** Lobbies, their room (and warm pool) processes, and the redis-server. */
  readonly checked: number;
  readonly pids: readonly number[];
  readonly survivors: readonly number[];
}

/**
 * A throwaway cluster on loopback for the cluster tools: a redis-server and
 * a lobby in each slot, which a tool stops, kills and restarts. It keeps the
 * process id of everything it started (each lobby's rooms are read from
 * /proc just before it is stopped or killed) and, once stopped, says which
 * of them still run. Should the tool exit without stopping it, everything
 * is killed on the way out.
 */
export class LobbyCluster {
  private redis: RedisProcess | null = null;
  private readonly slots: (LobbyProcess | null)[] = [];
  /** Every lobby started, those stopped or killed included: one may still be on its way out. */
  private readonly everyLobby: LobbyProcess[] = [];
  private readonly started = new Set<number>();
  private stopping: Promise<ProcessCheck> | null = null;

  private constructor(private readonly options: LobbyClusterOptions) {
    process.on('exit', this.killEverythingNow);
  }

  /** Starts Redis and the lobbies; stops whatever did start if any fails. */
  static async start(options: LobbyClusterOptions): Promise<LobbyCluster> {
    const cluster = new LobbyCluster(options);
    try {
      cluster.redis = await startRedis();
      cluster.started.add(cluster.redis.pid);
      for (let slot = 0; slot < options.lobbies; slot++) {
        cluster.slots.push(null);
        await cluster.restart(slot);
      }
    } catch (error) {
      await cluster.stopAll();
      throw error;
    }
    return cluster;
  }

  get redisUrl(): string {
    return this.redis!.url;
  }

  get size(): number {
    return this.slots.length;
  }

  /** The lobby in `slot`; throws if the slot is empty. */
  lobby(slot: number): LobbyProcess {
    const lobby = this.slots[slot];
    if (!lobby) throw new Error(`slot ${slot} of the cluster has no lobby`);
    return lobby;
  }

  /** The URLs of the lobbies in the slots that have one. */
  urls(): string[] {
    return this.slots.flatMap((lobby) => (lobby ? [lobby.url] : []));
  }

  /** SIGKILL on the lobby in `slot` at once, as a crash would; the slot stays empty until `restart`. */
  killNow(slot: number): void {
    const lobby = this.take(slot);
    void lobby.kill();
  }

  /** SIGTERM on the lobby in `slot` (SIGKILL if it outstays its grace); resolves with how it ended. */
  stop(slot: number): Promise<LobbyExit> {
    return this.take(slot).stop();
  }

  /** Starts a new lobby in `slot`, which must be empty. */
  async restart(slot: number): Promise<LobbyProcess> {
    if (this.slots[slot] !== null) throw new Error(`slot ${slot} of the cluster still has a lobby`);
    const lobby = await startLobbyProcess([...this.options.lobbyFlags, '--redis', this.redisUrl], {
      onLine: (line) => this.options.onLine?.(slot, line),
      onUnexpectedExit: (description) => this.options.onUnexpectedExit?.(slot, description),
    });
    this.started.add(lobby.pid);
    this.everyLobby.push(lobby);
    this.slots[slot] = lobby;
    return lobby;
  }

  /** Stops every lobby, one after another, then Redis, and checks that nothing they started runs. Idempotent. */
  stopAll(): Promise<ProcessCheck> {
    this.stopping ??= (async () => {
      for (let slot = 0; slot < this.slots.length; slot++) {
        if (this.slots[slot]) await this.stop(slot);
      }
      await this.redis?.stop();
      process.removeListener('exit', this.killEverythingNow);
      const pids = [...this.started];
      return { checked: pids.length, pids, survivors: pids.filter(isRunning) };
    })();
    return this.stopping;
  }

  /** Empties `slot`, noting the lobby's rooms first: they must be gone by the end. */
  private take(slot: number): LobbyProcess {
    const lobby = this.lobby(slot);
    for (const pid of childPidsOf(lobby.pid)) this.started.add(pid);
    this.slots[slot] = null;
    return lobby;
  }

  private readonly killEverythingNow = (): void => {
    for (const lobby of this.everyLobby) lobby.killNow();
    this.redis?.killNow();
  };
}
