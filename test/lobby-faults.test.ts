import { describe, expect, it } from 'vitest';
import type { LobbyOptions } from '../server/lobby-options.js';
import type { RoomHostKind } from '../server/room-hosts.js';
import { useLobbies } from './helpers/lobby-harness.js';
import type { Received, TestClient } from './helpers/test-client.js';

const startLobby = useLobbies();

function faultyLobby(kind: RoomHostKind, options: Partial<LobbyOptions> = {}) {
  return startLobby(options, { rooms: kind, hostOptions: { heapMb: 32, faultInjection: true } });
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
    const { lobby, connect, logs, roomOutput } = await faultyLobby(kind);
    const victim = await connect();
    const bystander = await connect();
    await victim.request({ type: 'create', players: 2, name: 'buggy' });
    await victim.next('state');
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
    expect(logs.some((line) => line.startsWith('room buggy ended: the game logic failed with an exception'))).toBe(true);
    expect((await victim.request({ type: 'list' })).games.map((game: { name: string }) => game.name)).toEqual(['calm']);
    // The room's own stack trace is the operator's to read, not the test's console.
    expect(roomOutput.some((line) => line.includes('Error: injected fault: the game logic threw'))).toBe(true);
  });

  it('resumes a game whose room ran out of memory, from its checkpoint, with its players still seated', async () => {
    const { lobby, connect, logs, roomOutput } = await faultyLobby(kind);
    const victim = await connect();
    const bystander = await connect();
    await victim.request({ type: 'create', players: 2, name: 'greedy' });
    const before = await victim.next('state');
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
    expect(logs.some((line) => line.startsWith('room greedy resumed from tick '))).toBe(true);
    // A process's V8 reports the heap limit on its stderr; a thread's limit is an error event, with nothing to print.
    if (kind === 'process') expect(roomOutput.some((line) => line.includes('JavaScript heap out of memory'))).toBe(true);
    else expect(roomOutput).toEqual([]);
    // Still playable after the resume.
    victim.send({ type: 'key', key: 'i' });
    await victim.next((message) => message.type === 'state' && message.cycles[0].ready === true);
  });

  it('kills a room that hangs within about a second of its last tick and resumes it', async () => {
    const { lobby, connect, logs } = await faultyLobby(kind);
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
    expect(logs.some((line) => line.includes('after: room process stopped answering and was killed'))).toBe(true);
  });
});
