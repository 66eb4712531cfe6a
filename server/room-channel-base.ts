import type { LobbyToRoom, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import type { RoomChannel, RoomExit, RoomExitCause, RoomListener } from './room-host.js';

/** How long a room may take to stop after being asked before it is killed. */
export const STOP_GRACE_MS = 2000;

/** What a channel saw of a runtime's end, enough to say why it ended. */
export interface ExitFacts {
  /** The lobby asked the runtime to stop (dispose). */
  readonly disposed: boolean;
  /** The lobby killed the runtime without asking, and why. */
  readonly killedFor: 'hung' | null;
  /** A failure the runtime reported before it ended (a worker's error event), if any. */
  readonly reportedFailure: RoomExitCause | null;
  /** What the exit status alone says (a process's code and signal). */
  readonly statusCause: RoomExitCause;
}

/**
 * Why a runtime ended. An exit is planned only if the lobby asked for it and
 * nothing else happened on the way: a kill or a reported failure makes it
 * unplanned even during a stop, and names the cause before the exit status does.
 */
export function classifyExit(facts: ExitFacts): Pick<RoomExit, 'planned' | 'cause'> {
  const planned = facts.disposed && facts.killedFor === null && facts.reportedFailure === null;
  if (planned) return { planned, cause: 'stopped' };
  return { planned, cause: facts.killedFor ?? facts.reportedFailure ?? facts.statusCause };
}

/**
 * The part of a room channel that is the same for a forked process and a
 * worker thread: ask to stop, kill after a grace period, kill at once when
 * hung, and report the exit exactly once with its cause.
 *
 * An abstract class rather than a helper object the hosts hold: the shared
 * state machine calls the host's four primitives (transmit, ask to stop,
 * end at once) and the host calls back into it on exit, so a helper would
 * need callbacks both ways and each host would still forward `send`,
 * `dispose` and `kill` to it. Here a host writes only what differs.
 */
export abstract class RoomChannelBase implements RoomChannel {
  abstract readonly pid: number | null;
  /** These runtimes start as they are made: the host that queues starts makes them only once a slot is free. */
  readonly startedAt = performance.now();
  private disposed = false;
  private exited = false;
  private killedFor: 'hung' | null = null;
  private killTimer: NodeJS.Timeout | undefined;

  constructor(private readonly listener: RoomListener) {}

  send(message: LobbyToRoom): void {
    if (!this.exited) this.transmit(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.exited) return;
    if (this.askToStop()) this.killTimer = setTimeout(() => this.endNow(), STOP_GRACE_MS);
    else this.endNow();
  }

  kill(cause: 'hung'): void {
    if (this.exited || this.killedFor) return;
    this.killedFor = cause;
    this.endNow();
  }

  /** Hands a message from the runtime to the lobby, unless the runtime is already gone. */
  protected deliver(message: RoomToLobby): void {
    if (!this.exited) this.listener.onMessage(message);
  }

  /**
   * The runtime is gone: reports it once, whatever calls this again.
   * `reportedFailure` is a failure the runtime announced before ending;
   * `statusCause` is what its exit status says.
   */
  protected runtimeExited(
    code: number | null,
    signal: string | null,
    statusCause: RoomExitCause,
    reportedFailure: RoomExitCause | null = null,
  ): void {
    if (this.exited) return;
    this.exited = true;
    clearTimeout(this.killTimer);
    this.detach();
    const { planned, cause } = classifyExit({
      disposed: this.disposed,
      killedFor: this.killedFor,
      reportedFailure,
      statusCause,
    });
    this.listener.onExit({ code, signal, planned, cause });
  }

  /** Sends a message to a runtime that has not exited. */
  protected abstract transmit(message: LobbyToRoom): void;
  /** Asks the runtime to stop; false if it cannot be asked (it must then be ended at once). */
  protected abstract askToStop(): boolean;
  /** Ends the runtime at once, even one stuck in a loop; its exit follows. */
  protected abstract endNow(): void;
  /** Stops listening to the runtime once it has exited; nothing by default. */
  protected detach(): void {}
}
