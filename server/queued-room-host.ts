import type { LobbyToRoom, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import type { RoomLogRecord } from '../shared/protocol/room-log.js';
import type { RoomChannel, RoomExit, RoomExitCause, RoomHost, RoomListener, StartPriority, StartQueueState } from './room-host.js';

/** Highest first. */
const PRIORITIES: readonly StartPriority[] = ['restart', 'new', 'spare'];

/**
 * Starts at most `concurrency` room runtimes at a time in front of another
 * host; the others wait, in order within their priority (see `StartPriority`).
 * A start holds its slot from the spawn until the runtime says `ready`, or
 * ends. Without this, a burst of creates forks hundreds of processes at once:
 * each fork() blocks the lobby for milliseconds (it copies the lobby's page
 * tables and waits for the child to exec), and hundreds of Node start-ups
 * share the cores, so every room comes up late together while the lobby
 * barely answers. With it, rooms come up one after another, first asked,
 * first served, and the lobby keeps its turn.
 *
 * A runtime waiting for a slot has no process yet (its pid is null); one
 * disposed while waiting leaves the queue without ever starting. Slots freed
 * by `ready` or an exit are handed on at the next turn of the event loop, one
 * start a turn, so the lobby reads what came in meanwhile between two forks.
 */
export class QueuedRoomHost implements RoomHost {
  readonly kind: string;
  private readonly waiting: Record<StartPriority, QueuedRoomChannel[]> = { restart: [], new: [], spare: [] };
  private started = 0;
  private handOnScheduled: NodeJS.Immediate | undefined;
  private closed = false;

  constructor(
    private readonly inner: RoomHost,
    readonly concurrency: number,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`start concurrency must be a positive integer, got ${concurrency}`);
    }
    this.kind = inner.kind;
  }

  create(listener: RoomListener, priority: StartPriority = 'new'): RoomChannel {
    if (this.closed) throw new Error('cannot start a room runtime: its host is closed');
    const channel = new QueuedRoomChannel(this, listener, priority);
    if (this.started < this.concurrency && this.waitingCount === 0) this.start(channel);
    else this.waiting[priority].push(channel);
    return channel;
  }

  /** Runtimes holding a start slot: started and not yet ready nor ended. */
  get startingCount(): number {
    return this.started;
  }

  /** Runtimes waiting for a start slot. */
  get waitingCount(): number {
    return this.waiting.restart.length + this.waiting.new.length + this.waiting.spare.length;
  }

  startQueue(): StartQueueState {
    const { restart, new: fresh, spare } = this.waiting;
    return { concurrency: this.concurrency, starting: this.started, queued: { restart: restart.length, new: fresh.length, spare: spare.length } };
  }

  idlePids(): number[] {
    return this.inner.idlePids?.() ?? [];
  }

  /** Runtimes still waiting end without starting (as if disposed); those started are their owners' to stop. */
  async close(): Promise<void> {
    this.closed = true;
    clearImmediate(this.handOnScheduled);
    this.handOnScheduled = undefined;
    for (let next = this.nextWaiting(); next; next = this.nextWaiting()) next.dispose();
    await this.inner.close?.();
  }

  /** @internal A channel gave its slot back (ready, or ended). */
  slotFreed(): void {
    this.started -= 1;
    if (!this.closed) this.handOnScheduled ??= setImmediate(this.handOn);
  }

  /** @internal A channel disposed or killed while waiting: it leaves the queue. */
  withdraw(channel: QueuedRoomChannel): void {
    for (const priority of PRIORITIES) {
      const index = this.waiting[priority].indexOf(channel);
      if (index >= 0) this.waiting[priority].splice(index, 1);
    }
  }

  private start(channel: QueuedRoomChannel): void {
    this.started += 1;
    channel.start(this.inner);
  }

  /** One start per turn of the event loop: a fork blocks the lobby, so what came in meanwhile is read between two. */
  private readonly handOn = (): void => {
    this.handOnScheduled = undefined;
    if (this.closed || this.started >= this.concurrency) return;
    const next = this.nextWaiting();
    if (!next) return;
    this.start(next);
    next.announceStart();
    if (this.started < this.concurrency && this.waitingCount > 0) this.handOnScheduled = setImmediate(this.handOn);
  };

  private nextWaiting(): QueuedRoomChannel | undefined {
    for (const priority of PRIORITIES) {
      const next = this.waiting[priority].shift();
      if (next) return next;
    }
    return undefined;
  }
}

/**
 * A runtime as the queue hands it out: waiting for its slot, then passing
 * everything through to the runtime started in it.
 */
class QueuedRoomChannel implements RoomChannel, RoomListener {
  private runtime: RoomChannel | null = null;
  private state: 'waiting' | 'holding-slot' | 'slot-freed' | 'ended' = 'waiting';

  constructor(
    private readonly queue: QueuedRoomHost,
    private readonly listener: RoomListener,
    private readonly priority: StartPriority,
  ) {}

  get pid(): number | null {
    return this.runtime?.pid ?? null;
  }

  get startedAt(): number | null {
    return this.runtime?.startedAt ?? null;
  }

  /** @internal Its slot is free: the runtime starts. */
  start(inner: RoomHost): void {
    this.state = 'holding-slot';
    this.runtime = inner.create(this, this.priority);
  }

  /** @internal Tells the listener a runtime that waited has started. */
  announceStart(): void {
    if (this.runtime) this.listener.onStarted?.();
  }

  send(message: LobbyToRoom): void {
    if (!this.runtime) throw new Error(`a room runtime waiting for a start slot cannot be sent ${message.type}`);
    this.runtime.send(message);
  }

  dispose(): void {
    if (this.runtime) this.runtime.dispose();
    else this.endWhileWaiting(true, 'stopped');
  }

  kill(cause: 'hung'): void {
    if (this.runtime) this.runtime.kill(cause);
    else this.endWhileWaiting(false, cause);
  }

  onMessage(message: RoomToLobby): void {
    if (message.type === 'ready') this.freeSlot();
    this.listener.onMessage(message);
  }

  onExit(exit: RoomExit): void {
    this.freeSlot();
    this.state = 'ended';
    this.listener.onExit(exit);
  }

  /** Passed on whatever the state: a runtime's last lines may follow its exit. */
  onLog(record: RoomLogRecord): void {
    this.listener.onLog(record);
  }

  private freeSlot(): void {
    if (this.state !== 'holding-slot') return;
    this.state = 'slot-freed';
    this.queue.slotFreed();
  }

  /** Never started: nothing to stop. The exit is still reported, later, as a runtime's would be. */
  private endWhileWaiting(planned: boolean, cause: RoomExitCause): void {
    if (this.state !== 'waiting') return;
    this.state = 'ended';
    this.queue.withdraw(this);
    queueMicrotask(() => this.listener.onExit({ code: null, signal: null, planned, cause }));
  }
}
