import { fork, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import type { Writable } from 'node:stream';
import { getPriority, setPriority } from 'node:os';
import { EXIT_CODE_GAME_EXCEPTION, WARM_UP_ARGUMENT, type LobbyToRoom, type RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { encodeKeyRecord, KEY_PIPE_FD } from '../shared/protocol/key-pipe-records.js';
import { gameProcessEntry } from './game-process-entry.js';
import { RoomOutputReader } from './room-output-reader.js';
import { RoomChannelBase } from './room-channel-base.js';
import { roomEnvironment } from './room-environment.js';
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
 * Rooms run a little below the lobby's priority (nice +5). Every frame of
 * every room passes through the lobby, so when hundreds of room processes
 * and the lobby want the same cores at once, the lobby should go first: it
 * uses a small share of the CPU but sits on every player's critical path.
 * Rooms still share the CPU fairly among themselves.
 */
const ROOM_NICENESS = 5;

/**
 * util-linux's setpriv, which starts a program with a parent-death signal
 * (Linux prctl PR_SET_PDEATHSIG) and no native code of ours. A room started
 * through it is killed by the kernel the moment its lobby dies, even while it
 * is stopped (SIGSTOP) or stuck in a loop that would never notice the IPC
 * channel closing. Without it, rooms still exit when they see the channel
 * close, which covers every room that is alive enough to look.
 */
const SETPRIV_PATHS = ['/usr/bin/setpriv', '/bin/setpriv', '/usr/sbin/setpriv'];

/** How a room process is launched: node directly, or node through setpriv. */
export interface RoomLauncher {
  readonly execPath: string;
  readonly prefixArgs: readonly string[];
  readonly diesWithLobby: boolean;
}

export function roomLauncher(): RoomLauncher {
  if (process.platform === 'linux') {
    for (const path of SETPRIV_PATHS) {
      if (isExecutable(path)) {
        return { execPath: path, prefixArgs: ['--pdeathsig', 'SIGKILL', process.execPath], diesWithLobby: true };
      }
    }
  }
  return { execPath: process.execPath, prefixArgs: [], diesWithLobby: false };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs every room in its own forked Node process: its own event loop, heap and crash domain. */
export class ProcessRoomHost implements RoomHost {
  readonly kind = 'process';
  private readonly entry = gameProcessEntry();
  /** Found once: every room starts the same way. */
  readonly launcher = roomLauncher();

  constructor(private readonly options: RoomHostOptions = defaultRoomHostOptions) {}

  /** Only a spare warms up before it is ready (see WARM_UP_ARGUMENT). */
  create(listener: RoomListener, priority: StartPriority = 'new'): RoomChannel {
    return new ProcessRoomChannel(this.entry, this.launcher, this.options, listener, priority === 'spare');
  }
}

class ProcessRoomChannel extends RoomChannelBase {
  readonly pid: number | null;
  private readonly child: ChildProcess;
  /** Where the room's keys go (KEY_PIPE_FD); null only if the spawn failed. */
  private readonly keysToRoom: Writable | null;

  constructor(entry: string, launcher: RoomLauncher, options: RoomHostOptions, listener: RoomListener, warmUp: boolean) {
    super(listener);
    // execArgv is set so that a lobby started with a debugger or a loader does
    // not pass them on: rooms run plain compiled JavaScript, with a heap cap.
    // fork() runs execPath with execArgv then the entry, so setpriv comes first
    // and execs node in place: same pid, and the IPC channel's descriptor is inherited.
    const env = roomEnvironment(process.env, options.faultInjection);
    // A room's output is the lobby's to log, never the lobby's terminal's (a practice game's player sees that).
    // Descriptor 3 is the room's key pipe (KEY_PIPE_FD), the IPC channel comes after it.
    this.child = fork(entry, warmUp ? [WARM_UP_ARGUMENT] : [], {
      execPath: launcher.execPath,
      execArgv: [...launcher.prefixArgs, `--max-old-space-size=${options.heapMb}`],
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.pid = this.child.pid ?? null;
    this.keysToRoom = (this.child.stdio[KEY_PIPE_FD] as Writable | null) ?? null;
    // A room that exits with keys unread resets the pipe; its exit event says what happened.
    this.keysToRoom?.on('error', () => {});
    const output = new RoomOutputReader((record) => listener.onLog(record));
    // Absent only when the spawn itself failed (then 'error' reports the exit).
    if (this.child.stdout) output.read(this.child.stdout, 'stdout');
    if (this.child.stderr) output.read(this.child.stderr, 'stderr');
    if (this.pid !== null) lowerPriority(this.pid);
    this.child.on('message', this.childOnMessage);
    // 'close' rather than 'exit': once its output is read too, so a room's last words are logged before its end.
    this.child.on('close', this.childOnExit);
    this.child.on('error', this.childOnError);
  }

  protected transmit(message: LobbyToRoom): void {
    if (!this.child.connected) return;
    // Keys go down their own pipe, which the room reads when it ticks; it reads it before each command too, so the order holds.
    if (message.type === 'key') this.keysToRoom?.write(encodeKeyRecord(message.player, message.key));
    else this.child.send(message);
  }

  /** A room whose channel is already closed cannot be asked. */
  protected askToStop(): boolean {
    if (!this.child.connected) return false;
    this.child.send({ type: 'stop' } satisfies LobbyToRoom);
    return true;
  }

  protected endNow(): void {
    this.child.kill('SIGKILL');
  }

  protected override detach(): void {
    this.child.removeListener('message', this.childOnMessage);
  }

  private readonly childOnMessage = (message: RoomToLobby): void => {
    this.deliver(message);
  };

  private readonly childOnExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    this.runtimeExited(code, signal, processExitCause(code, signal));
  };

  private readonly childOnError = (): void => {
    // Only a failed spawn goes without an exit event; a send() to a closing
    // channel also errors, and its exit event follows.
    if (this.child.pid === undefined) this.childOnExit(null, null);
  };
}

/** What a room process's exit status says about why it ended, when the lobby neither asked nor killed it. */
export function processExitCause(code: number | null, signal: string | null): RoomExitCause {
  if (code === EXIT_CODE_GAME_EXCEPTION) return 'exception';
  // V8 aborts the process when the heap cap is reached.
  if (signal === 'SIGABRT' || code === 134) return 'out-of-memory';
  if (signal) return 'killed';
  return 'exited';
}

/** Relative to the lobby's own priority, so an operator's `nice vimtron server` still applies. */
function lowerPriority(pid: number): void {
  try {
    setPriority(pid, Math.min(19, getPriority() + ROOM_NICENESS));
  } catch {
    // Not allowed here (some containers forbid it): rooms then run at the lobby's priority.
  }
}
