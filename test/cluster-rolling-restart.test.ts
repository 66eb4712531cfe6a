import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, closedPort } from './helpers/cli.js';
import { childPids, waitForExit } from './helpers/processes.js';
import { RedisServer } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait-for.js';

/**
 * A rolling restart of every lobby of a cluster: each lobby in turn gets
 * SIGTERM, hands its games over, and starts again. Players follow `moved`
 * as any client should: connect to the new lobby and rejoin with the token.
 */

let redis: RedisServer;
const servers: CliProcess[] = [];
const players: FollowingPlayer[] = [];

beforeAll(async () => {
  redis = await RedisServer.start();
});

afterEach(async () => {
  for (const player of players.splice(0)) player.close();
  for (const server of servers.splice(0)) await server.kill();
});

afterAll(async () => {
  await redis?.stop();
});

/** A player that plays on wherever its game goes: on `moved` it rejoins at the new lobby. */
class FollowingPlayer {
  /** When each frame arrived, and its tick. */
  readonly frames: { at: number; tick: number }[] = [];
  token: string | null = null;
  moves = 0;
  problems: string[] = [];
  private socket: WebSocket | null = null;
  private closed = false;

  constructor(private url: string) {}

  async create(name: string): Promise<void> {
    await this.open({ type: 'create', players: 2, name });
  }

  close(): void {
    this.closed = true;
    this.socket?.terminate();
  }

  private open(first: object): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url);
      this.socket = socket;
      socket.on('error', () => {});
      socket.once('open', () => socket.send(JSON.stringify(first)));
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.type === 'joined') {
          this.token = message.token;
          resolve();
        } else if (message.type === 'state' || message.type === 'snapshot') {
          this.frames.push({ at: performance.now(), tick: message.tick });
        } else if (message.type === 'moved' || message.type === 'redirect') {
          if (message.type === 'moved') this.moves += 1;
          this.url = message.url;
          socket.removeAllListeners('message');
          socket.terminate();
          void this.open(message.type === 'moved' ? { type: 'rejoin', token: this.token } : first)
            .then(resolve, (error: Error) => this.problems.push(error.message));
        } else if (message.type === 'error') {
          this.problems.push(`${message.code}: ${message.message}`);
          reject(new Error(message.message));
        }
      });
      socket.once('close', () => {
        if (!this.closed && this.socket === socket) this.problems.push(`connection to ${this.url} closed`);
      });
    });
  }

  /** The longest time between two frames after `since`. */
  worstGapMs(since: number): number {
    let worst = 0;
    const after = this.frames.filter((frame) => frame.at >= since);
    for (let index = 1; index < after.length; index++) worst = Math.max(worst, after[index]!.at - after[index - 1]!.at);
    return worst;
  }
}

async function startLobby(port: number): Promise<CliProcess> {
  const server = new CliProcess(['server', '--port', String(port), '--host', '127.0.0.1', '--admin-port', '0', '--pool', '2', '--redis', redis.url]);
  servers.push(server);
  await server.waitForOutput(/listening on ws:\/\/127\.0\.0\.1:\d+/);
  return server;
}

describe('a rolling restart of every lobby of a cluster', () => {
  it('loses no game: each is handed over, and every player follows it and plays on', async () => {
    const ports = [await closedPort(), await closedPort(), await closedPort()];
    const lobbies = [];
    for (const port of ports) lobbies.push(await startLobby(port));
    // Two games on each lobby, so every restart hands games over.
    for (const [index, port] of ports.entries()) {
      for (const suffix of ['a', 'b']) {
        const player = new FollowingPlayer(`ws://127.0.0.1:${port}/`);
        players.push(player);
        await player.create(`roll-${index}-${suffix}`);
      }
    }
    await waitFor(() => players.every((player) => player.frames.length >= 3), 10_000, 'every game ticking');
    const startedAt = performance.now();
    for (const [index, port] of ports.entries()) {
      const stopping = lobbies[index]!;
      const rooms = childPids(stopping.pid);
      stopping.signal('SIGTERM');
      expect((await stopping.finished(15_000)).code).toBe(0);
      await waitForExit(rooms, 5000);
      expect(stopping.stdout).toMatch(/handed (\d+) of \1 games over to other lobbies/);
      lobbies[index] = await startLobby(port);
    }
    // Let every game tick on for a moment after the last restart.
    const lastRestartAt = performance.now();
    await waitFor(() => players.every((player) => player.frames.some((frame) => frame.at > lastRestartAt + 500)), 10_000, 'every game ticking again');
    expect(players.map((player) => player.problems)).toEqual(players.map(() => []));
    expect(players.every((player) => player.moves >= 1)).toBe(true);
    // How long the pauses are is a figure for a benchmark on a quiet machine, not for a test;
    // here, every player got back into its game, within the seat hold by far.
    for (const player of players) expect(player.worstGapMs(startedAt)).toBeLessThan(10_000);
    for (const server of lobbies) {
      const rooms = childPids(server.pid);
      server.signal('SIGTERM');
      await server.finished(15_000);
      await waitForExit(rooms, 5000);
    }
  });
});
