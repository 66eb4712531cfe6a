import type { Socket } from 'node:net';
import WebSocket from 'ws';

/** A WebSocket client that does not read its socket until told to, as a hostile or stuck client does. */
export interface NonReader {
  readonly socket: WebSocket;
  /** Every message read so far, parsed: nothing until `resumeReading`. */
  readonly messages: { type: string; [field: string]: any }[];
  /** Reads again: what waited arrives in `messages`. */
  resumeReading(): void;
  /** Stops reading again. */
  pauseReading(): void;
  /** Starts reading again and resolves with the close code once everything waiting was read. */
  drainAndClose(): Promise<number>;
}

/** Connects, and stops reading the socket as soon as it is open. */
export function nonReader(port: number, options: WebSocket.ClientOptions = {}, path = '/'): Promise<NonReader> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, options);
    const closed = new Promise<number>((resolveClose) => socket.once('close', resolveClose));
    const messages: NonReader['messages'] = [];
    socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
    socket.once('error', reject);
    socket.once('open', () => {
      const raw = (socket as unknown as { _socket: Socket })._socket;
      raw.pause();
      resolve({
        socket,
        messages,
        resumeReading: () => raw.resume(),
        pauseReading: () => raw.pause(),
        drainAndClose: () => {
          raw.resume();
          return closed;
        },
      });
    });
  });
}
