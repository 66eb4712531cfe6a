import { WebSocket } from 'ws';
import type { ErrorCode } from '../shared/protocol/error-codes.js';
import type { ServerMessage } from '../shared/protocol/server-messages.js';
import type { LobbyRoom } from './lobby-room.js';

/** Where a connected player is: in the lobby, waiting for a seat, or seated in a room. */
export type SessionPlace =
  | { readonly kind: 'lobby' }
  | { readonly kind: 'joining'; readonly room: LobbyRoom; readonly requestId: number }
  | { readonly kind: 'playing'; readonly room: LobbyRoom; readonly player: number };

const IN_LOBBY: SessionPlace = { kind: 'lobby' };

/**
 * One WebSocket connection and where its player is. The socket stays here, in
 * the lobby: game state never holds sockets, rooms only know seat numbers.
 */
export class ClientSession {
  place: SessionPlace = IN_LOBBY;

  constructor(
    readonly id: number,
    readonly socket: WebSocket,
    readonly remoteAddress: string,
  ) {}

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(message: ServerMessage): void {
    if (this.isOpen) this.socket.send(JSON.stringify(message));
  }

  /** Forwards a frame the room already serialized, as is. */
  sendFrame(frame: string): void {
    if (this.isOpen) this.socket.send(frame);
  }

  sendError(code: ErrorCode, message: string): void {
    this.send({ type: 'error', code, message });
  }

  backToLobby(): void {
    this.place = IN_LOBBY;
  }
}
