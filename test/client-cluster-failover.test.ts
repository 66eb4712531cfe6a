import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../cli/cli-path.js';
import { CliProcess, closedPort } from './helpers/cli.js';
import { childPids, waitForExit } from './helpers/processes.js';
import { RedisServer } from './helpers/redis-server.js';
import { TestClient } from './helpers/test-client.js';
import { TmuxPane } from './helpers/tmux.js';
import { waitForAnswer } from './helpers/wait-for.js';

/**
 * The terminal client, as a player runs it, in a cluster of two
 * `vimtron server --redis` processes: its lobby is killed mid-game and the
 * player is back in the same seat through the other lobby, by itself.
 */

let redis: RedisServer;
const servers: CliProcess[] = [];
const panes: TmuxPane[] = [];
const clients: TestClient[] = [];

beforeAll(async () => {
  redis = await RedisServer.start();
});

afterEach(async () => {
  for (const pane of panes.splice(0)) await pane.kill();
  for (const client of clients.splice(0)) await client.close();
  for (const server of servers.splice(0)) await server.kill();
});

afterAll(async () => {
  await redis?.stop();
});

async function clusterLobby(): Promise<{ server: CliProcess; port: number }> {
  const port = await closedPort();
  const server = new CliProcess(['server', '--port', String(port), '--host', '127.0.0.1', '--admin-port', '0', '--pool', '1', '--redis', redis.url]);
  servers.push(server);
  await server.waitForOutput(/listening on ws:\/\/127\.0\.0\.1:\d+/);
  return { server, port };
}

function statusLine(lines: readonly string[], game: string): string | undefined {
  return lines.find((line) => line.includes(`game ${game}  `))?.trim();
}

describe('the terminal client in a cluster of lobbies', () => {
  it('gets back into the same seat through another lobby when its lobby is killed mid-game', async () => {
    const first = await clusterLobby();
    const second = await clusterLobby();
    // The first lobby names the second in `joined` once it has seen it alive.
    await waitForAnswer(async () => {
      const probe = await TestClient.connect(first.port);
      clients.push(probe);
      const joined = await probe.request({ type: 'create', players: 1 });
      await probe.request({ type: 'leave' });
      return joined.lobbies?.includes(`ws://127.0.0.1:${second.port}/`) ? true : null;
    }, 10_000, 'the second lobby named in joined', 100);

    const pane = await TmuxPane.start(`node ${CLI_PATH} play --port ${first.port} --players 2 --game fallen --name ana`, {
      columns: 100,
      rows: 30,
    });
    panes.push(pane);
    const waiting = 'game fallen  waiting  players 1/2  ready 0/1  you ● ana';
    await pane.waitFor('the arena', (lines) => (statusLine(lines, 'fallen') === waiting ? true : undefined));

    const doomedRooms = childPids(first.server.pid);
    first.server.signal('SIGKILL');
    const killedAt = performance.now();
    await first.server.finished();
    await waitForExit(doomedRooms, 3000);
    await pane.waitFor('the reconnect line', (lines) => (lines.some((line) => line.includes('connection lost; reconnecting')) ? true : undefined));
    await pane.waitFor('the game again, without the reconnect line', (lines) =>
      statusLine(lines, 'fallen') === waiting && !lines.some((line) => line.includes('reconnecting')) ? true : undefined,
    15_000);
    // The lease runs out within 2 s; the client's attempts are at most 2 s apart.
    expect(performance.now() - killedAt).toBeLessThan(6000);

    // Same seat, on the other lobby: keys count there.
    await pane.sendKeys('i');
    await pane.waitFor('ready', (lines) => (statusLine(lines, 'fallen')?.includes('ready 1/1  you ● ana') ? true : undefined));
    const observer = await TestClient.connect(second.port);
    clients.push(observer);
    expect((await observer.request({ type: 'list' })).games).toEqual([
      { name: 'fallen', players: 1, bots: 0, maxPlayers: 2, phase: 'waiting', width: 80, height: 22, playerNames: ['ana'] },
    ]);

    await pane.sendKeys('q');
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(0);
    expect(exit.canonicalMode).toBe(true);
    const survivorChildren = childPids(second.server.pid);
    second.server.signal('SIGTERM');
    expect((await second.server.finished()).code).toBe(0);
    await waitForExit(survivorChildren, 5000);
  });
});
