import { decodeServerMessage } from '../shared/client/decode-server-message.js';
import { describeClose, type ConnectionEvents, type ConnectToLobby, type LobbyConnection } from '../shared/client/lobby-connection.js';
import type { ClientMessage } from '../shared/protocol/client-messages.js';
import { compactFramesUrl } from '../shared/protocol/frames-url.js';

/** Waiting for the lobby to answer our close before the socket is let go. */
const CLOSE_TIMEOUT_MS = 1000;

/**
 * The lobby's WebSocket URL for a page it served: the same host and port,
 * `wss:` when the page came over HTTPS (a proxy in front of the lobby).
 */
export function lobbyUrlOfPage(location: { readonly protocol: string; readonly host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;
}

/**
 * Opens a connection to the lobby with the browser's own WebSocket, asking
 * for compact state frames (expanded again by decodeServerMessage). A
 * browser tells a page nothing about why a connection failed (refused,
 * unknown host and a proxy's 404 all look alike), so neither does this.
 */
export const connectInBrowser: ConnectToLobby = (url, events, timeoutMs) =>
  new Promise((resolve, reject) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(compactFramesUrl(url));
    } catch (error) {
      reject(new Error(`not a WebSocket URL: ${url} (${(error as Error).message})`));
      return;
    }
    const timer = setTimeout(() => {
      socket.onopen = socket.onclose = null;
      socket.close();
      reject(new Error(`no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    socket.onopen = () => {
      clearTimeout(timer);
      resolve(new BrowserLobbyConnection(socket, events));
    };
    socket.onclose = () => {
      clearTimeout(timer);
      reject(new Error('could not connect (is a vimtron lobby running there?)'));
    };
  });

class BrowserLobbyConnection implements LobbyConnection {
  private closing: Promise<void> | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly events: ConnectionEvents,
  ) {
    socket.onmessage = this.socketOnMessage;
    socket.onclose = this.socketOnClose;
  }

  send(message: ClientMessage): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) {
        resolve();
        return;
      }
      // A browser cannot cut a socket itself; after the wait the socket is simply left to the browser.
      const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
      this.socket.onclose = () => {
        clearTimeout(timer);
        resolve();
      };
      this.socket.onmessage = null;
      this.socket.close(1000, 'bye');
    });
    return this.closing;
  }

  private readonly socketOnMessage = (event: MessageEvent): void => {
    if (typeof event.data !== 'string') {
      this.events.malformed('the lobby sent a binary frame');
      return;
    }
    const decoded = decodeServerMessage(event.data);
    if (decoded.ok) this.events.message(decoded.value);
    else this.events.malformed(decoded.error);
  };

  private readonly socketOnClose = (event: CloseEvent): void => {
    this.events.closed(describeClose(event.code, event.reason));
  };
}
