/**
 * Entry point of a forked game room process. It speaks only over the IPC
 * channel to the lobby and exits as soon as that channel closes, so a lobby
 * that dies for any reason leaves no room process behind.
 */
import type { LobbyToRoom, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { GameRoom } from './game-room.js';

if (typeof process.send !== 'function') {
  console.error('vimtron game process: start me with child_process.fork from the lobby');
  process.exit(2);
}

let room: GameRoom | undefined;

function sendToLobby(message: RoomToLobby): void {
  if (process.connected) process.send!(message);
}

function processOnMessage(message: LobbyToRoom): void {
  switch (message.type) {
    case 'create':
      if (room) throw new Error('game process received a second create message');
      room = new GameRoom(message.config, sendToLobby);
      room.start();
      return;
    case 'stop':
      room?.dispose();
      process.disconnect();
      return;
    default:
      if (!room) throw new Error(`game process received ${message.type} before create`);
      room.handle(message);
  }
}

function processOnDisconnect(): void {
  room?.dispose();
  process.exit(0);
}

process.on('message', processOnMessage);
process.on('disconnect', processOnDisconnect);
sendToLobby({ type: 'ready' });
