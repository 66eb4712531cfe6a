import { describe, expect, it } from 'vitest';
import type { GameDirectory, GameRecord } from '../../server/game-directory.js';
import type { GameSummary } from '../../shared/protocol/server-messages.js';
import { createGame, toCheckpoint } from '../../shared/rules/index.js';

/**
 * One implementation of the game directory under test: `directory(id)`
 * makes a lobby's view of one shared directory; `expire(id)` makes that
 * lobby's lease run out as if it had died.
 */
export interface DirectoryUnderTest {
  directory(lobbyId: string): Promise<GameDirectory>;
  expire(lobbyId: string): Promise<void>;
}

/** A waiting game's summary, as the directory tests publish it: its players are named p1, p2, ... */
export const summary = (name: string, players = 0): GameSummary => ({
  name,
  players,
  bots: 0,
  maxPlayers: 2,
  phase: 'waiting',
  width: 40,
  height: 20,
  playerNames: Array.from({ length: players }, (_, index) => `p${index + 1}`),
});

/** A game's record to resume from, holding a seat for each token. */
export const record = (name: string, tokens: readonly string[]): GameRecord => ({
  config: { name, seats: 2, bots: 0, width: 40, height: 20, seed: 7, tickMs: 100, workMs: null },
  checkpoint: toCheckpoint(createGame({ seats: 2, width: 40, height: 20, seed: 7 })),
  seats: tokens.map((token, index) => ({ player: index + 1, token })),
});

/** A lobby's load as its directory reads it: a test moves it as a lobby's rooms would come and go. */
interface TestLoad {
  games: number;
  maxGames: number;
}

async function joined(under: DirectoryUnderTest, lobbyId: string, load: TestLoad = { games: 0, maxGames: 10 }): Promise<GameDirectory> {
  const directory = await under.directory(lobbyId);
  await directory.join({ url: `ws://${lobbyId}.test:8766/`, load: () => ({ ...load }) });
  return directory;
}

/** Claims as a lobby does: what it wins becomes its rooms at once. */
async function claim(directory: GameDirectory, load: TestLoad, asked: readonly string[] = []): Promise<string[]> {
  const claimed = await directory.claimOrphans(load.maxGames - load.games, asked);
  load.games += claimed.length;
  return claimed.map((game) => game.config.name);
}

/** `count` games of lobby `directory`, each with a record to resume from. */
async function recordedGames(directory: GameDirectory, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, index) => `game-${index}`);
  for (const name of names) {
    await directory.reserve(summary(name));
    await directory.saveRecord(name, 1, record(name, []));
  }
  return names;
}

/**
 * Hands throwaway games from `from` to `heir` until the heir hears of one:
 * its subscription (for a shared server) is in place from then on.
 */
async function waitUntilListening(from: GameDirectory, heir: GameDirectory): Promise<void> {
  let heard = false;
  heir.onHandedOver(() => (heard = true));
  for (let attempt = 0; attempt < 100 && !heard; attempt++) {
    const name = `probe-${attempt}`;
    await from.reserve(summary(name));
    await from.handOver(name, 1, heir.lobbyId);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await from.release(name).catch(() => {});
  }
  if (!heard) throw new Error(`lobby ${heir.lobbyId} never heard of a game handed to it`);
}

/** The behaviour every game directory shares, whatever keeps it. */
export function describeGameDirectory(name: string, make: () => DirectoryUnderTest): void {
  describe(`${name} game directory`, () => {
    it('reserves a name once, lists it with its lobby, and frees it on release', async () => {
      const under = make();
      const a = await joined(under, 'a');
      const b = await joined(under, 'b');
      expect(await a.reserve(summary('duel'))).toBe(true);
      expect(await b.reserve(summary('duel'))).toBe(false);
      expect(await b.lookup('duel')).toEqual({ summary: summary('duel'), lobbyId: 'a', lobbyUrl: 'ws://a.test:8766/' });
      expect((await b.list()).map((entry) => entry.summary.name)).toEqual(['duel']);
      await b.release('duel');
      expect(await a.lookup('duel')).not.toBeNull();
      await a.release('duel');
      expect(await b.lookup('duel')).toBeNull();
      expect(await b.reserve(summary('duel'))).toBe(true);
    });

    it('gives a name to exactly one of many lobbies reserving it at once', async () => {
      const under = make();
      const lobbies = await Promise.all(['a', 'b', 'c', 'd'].map((id) => joined(under, id)));
      const won = await Promise.all(lobbies.map((lobby) => lobby.reserve(summary('race'))));
      expect(won.filter(Boolean)).toHaveLength(1);
    });

    it('publishes a game\'s new summary only from the lobby that runs it', async () => {
      const under = make();
      const a = await joined(under, 'a');
      const b = await joined(under, 'b');
      await a.reserve(summary('live'));
      await a.update(summary('live', 1));
      await b.update(summary('live', 2));
      expect((await b.lookup('live'))?.summary.players).toBe(1);
    });

    it('lists who plays in each game to every lobby, by name, as the lobby running it published', async () => {
      const under = make();
      const a = await joined(under, 'a');
      const b = await joined(under, 'b');
      await a.reserve(summary('named'));
      const named: GameSummary = { ...summary('named', 2), playerNames: ['Ana', 'bo-2'] };
      await a.update(named);
      expect(await b.lookup('named')).toEqual({ summary: named, lobbyId: 'a', lobbyUrl: 'ws://a.test:8766/' });
      expect((await b.list()).map((entry) => entry.summary)).toEqual([named]);
    });

    it('knows every lobby alive with its url and load', async () => {
      const under = make();
      await joined(under, 'a', { games: 3, maxGames: 10 });
      const b = await joined(under, 'b', { games: 5, maxGames: 10 });
      expect((await b.lobbies()).sort((x, y) => x.lobbyId.localeCompare(y.lobbyId))).toEqual([
        { lobbyId: 'a', url: 'ws://a.test:8766/', games: 3, maxGames: 10 },
        { lobbyId: 'b', url: 'ws://b.test:8766/', games: 5, maxGames: 10 },
      ]);
      await under.expire('a');
      expect((await b.lobbies()).map((lobby) => lobby.lobbyId)).toEqual(['b']);
    });

    it('leads a seat token to its game and lobby until the seat or the game is released', async () => {
      const under = make();
      const a = await joined(under, 'a');
      await a.reserve(summary('seats'));
      const seat = { game: 'seats', player: 1, lobbyId: 'a', lobbyUrl: 'ws://a.test:8766/' };
      await a.holdSeat('token-1', seat);
      await a.holdSeat('token-2', { ...seat, player: 2 });
      expect(await a.findSeat('token-1')).toEqual(seat);
      await a.releaseSeat('token-1');
      expect(await a.findSeat('token-1')).toBeNull();
      await a.release('seats');
      expect(await a.findSeat('token-2')).toBeNull();
    });

    it('lets another lobby claim a game, once, when its lobby is gone, under a new generation that fences the old owner', async () => {
      const under = make();
      const a = await joined(under, 'a');
      const b = await joined(under, 'b');
      const c = await joined(under, 'c');
      await a.reserve(summary('orphan'));
      await a.holdSeat('t1', { game: 'orphan', player: 1, lobbyId: 'a', lobbyUrl: 'ws://a.test:8766/' });
      expect(await a.saveRecord('orphan', 1, record('orphan', ['t1']))).toBe('saved');
      expect(await b.claimOrphans(10)).toEqual([]);
      await under.expire('a');
      const claims = await Promise.all([b.claimOrphans(10), c.claimOrphans(10)]);
      const winners = claims.filter((claimed) => claimed.length === 1);
      expect(winners).toHaveLength(1);
      expect(winners[0]![0]).toEqual({ ...record('orphan', ['t1']), generation: 2 });
      const owner = claims[0]!.length === 1 ? 'b' : 'c';
      expect(await a.lookup('orphan')).toMatchObject({ lobbyId: owner, lobbyUrl: `ws://${owner}.test:8766/` });
      expect(await a.findSeat('t1')).toEqual({ game: 'orphan', player: 1, lobbyId: owner, lobbyUrl: `ws://${owner}.test:8766/` });
      expect(await a.saveRecord('orphan', 1, record('orphan', ['t1']))).toBe('fenced');
      const winner = owner === 'b' ? b : c;
      expect(await winner.saveRecord('orphan', 2, record('orphan', ['t1']))).toBe('saved');
    });

    it('saves several records in one call, each fenced on its own, and answers in order', async () => {
      const under = make();
      const a = await joined(under, 'a');
      const b = await joined(under, 'b');
      // Oldest first: the claim below takes 'lost' and, limited to one, leaves 'kept' alone.
      for (const name of ['lost', 'kept']) await a.reserve(summary(name));
      await b.reserve(summary('theirs'));
      const saves = ['kept', 'lost', 'theirs', 'missing'].map((name) => ({ name, generation: 1, record: record(name, []) }));
      await a.saveRecord('lost', 1, record('lost', []));
      await a.saveRecord('kept', 1, record('kept', []));
      await under.expire('a');
      expect(await b.claimOrphans(1)).toEqual([{ ...record('lost', []), generation: 2 }]);
      expect(await a.saveRecords(saves)).toEqual(['saved', 'fenced', 'fenced', 'fenced']);
      expect(await a.saveRecords([])).toEqual([]);
    });

    it('removes a gone lobby\'s games that have no record yet, freeing their names', async () => {
      const under = make();
      const a = await joined(under, 'a');
      const b = await joined(under, 'b');
      await a.reserve(summary('newborn'));
      await under.expire('a');
      expect(await b.claimOrphans(10)).toEqual([]);
      expect(await b.lookup('newborn')).toBeNull();
      expect(await b.reserve(summary('newborn'))).toBe(true);
    });

    it('hands a game over to the next lobby that claims, while its lobby is still alive', async () => {
      const under = make();
      const a = await joined(under, 'a');
      const b = await joined(under, 'b');
      await a.reserve(summary('moving'));
      await a.saveRecord('moving', 1, record('moving', []));
      expect(await a.claimOrphans(10)).toEqual([]);
      await a.handOver('moving', 1);
      expect(await a.claimOrphans(10)).toEqual([]);
      expect(await b.claimOrphans(10)).toEqual([{ ...record('moving', []), generation: 2 }]);
      // Closing the old lobby now does not take the game with it.
      await a.close();
      expect(await b.lookup('moving')).toMatchObject({ lobbyId: 'b' });
    });

    it('claims at most the number asked for at a time', async () => {
      const under = make();
      const a = await joined(under, 'a');
      const b = await joined(under, 'b');
      for (const name of ['one', 'two', 'three']) {
        await a.reserve(summary(name));
        await a.saveRecord(name, 1, record(name, []));
      }
      await under.expire('a');
      expect(await b.claimOrphans(2)).toHaveLength(2);
      expect(await b.claimOrphans(2)).toHaveLength(1);
    });

    it('shares a gone lobby\'s games out among the lobbies alive, the games players asked for first', async () => {
      const under = make();
      const a = await joined(under, 'a');
      const loads = { b: { games: 1, maxGames: 10 }, c: { games: 0, maxGames: 10 } };
      const b = await joined(under, 'b', loads.b);
      const c = await joined(under, 'c', loads.c);
      await recordedGames(a, 5);
      await under.expire('a');
      // 6 games over 2 lobbies: b, which runs one already, takes 2, the one asked for first.
      expect(await claim(b, loads.b, ['game-3'])).toEqual(['game-3', 'game-0']);
      expect(await claim(c, loads.c)).toEqual(['game-1', 'game-2', 'game-4']);
      expect(await claim(b, loads.b)).toEqual([]);
      expect(loads).toEqual({ b: { games: 3, maxGames: 10 }, c: { games: 3, maxGames: 10 } });
    });

    it('shares the games a stopping lobby hands over among the others, not counting the stopping lobby', async () => {
      const under = make();
      const a = await joined(under, 'a', { games: 4, maxGames: 10 });
      const loads = { b: { games: 0, maxGames: 10 }, c: { games: 0, maxGames: 10 } };
      const b = await joined(under, 'b', loads.b);
      const c = await joined(under, 'c', loads.c);
      for (const name of await recordedGames(a, 4)) await a.handOver(name, 1);
      expect(await claim(b, loads.b)).toEqual(['game-0', 'game-1']);
      expect(await claim(c, loads.c)).toEqual(['game-2', 'game-3']);
    });

    it('leaves a game handed over to its heir while the heir is alive, unless a player asks another lobby for it', async () => {
      const under = make();
      const a = await joined(under, 'a', { games: 3, maxGames: 10 });
      const loads = { b: { games: 0, maxGames: 10 }, c: { games: 0, maxGames: 10 } };
      const b = await joined(under, 'b', loads.b);
      const c = await joined(under, 'c', loads.c);
      const [first, second, third] = (await recordedGames(a, 3)) as [string, string, string];
      await a.handOver(first, 1, 'b');
      await a.handOver(second, 1, 'b');
      await a.handOver(third, 1, 'c');
      // c's share would be two of three, but two are b's; a player of one of them asks c.
      expect(await claim(c, loads.c)).toEqual([third]);
      expect(await claim(c, loads.c, [second])).toEqual([second]);
      // The heir takes what is left to it whatever its share.
      loads.b.games = 9;
      expect(await claim(b, loads.b)).toEqual([first]);
    });

    it('tells the heir of a game handed over, and only the heir, so it can claim it before its players arrive', async () => {
      const under = make();
      const a = await joined(under, 'a', { games: 2, maxGames: 10 });
      const b = await joined(under, 'b');
      const c = await joined(under, 'c');
      // A shared server's subscriptions take a moment to be in place after the join.
      await waitUntilListening(a, b);
      await waitUntilListening(a, c);
      const heard: string[] = [];
      b.onHandedOver((game) => heard.push(`b:${game}`));
      c.onHandedOver((game) => heard.push(`c:${game}`));
      const [first, second] = (await recordedGames(a, 2)) as [string, string];
      await a.handOver(first, 1, 'b');
      // Handed over without an heir: anyone takes it, nobody is told.
      await a.handOver(second, 1);
      // A stale generation hands nothing over and tells nobody.
      await a.handOver(second, 7, 'c');
      await expect.poll(() => heard, { timeout: 2000 }).toEqual([`b:${first}`]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard).toEqual([`b:${first}`]);
      expect(await claim(b, { games: 0, maxGames: 10 })).toContain(first);
    });

    it('lets any lobby take a game handed over to an heir that is gone', async () => {
      const under = make();
      const a = await joined(under, 'a', { games: 1, maxGames: 10 });
      const loads = { b: { games: 0, maxGames: 10 }, c: { games: 0, maxGames: 10 } };
      await joined(under, 'b', loads.b);
      const c = await joined(under, 'c', loads.c);
      const [only] = await recordedGames(a, 1);
      await a.handOver(only!, 1, 'b');
      expect(await claim(c, loads.c)).toEqual([]);
      await under.expire('b');
      expect(await claim(c, loads.c)).toEqual([only]);
    });

    it('takes a game a player asks for beyond its share', async () => {
      const under = make();
      const a = await joined(under, 'a');
      const loads = { b: { games: 8, maxGames: 10 }, c: { games: 0, maxGames: 10 } };
      const b = await joined(under, 'b', loads.b);
      const c = await joined(under, 'c', loads.c);
      await recordedGames(a, 4);
      await under.expire('a');
      // b runs 8 of the 12 games there will be, more than its share already, but a player asked it for game-2.
      expect(await claim(b, loads.b, ['game-2'])).toEqual(['game-2']);
      expect(await claim(c, loads.c)).toEqual(['game-0', 'game-1', 'game-3']);
    });

    it('takes more than its share when the other lobbies have no room, and leaves what nobody has room for', async () => {
      const under = make();
      const a = await joined(under, 'a');
      const loads = { b: { games: 8, maxGames: 10 }, c: { games: 0, maxGames: 1 } };
      const b = await joined(under, 'b', loads.b);
      const c = await joined(under, 'c', loads.c);
      await recordedGames(a, 4);
      await under.expire('a');
      expect(await claim(c, loads.c)).toEqual(['game-0']);
      // c is full now: b takes what it has room for, beyond its share.
      expect(await claim(b, loads.b)).toEqual(['game-1', 'game-2']);
      // game-3 waits, with its record, for a lobby with room.
      expect(await b.lookup('game-3')).toMatchObject({ lobbyId: 'a' });
    });

    it('takes a closing lobby\'s games and seats out with it', async () => {
      const under = make();
      const a = await joined(under, 'a');
      const b = await joined(under, 'b');
      await a.reserve(summary('gone'));
      await a.holdSeat('t', { game: 'gone', player: 1, lobbyId: 'a', lobbyUrl: 'ws://a.test:8766/' });
      await a.close();
      expect(await b.list()).toEqual([]);
      expect(await b.findSeat('t')).toBeNull();
      expect((await b.lobbies()).map((lobby) => lobby.lobbyId)).toEqual(['b']);
    });
  });
}

