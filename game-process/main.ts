/**
 * Entry point of a forked game room process. It speaks with the lobby over
 * the IPC channel, and reads its players' keys from a pipe of their own when
 * it ticks. It exits as soon as the IPC channel closes, so a lobby that dies
 * for any reason leaves no room process behind.
 */
import { fstatSync } from 'node:fs';
import { EXIT_CODE_GAME_EXCEPTION, WARM_UP_ARGUMENT, type LobbyToRoom, type RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { encodeRoomLogLine, errorFields, RoomLogEvent, type RoomLogRecord } from '../shared/protocol/room-log.js';
import { KEY_PIPE_FD } from '../shared/protocol/key-pipe-records.js';
import type { Key } from '../shared/rules/types.js';
import { KeyPipe } from './key-pipe.js';
import { RoomRuntime } from './room-runtime.js';

if (typeof process.send !== 'function' || !isSocket(KEY_PIPE_FD)) {
  console.error(`vimtron game process: start me with child_process.fork from the lobby, with the key pipe on descriptor ${KEY_PIPE_FD}`);
  process.exit(2);
}

function isSocket(fd: number): boolean {
  try {
    return fstatSync(fd).isSocket();
  } catch {
    return false;
  }
}

const keys = new KeyPipe(KEY_PIPE_FD);

/**
 * process.send() returns false once the channel's unwritten backlog passes
 * Node's threshold: the lobby is not keeping up. Frames are then dropped (the
 * latest wins) instead of piling up in memory, and a tiny heartbeat goes in
 * their place to find out, from its own return value, when the backlog has
 * drained. (A write callback per message would tell too, but costs about a
 * tenth of a millisecond per tick.)
 */
let congested = false;

const runtime = new RoomRuntime({
  send: (message: RoomToLobby) => {
    if (!process.connected) return false;
    if (message.type === 'frame' && congested) {
      congested = !process.send!({ type: 'heartbeat' } satisfies RoomToLobby);
      return false;
    }
    const accepted = process.send!(message);
    if (message.type === 'frame') congested = !accepted;
    return true;
  },
  log: writeLogLine,
  faultInjection: process.env.VIMTRON_FAULT_INJECTION === '1',
  warmUp: process.argv.includes(WARM_UP_ARGUMENT),
  pollInputs: () => keys.drain(roomOnKey),
  // Disconnecting ends the process through processOnDisconnect. Deferred because
  // disconnecting inside a 'message' handler breaks Node's handling of any
  // further messages already read in the same chunk.
  stopped: () => setImmediate(() => process.connected && process.disconnect()),
});

function roomOnKey(player: number, key: Key): void {
  runtime.handle({ type: 'key', player, key });
}

/** Keys sent before a command are handled before it, as they were sent. */
function processOnMessage(message: LobbyToRoom): void {
  if (message.type !== 'create') keys.drain(roomOnKey);
  runtime.handle(message);
}

function processOnDisconnect(): void {
  runtime.dispose();
  process.exit(0);
}

/** Records go on stderr, a pipe the lobby reads: written at once (pipes are synchronous on Linux), so none is lost to an exit. */
function writeLogLine(record: RoomLogRecord): void {
  process.stderr.write(encodeRoomLogLine(record, Date.now()));
}

/** A bug in the game: say so with a distinct exit code, since a restart would only repeat it. */
function processOnUncaughtException(error: Error): void {
  writeLogLine({
    level: 'error',
    event: RoomLogEvent.Exception,
    msg: `the game logic of room process ${process.pid} threw: ${error.message}`,
    fields: { err: errorFields(error) },
  });
  process.exit(EXIT_CODE_GAME_EXCEPTION);
}

process.on('message', processOnMessage);
process.on('disconnect', processOnDisconnect);
process.on('uncaughtException', processOnUncaughtException);
runtime.announce();
