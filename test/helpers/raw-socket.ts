import { connect, type Socket } from 'node:net';

/** What came back on a raw TCP connection before it closed or the deadline passed. */
export interface RawExchange {
  /** The HTTP status of the first response line, if one came. */
  readonly status: number | null;
  /** Everything received, as latin1 text. */
  readonly text: string;
  /** The server closed the connection (rather than the deadline passing). */
  readonly closedByServer: boolean;
}

/** Opens a TCP connection to 127.0.0.1 (from `localAddress` if given) and resolves once it is connected. */
export function openRawSocket(port: number, localAddress?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      socket.on('error', () => {});
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/**
 * Sends bytes exactly as given (no HTTP client in between to tidy them up)
 * and collects the answer until the server closes or `timeoutMs` passes.
 * The socket is destroyed either way.
 */
export async function rawExchange(
  port: number,
  bytes: string | Buffer,
  { timeoutMs = 3000, localAddress }: { timeoutMs?: number; localAddress?: string } = {},
): Promise<RawExchange> {
  const socket = await openRawSocket(port, localAddress);
  return collect(socket, bytes, timeoutMs);
}

export function collect(socket: Socket, bytes: string | Buffer | null, timeoutMs: number): Promise<RawExchange> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let closedByServer = false;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : null, text, closedByServer });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('close', () => {
      closedByServer = true;
      finish();
    });
    if (bytes !== null) socket.write(bytes);
  });
}

/** A well-formed WebSocket handshake for `target`, with extra header lines if given. */
export function upgradeRequest(target: string, extraHeaders: readonly string[] = []): string {
  return [
    `GET ${target} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...extraHeaders,
    '',
    '',
  ].join('\r\n');
}
