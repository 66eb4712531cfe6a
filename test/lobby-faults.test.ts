import { afterEach, describe, expect, it } from 'vitest';
import type { Lobby } from '../server/lobby.js';
import type { LobbyOptions } from '../server/lobby-options.js';
import { defaultRoomHostOptions } from '../server/room-host.js';
import type { RoomHostKind } from '../server/room-hosts.js';
import { useLobbies } from './helpers/lobby-harness.js';
import { isRunning, waitForExit } from './helpers/processes.js';
import type { Received, TestClient } from './helpers/test-client.js';
import { waitFor } from './helpers/wait-for.js';

const startLobby = useLobbies();

function faultyLobby(kind: RoomHostKind, options: Partial<LobbyOptions> = {}) {
  return startLobby(options, { rooms: kind, hostOptions: { ...defaultRoomHostOptions, heapMb: 32, faultInjection: true } });
}

/** Records a bystander room's ticks while something else goes wrong, to prove it kept its cadence. */
async function watchCadence(client: TestClient, during: () => Promise<void>): Promise<{ ticks: number[]; worstGapMs: number }> {
  const ticks: number[] = [];
  const arrivals: number[] = [];
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const state = await client.next('state', 10_000);
      ticks.push(state.tick);
      arrivals.push(performance.now());
    }
  })();
  await during();
  watching = false;
  await watcher;
  let worstGapMs = 0;
  for (let index = 1; index < arrivals.length; index++) {
    worstGapMs = Math.max(worstGapMs, arrivals[index]! - arrivals[index - 1]!);
  }
  return { ticks, worstGapMs };
}

function consecutive(ticks: number[]): boolean {
  return ticks.every((tick, index) => index === 0 || tick === ticks[index - 1]! + 1);
}

async function nextNotice(client: TestClient): Promise<Received> {
  return client.next((message) => message.type === 'resuming' || message.type === 'error', 10_000);
}

describe.each(['process', 'thread'] as const)('room faults with %s rooms', (kind) => {
  it('ends a game whose logic throws with GAME_CRASHED and does not resume it, while another room keeps its cadence', async () => {
    const { lobby, connect, log } = await faultyLobby(kind);
    const victim = await connect();
    const bystander = await connect();
    await victim.request({ type: 'create', players: 2, name: 'buggy' });
    await victim.next('state');
    const pid = lobby.roomPid('buggy');
    await bystander.request({ type: 'create', players: 2, name: 'calm' });
    await bystander.next('state');
    const cadence = await watchCadence(bystander, async () => {
      lobby.injectFault('buggy', 'throw');
      expect(await nextNotice(victim)).toEqual({
        type: 'error',
        code: 'GAME_CRASHED',
        message: 'game "buggy" stopped unexpectedly (the game logic failed with an exception); you are back in the lobby',
      });
    });
    expect(consecutive(cadence.ticks)).toBe(true);
    expect(cadence.worstGapMs).toBeLessThan(500);
    expect(log.of('game_ended')).toEqual([
      expect.objectContaining({ level: 50, game: 'buggy', pid, reason: 'crashed', detail: 'the game logic failed with an exception' }),
    ]);
    expect(log.of('room_resumed')).toEqual([]);
    expect((await victim.request({ type: 'list' })).games.map((game: { name: string }) => game.name)).toEqual(['calm']);
    // The room's own stack trace is the operator's to read in the lobby's log, with its game and pid, before the game's end.
    const exception = log.of('room_exception');
    expect(exception).toEqual([
      expect.objectContaining({
        level: 50,
        game: 'buggy',
        pid,
        err: expect.objectContaining({ type: 'Error', message: 'injected fault: the game logic threw', stack: expect.stringContaining('at ') }),
      }),
    ]);
    expect(log.lines.indexOf(exception[0]!)).toBeLessThan(log.lines.indexOf(log.of('game_ended')[0]!));
  });

  it('resumes a game whose room ran out of memory, from its checkpoint, with its players still seated', async () => {
    const { lobby, connect, log } = await faultyLobby(kind);
    const victim = await connect();
    const bystander = await connect();
    await victim.request({ type: 'create', players: 2, name: 'greedy' });
    const before = await victim.next('state');
    const pid = lobby.roomPid('greedy');
    await bystander.request({ type: 'create', players: 2, name: 'calm' });
    await bystander.next('state');
    const cadence = await watchCadence(bystander, async () => {
      lobby.injectFault('greedy', 'oom');
      expect(await nextNotice(victim)).toEqual({
        type: 'resuming',
        message: expect.stringMatching(/^the game stopped \(room process ran out of memory\); it resumes in a moment from tick \d+$/),
      });
      const snapshot = await victim.next('snapshot', 10_000);
      expect(snapshot.tick).toBeGreaterThanOrEqual(before.tick);
      expect(snapshot.cycles[0]).toMatchObject({ number: 1, seated: true });
    });
    expect(consecutive(cadence.ticks)).toBe(true);
    expect(log.of('room_crashed')).toEqual([expect.objectContaining({ game: 'greedy', pid, cause: 'out-of-memory', detail: 'room process ran out of memory' })]);
    expect(log.of('room_resumed')).toEqual([
      expect.objectContaining({ level: 40, game: 'greedy', pid: lobby.roomPid('greedy'), previousPid: pid, detail: 'room process ran out of memory' }),
    ]);
    // A process's V8 reports the heap limit on its stderr, which the lobby logs line by line as the room's; a
    // thread's limit is an error event, with nothing to print.
    const output = log.of('room_output');
    if (kind === 'process') {
      expect(output.some((line) => line.msg.includes('JavaScript heap out of memory'))).toBe(true);
      expect(output.every((line) => line.game === 'greedy' && line.pid === pid && line.level === 50 && line.stream === 'stderr')).toBe(true);
    } else {
      expect(output).toEqual([]);
    }
    // Still playable after the resume.
    victim.send({ type: 'key', key: 'i' });
    await victim.next((message) => message.type === 'state' && message.cycles[0].ready === true);
  });

  it('kills a room that hangs within about a second of its last tick and resumes it', async () => {
    const { lobby, connect, log } = await faultyLobby(kind);
    const victim = await connect();
    const bystander = await connect();
    await victim.request({ type: 'create', players: 2, name: 'stuck' });
    await victim.next('state');
    await bystander.request({ type: 'create', players: 2, name: 'calm' });
    await bystander.next('state');
    let detectedAfterMs = 0;
    const cadence = await watchCadence(bystander, async () => {
      lobby.injectFault('stuck', 'hang');
      const lastFrame = await victim.next('state');
      const hungSince = performance.now();
      void lastFrame;
      const notice = await nextNotice(victim);
      detectedAfterMs = performance.now() - hungSince;
      expect(notice).toEqual({
        type: 'resuming',
        message: expect.stringMatching(/^the game stopped \(room process stopped answering and was killed\); it resumes/),
      });
      await victim.next('snapshot', 10_000);
    });
    expect(detectedAfterMs).toBeLessThan(3000);
    expect(consecutive(cadence.ticks)).toBe(true);
    expect(cadence.worstGapMs).toBeLessThan(500);
    expect(log.of('room_crashed')).toEqual([expect.objectContaining({ game: 'stuck', cause: 'hung', detail: 'room process stopped answering and was killed' })]);
    expect(log.of('room_resumed')).toEqual([expect.objectContaining({ game: 'stuck', detail: 'room process stopped answering and was killed' })]);
  });
});

/** Stops a room process the moment it appears, before it can say it is ready. */
async function stopRoomAsItStarts(lobby: Lobby, except: readonly number[] = []): Promise<number> {
  const deadline = performance.now() + 5000;
  for (;;) {
    const pid = lobby.roomPids().find((candidate) => !except.includes(candidate));
    if (pid !== undefined) {
      process.kill(pid, 'SIGSTOP');
      stoppedRooms.push(pid);
      return pid;
    }
    if (performance.now() > deadline) throw new Error('no room process appeared');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const stoppedRooms: number[] = [];
afterEach(() => {
  // A room process stopped on purpose and somehow still there is ours to end.
  for (const pid of stoppedRooms.splice(0)) {
    if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  }
});

describe('rooms that hang while starting', () => {
  it('kills a room that is not ready by the start deadline and starts it once more: the creator is seated', async () => {
    // Long enough for the second process to start on a busy machine.
    const { lobby, connect, log } = await startLobby({ startTimeoutMs: 3000 });
    const creator = await connect();
    creator.send({ type: 'create', players: 2, name: 'frozen' });
    const stopped = await stopRoomAsItStarts(lobby);
    expect(await creator.nextReply(10_000)).toMatchObject({ type: 'joined', game: { name: 'frozen' } });
    await creator.next('state');
    await waitForExit([stopped], 3000);
    expect(log.of('room_restarted')).toEqual([
      {
        level: 40,
        time: expect.any(Number),
        event: 'room_restarted',
        game: 'frozen',
        pid: lobby.roomPid('frozen'),
        previousPid: stopped,
        detail: 'room process was not ready 3 s after it was started and was killed',
        msg: `game frozen is starting again after: room process was not ready 3 s after it was started and was killed (pid ${stopped} -> ${lobby.roomPid('frozen')})`,
      },
    ]);
  });

  it('ends the game with GAME_CRASHED when the second start misses the deadline too', async () => {
    const { lobby, connect, log } = await startLobby({ startTimeoutMs: 600 });
    const creator = await connect();
    creator.send({ type: 'create', players: 2, name: 'glacier' });
    const first = await stopRoomAsItStarts(lobby);
    const second = await stopRoomAsItStarts(lobby, [first]);
    expect(await creator.nextReply(10_000)).toEqual({
      type: 'error',
      code: 'GAME_CRASHED',
      message:
        'game "glacier" stopped unexpectedly (room process was not ready 0.6 s after it was started and was killed, for the second time in a row); you are back in the lobby',
    });
    await waitForExit([first, second], 3000);
    expect((await creator.request({ type: 'list' })).games).toEqual([]);
    expect(log.of('game_ended')).toEqual([
      expect.objectContaining({
        game: 'glacier',
        pid: second,
        reason: 'crashed',
        detail: 'room process was not ready 0.6 s after it was started and was killed, for the second time in a row',
      }),
    ]);
  });

  it('starts a resuming room once more when its new process hangs before it is ready, and play goes on', async () => {
    const { lobby, connect } = await startLobby({ startTimeoutMs: 3000 });
    const player = await connect();
    await player.request({ type: 'create', players: 2, name: 'phoenix' });
    await player.next('state');
    const original = lobby.roomPid('phoenix')!;
    process.kill(original, 'SIGKILL');
    await waitForExit([original], 3000);
    await stopRoomAsItStarts(lobby, [original]);
    expect(await player.next('resuming', 5000)).toMatchObject({ type: 'resuming' });
    const snapshot = await player.next('snapshot', 10_000);
    expect(snapshot.cycles[0]).toMatchObject({ number: 1, seated: true });
    const next = await player.next('state');
    expect(next.tick).toBe(snapshot.tick + 1);
  });

  it('kills and replaces a warm-pool spare that is not ready by the start deadline', async () => {
    const { lobby, log } = await startLobby({ startTimeoutMs: 600 }, { pool: 1 });
    const spare = lobby.childPids()[0]!;
    process.kill(spare, 'SIGSTOP');
    stoppedRooms.push(spare);
    await waitForExit([spare], 5000);
    expect(log.of('spare_room_failed')[0]).toMatchObject({
      level: 40,
      pid: spare,
      detail: 'not ready 0.6 s after it was started',
      msg: `spare room process ${spare} was not ready 0.6 s after it was started; killing it`,
    });
    await waitFor(() => lobby.childPids().length === 1 && lobby.childPids()[0] !== spare, 5000);
  });
});
