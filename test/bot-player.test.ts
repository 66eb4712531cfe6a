import { afterEach, describe, expect, it } from 'vitest';
import { defaultTemper } from '../shared/bots/bot-temper.js';
import { BotPlayer, type BotPlayerEvents } from '../load/bots/bot-player.js';
import { ClientRoomMetrics } from '../load/bots/client-room-metrics.js';
import type { GameSpec } from '../load/bots/shard-messages.js';
import { InMemoryGameDirectory, MemoryDirectoryStore } from '../server/in-memory-game-directory.js';
import { useLobbies } from './helpers/lobby-harness.js';
import { waitFor } from './helpers/wait-for.js';

/** The load generator's bots, in this process, against real lobbies. */

const startLobby = useLobbies();
const bots: BotPlayer[] = [];

afterEach(async () => {
  for (const bot of bots.splice(0)) bot.close();
});

describe('a bot player', () => {
  it('follows redirects to the lobby of a cluster with room, for its create and for a join, and plays there', async () => {
    const store = new MemoryDirectoryStore();
    const full = await startLobby({ maxGames: 1 }, { directory: new InMemoryGameDirectory('lobby-a', store) });
    const roomy = await startLobby({}, { directory: new InMemoryGameDirectory('lobby-b', store) });
    expect(await (await full.connect()).request({ type: 'create', players: 1, name: 'filler' })).toMatchObject({ type: 'joined' });

    const spec: GameSpec = { name: 'sent-on', players: 2, width: 40, height: 20, workMs: null, heavy: false, seed: 7, startAfterMs: 0, lobby: 0 };
    const metrics = new ClientRoomMetrics(spec.name, false, 2);
    const seated: number[] = [];
    const running: number[] = [];
    const failures: string[] = [];
    const events: BotPlayerEvents = {
      joined: (bot) => {
        seated.push(bots.indexOf(bot));
        if (bot === bots[0]) bots[1]!.join();
      },
      running: (bot) => running.push(bots.indexOf(bot)),
      failed: (_bot, reason) => failures.push(reason),
    };
    const url = `ws://127.0.0.1:${full.lobby.port}`;
    for (const creator of [true, false]) {
      bots.push(
        new BotPlayer({ url, game: spec, creator, metrics, temper: defaultTemper, seed: creator ? 1 : 2, tickMs: 100, window: { open: false }, events }),
      );
    }

    await waitFor(() => running.length === 2 || failures.length > 0, 10_000, 'both bots to see a round running');
    expect(failures).toEqual([]);
    expect(seated).toEqual([0, 1]);
    expect(roomy.lobby.stats().roomStats.map((room) => [room.name, room.players])).toEqual([['sent-on', 2]]);
    expect(full.lobby.stats().roomStats.map((room) => room.name)).toEqual(['filler']);
    expect(metrics.errors).toEqual({});
  });
});
