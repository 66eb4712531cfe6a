import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startLobby } from '../server/lobby.js';
import { createRoomHost } from '../server/room-hosts.js';
import { captureLog } from './helpers/captured-log.js';
import { Chaos } from './helpers/chaos.js';
import { waitForExit } from './helpers/processes.js';
import { TestClient } from './helpers/test-client.js';

const VALID: readonly Record<string, unknown>[] = [
  { type: 'list' },
  { type: 'ping', id: 1 },
  { type: 'create', players: 2, name: 'fz', width: 30, height: 12 },
  { type: 'join', name: 'honest-a' },
  { type: 'key', key: 'h' },
  { type: 'leave' },
  { type: 'rejoin', token: 'A'.repeat(21) },
];

const ODD_VALUES: readonly unknown[] = [
  null, true, -1, 0, 1e308, -0, 1.5, 'x'.repeat(300), '', '\u0000', '\u202Eevil', '🏍️', [], {}, [[[[]]]],
  { __proto__: { polluted: true } }, 'constructor', '__proto__', Number.MAX_SAFE_INTEGER + 2,
];

function frame(chaos: Chaos): string | Buffer {
  const base = chaos.pick(VALID);
  switch (chaos.int(8)) {
    case 0: {
      // A valid message with one field corrupted.
      const copy: Record<string, unknown> = { ...base };
      const keys = Object.keys(copy);
      copy[chaos.pick([...keys, 'extra', 'type'])] = chaos.pick(ODD_VALUES);
      return JSON.stringify(copy);
    }
    case 1: {
      const text = JSON.stringify(base);
      return text.slice(0, chaos.int(text.length));
    }
    case 2:
      return JSON.stringify({ ...base, list: new Array(chaos.int(900)).fill(chaos.int(10)) });
    case 3: {
      const depth = 1 + chaos.int(1800);
      return '['.repeat(depth) + ']'.repeat(chaos.int(2) === 0 ? depth : chaos.int(depth));
    }
    case 4:
      return Buffer.from(Array.from({ length: chaos.int(200) }, () => chaos.int(256)));
    case 5:
      return Array.from({ length: chaos.int(120) }, () => String.fromCharCode(chaos.int(0x3000))).join('');
    case 6:
      return '{"type":"__proto__","__proto__":{"admin":true}}';
    default:
      return JSON.stringify(base);
  }
}

describe('lobby under fuzzing', () => {
  it('survives thousands of random and mutated frames while two honest games keep ticking', async () => {
    const log = captureLog();
    const lobby = await startLobby(
      { port: 0, host: '127.0.0.1', logger: log.logger, maxGames: 8, rateBurst: 500, ratePerSecond: 2000 },
      createRoomHost('process', 0, log.logger),
    );
    const honest: TestClient[] = [];
    try {
      for (const name of ['honest-a', 'honest-b']) {
        const creator = await TestClient.connect(lobby.port);
        const joiner = await TestClient.connect(lobby.port);
        honest.push(creator, joiner);
        await creator.request({ type: 'create', players: 2, name });
        await joiner.request({ type: 'join', name });
        creator.send({ type: 'key', key: 'i' });
        joiner.send({ type: 'key', key: 'i' });
      }
      const honestPids = [lobby.roomPid('honest-a')!, lobby.roomPid('honest-b')!];
      const startTicks = await Promise.all([honest[0]!.next('state'), honest[2]!.next('state')]);

      const fuzzStartedAt = performance.now();
      const chaos = new Chaos(20261122);
      let sent = 0;
      const fuzzers = Array.from({ length: 6 }, async () => {
        let socket = await open(lobby.port);
        for (let index = 0; index < 800; index++) {
          if (socket.readyState !== WebSocket.OPEN) socket = await open(lobby.port);
          socket.send(frame(chaos));
          sent += 1;
          if (index % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        }
        socket.close();
      });
      await Promise.all(fuzzers);
      expect(sent).toBe(4800);

      // The lobby still answers, and the honest rooms are the same processes, ticking without a gap.
      await honest[0]!.next('state');
      await honest[2]!.next('state');
      const elapsedTicks = Math.floor((performance.now() - fuzzStartedAt) / 100);
      const checker = await TestClient.connect(lobby.port);
      honest.push(checker);
      const games = await checker.request({ type: 'list' });
      expect(games.games.map((game: { name: string }) => game.name)).toEqual(expect.arrayContaining(['honest-a', 'honest-b']));
      expect([lobby.roomPid('honest-a'), lobby.roomPid('honest-b')]).toEqual(honestPids);
      for (const [index, client] of [honest[0]!, honest[2]!].entries()) {
        // A round start comes as a full snapshot instead of a state frame; both carry the tick.
        const states = client.messages.filter(
          (message) => (message.type === 'state' || message.type === 'snapshot') && message.tick >= startTicks[index]!.tick,
        );
        const ticks = states.map((state) => state.tick as number);
        expect(ticks.every((tick, at) => at === 0 || tick === ticks[at - 1]! + 1)).toBe(true);
        // Every 100 ms slot of the fuzzing produced its tick (two slots of slack for the edges).
        expect(ticks.length).toBeGreaterThanOrEqual(elapsedTicks - 2);
      }
      const stats = lobby.stats();
      for (const name of ['honest-a', 'honest-b']) {
        expect(stats.roomStats.find((room) => room.name === name)?.skipped).toBe(0);
      }
      // Nothing failed: no room crashed or resumed, no internal error, nothing at warn or above but limits hit.
      expect(log.lines.filter((line) => line.level >= 40 && line.event !== 'limit_hit')).toEqual([]);
    } finally {
      for (const client of honest) await client.close();
      const pids = lobby.childPids();
      await lobby.close();
      await waitForExit(pids, 5000);
    }
  });
});

function open(port: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`);
    socket.on('message', () => {});
    socket.on('error', () => {});
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', () => reject(new Error('unexpected response')));
  });
}
