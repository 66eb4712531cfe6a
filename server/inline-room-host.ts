import type { LobbyToRoom, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { errorFields, RoomLogEvent } from '../shared/protocol/room-log.js';
import { RoomRuntime } from '../game-process/room-runtime.js';
import { defaultRoomHostOptions, type RoomChannel, type RoomExitCause, type RoomHost, type RoomHostOptions, type RoomListener } from './room-host.js';

/**
 * Runs every room's tick loop on the lobby's own event loop: the design most
 * Node game servers use, here for side-by-side benchmarks. Messages still
 * travel asynchronously (one microtask) so the lobby sees the same ordering
 * as with the other hosts and never re-enters itself.
 */
export class InlineRoomHost implements RoomHost {
  readonly kind = 'inline';
  /** Rooms share this isolate's compiled code: the first one warms it up for all. */
  private warmed = false;

  constructor(private readonly options: RoomHostOptions = defaultRoomHostOptions) {}

  create(listener: RoomListener): RoomChannel {
    const warmUp = !this.warmed;
    this.warmed = true;
    return new InlineRoomChannel(listener, this.options, warmUp);
  }
}

class InlineRoomChannel implements RoomChannel {
  readonly pid = null;
  readonly startedAt = performance.now();
  private readonly runtime: RoomRuntime;
  private exited = false;
  private disposed = false;

  constructor(
    private readonly listener: RoomListener,
    private readonly options: RoomHostOptions,
    warmUp: boolean,
  ) {
    this.runtime = new RoomRuntime({
      send: this.runtimeOnSend,
      log: (record) => listener.onLog(record),
      faultInjection: options.faultInjection,
      warmUp,
      stopped: () => this.finish(0, 'stopped'),
    });
    queueMicrotask(() => this.runtime.announce());
  }

  send(message: LobbyToRoom): void {
    if (this.exited) return;
    queueMicrotask(() => this.deliver(message));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.send({ type: 'stop' });
  }

  /** An inline room that hangs hangs the lobby too; this only helps one that is merely silent. */
  kill(cause: 'hung'): void {
    this.runtime.dispose();
    this.finish(1, cause);
  }

  private deliver(message: LobbyToRoom): void {
    if (this.exited) return;
    try {
      this.runtime.handle(message);
    } catch (error) {
      this.crash(error);
    }
  }

  private readonly runtimeOnSend = (message: RoomToLobby): boolean => {
    if (this.exited) return false;
    queueMicrotask(() => {
      if (!this.exited) this.listener.onMessage(message);
    });
    return true;
  };

  /** A room that throws is a crashed room, not a crashed lobby. */
  private crash(error: unknown): void {
    this.listener.onLog({
      level: 'error',
      event: RoomLogEvent.Exception,
      msg: `the game logic of an inline room threw: ${error instanceof Error ? error.message : String(error)}`,
      fields: { err: errorFields(error) },
    });
    this.runtime.dispose();
    this.finish(1, 'exception');
  }

  private finish(code: number, cause: RoomExitCause): void {
    if (this.exited) return;
    this.exited = true;
    const planned = cause === 'stopped';
    queueMicrotask(() => this.listener.onExit({ code, signal: null, planned, cause }));
  }
}
