import { fork, spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { gameProcessEntry } from '../server/game-process-entry.js';
import type { LobbyToRoom, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { decodeRoomLogLine } from '../shared/protocol/room-log.js';
import { encodeKeyRecord, KEY_PIPE_FD } from '../shared/protocol/key-pipe-records.js';
import { isRunning, waitForExit } from './helpers/processes.js';
import { waitForAnswer } from './helpers/wait-for.js';

const config = { name: 'test', seats: 2, bots: 0, width: 30, height: 12, seed: 42, tickMs: 20, workMs: null };
const children: ChildProcess[] = [];

interface StartedRoom {
  readonly child: ChildProcess;
  readonly messages: RoomToLobby[];
  /** What the room wrote on its stderr, where its log records go. */
  readonly stderr: () => string;
  next(match: (message: RoomToLobby) => boolean): Promise<RoomToLobby>;
}

/** As the lobby starts a room: its key pipe on descriptor 3 (KEY_PIPE_FD), the IPC channel after it. */
function startRoom(): StartedRoom {
  const child = fork(gameProcessEntry(), [], { execArgv: [], stdio: ['ignore', 'inherit', 'pipe', 'pipe', 'ipc'] });
  children.push(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const messages: RoomToLobby[] = [];
  let waiters: (() => void)[] = [];
  child.on('message', (message: RoomToLobby) => {
    messages.push(message);
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  });
  let cursor = 0;
  const next = async (match: (message: RoomToLobby) => boolean): Promise<RoomToLobby> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      while (cursor < messages.length) {
        const message = messages[cursor++]!;
        if (match(message)) return message;
      }
      if (Date.now() > deadline) throw new Error('timed out waiting for a room message');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  return { child, messages, stderr: () => stderr, next };
}

/** Keys down the key pipe, everything else over IPC, as the lobby does. */
function send(child: ChildProcess, message: LobbyToRoom): void {
  if (message.type === 'key') (child.stdio[KEY_PIPE_FD] as Writable).write(encodeKeyRecord(message.player, message.key));
  else child.send(message);
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exitOf(child);
  }
});

describe('game process', () => {
  it('says ready, then after create reports its status and sends frames with consecutive ticks', async () => {
    const room = startRoom();
    expect(await room.next(() => true)).toEqual({ type: 'ready' });
    send(room.child, { type: 'create', config });
    expect(await room.next(() => true)).toEqual({ type: 'status', phase: 'waiting', players: 0, bots: 0, names: [] });
    const ticks: number[] = [];
    while (ticks.length < 10) {
      const message = await room.next((candidate) => candidate.type === 'frame');
      if (message.type !== 'frame') continue;
      const frame = JSON.parse(message.frame!);
      expect(frame.type).toBe('state');
      ticks.push(frame.tick);
    }
    expect(ticks).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('writes its log records on stderr, one JSON line each in pino\'s shape: that it is ready, and nothing else in a quiet game', async () => {
    const room = startRoom();
    await room.next((message) => message.type === 'ready');
    send(room.child, { type: 'create', config });
    await room.next((message) => message.type === 'frame');
    await waitForAnswer(async () => (room.stderr().endsWith('\n') ? true : null), 5000, 'the ready record');
    const lines = room.stderr().trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { level: 20, time: expect.any(Number), event: 'room_ready', warmUpMs: 0, msg: 'room runtime ready, without a warm-up' },
    ]);
    expect(decodeRoomLogLine(lines[0]!)).toEqual({ level: 'debug', event: 'room_ready', msg: 'room runtime ready, without a warm-up', fields: { warmUpMs: 0 } });
  });

  it('seats players in order, refuses one too many, and applies their keys on the next tick', async () => {
    const room = startRoom();
    await room.next((message) => message.type === 'ready');
    send(room.child, { type: 'create', config });
    send(room.child, { type: 'join', requestId: 1, name: 'ana' });
    send(room.child, { type: 'join', requestId: 2 });
    send(room.child, { type: 'join', requestId: 3, name: 'cy' });
    const first = await room.next((message) => message.type === 'joined');
    expect(first).toMatchObject({ type: 'joined', requestId: 1, player: 1, name: 'ana' });
    expect(JSON.parse((first as { snapshot: string }).snapshot)).toMatchObject({ type: 'snapshot', width: 30, height: 12 });
    expect(await room.next((message) => message.type === 'joined')).toMatchObject({ requestId: 2, player: 2, name: 'player-2' });
    expect(await room.next((message) => message.type === 'join-rejected')).toEqual({
      type: 'join-rejected',
      requestId: 3,
      code: 'GAME_FULL',
    });
    expect(room.messages).toContainEqual({ type: 'status', phase: 'waiting', players: 2, bots: 0, names: ['ana', 'player-2'] });
    send(room.child, { type: 'key', player: 1, key: 'i' });
    const frame = await room.next(
      (message) => message.type === 'frame' && JSON.parse(message.frame!).cycles[0].ready === true,
    );
    expect(JSON.parse((frame as { frame: string }).frame).cycles[1].ready).toBe(false);
  });

  it('reads its players\' keys from their pipe when it ticks, even a key whose two bytes come apart', async () => {
    const room = startRoom();
    await room.next((message) => message.type === 'ready');
    send(room.child, { type: 'create', config });
    send(room.child, { type: 'join', requestId: 1 });
    await room.next((message) => message.type === 'joined');
    const keys = room.child.stdio[KEY_PIPE_FD] as Writable;
    const [seat, key] = encodeKeyRecord(1, 'i');
    keys.write(Buffer.from([seat!]));
    // Several ticks read the pipe meanwhile and find half a key.
    await new Promise((resolve) => setTimeout(resolve, 5 * config.tickMs));
    expect(room.messages.some((message) => message.type === 'frame' && JSON.parse(message.frame!).cycles[0].ready === true)).toBe(false);
    keys.write(Buffer.from([key!]));
    const frame = await room.next((message) => message.type === 'frame' && JSON.parse(message.frame!).cycles[0].ready === true);
    expect(JSON.parse((frame as { frame: string }).frame).cycles[0]).toMatchObject({ number: 1, ready: true });
  });

  it('plays its bots inside its own ticks: the status counts them, and their keys cost no message to the lobby', async () => {
    const room = startRoom();
    await room.next((message) => message.type === 'ready');
    send(room.child, { type: 'create', config: { ...config, seats: 3, bots: 2, width: 40, height: 16 } });
    expect(await room.next((message) => message.type === 'status')).toEqual({ type: 'status', phase: 'waiting', players: 0, bots: 2, names: [] });
    send(room.child, { type: 'join', requestId: 1 });
    expect(await room.next((message) => message.type === 'joined')).toMatchObject({ player: 1 });
    send(room.child, { type: 'key', player: 1, key: 'i' });
    const started = await room.next((message) => message.type === 'frame' && message.snapshot === true && JSON.parse(message.frame!).phase === 'running');
    const from = room.messages.indexOf(started);
    // 100 ticks of racing, or fewer if the bots end the round first.
    type Frame = Extract<RoomToLobby, { type: 'frame' }>;
    const frames = (): Frame[] => room.messages.slice(from + 1).filter((message): message is Frame => message.type === 'frame');
    await room.next(() => frames().length >= 100 || frames().some((message) => JSON.parse(message.frame!).phase === 'finished'));
    const racing = frames().map((message) => JSON.parse(message.frame!) as { tick: number; cycles: { number: number; direction: string; bot: boolean }[] });
    const turns = racing.filter((frame, index) => index > 0 && frame.cycles.some((cycle, seat) => cycle.bot && cycle.direction !== racing[index - 1]!.cycles[seat]!.direction));
    expect(turns.length).toBeGreaterThan(0);
    // A frame per tick, a checkpoint every 5, a status now and then, and nothing for the bots' keys.
    const types = new Set(room.messages.slice(from + 1).map((message) => message.type));
    expect([...types].every((type) => ['frame', 'checkpoint', 'status', 'stats', 'heartbeat'].includes(type))).toBe(true);
    const others = room.messages.slice(from + 1, room.messages.indexOf(frames().at(-1)!)).filter((message) => message.type !== 'frame');
    expect(others.length).toBeLessThanOrEqual(Math.ceil(racing.length / 5) + 4);
  });

  it('exits with code 0 when asked to stop', async () => {
    const room = startRoom();
    await room.next((message) => message.type === 'ready');
    send(room.child, { type: 'create', config });
    await room.next((message) => message.type === 'frame');
    send(room.child, { type: 'stop' });
    expect(await exitOf(room.child)).toEqual({ code: 0, signal: null });
  });

  it('exits by itself when its IPC channel to the lobby disconnects', async () => {
    const room = startRoom();
    await room.next((message) => message.type === 'ready');
    send(room.child, { type: 'create', config });
    await room.next((message) => message.type === 'frame');
    room.child.disconnect();
    expect(await exitOf(room.child)).toEqual({ code: 0, signal: null });
  });

  it('exits within 2 seconds when its parent is killed with SIGKILL', async () => {
    const parent = spawn(process.execPath, ['test/fixtures/parent-of-room.mjs', gameProcessEntry()], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(parent);
    const roomPid = await new Promise<number>((resolve, reject) => {
      parent.stdout!.once('data', (data: Buffer) => resolve(Number(data.toString().trim())));
      parent.once('exit', () => reject(new Error('parent exited early')));
    });
    expect(isRunning(roomPid)).toBe(true);
    parent.kill('SIGKILL');
    await exitOf(parent);
    await waitForExit([roomPid], 2000);
  });
});
