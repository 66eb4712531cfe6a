/**
 * Entry point of a game room run in a worker thread: its own event loop and
 * heap, but the lobby's process, so a crash of the whole process takes it too.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LobbyToRoom, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { encodeRoomLogLine, type RoomLogRecord } from '../shared/protocol/room-log.js';
import { RoomRuntime } from './room-runtime.js';

if (!parentPort) {
  console.error('vimtron room worker: start me as a worker_threads Worker from the lobby');
  process.exit(2);
}
const port = parentPort;

const runtime = new RoomRuntime({
  // postMessage has no backpressure to report: the lobby's thread reads its queue.
  send: (message: RoomToLobby) => {
    port.postMessage(message);
    return true;
  },
  // The worker's stderr is a stream the lobby reads; its uncaught errors reach the lobby as the worker's error event.
  log: (record: RoomLogRecord) => process.stderr.write(encodeRoomLogLine(record, Date.now())),
  faultInjection: workerData?.faultInjection === true,
  warmUp: workerData?.warmUp === true,
  // Closing the port lets the thread's event loop drain and the worker exit with code 0.
  stopped: () => port.close(),
});

port.on('message', (message: LobbyToRoom) => runtime.handle(message));
runtime.announce();
