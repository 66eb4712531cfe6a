import type { LobbyToRoom, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { RoomLogEvent, type RoomLogRecord } from '../shared/protocol/room-log.js';
import { GameRoom } from './game-room.js';
import { warmUp } from './warm-up.js';

/**
 * What a room needs from whatever hosts it: a way to talk to the lobby, and a
 * way to end itself once asked to stop.
 */
export interface RoomHostPort {
  /** Returns false when a frame was dropped because the lobby is not reading (the room then sends a snapshot); other messages are never dropped. */
  send(message: RoomToLobby): boolean;
  /** Writes a line for the lobby's log (see shared/protocol/room-log.ts). */
  log(record: RoomLogRecord): void;
  /** Faults may be injected: set only by test fixtures, never in normal operation. */
  readonly faultInjection: boolean;
  /** Play the warm-up game (see warm-up.ts) before saying `ready`: for runtimes nobody waits for yet. */
  readonly warmUp: boolean;
  /** Called once when the lobby asked the room to stop and it has. */
  stopped(): void;
  /** Hands the room the input that came in on a channel it reads only when it ticks (a process's key pipe), if any. */
  pollInputs?(): void;
}

/**
 * The same room logic for every host (a forked process, a worker thread, or
 * the lobby's own event loop): says `ready`, waits for `create`, then runs
 * one GameRoom until `stop`.
 */
export class RoomRuntime {
  private room: GameRoom | undefined;
  private stopped = false;

  constructor(private readonly port: RoomHostPort) {}

  /** Tells the lobby this runtime is ready for `create`, after compiling the game's code paths if asked to. */
  announce(): void {
    const startedAt = performance.now();
    if (this.port.warmUp) warmUp();
    const warmUpMs = this.port.warmUp ? Math.round(performance.now() - startedAt) : 0;
    const msg = this.port.warmUp ? `room runtime ready after ${warmUpMs} ms of warm-up` : 'room runtime ready, without a warm-up';
    this.port.log({ level: 'debug', event: RoomLogEvent.Ready, msg, fields: { warmUpMs } });
    this.port.send({ type: 'ready' });
  }

  handle(message: LobbyToRoom): void {
    if (this.stopped) return;
    switch (message.type) {
      case 'create':
        if (this.room) throw new Error('room runtime received a second create message');
        this.room = new GameRoom(message.config, this.port.send, message.resume, this.port.pollInputs);
        this.room.start();
        return;
      case 'fault':
        // Unreachable in normal operation: the lobby only sends faults to runtimes started for fault tests.
        if (this.port.faultInjection) this.room?.injectFault(message.fault);
        return;
      case 'stop':
        // The state it stops at, so that another lobby can take the game over from exactly there.
        this.room?.checkpointNow();
        this.dispose();
        this.port.stopped();
        return;
      default:
        if (!this.room) throw new Error(`room runtime received ${message.type} before create`);
        this.room.handle(message);
    }
  }

  dispose(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.room?.dispose();
  }
}
