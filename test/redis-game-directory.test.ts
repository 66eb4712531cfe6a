import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createClient } from '@redis/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryUnavailableError, type LobbySelf } from '../server/game-directory.js';
import { DirectoryKeys } from '../server/redis-directory-keys.js';
import { RedisGameDirectory, type RedisGameDirectoryOptions } from '../server/redis-game-directory.js';
import { captureLog } from './helpers/captured-log.js';
import { closedPort } from './helpers/cli.js';
import { describeGameDirectory, record, summary } from './helpers/game-directory-contract.js';
import { waitForExit } from './helpers/processes.js';
import { RedisServer } from './helpers/redis-server.js';
import { waitForAnswer } from './helpers/wait-for.js';

const DYING_LOBBY = fileURLToPath(new URL('./fixtures/redis-lobby-dies.mjs', import.meta.url));

let redis: RedisServer;
let admin: ReturnType<typeof createClient>;
const opened: RedisGameDirectory[] = [];
let prefixes = 0;

/** A key prefix of its own for each test, so tests never see each other's keys. */
const freshPrefix = (): string => `test-${++prefixes}:`;

beforeAll(async () => {
  redis = await RedisServer.start();
  admin = createClient({ url: redis.url });
  admin.on('error', () => {
    // The restart test takes the server away; the admin client reconnects by itself.
  });
  await admin.connect();
});

afterAll(async () => {
  admin?.destroy();
  const pid = redis?.pid;
  await redis?.stop();
  if (pid) await waitForExit([pid], 1000);
});

afterEach(async () => {
  for (const directory of opened.splice(0)) await directory.close();
});

/** A directory on this file's Redis, closed after the test. */
function openDirectory(options: Partial<RedisGameDirectoryOptions> & Pick<RedisGameDirectoryOptions, 'lobbyId' | 'keyPrefix'>): RedisGameDirectory {
  const directory = new RedisGameDirectory({ url: redis.url, ...options });
  opened.push(directory);
  return directory;
}

const lobbySelf = (lobbyId: string, games = 0): LobbySelf => ({ url: `ws://${lobbyId}.test:8766/`, load: () => ({ games, maxGames: 10 }) });

async function keysUnder(prefix: string): Promise<string[]> {
  return (await admin.keys(`${prefix}*`)).sort();
}

describeGameDirectory('Redis', () => {
  const keyPrefix = freshPrefix();
  const byLobby = new Map<string, RedisGameDirectory>();
  return {
    directory: async (lobbyId) => {
      const directory = openDirectory({ lobbyId, keyPrefix });
      byLobby.set(lobbyId, directory);
      return directory;
    },
    // Death without the wait: renewal stops and the lease goes at once.
    expire: async (lobbyId) => {
      byLobby.get(lobbyId)!.stopRenewing();
      await admin.del(new DirectoryKeys(keyPrefix).lobby(lobbyId));
    },
  };
});

describe('Redis game directory', () => {
  it('keeps a game, its seats and the lease under the prefix, with only the lease expiring', async () => {
    const keyPrefix = freshPrefix();
    const keys = new DirectoryKeys(keyPrefix);
    const a = openDirectory({ lobbyId: 'a', keyPrefix });
    await a.join(lobbySelf('a', 1));
    await a.reserve(summary('duel'));
    await a.holdSeat('token-1', { game: 'duel', player: 1, lobbyId: 'a', lobbyUrl: 'ws://a.test:8766/' });
    expect(await a.saveRecord('duel', 1, record('duel', ['token-1']))).toBe('saved');

    expect(await keysUnder(keyPrefix)).toEqual(
      [keys.game('duel'), keys.gameSeats('duel'), keys.games, keys.lobbies, keys.lobby('a'), keys.seat('token-1')].sort(),
    );
    expect(await admin.hGetAll(keys.game('duel'))).toEqual({
      summary: JSON.stringify(summary('duel')),
      lobbyId: 'a',
      lobbyUrl: 'ws://a.test:8766/',
      generation: '1',
      handedOver: '0',
      record: JSON.stringify(record('duel', ['token-1'])),
      recordSeats: JSON.stringify([{ player: 1, token: 'token-1' }]),
    });
    expect(await admin.zRangeWithScores(keys.games, 0, -1)).toEqual([{ value: 'duel', score: 1 }]);
    expect(await admin.sMembers(keys.gameSeats('duel'))).toEqual(['token-1']);
    expect(JSON.parse((await admin.get(keys.seat('token-1')))!)).toEqual({ game: 'duel', player: 1, lobbyId: 'a', lobbyUrl: 'ws://a.test:8766/' });
    expect(await admin.sMembers(keys.lobbies)).toEqual(['a']);
    expect(JSON.parse((await admin.get(keys.lobby('a')))!)).toEqual({ url: 'ws://a.test:8766/', games: 1, maxGames: 10 });
    const leaseTtl = await admin.pTTL(keys.lobby('a'));
    expect(leaseTtl).toBeGreaterThan(0);
    expect(leaseTtl).toBeLessThanOrEqual(2000);
    for (const key of [keys.game('duel'), keys.gameSeats('duel'), keys.games, keys.lobbies, keys.seat('token-1')]) {
      expect(await admin.pTTL(key)).toBe(-1);
    }

    await a.close();
    expect(await keysUnder(keyPrefix)).toEqual([]);
  });

  it('lists games oldest first, a claimed game keeping its place', async () => {
    const keyPrefix = freshPrefix();
    const a = openDirectory({ lobbyId: 'a', keyPrefix });
    const b = openDirectory({ lobbyId: 'b', keyPrefix });
    await a.join(lobbySelf('a'));
    await b.join(lobbySelf('b'));
    for (const name of ['first', 'second', 'third']) await (name === 'second' ? a : b).reserve(summary(name));
    await a.saveRecord('second', 1, record('second', []));
    await a.handOver('second', 1);
    expect(await b.claimOrphans(10)).toHaveLength(1);
    await b.reserve(summary('fourth'));
    expect((await a.list()).map((entry) => [entry.summary.name, entry.lobbyId])).toEqual([
      ['first', 'b'],
      ['second', 'b'],
      ['third', 'b'],
      ['fourth', 'b'],
    ]);
  });

  it('publishes the lobby\'s current load at every renewal of its lease', async () => {
    const keyPrefix = freshPrefix();
    let games = 1;
    const a = openDirectory({ lobbyId: 'a', keyPrefix, leaseTtlMs: 400, renewEveryMs: 100 });
    await a.join({ url: 'ws://a.test:8766/', load: () => ({ games, maxGames: 10 }) });
    expect(await a.lobbies()).toEqual([{ lobbyId: 'a', url: 'ws://a.test:8766/', games: 1, maxGames: 10 }]);
    games = 4;
    const renewed = await waitForAnswer(async () => {
      const [lobby] = await a.lobbies();
      return lobby?.games === 4 ? lobby : null;
    }, 2000, 'the new load');
    expect(renewed).toEqual({ lobbyId: 'a', url: 'ws://a.test:8766/', games: 4, maxGames: 10 });
  });

  it('gives a lobby killed with SIGKILL to another lobby once its lease has run out, and not before', async () => {
    const keyPrefix = freshPrefix();
    const leaseTtlMs = 800;
    const renewEveryMs = 200;
    const survivor = openDirectory({ lobbyId: 'survivor', keyPrefix });
    await survivor.join(lobbySelf('survivor'));
    const saved = record('doomed-game', ['doomed-token']);
    const doomed = spawn(process.execPath, [DYING_LOBBY, redis.url, keyPrefix, String(leaseTtlMs), String(renewEveryMs), JSON.stringify(saved)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    doomed.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    doomed.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    try {
      await waitForAnswer(async () => (output.includes('ready\n') ? true : null), 10_000, `"ready" from the dying lobby (output: ${output})`);
      expect((await survivor.lobbies()).map((lobby) => lobby.lobbyId).sort()).toEqual(['doomed', 'survivor']);
      expect(await survivor.claimOrphans(10)).toEqual([]);
    } finally {
      doomed.kill('SIGKILL');
    }
    const killedAt = performance.now();
    await waitForExit([doomed.pid!], 5000);

    const claimed = await waitForAnswer(async () => {
      const games = await survivor.claimOrphans(10);
      return games.length > 0 ? games : null;
    }, 5000, 'a claim of the dead lobby\'s game');
    // Its last renewal came at most renewEveryMs before the kill.
    expect(performance.now() - killedAt).toBeGreaterThanOrEqual(leaseTtlMs - renewEveryMs - 20);
    expect(claimed).toEqual([{ ...saved, generation: 2 }]);
    expect(await survivor.lookup('doomed-game')).toEqual({ summary: summary('doomed-game', 1), lobbyId: 'survivor', lobbyUrl: 'ws://survivor.test:8766/' });
    expect(await survivor.findSeat('doomed-token')).toEqual({ game: 'doomed-game', player: 1, lobbyId: 'survivor', lobbyUrl: 'ws://survivor.test:8766/' });
    expect((await survivor.lobbies()).map((lobby) => lobby.lobbyId)).toEqual(['survivor']);

    await survivor.close();
    expect(await keysUnder(keyPrefix)).toEqual([]);
  });

  it('refuses a second lobby with the id of a live one, leaving the first untouched', async () => {
    const keyPrefix = freshPrefix();
    const first = openDirectory({ lobbyId: 'twin', keyPrefix });
    await first.join(lobbySelf('twin'));
    await first.reserve(summary('kept'));
    const second = openDirectory({ lobbyId: 'twin', keyPrefix });
    const joining = second.join({ url: 'ws://elsewhere.test:8766/', load: () => ({ games: 0, maxGames: 1 }) });
    await expect(joining).rejects.toThrow(new Error(`a lobby with id twin is already in the game directory on ${redis.url}`));
    await expect(joining).rejects.not.toBeInstanceOf(DirectoryUnavailableError);
    await second.close();
    expect(await first.lobbies()).toEqual([{ lobbyId: 'twin', url: 'ws://twin.test:8766/', games: 0, maxGames: 10 }]);
    expect(await first.lookup('kept')).toMatchObject({ lobbyId: 'twin' });
  });

  it('holds no seat for a game that is not in the directory', async () => {
    const keyPrefix = freshPrefix();
    const a = openDirectory({ lobbyId: 'a', keyPrefix });
    await a.join(lobbySelf('a'));
    await a.holdSeat('stray', { game: 'released', player: 1, lobbyId: 'a', lobbyUrl: 'ws://a.test:8766/' });
    expect(await a.findSeat('stray')).toBeNull();
    const keys = new DirectoryKeys(keyPrefix);
    expect(await keysUnder(keyPrefix)).toEqual([keys.lobbies, keys.lobby('a')].sort());
  });

  it('fails to join with DirectoryUnavailableError when no Redis listens, and closes cleanly after', async () => {
    const port = await closedPort();
    const directory = new RedisGameDirectory({ url: `redis://127.0.0.1:${port}`, lobbyId: 'lonely' });
    const joining = directory.join(lobbySelf('lonely'));
    await expect(joining).rejects.toBeInstanceOf(DirectoryUnavailableError);
    await expect(joining).rejects.toThrow(`Redis at redis://127.0.0.1:${port} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`);
    await directory.close();
    await directory.close();
    await expect(directory.list()).rejects.toThrow('the game directory of lobby lonely is closed');
  });

  it('finds out that Redis is unreachable on connect, before any join, and is closed after', async () => {
    const port = await closedPort();
    const directory = new RedisGameDirectory({ url: `redis://127.0.0.1:${port}`, lobbyId: 'early' });
    await expect(directory.connect()).rejects.toThrow(
      new DirectoryUnavailableError(`Redis at redis://127.0.0.1:${port} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`),
    );
    await expect(directory.join(lobbySelf('early'))).rejects.toThrow('the game directory of lobby early is closed');
    await directory.close();
  });

  it('rejects a call that Redis does not answer within commandTimeoutMs, and answers again once Redis does', async () => {
    const keyPrefix = freshPrefix();
    const a = openDirectory({ lobbyId: 'a', keyPrefix, commandTimeoutMs: 300 });
    await a.join(lobbySelf('a'));
    await a.reserve(summary('frozen'));
    redis.pause();
    try {
      const asked = performance.now();
      await expect(a.list()).rejects.toThrow(new DirectoryUnavailableError(`Redis at ${redis.url} did not answer within 300 ms`));
      const waited = performance.now() - asked;
      expect(waited).toBeGreaterThanOrEqual(290);
      expect(waited).toBeLessThan(1000);
    } finally {
      redis.resume();
    }
    expect((await a.list()).map((entry) => entry.summary.name)).toEqual(['frozen']);
  });

  it('rejects calls at once while Redis is down, and once Redis is back registers the lease again and puts back what Redis lost', async () => {
    const keyPrefix = freshPrefix();
    const log = captureLog();
    const a = openDirectory({ lobbyId: 'a', keyPrefix, leaseTtlMs: 1000, renewEveryMs: 100, logger: log.logger });
    await a.join(lobbySelf('a', 2));
    const seat = { game: 'before', player: 1, lobbyId: 'a', lobbyUrl: 'ws://a.test:8766/' };
    await a.reserve(summary('before'));
    await a.update(summary('before', 1));
    await a.holdSeat('seat-1', seat);
    expect(await a.saveRecord('before', 1, record('before', ['seat-1']))).toBe('saved');
    await a.reserve(summary('gone'));
    await a.release('gone');
    await redis.kill();

    await waitForAnswer(async () => (log.lines.length > 0 ? true : null), 3000, 'a log line saying Redis is unreachable');
    const asked = performance.now();
    await expect(a.list()).rejects.toBeInstanceOf(DirectoryUnavailableError);
    await expect(a.lookup('before')).rejects.toThrow(new RegExp(`^Redis at ${redis.url} is unreachable: `));
    await expect(a.reserve(summary('during'))).rejects.toBeInstanceOf(DirectoryUnavailableError);
    // Not queued until a reconnect, nor waiting for the command timeout.
    expect(performance.now() - asked).toBeLessThan(100);

    // A Redis without persistence comes back empty; the lobby puts its part back before anything else.
    await redis.restart();
    const games = await waitForAnswer(async () => {
      const listed = await a.list().catch(() => []);
      return listed.length > 0 ? listed : null;
    }, 5000, 'the game put back');
    expect(games).toEqual([{ summary: summary('before', 1), lobbyId: 'a', lobbyUrl: 'ws://a.test:8766/' }]);
    expect(await a.lobbies()).toEqual([{ lobbyId: 'a', url: 'ws://a.test:8766/', games: 2, maxGames: 10 }]);
    expect(await a.findSeat('seat-1')).toEqual(seat);
    expect(await a.saveRecord('before', 1, record('before', ['seat-1']))).toBe('saved');
    expect(await a.reserve(summary('after'))).toBe(true);
    expect(log.lines).toHaveLength(3);
    const [lost, back, restored] = log.lines;
    expect(lost).toEqual({
      level: 50,
      time: expect.any(Number),
      event: 'directory_unavailable',
      redis: redis.url,
      detail: expect.stringMatching(new RegExp(`^Redis at ${redis.url} is unreachable: `)),
      msg: expect.stringMatching(new RegExp(`^game directory: Redis at ${redis.url} is unreachable: .*; lease of lobby a not renewed, retrying$`)),
    });
    expect(back).toEqual({
      level: 30,
      time: expect.any(Number),
      event: 'directory_available',
      redis: redis.url,
      msg: `game directory: Redis at ${redis.url} answers again`,
    });
    expect(restored).toEqual({
      level: 40,
      time: expect.any(Number),
      event: 'lease_restored',
      redis: redis.url,
      gamesRestored: 1,
      msg:
        `game directory: the lease of lobby a had run out on Redis at ${redis.url}; registered it again and put back 1 of its games missing from Redis ` +
        '(other lobbies may have claimed its games meanwhile)',
    });
  });

  it('after a lost connection, puts back only the games no other lobby claimed while its lease was gone', async () => {
    const keyPrefix = freshPrefix();
    const keys = new DirectoryKeys(keyPrefix);
    const log = captureLog();
    // Renewing only every 5 s leaves time to play the other lobby's part in between.
    const a = openDirectory({ lobbyId: 'a', keyPrefix, leaseTtlMs: 10_000, renewEveryMs: 5000, logger: log.logger });
    const b = openDirectory({ lobbyId: 'b', keyPrefix });
    await a.join(lobbySelf('a'));
    await b.join(lobbySelf('b'));
    for (const name of ['claimed', 'newborn']) await a.reserve(summary(name));
    await a.saveRecord('claimed', 1, record('claimed', []));
    // As if lobby a had been cut off past its lease: b claims what has a record and drops the rest.
    await admin.del(keys.lobby('a'));
    expect(await b.claimOrphans(10)).toHaveLength(1);
    expect((await b.list()).map((entry) => entry.summary.name)).toEqual(['claimed']);

    const clients = String(await admin.sendCommand(['CLIENT', 'LIST']));
    const id = /^id=(\d+) .*name=vimtron-lobby-a /m.exec(clients)?.[1];
    expect(id).toBeDefined();
    await admin.sendCommand(['CLIENT', 'KILL', 'ID', id!]);
    await waitForAnswer(async () => ((await b.lobbies()).length === 2 ? true : null), 3000, 'lobby a back');
    expect((await b.list()).map((entry) => [entry.summary.name, entry.lobbyId])).toEqual([
      ['claimed', 'b'],
      ['newborn', 'a'],
    ]);
    expect(await a.saveRecord('claimed', 1, record('claimed', []))).toBe('fenced');
    expect(log.lines.map((line) => [line.event, line.gamesRestored, line.msg])).toEqual([
      [
        'lease_restored',
        1,
        `game directory: the lease of lobby a had run out on Redis at ${redis.url}; registered it again and put back 1 of its games missing from Redis ` +
          '(other lobbies may have claimed its games meanwhile)',
      ],
    ]);
  });
});
