import { describe, expect, it } from 'vitest';
import type { LobbyOptions } from '../server/lobby-options.js';
import { ROOM_HOST_KINDS } from '../server/room-hosts.js';
import { useLobbies } from './helpers/lobby-harness.js';
import { waitForExit } from './helpers/processes.js';
import type { TestClient } from './helpers/test-client.js';
import { waitFor } from './helpers/wait-for.js';

const startLobbyOn = useLobbies();

const IDLE_MS = 400;

/** Resolves after `ms`: these tests prove that something does not happen for a while. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every message after the frames, so a test can say nothing but frames came. */
function repliesOf(client: TestClient): string[] {
  return client.messages.filter((message) => message.type !== 'state' && message.type !== 'snapshot').map((message) => message.type);
}

describe.each(ROOM_HOST_KINDS)('idle games with %s rooms', (kind) => {
  const lobbyWith = (options: Partial<LobbyOptions> = {}) => startLobbyOn({ idleTimeoutMs: IDLE_MS, ...options }, { rooms: kind });

  it('never closes a waiting game whose host is still connected, however long nobody presses a key', async () => {
    const { connect, log } = await lobbyWith();
    const host = await connect();
    await host.request({ type: 'create', players: 2, name: 'patient' });

    await pause(IDLE_MS * 5);

    expect(repliesOf(host)).toEqual(['joined']);
    const frame = await host.next('state');
    expect(frame).toMatchObject({ phase: 'waiting' });
    const other = await connect();
    expect(await other.request({ type: 'list' })).toMatchObject({ games: [{ name: 'patient', players: 1, phase: 'waiting' }] });
    expect(log.of('game_ended')).toEqual([]);
  });

  it('never closes a finished game while a player is connected to it', async () => {
    // Fast ticks and a small arena: the round ends on its own, well inside the idle timeout.
    const { connect, log } = await lobbyWith({ idleTimeoutMs: 1000, tickMs: 20 });
    const player = await connect();
    await player.request({ type: 'create', players: 1, name: 'over', width: 20, height: 10 });
    player.send({ type: 'key', key: 'i' });
    await player.next((message) => message.type === 'state' && message.phase === 'finished', 10_000);

    await pause(3000);

    expect(repliesOf(player)).toEqual(['joined']);
    expect(await player.next('state')).toMatchObject({ phase: 'finished' });
    expect(log.of('game_ended')).toEqual([]);
  });

  it('closes a running round nobody steers, counting from the round start, and tells its players why', async () => {
    const { lobby, connect, log } = await lobbyWith();
    const player = await connect();
    // A large arena, so that the cycle driving straight on is still alive when the timeout strikes.
    await player.request({ type: 'create', players: 1, name: 'asleep', width: 200, height: 100 });
    const pids = lobby.roomPids();
    player.send({ type: 'key', key: 'i' });
    // The countdown (3 s) lasts longer than the timeout: the ready key was the last one pressed.
    const started = await player.next((message) => message.phase === 'running', 10_000);
    const startedAt = performance.now();

    const notice = await player.nextReply(5000);

    expect(notice).toEqual({ type: 'left', reason: `game asleep closed after ${IDLE_MS / 1000} s without a key pressed` });
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(IDLE_MS - 100);
    const frames = player.messages.filter((message) => message.type === 'state' || message.type === 'snapshot');
    expect(frames.at(-1)).toMatchObject({ phase: 'running', round: started.round });
    expect(frames.at(-1)!.cycles[0]).toMatchObject({ status: 'alive' });
    if (kind === 'process') await waitForExit(pids, 3000);
    await waitFor(() => log.of('game_ended').length === 1);
    expect(log.of('game_ended')).toEqual([
      {
        level: 30,
        time: expect.any(Number),
        event: 'game_ended',
        game: 'asleep',
        pid: pids[0] ?? null,
        reason: 'idle',
        detail: `idle for ${IDLE_MS / 1000} s`,
        msg: `game asleep ended: idle for ${IDLE_MS / 1000} s (pid ${pids[0] ?? '-'})`,
      },
    ]);
  });

  it('keeps a running round open while someone presses keys', async () => {
    const { connect } = await lobbyWith();
    const player = await connect();
    await player.request({ type: 'create', players: 1, name: 'awake', width: 200, height: 100 });
    player.send({ type: 'key', key: 'i' });
    await player.next((message) => message.phase === 'running', 10_000);

    // esc outside INSERT mode changes nothing in the round, but it is a key pressed.
    for (let press = 0; press < 12; press++) {
      player.send({ type: 'key', key: 'esc' });
      await pause(IDLE_MS / 4);
    }
    expect(repliesOf(player)).toEqual(['joined']);

    expect(await player.nextReply(5000)).toEqual({ type: 'left', reason: `game awake closed after ${IDLE_MS / 1000} s without a key pressed` });
  });

  it('closes a game nobody is connected to, counting from when its last player went away', async () => {
    // The seat is held far longer than the idle timeout: only the idle rule can close the game.
    const { connect, log } = await lobbyWith({ seatHoldMs: 60_000 });
    const host = await connect();
    const joined = await host.request({ type: 'create', players: 2, name: 'deserted' });
    // Connected for longer than the timeout: the idle time starts at the drop, not at the last key.
    await pause(IDLE_MS * 2);
    host.socket.terminate();
    const droppedAt = performance.now();
    const watcher = await connect();
    expect(await watcher.request({ type: 'list' })).toMatchObject({ games: [{ name: 'deserted', players: 1 }] });

    await waitFor(() => log.of('game_ended').some((line) => line.game === 'deserted' && line.reason === 'idle'), 5000);

    expect(performance.now() - droppedAt).toBeGreaterThanOrEqual(IDLE_MS - 100);
    expect(await watcher.request({ type: 'list' })).toEqual({ type: 'games', games: [] });
    expect(await watcher.request({ type: 'rejoin', token: joined.token })).toMatchObject({ type: 'error', code: 'INVALID_TOKEN' });
  });
});
