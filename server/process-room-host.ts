import { fork, type ChildProcess } from 'node:child_process';
import type { LobbyToRoom, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { gameProcessEntry } from './game-process-entry.js';
import type { RoomChannel, RoomHost, RoomListener } from './room-host.js';

/** How long a room may take to stop after being asked before it is killed. */
const STOP_GRACE_MS = 2000;

/** Runs every room in its own forked Node process: its own event loop, heap and crash domain. */
export class ProcessRoomHost implements RoomHost {
  readonly kind = 'process';
  private readonly entry = gameProcessEntry();

  create(listener: RoomListener): RoomChannel {
    return new ProcessRoomChannel(this.entry, listener);
  }
}

class ProcessRoomChannel implements RoomChannel {
  readonly pid: number | null;
  private readonly child: ChildProcess;
  private killTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private exited = false;

  constructor(
    entry: string,
    private readonly listener: RoomListener,
  ) {
    // execArgv is emptied so that a lobby started with a debugger or a loader
    // does not pass them on: rooms run plain compiled JavaScript.
    this.child = fork(entry, [], {
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    this.pid = this.child.pid ?? null;
    this.child.on('message', this.childOnMessage);
    this.child.on('exit', this.childOnExit);
    this.child.on('error', this.childOnError);
  }

  send(message: LobbyToRoom): void {
    if (this.exited || !this.child.connected) return;
    this.child.send(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.exited) return;
    if (this.child.connected) {
      this.child.send({ type: 'stop' } satisfies LobbyToRoom);
      this.killTimer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    } else {
      this.child.kill('SIGKILL');
    }
  }

  private readonly childOnMessage = (message: RoomToLobby): void => {
    this.listener.onMessage(message);
  };

  private readonly childOnExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    if (this.exited) return;
    this.exited = true;
    clearTimeout(this.killTimer);
    this.child.removeListener('message', this.childOnMessage);
    this.listener.onExit({ code, signal, planned: this.disposed });
  };

  private readonly childOnError = (): void => {
    // Only a failed spawn goes without an exit event; a send() to a closing
    // channel also errors, and its exit event follows.
    if (this.child.pid === undefined) this.childOnExit(null, null);
  };
}
