import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import { CloseCode } from '../shared/protocol/close-codes.js';
import { ConnectionAdmission, type AdmissionVerdict } from './connection-admission.js';
import { answerRoute, refuse, type HttpRoutes } from './http-routes.js';
import type { LobbyOptions } from './lobby-options.js';
import { addressKey } from './remote-address.js';
import { parseRequestTarget } from './request-target.js';
import { describeError, type ThrottledLog } from './throttled-log.js';

/** A socket refused for a cap gets this long to ask something, so that it can be told why. */
const REFUSAL_GRACE_MS = 2000;
/** After `close()`, a client that does not answer the close handshake is cut after this long (ws's default: 30 s). */
const CLOSE_HANDSHAKE_MS = 5000;

/** A WebSocket admitted to the lobby, with what its handshake asked for. */
export interface AcceptedWebSocket {
  readonly socket: WebSocket;
  /** The key per-address limits count it under. */
  readonly address: string;
  /** Asked for compact state frames (`/?frames=compact`). */
  readonly compact: boolean;
}

/** What one listener serves, and where. */
export interface HttpFrontSetup {
  /** What the listener is, for log lines: `lobby` or `admin`. */
  readonly name: string;
  readonly routes: HttpRoutes;
  /** Takes the WebSockets admitted at `/`; absent, the listener refuses every handshake with 404. */
  readonly onWebSocket?: (accepted: AcceptedWebSocket) => void;
  /** Hears of every socket refused or cut for a cap, as it is accepted, with the address key it counts under. */
  readonly onRefusal?: (verdict: Exclude<AdmissionVerdict, 'admitted'>, address: string) => void;
}

/**
 * One listening port of the lobby: admission of every socket (per-address
 * and total caps), header and request timeouts, the plain HTTP routes, and
 * (on the public port) the WebSocket handshake. Nothing a client sends can
 * throw out of here: a failure closes that one connection (HTTP 500 or 400,
 * WebSocket 1011) and is logged. The public port and the admin port are two
 * of these, with the same limits and their own counts.
 */
export class HttpFront {
  private readonly http: Server;
  private readonly wss: WebSocketServer | null;
  private readonly admission: ConnectionAdmission;
  /** Sockets accepted over a cap, and which: they are told so when they ask. */
  private readonly refusals = new WeakMap<Duplex, AdmissionVerdict>();
  private listenedPort: number | null = null;

  constructor(
    options: LobbyOptions,
    private readonly setup: HttpFrontSetup,
    private readonly internalErrors: ThrottledLog,
  ) {
    this.admission = new ConnectionAdmission(options);
    this.http = createServer(
      {
        headersTimeout: options.headersTimeoutMs,
        requestTimeout: options.requestTimeoutMs,
        // Node looks for requests over their timeouts only this often (30 s by default).
        connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs),
      },
      this.httpOnRequest,
    );
    this.http.on('connection', this.httpOnConnection);
    this.http.on('upgrade', this.httpOnUpgrade);
    // The pinned ws takes closeTimeout; its type declarations (@types/ws 8.18) do not list it yet.
    const wsOptions: ServerOptions & { readonly closeTimeout: number } = {
      noServer: true,
      clientTracking: false,
      maxPayload: options.maxFrameBytes,
      perMessageDeflate: false,
      closeTimeout: CLOSE_HANDSHAKE_MS,
      // Pings are answered by the session, under the rate limit and the outbound budget.
      autoPong: false,
    };
    this.wss = setup.onWebSocket ? new WebSocketServer(wsOptions) : null;
  }

  /** The port listened on (kept after closing); throws before listening. */
  get port(): number {
    if (this.listenedPort === null) throw new Error(`the ${this.setup.name} listener has not listened yet`);
    return this.listenedPort;
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.http.once('error', onError);
      this.http.listen(port, host, () => {
        this.http.removeListener('error', onError);
        this.listenedPort = (this.http.address() as AddressInfo).port;
        // Once listening, a server error (an accept failing, say) is logged, never thrown.
        this.http.on('error', (error) =>
          this.internalErrors.write({ event: 'internal_error', err: error }, `${this.setup.name} server error: ${describeError(error)}`),
        );
        resolve();
      });
    });
  }

  /** Stops accepting; resolves once every plain HTTP connection is gone (WebSockets are the lobby's to close). */
  async close(): Promise<void> {
    this.wss?.close();
    // A listener that never listened has nothing to close.
    if (!this.http.listening) return;
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeAllConnections();
    await closed;
  }

  /** Every socket is counted from the moment it is accepted, before a byte is read. */
  private readonly httpOnConnection = (socket: Socket): void => {
    const address = addressKey(socket.remoteAddress);
    const ticket = this.admission.admit(address);
    if (ticket.verdict !== 'admitted') this.setup.onRefusal?.(ticket.verdict, address);
    if (ticket.verdict === 'cut') {
      socket.destroy();
      return;
    }
    socket.once('close', ticket.release);
    if (ticket.verdict !== 'admitted') {
      this.refusals.set(socket, ticket.verdict);
      socket.setTimeout(REFUSAL_GRACE_MS, () => socket.destroy());
    }
  };

  private readonly httpOnRequest = (request: IncomingMessage, response: ServerResponse): void => {
    try {
      const refusal = this.refusals.get(request.socket);
      if (refusal === 'too-many-from-address') {
        refuse(request, response, 429, 'too many connections from your address', { close: true });
      } else if (refusal === 'too-many-in-total') {
        refuse(request, response, 503, 'the server has too many connections; try again later', { close: true });
      } else {
        const answering = answerRoute(request, response, this.setup.routes);
        if (answering) answering.catch((error: unknown) => this.failedToAnswer(request, response, error));
      }
    } catch (error) {
      this.failedToAnswer(request, response, error);
    }
  };

  private failedToAnswer(request: IncomingMessage, response: ServerResponse, error: unknown): void {
    this.internalErrors.write(
      { event: 'internal_error', err: error },
      `internal error answering HTTP ${request.method ?? '?'} request on the ${this.setup.name} port: ${describeError(error)}`,
    );
    if (response.headersSent) response.destroy();
    else refuse(request, response, 500, 'internal error', { close: true });
  }

  /**
   * A WebSocket handshake: only `/` (with an optional query) upgrades; ws
   * checks the handshake headers and answers 400 itself when they are wrong.
   */
  private readonly httpOnUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Node hands the socket over without an error listener; a reset now must not become an uncaught error.
    socket.on('error', () => socket.destroy());
    try {
      const target = parseRequestTarget(request.url);
      if (!target.ok) {
        refuseUpgrade(socket, 400, 'Bad Request', target.error);
        return;
      }
      if (!this.wss) {
        refuseUpgrade(socket, 404, 'Not Found', 'this port takes no WebSocket connections; players connect to the lobby\'s public port');
        return;
      }
      const wss = this.wss;
      if (target.value.path !== '/') {
        refuseUpgrade(socket, 404, 'Not Found', 'WebSocket connections go to /');
        return;
      }
      // Node's parser requires Host of a plain HTTP/1.1 request, but not of an upgrade.
      if (request.headers.host === undefined && request.httpVersion !== '1.0') {
        refuseUpgrade(socket, 400, 'Bad Request', 'an HTTP/1.1 request needs a Host header');
        return;
      }
      const compact = target.value.query.get('frames') === 'compact';
      const refusal = this.refusals.get(socket);
      wss.handleUpgrade(request, socket, head, (webSocket) => {
        webSocket.on('error', () => {
          // Protocol errors (bad frames, frames over maxPayload, invalid UTF-8) are followed by a close; ws picks the code.
        });
        if (refusal === 'too-many-in-total') webSocket.close(CloseCode.TryAgainLater, 'server has too many connections');
        else if (refusal === 'too-many-from-address') webSocket.close(CloseCode.TooManyFromAddress, 'too many connections from your address');
        else this.accept({ socket: webSocket, address: addressKey(request.socket.remoteAddress), compact });
      });
    } catch (error) {
      this.internalErrors.write({ event: 'internal_error', err: error }, `internal error during a WebSocket handshake: ${describeError(error)}`);
      socket.destroy();
    }
  };

  private accept(accepted: AcceptedWebSocket): void {
    try {
      this.setup.onWebSocket?.(accepted);
    } catch (error) {
      this.internalErrors.write(
        { event: 'internal_error', err: error },
        `internal error while accepting a connection: ${describeError(error)}; closed it with 1011`,
      );
      accepted.socket.close(CloseCode.InternalError, 'internal error');
    }
  }
}

/** Answers a handshake that will not be upgraded with a plain HTTP status, then closes the socket. */
function refuseUpgrade(socket: Duplex, status: number, statusText: string, reason: string): void {
  const body = `${status} ${reason}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
