import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LobbyStatus } from '../shared/protocol/admin-documents.js';
import { RedisGameDirectory } from '../server/redis-game-directory.js';
import { adminGet, Metrics } from './helpers/admin-http.js';
import { useLobbies, type StartedLobby } from './helpers/lobby-harness.js';
import { RedisServer } from './helpers/redis-server.js';
import { waitForAnswer } from './helpers/wait-for.js';

/** A create or join waits for a room process to start: seconds on a machine busy with other tests. */
const ROOM_START_MS = 20_000;

/** The admin port of lobbies sharing a real redis-server. */

let redis: RedisServer;
const startLobby = useLobbies();
let prefixes = 0;

beforeAll(async () => {
  redis = await RedisServer.start();
});

afterAll(async () => {
  await redis?.stop();
});

async function twoLobbies(): Promise<[StartedLobby, StartedLobby]> {
  const keyPrefix = `admin-${++prefixes}:`;
  const first = await startLobby({}, { directory: new RedisGameDirectory({ url: redis.url, lobbyId: 'lobby-a', keyPrefix }) });
  const second = await startLobby({}, { directory: new RedisGameDirectory({ url: redis.url, lobbyId: 'lobby-b', keyPrefix }) });
  return [first, second];
}

async function statusOf(started: StartedLobby): Promise<LobbyStatus> {
  return JSON.parse((await adminGet(started.lobby, '/status.json')).body) as LobbyStatus;
}

describe('the admin port of a lobby of a cluster', () => {
  it('names its lobby in the metrics and lists every lobby of the cluster on its status page', async () => {
    const [a, b] = await twoLobbies();
    await (await b.connect()).request({ type: 'create', players: 2, name: 'on-b' }, ROOM_START_MS);
    const metrics = await Metrics.of(a.lobby);
    expect(metrics.value('vimtron_lobby_info', { lobby: 'lobby-a', room_host: 'process', cluster: 'true' })).toBe(1);
    expect(metrics.value('vimtron_directory_up')).toBe(1);
    // Lobbies publish their load with every lease renewal (every 0.5 s).
    const status = await waitForAnswer(async () => {
      const document = await statusOf(a);
      return document.cluster?.lobbies.find((lobby) => lobby.lobbyId === 'lobby-b')?.games === 1 ? document : null;
    }, 5000, 'lobby b to publish its game');
    expect(status.cluster).toEqual({
      lobbies: [
        { lobbyId: 'lobby-a', url: `ws://127.0.0.1:${a.lobby.port}/`, games: 0, maxGames: 500 },
        { lobbyId: 'lobby-b', url: `ws://127.0.0.1:${b.lobby.port}/`, games: 1, maxGames: 500 },
      ],
      error: null,
    });
    expect(status.lobbyId).toBe('lobby-a');
    expect((await adminGet(a.lobby, '/readyz')).status).toBe(200);
  });

  it('answers /readyz 503 while Redis is down, says why on the status page, and 200 once Redis is back', async () => {
    const [a] = await twoLobbies();
    await redis.kill();
    try {
      const down = await waitForAnswer(async () => {
        const answer = await adminGet(a.lobby, '/readyz');
        return answer.status === 503 ? answer : null;
      }, 5000, '/readyz to say Redis is gone');
      expect(down.body).toBe('503 not ready: the game directory (Redis) cannot be reached\n');
      expect((await adminGet(a.lobby, '/healthz')).status).toBe(200);
      const metrics = await Metrics.of(a.lobby);
      expect([metrics.value('vimtron_directory_up'), metrics.value('vimtron_ready')]).toEqual([0, 0]);
      const status = await statusOf(a);
      expect(status.readiness).toEqual({ ready: false, reason: 'the game directory (Redis) cannot be reached' });
      expect(status.cluster?.lobbies).toEqual([]);
      expect(status.cluster?.error).toMatch(/^the other lobbies cannot be listed now: /);
    } finally {
      await redis.restart();
    }
    // The lobby reconnects with a backoff capped at 1 s, and renews its lease at once.
    await waitForAnswer(async () => ((await adminGet(a.lobby, '/readyz')).status === 200 ? true : null), 10_000, '/readyz to be 200 again');
    expect((await Metrics.of(a.lobby)).value('vimtron_directory_up')).toBe(1);
  });
});
