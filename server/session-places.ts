import type { ClientSession } from './client-session.js';
import type { LobbyRoom, Seat } from './lobby-room.js';

/** Where a connected player is: in the lobby, waiting for a seat, seated in a room, or watching one. */
export type SessionPlace =
  | { readonly kind: 'lobby' }
  | { readonly kind: 'joining'; readonly room: LobbyRoom; readonly requestId: number }
  | { readonly kind: 'playing'; readonly room: LobbyRoom; readonly seat: Seat }
  | { readonly kind: 'watching'; readonly room: LobbyRoom };

const IN_LOBBY: SessionPlace = { kind: 'lobby' };

/**
 * Where every connection's player is. Kept apart from the connections
 * themselves so that a connection knows nothing of rooms, and a room only
 * of the seats it holds.
 */
export class SessionPlaces {
  private readonly places = new Map<ClientSession, SessionPlace>();

  of(session: ClientSession): SessionPlace {
    return this.places.get(session) ?? IN_LOBBY;
  }

  set(session: ClientSession, place: SessionPlace): void {
    if (place.kind === 'lobby') this.places.delete(session);
    else this.places.set(session, place);
  }

  backToLobby(session: ClientSession): void {
    this.places.delete(session);
  }
}
