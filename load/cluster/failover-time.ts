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
import type { FlagSpecs } from '../../cli/flags.js';
import { Histogram } from '../../shared/stats/histogram.js';
import { summarizeMicroseconds } from '../../shared/stats/quantile-summary.js';
import { readToolFlags } from '../common/tool-flags.js';
import { LobbyCluster, type ProcessCheck } from './lobby-cluster.js';
import { ProbeConnection } from './probe-connection.js';

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

async function main(): Promise<number> {
  const flags = readToolFlags(process.argv.slice(2), FLAGS, USAGE);
  if (!flags.run) return flags.exitCode;
  const kills = flags.values.kills ?? 20;
  const lobbyCount = flags.values.lobbies ?? 3;

  const samples: Sample[] = [];
  const failures: string[] = [];
  let cluster: LobbyCluster | null = null;
  let processes: ProcessCheck;
  try {
    cluster = await LobbyCluster.start({ lobbies: lobbyCount, lobbyFlags: ['--pool', '1'] });
    for (let kill = 0; kill < kills; kill++) {
      const victimIndex = kill % lobbyCount;
      const victim = cluster.lobby(victimIndex);
      const player = await ProbeConnection.connect(victim.url);
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
      cluster.killNow(victimIndex);
      const killedAt = performance.now();
      player.close();
      const deadline = killedAt + FAILOVER_DEADLINE_MS;
      const others = cluster.urls();
      let sample: Sample | null = null;
      for (let attempt = 0; sample === null && performance.now() < deadline; attempt++) {
        const through = others[attempt % others.length]!;
        const again = await ProbeConnection.connect(through);
        if (!again) continue;
        again.send({ type: 'rejoin', token: joined.token });
        const answer = await again.next(['joined', 'redirect', 'error'], deadline);
        let playing: ProbeConnection | null = answer?.type === 'joined' ? again : null;
        if (answer?.type === 'redirect') {
          again.close();
          playing = await ProbeConnection.connect(answer.url);
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
      await cluster.restart(victimIndex);
      process.stdout.write(
        `kill ${kill + 1}/${kills}: ${sample ? `${sample.failoverMs.toFixed(0)} ms to the first frame again, ${sample.rolledBackTicks} tick(s) rolled back` : 'failed'}\n`,
      );
    }
  } finally {
    processes = (await cluster?.stopAll()) ?? { checked: 0, pids: [], survivors: [] };
  }
  const times = new Histogram();
  const rollbacks = new Histogram();
  for (const sample of samples) {
    times.record(sample.failoverMs * 1000);
    rollbacks.record(sample.rolledBackTicks);
  }
  if (samples.length > 0) {
    const time = summarizeMicroseconds(times);
    process.stdout.write(
      `\nfailover over ${samples.length} kill(s) of ${lobbyCount} lobbies: kill -> first frame again p50 ${time.p50.toFixed(0)} ms, ` +
        `p99 ${time.p99.toFixed(0)} ms, max ${time.max.toFixed(0)} ms; ticks rolled back p50 ${rollbacks.quantile(0.5)}, max ${rollbacks.max}\n`,
    );
  }
  for (const failure of failures) process.stdout.write(`FAILED ${failure}\n`);
  if (processes.survivors.length > 0) process.stdout.write(`FAILED processes left behind: ${processes.survivors.join(', ')}\n`);
  return failures.length === 0 && processes.survivors.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`failover: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
