import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientRoomFigures } from './client-room-metrics.js';
import type { CoordinatorToShard, ShardProgress, ShardToCoordinator } from './shard-messages.js';

/** A shard that has not exited this long after being asked to close is killed. */
const EXIT_PATIENCE_MS = 5000;

const NO_PROGRESS: ShardProgress = { created: 0, running: 0, failed: 0, connections: 0, errors: 0, reconnecting: 0 };

/** One forked bot shard as the coordinator sees it. */
class ShardProcess {
  progress: ShardProgress = NO_PROGRESS;
  exited = false;
  /** Set once the coordinator asked it to close: an exit is then no failure. */
  expectingExit = false;
  readonly exit: Promise<void>;
  private waiters = new Map<ShardToCoordinator['type'], (message: ShardToCoordinator) => void>();

  constructor(
    readonly child: ChildProcess,
    onUnexpectedExit: (description: string) => void,
  ) {
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exited = true;
        if (!this.expectingExit) onUnexpectedExit(`bot shard ${child.pid ?? '-'} exited with ${signal ?? `code ${code}`}`);
        resolve();
      });
    });
    child.on('message', (message: ShardToCoordinator) => {
      if (message.type === 'progress') this.progress = message.progress;
      const waiter = this.waiters.get(message.type);
      if (waiter) {
        this.waiters.delete(message.type);
        waiter(message);
      }
    });
    // A send to a shard that just died errors; its exit event tells the story.
    child.on('error', () => {});
  }

  send(message: CoordinatorToShard): void {
    if (!this.exited && this.child.connected) this.child.send(message);
  }

  /** The next message of a type, or a rejection after `timeoutMs`. */
  next<T extends ShardToCoordinator['type']>(type: T, timeoutMs: number): Promise<Extract<ShardToCoordinator, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(type);
        reject(new Error(`bot shard ${this.child.pid ?? '-'} sent no ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(type, (message) => {
        clearTimeout(timer);
        resolve(message as Extract<ShardToCoordinator, { type: T }>);
      });
    });
  }
}

/**
 * The load generator's bot shards: forked processes that each play a share of
 * the games. Started, asked for their figures, and always reaped by the
 * coordinator; each also exits by itself if the coordinator goes away.
 */
export class BotShardProcesses {
  private readonly shards: ShardProcess[];
  private closing: Promise<void> | undefined;

  constructor(count: number, onUnexpectedExit: (description: string) => void) {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`bot shard count must be a positive integer, got ${count}`);
    const entry = fileURLToPath(new URL('./bot-shard-main.js', import.meta.url));
    this.shards = Array.from({ length: count }, () => {
      const child = fork(entry, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
      return new ShardProcess(child, onUnexpectedExit);
    });
  }

  get count(): number {
    return this.shards.length;
  }

  pids(): number[] {
    return this.shards.map((shard) => shard.child.pid).filter((pid): pid is number => pid !== undefined);
  }

  send(shard: number, message: CoordinatorToShard): void {
    this.shards[shard]!.send(message);
  }

  broadcast(message: CoordinatorToShard): void {
    for (const shard of this.shards) shard.send(message);
  }

  /** The latest progress of every shard, added up. */
  progress(): ShardProgress {
    const total = { ...NO_PROGRESS };
    for (const { progress } of this.shards) {
      total.created += progress.created;
      total.running += progress.running;
      total.failed += progress.failed;
      total.connections += progress.connections;
      total.errors += progress.errors;
      total.reconnecting += progress.reconnecting;
    }
    return total;
  }

  /** Closes the window in every shard and gathers their rooms' figures. */
  async stopMeasuring(timeoutMs: number): Promise<ClientRoomFigures[]> {
    const replies = this.shards.map((shard) => shard.next('results', timeoutMs));
    this.broadcast({ type: 'measure-stop' });
    return (await Promise.all(replies)).flatMap((reply) => reply.rooms);
  }

  /** Asks every shard to close its sockets, then makes sure each process is gone; idempotent. */
  close(): Promise<void> {
    this.closing ??= Promise.all(this.shards.map((shard) => this.closeOne(shard))).then(() => undefined);
    return this.closing;
  }

  /** Last resort from an exit handler: synchronous, no goodbyes. */
  killNow(): void {
    for (const shard of this.shards) if (!shard.exited) shard.child.kill('SIGKILL');
  }

  private async closeOne(shard: ShardProcess): Promise<void> {
    shard.expectingExit = true;
    if (shard.exited) return;
    const closed = shard.next('closed', EXIT_PATIENCE_MS).catch(() => undefined);
    shard.send({ type: 'close' });
    await closed;
    if (shard.child.connected) shard.child.disconnect();
    const killTimer = setTimeout(() => shard.child.kill('SIGKILL'), EXIT_PATIENCE_MS);
    await shard.exit;
    clearTimeout(killTimer);
  }
}
