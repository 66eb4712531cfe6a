import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessRoomHost } from '../server/process-room-host.js';
import type { RoomChannel, RoomExit, RoomListener } from '../server/room-host.js';
import type { RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { isRunning, waitForExit } from './helpers/processes.js';
import { waitFor } from './helpers/wait-for.js';

interface Started {
  readonly channel: RoomChannel;
  readonly messages: RoomToLobby[];
  readonly exits: RoomExit[];
}

const started: Started[] = [];

function start(host: ProcessRoomHost, priority: 'new' | 'spare'): Started {
  const messages: RoomToLobby[] = [];
  const exits: RoomExit[] = [];
  const listener: RoomListener = {
    onMessage: (message) => messages.push(message),
    onExit: (exit) => exits.push(exit),
    onLog: () => {},
  };
  const room = { channel: host.create(listener, priority), messages, exits };
  started.push(room);
  return room;
}

afterEach(async () => {
  const pids = started.map((room) => room.channel.pid).filter((pid): pid is number => pid !== null);
  for (const room of started.splice(0)) room.channel.dispose();
  await waitForExit(pids, 5000);
});

describe('ProcessRoomHost priorities', () => {
  it('starts a room a player waits for at the lobby\'s priority, and runs it 5 below once it is ready', async () => {
    const lobbyPriority = getPriority();
    const room = start(new ProcessRoomHost(), 'new');
    const pid = room.channel.pid!;
    // Nothing from the child can have been read yet: this is the priority it starts with.
    expect(getPriority(pid)).toBe(lobbyPriority);
    await waitFor(() => room.messages.some((message) => message.type === 'ready'), 10_000, 'ready');
    expect(getPriority(pid)).toBe(Math.min(19, lobbyPriority + 5));
  });

  it('runs a warm-pool spare 5 below the lobby from its start, since nobody waits for it', async () => {
    const lobbyPriority = getPriority();
    const room = start(new ProcessRoomHost(), 'spare');
    const pid = room.channel.pid!;
    expect(getPriority(pid)).toBe(Math.min(19, lobbyPriority + 5));
    await waitFor(() => room.messages.some((message) => message.type === 'ready'), 10_000, 'ready');
    expect(getPriority(pid)).toBe(Math.min(19, lobbyPriority + 5));
    room.channel.dispose();
    await waitFor(() => room.exits.length === 1, 5000, 'exit');
    expect(room.exits[0]).toMatchObject({ planned: true, cause: 'stopped' });
    expect(isRunning(pid)).toBe(false);
  });
});
