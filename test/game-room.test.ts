import { afterEach, describe, expect, it, vi } from 'vitest';
import { GameRoom } from '../game-process/game-room.js';
import type { RoomConfig, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { createGame, seatPlayer, toCheckpoint } from '../shared/rules/index.js';

const config: RoomConfig = { name: 'unit', seats: 2, bots: 0, width: 30, height: 12, seed: 7, tickMs: 100, workMs: null };

afterEach(() => {
  vi.useRealTimers();
});

function frames(sent: RoomToLobby[]): { type: string; tick: number }[] {
  return sent.flatMap((message) => (message.type === 'frame' && message.frame !== undefined ? [JSON.parse(message.frame)] : []));
}

/** A room whose messages to the lobby are all kept, none refused. */
function recordingRoom(roomConfig: RoomConfig): { room: GameRoom; sent: RoomToLobby[] } {
  const sent: RoomToLobby[] = [];
  const room = new GameRoom(roomConfig, (message) => {
    sent.push(message);
    return true;
  });
  return { room, sent };
}

describe('game room', () => {
  it('sends a snapshot as the next frame after the channel refused one, so no wall change is lost', () => {
    vi.useFakeTimers();
    const sent: RoomToLobby[] = [];
    let congested = false;
    const room = new GameRoom(config, (message) => {
      if (congested && message.type === 'frame') return false;
      sent.push(message);
      return true;
    });
    room.start();
    vi.advanceTimersByTime(200);
    congested = true;
    vi.advanceTimersByTime(300);
    congested = false;
    vi.advanceTimersByTime(200);
    room.dispose();
    expect(frames(sent).map((frame) => `${frame.type}:${frame.tick}`)).toEqual([
      'state:1',
      'state:2',
      'snapshot:6',
      'state:7',
    ]);
  });

  it('resumes from a checkpoint with a snapshot of exactly that state, then ticks on from it', () => {
    vi.useFakeTimers();
    const seated = seatPlayer(createGame({ seats: 2, width: 30, height: 12, seed: 7 }));
    if (!seated.ok) throw new Error('seat expected');
    const checkpoint = toCheckpoint({ ...seated.state, tick: 500 });
    const sent: RoomToLobby[] = [];
    const room = new GameRoom(config, (message) => {
      sent.push(message);
      return true;
    }, checkpoint);
    room.start();
    vi.advanceTimersByTime(200);
    room.dispose();
    const [first, second] = frames(sent);
    expect(first).toMatchObject({ type: 'snapshot', tick: 501 });
    expect(second).toMatchObject({ type: 'state', tick: 502 });
    expect(sent[0]).toEqual({ type: 'status', phase: 'waiting', players: 1, bots: 0, names: ['player-1'] });
  });

  it('checkpoints every five ticks and whenever a seat changes', () => {
    vi.useFakeTimers();
    const { room, sent } = recordingRoom(config);
    room.start();
    room.handle({ type: 'join', requestId: 1 });
    vi.advanceTimersByTime(1000);
    room.dispose();
    const checkpoints = sent.flatMap((message) => (message.type === 'checkpoint' ? [message.checkpoint.tick] : []));
    expect(checkpoints).toEqual([0, 5, 10]);
  });

  it('encodes only the frame formats its players want: one frame per tick for compact players alone', () => {
    vi.useFakeTimers();
    const { room, sent } = recordingRoom(config);
    room.start();
    const framesOfNextTick = (): Extract<RoomToLobby, { type: 'frame' }> => {
      sent.length = 0;
      vi.advanceTimersByTime(100);
      const ticked = sent.filter((message) => message.type === 'frame');
      expect(ticked).toHaveLength(1);
      return ticked[0] as Extract<RoomToLobby, { type: 'frame' }>;
    };
    // Until told otherwise: full frames only.
    expect(Object.keys(framesOfNextTick()).sort()).toEqual(['frame', 'type']);
    room.handle({ type: 'frames', full: false, compact: true });
    const compactOnly = framesOfNextTick();
    expect(Object.keys(compactOnly).sort()).toEqual(['compact', 'type']);
    expect(JSON.parse(compactOnly.compact!)).toMatchObject({ type: 's' });
    room.handle({ type: 'frames', full: true, compact: true });
    expect(Object.keys(framesOfNextTick()).sort()).toEqual(['compact', 'frame', 'type']);
    room.handle({ type: 'frames', full: false, compact: false });
    expect(framesOfNextTick()).toEqual({ type: 'frame' });
    room.dispose();
  });

  it('frees a seat at once on leave, so a join right after takes it', () => {
    vi.useFakeTimers();
    const { room, sent } = recordingRoom({ ...config, seats: 1 });
    room.start();
    room.handle({ type: 'join', requestId: 1 });
    room.handle({ type: 'leave', player: 1 });
    room.handle({ type: 'join', requestId: 2 });
    room.dispose();
    expect(sent.filter((message) => message.type === 'joined' || message.type === 'join-rejected').map((message) => message.type)).toEqual([
      'joined',
      'joined',
    ]);
  });

  it('frees the seat granted to a join request the lobby cancelled, before the next request', () => {
    vi.useFakeTimers();
    const { room, sent } = recordingRoom({ ...config, seats: 1 });
    room.start();
    room.handle({ type: 'join', requestId: 1 });
    room.handle({ type: 'cancel-join', requestId: 1 });
    room.handle({ type: 'join', requestId: 2 });
    room.handle({ type: 'cancel-join', requestId: 99 });
    room.dispose();
    const answers = sent.flatMap((message) => (message.type === 'joined' ? [[message.requestId, message.player]] : []));
    expect(answers).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(sent.filter((message) => message.type === 'status').at(-1)).toEqual({
      type: 'status',
      phase: 'waiting',
      players: 1,
      bots: 0,
      names: ['player-1'],
    });
  });

  it('seats a player under the name the lobby passed on, made unique, and reports who sits where', () => {
    vi.useFakeTimers();
    const { room, sent } = recordingRoom({ ...config, seats: 3 });
    room.start();
    room.handle({ type: 'join', requestId: 1, name: 'Ana' });
    room.handle({ type: 'join', requestId: 2, name: 'ana' });
    room.handle({ type: 'join', requestId: 3 });
    room.handle({ type: 'leave', player: 1 });
    room.dispose();
    expect(sent.flatMap((message) => (message.type === 'joined' ? [[message.player, message.name]] : []))).toEqual([
      [1, 'Ana'],
      [2, 'ana-2'],
      [3, 'player-3'],
    ]);
    expect(sent.flatMap((message) => (message.type === 'status' ? [message.names] : []))).toEqual([
      [],
      ['Ana'],
      ['Ana', 'ana-2'],
      ['Ana', 'ana-2', 'player-3'],
      ['ana-2', 'player-3'],
    ]);
  });

  it('carries the seats in a frame only on a tick when a name or a score changed, in both formats', () => {
    vi.useFakeTimers();
    const { room, sent } = recordingRoom({ ...config, seats: 1 });
    room.start();
    room.handle({ type: 'frames', full: true, compact: true });
    vi.advanceTimersByTime(100);
    room.handle({ type: 'join', requestId: 1, name: 'ana' });
    vi.advanceTimersByTime(200);
    const ticks = sent.filter((message): message is Extract<RoomToLobby, { type: 'frame' }> => message.type === 'frame');
    const seatsOf = (text: string | undefined) => (JSON.parse(text!) as { seats?: unknown }).seats;
    expect(ticks.map((frame) => [seatsOf(frame.frame), seatsOf(frame.compact)])).toEqual([
      [undefined, undefined],
      [[{ number: 1, name: 'ana', wins: 0, crashes: 0 }], [{ number: 1, name: 'ana', wins: 0, crashes: 0 }]],
      [undefined, undefined],
    ]);
    // A practice round: ready, the countdown, then straight into the border until the crash is counted.
    room.handle({ type: 'key', player: 1, key: 'i' });
    sent.length = 0;
    vi.advanceTimersByTime(100 * 200);
    room.dispose();
    const states = frames(sent).filter((frame) => frame.type === 'state') as { seats?: unknown }[];
    const withSeats = states.filter((frame) => frame.seats !== undefined);
    expect(withSeats).toHaveLength(1);
    expect(withSeats[0]).toMatchObject({ type: 'state', phase: 'finished', seats: [{ number: 1, name: 'ana', wins: 0, crashes: 1 }] });
  });
});
