#!/usr/bin/env node
/**
 * `npm run failover -- [--kills N] [--lobbies L]`: how long a player of a
 * game whose lobby is killed waits before playing again. Starts a
 * redis-server and L lobbies of one cluster on loopback; then N times: a
 * player creates a game on one lobby and plays, that lobby is killed with
 * SIGKILL, and the player reconnects through another lobby and rejoins with
 * its seat token, as the terminal client does. Reports, over the kills, the
 * time from the kill to the first frame again and the ticks rolled back.
 * Every process it starts is stopped before it exits.
 */
import { WebSocket } from 'ws';
import { decodeServerMessage } from '../../shared/client/decode-server-message.js';
import type { ServerMessage } from '../../shared/protocol/server-messages.js';
import { parseFlags, type FlagSpecs } from '../../cli/flags.js';
import { toolFlagMessages } from '../common/tool-flags.js';
import { startLobbyProcess, type LobbyProcess } from '../common/lobby-launcher.js';
import { startRedis, type RedisProcess } from '../common/redis-launcher.js';
import { childPidsOf, isRunning } from '../common/proc-stats.js';

const USAGE = `npm run failover -- [options]     (or: node dist/load/cluster/failover-time.js [options])

Kills a lobby of a cluster under a player N times and measures, each time, how long the
player waits from the kill to the first frame again, and how many ticks were rolled back.

  --kills N       lobby kills (default 20)
  --lobbies L     lobbies in the cluster, 2-8 (default 3)
  --help          this text
`;

const FLAGS = {
  kills: { kind: 'integer', min: 1, max: 1000 },
  lobbies: { kind: 'integer', min: 2, max: 8 },
} as const satisfies FlagSpecs;

/** Longest a single failover may take before the run counts it as failed. */
const FAILOVER_DEADLINE_MS = 15_000;
/** How often the player tries again while no lobby has its seat yet. */
const RETRY_EVERY_MS = 50;

interface Sample {
  readonly failoverMs: number;
  readonly rolledBackTicks: number;
}

class Player {
  private readonly queue: ServerMessage[] = [];
  private wake: (() => void) | null = null;
  closed = false;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const decoded = decodeServerMessage(data.toString());
      if (decoded.ok) this.queue.push(decoded.value);
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    socket.on('error', () => {});
  }

  static connect(url: string): Promise<Player | null> {
    return new Promise((resolve) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new Player(socket)));
      socket.once('error', () => resolve(null));
    });
  }

  send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  /** The next message matching, or null if the connection closes or the deadline passes. */
  async next<T extends ServerMessage['type']>(types: readonly T[], deadline: number): Promise<Extract<ServerMessage, { type: T }> | null> {
    for (;;) {
      const index = this.queue.findIndex((message) => (types as readonly string[]).includes(message.type));
      if (index >= 0) return this.queue.splice(0, index + 1).at(-1) as Extract<ServerMessage, { type: T }>;
      this.queue.length = 0;
      if (this.closed || performance.now() > deadline) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - performance.now()));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  close(): void {
    this.socket.terminate();
  }
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

async function main(): Promise<number> {
  const parsed = parseFlags(process.argv.slice(2), FLAGS, toolFlagMessages);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\n`);
    return 2;
  }
  if (parsed.value.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const kills = parsed.value.values.kills ?? 20;
  const lobbyCount = parsed.value.values.lobbies ?? 3;

  let redis: RedisProcess | null = null;
  const lobbies: (LobbyProcess | null)[] = [];
  const seen = new Set<number>();
  const startLobby = async (): Promise<LobbyProcess> => {
    const lobby = await startLobbyProcess(['--pool', '1', '--redis', redis!.url]);
    seen.add(lobby.pid);
    return lobby;
  };
  const samples: Sample[] = [];
  const failures: string[] = [];
  try {
    redis = await startRedis();
    for (let index = 0; index < lobbyCount; index++) lobbies.push(await startLobby());
    for (let kill = 0; kill < kills; kill++) {
      const victimIndex = kill % lobbyCount;
      const victim = lobbies[victimIndex]!;
      const player = await Player.connect(victim.url);
      if (!player) throw new Error(`could not connect to the lobby at ${victim.url}`);
      player.send({ type: 'create', players: 2, name: `failover-${kill}` });
      const joined = await player.next(['joined'], performance.now() + 10_000);
      if (!joined) throw new Error(`no joined from ${victim.url}`);
      // Play a few ticks, so the game has a record with this seat in it.
      let lastTick = -1;
      for (let frames = 0; frames < 8; frames++) {
        const frame = await player.next(['state', 'snapshot'], performance.now() + 5000);
        if (frame) lastTick = frame.tick;
      }
      for (const pid of childPidsOf(victim.pid)) seen.add(pid);
      victim.killNow();
      const killedAt = performance.now();
      player.close();
      const deadline = killedAt + FAILOVER_DEADLINE_MS;
      const others = lobbies.filter((lobby, index): lobby is LobbyProcess => index !== victimIndex && lobby !== null);
      let sample: Sample | null = null;
      for (let attempt = 0; sample === null && performance.now() < deadline; attempt++) {
        const through = others[attempt % others.length]!;
        const again = await Player.connect(through.url);
        if (!again) continue;
        again.send({ type: 'rejoin', token: joined.token });
        const answer = await again.next(['joined', 'redirect', 'error'], deadline);
        let playing: Player | null = answer?.type === 'joined' ? again : null;
        if (answer?.type === 'redirect') {
          again.close();
          playing = await Player.connect(answer.url);
          playing?.send({ type: 'rejoin', token: joined.token });
          if (playing && (await playing.next(['joined', 'error'], deadline))?.type !== 'joined') {
            playing.close();
            playing = null;
          }
        }
        if (!playing) {
          if (answer?.type !== 'redirect') again.close();
          await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
          continue;
        }
        const first = await playing.next(['snapshot', 'state'], deadline);
        if (first) sample = { failoverMs: performance.now() - killedAt, rolledBackTicks: Math.max(0, lastTick - first.tick + 1) };
        playing.send({ type: 'leave' });
        playing.close();
      }
      if (sample) samples.push(sample);
      else failures.push(`kill ${kill + 1}: no frame again within ${FAILOVER_DEADLINE_MS / 1000} s`);
      lobbies[victimIndex] = await startLobby();
      process.stdout.write(
        `kill ${kill + 1}/${kills}: ${sample ? `${sample.failoverMs.toFixed(0)} ms to the first frame again, ${sample.rolledBackTicks} tick(s) rolled back` : 'failed'}\n`,
      );
    }
  } finally {
    for (const lobby of lobbies) await lobby?.stop();
    await redis?.stop();
  }
  const leftovers = [...seen].filter(isRunning);
  const times = samples.map((sample) => sample.failoverMs).sort((a, b) => a - b);
  const rollbacks = samples.map((sample) => sample.rolledBackTicks).sort((a, b) => a - b);
  if (times.length > 0) {
    process.stdout.write(
      `\nfailover over ${times.length} kill(s) of ${lobbyCount} lobbies: kill -> first frame again p50 ${quantile(times, 0.5).toFixed(0)} ms, ` +
        `p99 ${quantile(times, 0.99).toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms; ticks rolled back p50 ${quantile(rollbacks, 0.5)}, max ${rollbacks.at(-1)}\n`,
    );
  }
  for (const failure of failures) process.stdout.write(`FAILED ${failure}\n`);
  if (leftovers.length > 0) process.stdout.write(`FAILED processes left behind: ${leftovers.join(', ')}\n`);
  return failures.length === 0 && leftovers.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`failover: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
