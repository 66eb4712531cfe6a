import type { LobbyToRoom } from '../../shared/protocol/ipc-messages.js';
import type { RoomChannel, RoomHost, RoomListener, StartPriority } from '../../server/room-host.js';

/**
 * A real room host with a tap on its way in: every message the lobby hands
 * to a room's channel (what travels over IPC to a forked room, or to a
 * worker thread, or into an inline room) is recorded, in order, before it
 * goes on unchanged. For tests that prove what rooms are told, and what not.
 */
export class RecordingRoomHost implements RoomHost {
  /** Every message sent to any room, with the room's channel number (1 for the first room started). */
  readonly sent: { readonly channel: number; readonly message: LobbyToRoom }[] = [];
  private channels = 0;

  constructor(private readonly inner: RoomHost) {}

  get kind(): string {
    return this.inner.kind;
  }

  create(listener: RoomListener, priority?: StartPriority): RoomChannel {
    const channel = this.inner.create(listener, priority);
    const number = ++this.channels;
    const sent = this.sent;
    return {
      get pid() {
        return channel.pid;
      },
      get startedAt() {
        return channel.startedAt;
      },
      send(message) {
        sent.push({ channel: number, message });
        channel.send(message);
      },
      dispose: () => channel.dispose(),
      kill: (cause) => channel.kill(cause),
    };
  }

  idlePids(): number[] {
    return this.inner.idlePids?.() ?? [];
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }

  /** The messages sent from index `from` on, without their channel numbers. */
  messagesSince(from: number): LobbyToRoom[] {
    return this.sent.slice(from).map((entry) => entry.message);
  }
}
