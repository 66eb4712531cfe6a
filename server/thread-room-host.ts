import { Worker } from 'node:worker_threads';
import type { LobbyToRoom, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { errorFields, RoomLogEvent } from '../shared/protocol/room-log.js';
import { gameProcessEntry } from './game-process-entry.js';
import { RoomOutputReader } from './room-output-reader.js';
import { RoomChannelBase } from './room-channel-base.js';
import {
  defaultRoomHostOptions,
  type RoomChannel,
  type RoomExitCause,
  type RoomHost,
  type RoomHostOptions,
  type RoomListener,
  type StartPriority,
} from './room-host.js';

/**
 * Runs every room in a worker thread of the lobby's process: its own event
 * loop and heap, but no protection from a crash of the whole process. Here
 * for side-by-side benchmarks against the process host.
 */
export class ThreadRoomHost implements RoomHost {
  readonly kind = 'thread';
  private readonly entry = gameProcessEntry('worker-main');

  constructor(private readonly options: RoomHostOptions = defaultRoomHostOptions) {}

  /** Only a spare warms up before it is ready (see WARM_UP_ARGUMENT). */
  create(listener: RoomListener, priority: StartPriority = 'new'): RoomChannel {
    return new ThreadRoomChannel(this.entry, this.options, listener, priority === 'spare');
  }
}

class ThreadRoomChannel extends RoomChannelBase {
  readonly pid = null;
  private readonly worker: Worker;
  /** Set by the worker's error event, which comes before its exit event. */
  private failure: RoomExitCause | null = null;

  /** Hears of the room's exception from the worker's error event. */
  private readonly roomListener: RoomListener;

  constructor(entry: string, options: RoomHostOptions, listener: RoomListener, warmUp: boolean) {
    super(listener);
    this.roomListener = listener;
    // The worker's stdout and stderr come here rather than to the lobby's own, to be logged.
    this.worker = new Worker(entry, {
      execArgv: [],
      workerData: { faultInjection: options.faultInjection, warmUp },
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb },
      stdout: true,
      stderr: true,
    });
    const output = new RoomOutputReader((record) => listener.onLog(record));
    output.read(this.worker.stdout, 'stdout');
    output.read(this.worker.stderr, 'stderr');
    this.worker.on('message', this.workerOnMessage);
    this.worker.on('exit', this.workerOnExit);
    this.worker.on('error', this.workerOnError);
  }

  protected transmit(message: LobbyToRoom): void {
    this.worker.postMessage(message);
  }

  /** A worker's port takes messages until the worker has exited. */
  protected askToStop(): boolean {
    this.worker.postMessage({ type: 'stop' } satisfies LobbyToRoom);
    return true;
  }

  /** terminate() interrupts even an infinite loop in the worker. */
  protected endNow(): void {
    void this.worker.terminate();
  }

  private readonly workerOnMessage = (message: RoomToLobby): void => {
    this.deliver(message);
  };

  /** An uncaught error in the room; the exit event (code 1) follows. */
  private readonly workerOnError = (error: Error & { code?: string }): void => {
    this.failure = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out-of-memory' : 'exception';
    if (this.failure !== 'exception') return;
    this.roomListener.onLog({
      level: 'error',
      event: RoomLogEvent.Exception,
      msg: `the game logic of room thread ${this.worker.threadId} threw: ${error.message}`,
      fields: { err: errorFields(error) },
    });
  };

  /** A worker's exit code says nothing its error event did not: a failure comes from that event. */
  private readonly workerOnExit = (code: number): void => {
    this.runtimeExited(code, null, 'exited', this.failure);
  };
}
