import type { Logger } from 'pino';
import type { RoomToLobby } from '../shared/protocol/ipc-messages.js';
import type { RoomLogRecord } from '../shared/protocol/room-log.js';
import { logEvent } from './log/log-events.js';
import { logRoomRecord } from './log/room-records.js';
import { defaultLobbyOptions } from './lobby-options.js';
import type { RoomChannel, RoomExit, RoomHost, RoomListener, SpareRooms, StartPriority, StartQueueState } from './room-host.js';

/** A pooled room that died while idle is replaced after this pause, so a broken build cannot fork in a tight loop. */
const REPLACE_AFTER_CRASH_MS = 1000;
/**
 * A spare handed out is replaced a moment later, not at once: fork() blocks
 * the lobby for a millisecond or two and the new process's start-up competes
 * for the CPU with the room just handed out, exactly while it answers its
 * first player.
 */
const REFILL_AFTER_HANDOUT_MS = 50;

/**
 * Keeps a few room runtimes started and ready, so that creating a game does
 * not wait for a fork (~90 ms). A room taken from the pool is replaced in the
 * background. An idle room that dies is logged and replaced, never hidden;
 * what a spare prints is logged with its pid (it has no game yet).
 */
export class WarmRoomPool implements RoomHost {
  readonly kind: string;
  private readonly idle: PooledRoom[] = [];
  private readonly warming = new Set<PooledRoom>();
  private readonly replaceTimers = new Set<NodeJS.Timeout>();
  /** A spare not ready by its deadline is killed (and replaced like any spare that dies). */
  private readonly startDeadlines = new Map<PooledRoom, NodeJS.Timeout>();
  private exitWaiters: (() => void)[] = [];
  private closed = false;
  /** Spares that have become ready since the pool started: once as many as it keeps, it is past its start-up. */
  private readiedSinceStart = 0;

  constructor(
    private readonly inner: RoomHost,
    private readonly size: number,
    private readonly logger: Logger,
    private readonly startTimeoutMs: number = defaultLobbyOptions.startTimeoutMs,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`pool size must be a positive integer, got ${size}`);
    this.kind = inner.kind;
    this.refill();
  }

  /**
   * A spare that is ready, else one still starting (the room waits for its
   * `ready`, counted from the spare's start), else a runtime of its own from
   * the host behind; the pool is topped up a moment later.
   */
  create(listener: RoomListener, priority: StartPriority = 'new'): RoomChannel {
    const room = this.idle.shift() ?? this.takeStartedSpare();
    if (!room) return this.inner.create(listener, priority);
    this.scheduleRefill(REFILL_AFTER_HANDOUT_MS);
    this.clearStartDeadline(room);
    room.adopt(listener, this.warming.has(room) ? 'starting' : 'ready');
    this.warming.delete(room);
    return room.channel;
  }

  /** The spare started longest ago that is not ready yet, taken out of the pool; none if every spare still waits for a start slot. */
  private takeStartedSpare(): PooledRoom | undefined {
    let oldest: PooledRoom | undefined;
    for (const room of this.warming) {
      const startedAt = room.channel.startedAt;
      if (startedAt !== null && (oldest === undefined || startedAt < oldest.channel.startedAt!)) oldest = room;
    }
    return oldest;
  }

  /** Process ids of the spares in the pool, ready or starting (one still waiting for a start slot has none). */
  idlePids(): number[] {
    return [...this.idle, ...this.warming].map((room) => room.channel.pid).filter((pid): pid is number => pid !== null);
  }

  /** Number of rooms ready to be handed out right now. */
  get ready(): number {
    return this.idle.length;
  }

  /** The queue behind the pool, which its spares wait in too. */
  startQueue(): StartQueueState | null {
    return this.inner.startQueue?.() ?? null;
  }

  spares(): SpareRooms {
    return { target: this.size, ready: this.idle.length, starting: this.warming.size, warmedUp: this.readiedSinceStart >= this.size };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.replaceTimers) clearTimeout(timer);
    this.replaceTimers.clear();
    for (const timer of this.startDeadlines.values()) clearTimeout(timer);
    this.startDeadlines.clear();
    const all = [...this.idle, ...this.warming];
    if (all.length > 0) {
      await new Promise<void>((resolve) => {
        this.exitWaiters.push(resolve);
        for (const room of all) room.channel.dispose();
      });
    }
    await this.inner.close?.();
  }

  /** Spares wait behind every player's room for a start slot. */
  private refill(): void {
    while (!this.closed && this.idle.length + this.warming.size < this.size) {
      const room = new PooledRoom(this);
      room.channel = this.inner.create(room, 'spare');
      this.warming.add(room);
      if (room.channel.startedAt !== null) this.spareStarted(room);
    }
  }

  /** @internal The start deadline counts from the spawn, not from the wait for a start slot. */
  spareStarted(room: PooledRoom): void {
    if (!this.warming.has(room) || this.closed) return;
    const deadline = setTimeout(() => {
      this.startDeadlines.delete(room);
      if (!this.warming.has(room)) return;
      const detail = `not ready ${this.startTimeoutMs / 1000} s after it was started`;
      logEvent(
        this.logger,
        { event: 'spare_room_failed', pid: room.channel.pid, detail },
        `spare room process ${room.channel.pid ?? '-'} was ${detail}; killing it`,
      );
      room.channel.kill('hung');
    }, this.startTimeoutMs);
    this.startDeadlines.set(room, deadline);
  }

  private clearStartDeadline(room: PooledRoom): void {
    clearTimeout(this.startDeadlines.get(room));
    this.startDeadlines.delete(room);
  }

  /** @internal */
  roomLogged(room: PooledRoom, record: RoomLogRecord): void {
    logRoomRecord(this.logger, { pid: room.channel.pid }, record);
  }

  /** @internal */
  roomReady(room: PooledRoom): void {
    this.clearStartDeadline(room);
    if (!this.warming.delete(room)) return;
    this.idle.push(room);
    this.readiedSinceStart += 1;
  }

  /** @internal */
  roomExitedWhileIdle(room: PooledRoom, exit: RoomExit): void {
    this.clearStartDeadline(room);
    const wasIdle = this.warming.delete(room) || removeFrom(this.idle, room);
    if (!wasIdle) return;
    if (this.closed) {
      if (this.idle.length === 0 && this.warming.size === 0) {
        for (const resolve of this.exitWaiters.splice(0)) resolve();
      }
      return;
    }
    const how = exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
    logEvent(
      this.logger,
      { event: 'spare_room_failed', pid: room.channel.pid, detail: `${how} while idle` },
      `spare room process ${room.channel.pid ?? '-'} ${how} while idle; replacing it`,
    );
    this.scheduleRefill(REPLACE_AFTER_CRASH_MS);
  }

  private scheduleRefill(delayMs: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.replaceTimers.delete(timer);
      this.refill();
    }, delayMs);
    this.replaceTimers.add(timer);
  }
}

/** Listens to a pooled runtime until a room adopts it, then passes everything through. */
class PooledRoom implements RoomListener {
  channel!: RoomChannel;
  private target: RoomListener | null = null;

  constructor(private readonly pool: WarmRoomPool) {}

  /** A room takes this runtime over; one that is ready already says so again to its new owner. */
  adopt(listener: RoomListener, state: 'ready' | 'starting'): void {
    this.target = listener;
    // The runtime said `ready` long ago; the new owner still expects to hear it.
    if (state === 'ready') queueMicrotask(() => listener.onMessage({ type: 'ready' }));
  }

  onStarted(): void {
    if (this.target) this.target.onStarted?.();
    else this.pool.spareStarted(this);
  }

  onMessage(message: RoomToLobby): void {
    if (this.target) this.target.onMessage(message);
    else if (message.type === 'ready') this.pool.roomReady(this);
  }

  onExit(exit: RoomExit): void {
    if (this.target) this.target.onExit(exit);
    else this.pool.roomExitedWhileIdle(this, exit);
  }

  /** A spare's lines have no game until one adopts it. */
  onLog(record: RoomLogRecord): void {
    if (this.target) this.target.onLog(record);
    else this.pool.roomLogged(this, record);
  }
}

function removeFrom<T>(list: T[], item: T): boolean {
  const index = list.indexOf(item);
  if (index < 0) return false;
  list.splice(index, 1);
  return true;
}
