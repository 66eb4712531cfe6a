import { Worker } from 'node:worker_threads';
import type { LobbyToRoom, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { gameProcessEntry } from './game-process-entry.js';
import {
  defaultRoomHostOptions,
  type RoomChannel,
  type RoomExitCause,
  type RoomHost,
  type RoomHostOptions,
  type RoomListener,
} from './room-host.js';

const STOP_GRACE_MS = 2000;

/**
 * Runs every room in a worker thread of the lobby's process: its own event
 * loop and heap, but no protection from a crash of the whole process. Here
 * for side-by-side benchmarks against the process host.
 */
export class ThreadRoomHost implements RoomHost {
  readonly kind = 'thread';
  private readonly entry = gameProcessEntry('worker-main.js');

  constructor(private readonly options: RoomHostOptions = defaultRoomHostOptions) {}

  create(listener: RoomListener): RoomChannel {
    return new ThreadRoomChannel(this.entry, this.options, listener);
  }
}

class ThreadRoomChannel implements RoomChannel {
  readonly pid = null;
  private readonly worker: Worker;
  private killTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private exited = false;
  private killedFor: 'hung' | null = null;
  private failure: RoomExitCause | null = null;

  private readonly output: ((line: string) => void) | undefined;

  constructor(
    entry: string,
    options: RoomHostOptions,
    private readonly listener: RoomListener,
  ) {
    this.output = options.roomOutput;
    this.worker = new Worker(entry, {
      execArgv: [],
      workerData: { faultInjection: options.faultInjection },
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb },
    });
    this.worker.on('message', this.workerOnMessage);
    this.worker.on('exit', this.workerOnExit);
    this.worker.on('error', this.workerOnError);
  }

  send(message: LobbyToRoom): void {
    if (!this.exited) this.worker.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.exited) return;
    this.worker.postMessage({ type: 'stop' } satisfies LobbyToRoom);
    this.killTimer = setTimeout(() => void this.worker.terminate(), STOP_GRACE_MS);
  }

  kill(cause: 'hung'): void {
    if (this.exited || this.killedFor) return;
    this.killedFor = cause;
    // terminate() interrupts even an infinite loop in the worker.
    void this.worker.terminate();
  }

  private readonly workerOnMessage = (message: RoomToLobby): void => {
    if (!this.exited) this.listener.onMessage(message);
  };

  /** An uncaught error in the room; the exit event (code 1) follows. */
  private readonly workerOnError = (error: Error & { code?: string }): void => {
    this.failure = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out-of-memory' : 'exception';
    if (this.failure !== 'exception') return;
    const report = `room thread ${this.worker.threadId} failed: ${error.stack ?? error.message}`;
    if (this.output) for (const line of report.split('\n')) this.output(line);
    else console.error(report);
  };

  private readonly workerOnExit = (code: number): void => {
    if (this.exited) return;
    this.exited = true;
    clearTimeout(this.killTimer);
    const planned = this.disposed && this.killedFor === null && this.failure === null;
    const cause: RoomExitCause = planned ? 'stopped' : (this.killedFor ?? this.failure ?? 'exited');
    this.listener.onExit({ code, signal: null, planned, cause });
  };
}
