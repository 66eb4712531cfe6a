/**
 * Entry point of a forked game room process. It speaks only over the IPC
 * channel to the lobby and exits as soon as that channel closes, so a lobby
 * that dies for any reason leaves no room process behind.
 */
import type { LobbyToRoom, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { RoomRuntime } from './room-runtime.js';

if (typeof process.send !== 'function') {
  console.error('vimtron game process: start me with child_process.fork from the lobby');
  process.exit(2);
}

const runtime = new RoomRuntime({
  send: (message: RoomToLobby) => {
    if (process.connected) process.send!(message);
  },
  // Disconnecting ends the process through processOnDisconnect. Deferred because
  // disconnecting inside a 'message' handler breaks Node's handling of any
  // further messages already read in the same chunk.
  stopped: () => setImmediate(() => process.connected && process.disconnect()),
});

function processOnDisconnect(): void {
  runtime.dispose();
  process.exit(0);
}

process.on('message', (message: LobbyToRoom) => runtime.handle(message));
process.on('disconnect', processOnDisconnect);
runtime.announce();
