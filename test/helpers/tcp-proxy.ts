import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay on 127.0.0.1 in front of a lobby, for cutting a client's
 * connection the way a network does, with no hook in the lobby: `stop()`
 * destroys every relayed connection and stops listening (new connects are
 * refused), `start()` listens again on the same port.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  private constructor(private targetPort: number) {}

  /** A relay to `targetPort` (0: none yet, see `pointAt`), listening on a free port. */
  static async open(targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetPort);
    await proxy.start();
    return proxy;
  }

  get listeningPort(): number {
    return this.port;
  }

  /** Connections relayed now: one pair of sockets counts as one. */
  get connections(): number {
    return this.sockets.size / 2;
  }

  /** Relays new connections to `port`: for a lobby that must know the relay's port before it starts. */
  pointAt(port: number): void {
    this.targetPort = port;
  }

  /** Listens (again) on the port of the first start. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer(this.serverOnConnection);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Cuts every relayed connection at once (no close frame, no FIN handshake to wait for) and stops listening. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private readonly serverOnConnection = (client: Socket): void => {
    const lobby = createConnection({ host: '127.0.0.1', port: this.targetPort });
    for (const [socket, other] of [
      [client, lobby],
      [lobby, client],
    ] as const) {
      this.sockets.add(socket);
      socket.pipe(other);
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        this.sockets.delete(socket);
        other.destroy();
      });
    }
  };
}
