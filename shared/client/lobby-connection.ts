import type { ClientMessage } from '../protocol/client-messages.js';
import type { ServerMessage } from '../protocol/server-messages.js';

/**
 * One WebSocket to a lobby as the clients see it, whatever carries it: the
 * `ws` package in the terminal client, the browser's own WebSocket in the
 * browser client. Messages arrive decoded (decodeServerMessage).
 */
export interface LobbyConnection {
  /** Sends one message; does nothing once the connection is closing. */
  send(message: ClientMessage): void;
  /** Closes the connection; resolves once it is closed. Idempotent. */
  close(): Promise<void>;
}

/** What a connection reports once open. Every message is decoded before it gets here. */
export interface ConnectionEvents {
  message(message: ServerMessage): void;
  /** A frame that did not decode: a bug or a version mismatch on the lobby's side. */
  malformed(problem: string): void;
  /** The lobby or the network ended the connection (never called after our own `close()`). */
  closed(reason: string): void;
}

/**
 * Opens a connection to the lobby at `url` (a `ws://` or `wss://` URL).
 * Rejects with an Error whose message says in plain words why it could not
 * (refused, unknown host, timed out, not a lobby), ready to show to a player.
 */
export type ConnectToLobby = (url: string, events: ConnectionEvents, timeoutMs: number) => Promise<LobbyConnection>;

/** Waiting for the opening handshake, TCP connect included. */
export const CONNECT_TIMEOUT_MS = 5000;

/** Why an open connection ended. */
export function describeClose(code: number, reason: string): string {
  if (code === 1001) return `the lobby shut down${reason ? ` (${reason})` : ''}`;
  if (code === 1006) return 'the connection dropped';
  return `the lobby closed the connection (code ${code}${reason ? `: ${reason}` : ''})`;
}
