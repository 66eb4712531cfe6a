import { compactFramesUrl } from '../shared/protocol/frames-url.js';
import WebSocket, { type RawData } from 'ws';
import type { ClientMessage } from '../shared/protocol/client-messages.js';
import type { ServerMessage } from '../shared/protocol/server-messages.js';
import { decodeServerMessage } from '../shared/client/decode-server-message.js';
import {
  CONNECT_TIMEOUT_MS,
  describeClose,
  type ConnectionEvents,
  type LobbyConnection as SharedLobbyConnection,
} from '../shared/client/lobby-connection.js';

export { describeClose, type ConnectionEvents } from '../shared/client/lobby-connection.js';
/** Waiting for the lobby to answer our close before the socket is cut. */
const CLOSE_TIMEOUT_MS = 1000;

/** The address of a lobby as a WebSocket URL; IPv6 addresses get their brackets. */
export function lobbyUrl(address: string, port: number): string {
  const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
  return `ws://${host}:${port}`;
}

/** A WebSocket to the lobby that speaks typed messages, over the `ws` package. */
export class LobbyConnection implements SharedLobbyConnection {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly socket: WebSocket,
    private readonly events: ConnectionEvents,
  ) {
    socket.on('message', this.socketOnMessage);
    socket.on('close', this.socketOnClose);
  }

  /**
   * Connects to the lobby at `url`. Rejects with an Error whose message says
   * in plain words why it could not (refused, unknown host, timed out, not a
   * lobby), ready to show to the player.
   */
  static open(url: string, events: ConnectionEvents, timeoutMs = CONNECT_TIMEOUT_MS): Promise<LobbyConnection> {
    return new Promise((resolve, reject) => {
      // Compact state frames: a quarter of the bytes, expanded again by decodeServerMessage.
      const socket = new WebSocket(compactFramesUrl(url), { handshakeTimeout: timeoutMs, perMessageDeflate: false });
      const socketOnOpen = (): void => {
        socket.removeListener('error', socketOnConnectError);
        // Errors after the handshake are followed by `close`, which reports them.
        socket.on('error', () => {});
        resolve(new LobbyConnection(socket, events));
      };
      const socketOnConnectError = (error: Error): void => {
        socket.removeListener('open', socketOnOpen);
        socket.on('error', () => {});
        socket.terminate();
        reject(new Error(describeConnectError(error, timeoutMs)));
      };
      socket.once('open', socketOnOpen);
      socket.once('error', socketOnConnectError);
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(message: ClientMessage): void {
    if (this.isOpen) this.socket.send(JSON.stringify(message));
  }

  /** Closes the connection; resolves once it is closed. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      this.socket.removeListener('close', this.socketOnClose);
      if (this.socket.readyState === WebSocket.CLOSED) {
        resolve();
        return;
      }
      const timer = setTimeout(() => this.socket.terminate(), CLOSE_TIMEOUT_MS);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.close(1000, 'bye');
    });
    return this.closing;
  }

  private readonly socketOnMessage = (data: RawData, isBinary: boolean): void => {
    if (isBinary) {
      this.events.malformed('the lobby sent a binary frame');
      return;
    }
    const decoded = decodeServerMessage(data.toString());
    if (decoded.ok) this.events.message(decoded.value);
    else this.events.malformed(decoded.error);
  };

  private readonly socketOnClose = (code: number, reason: Buffer): void => {
    this.events.closed(describeClose(code, reason.toString()));
  };
}

/** Why a connection attempt failed, in words a player understands. */
export function describeConnectError(error: Error, timeoutMs: number): string {
  const code = errorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is a vimtron lobby running there?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'ETIMEDOUT':
      return `no answer within ${timeoutMs / 1000} s`;
  }
  if (/handshake has timed out/i.test(error.message)) return `no answer within ${timeoutMs / 1000} s`;
  if (/unexpected server response/i.test(error.message)) {
    return `something answered, but it is not a vimtron lobby (${error.message})`;
  }
  return error.message || code || 'unknown error';
}

function errorCode(error: Error): string | undefined {
  const withCode = error as Error & { code?: unknown; errors?: unknown };
  if (typeof withCode.code === 'string') return withCode.code;
  // Node's happy-eyeballs connect reports an AggregateError of one error per address tried.
  if (Array.isArray(withCode.errors)) {
    for (const inner of withCode.errors) {
      const innerCode = (inner as { code?: unknown }).code;
      if (typeof innerCode === 'string') return innerCode;
    }
  }
  return undefined;
}
