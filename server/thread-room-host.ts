import { Worker } from 'node:worker_threads';
import type { LobbyToRoom, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { gameProcessEntry } from './game-process-entry.js';
import type { RoomChannel, RoomHost, RoomListener } from './room-host.js';

const STOP_GRACE_MS = 2000;

/**
 * Runs every room in a worker thread of the lobby's process: its own event
 * loop and heap, but no protection from a crash of the whole process. Here
 * for side-by-side benchmarks against the process host.
 */
export class ThreadRoomHost implements RoomHost {
  readonly kind = 'thread';
  private readonly entry = gameProcessEntry('worker-main.js');

  create(listener: RoomListener): RoomChannel {
    return new ThreadRoomChannel(this.entry, listener);
  }
}

class ThreadRoomChannel implements RoomChannel {
  readonly pid = null;
  private readonly worker: Worker;
  private killTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private exited = false;

  constructor(
    entry: string,
    private readonly listener: RoomListener,
  ) {
    this.worker = new Worker(entry, { execArgv: [], stdout: false, stderr: false });
    this.worker.on('message', this.workerOnMessage);
    this.worker.on('exit', this.workerOnExit);
    // An uncaught exception in the room: the exit event (code 1) follows.
    this.worker.on('error', (error) => console.error(`room thread ${this.worker.threadId} failed:`, error));
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

  private readonly workerOnMessage = (message: RoomToLobby): void => {
    if (!this.exited) this.listener.onMessage(message);
  };

  private readonly workerOnExit = (code: number): void => {
    if (this.exited) return;
    this.exited = true;
    clearTimeout(this.killTimer);
    this.listener.onExit({ code, signal: null, planned: this.disposed });
  };
}
