import type { RoomToLobby } from '../shared/protocol/ipc-messages.js';

type FrameMessage = Extract<RoomToLobby, { type: 'frame' }>;

/**
 * One tick's frame from a room, on its way to every player and spectator of
 * the game. Each format is turned into bytes once, on first use, and the
 * same bytes go to every socket that reads it: a string handed to each
 * socket would be encoded again for each.
 */
export class RelayedFrame {
  private fullBytes: Buffer | undefined;
  private compactBytes: Buffer | undefined;

  constructor(private readonly message: FrameMessage) {}

  get isSnapshot(): boolean {
    return this.message.snapshot === true;
  }

  /**
   * The frame for a reader of compact frames (`compact`) or of full ones;
   * a compact reader can read full frames too, and snapshots are full for
   * everyone. Undefined when the room did not make a format this reader can
   * read (it had not yet heard that someone wants it).
   */
  for(compact: boolean): Buffer | undefined {
    if (compact && !this.isSnapshot && this.message.compact !== undefined) return (this.compactBytes ??= Buffer.from(this.message.compact));
    if (this.message.frame === undefined) return undefined;
    return (this.fullBytes ??= Buffer.from(this.message.frame));
  }
}
