import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { adminGet } from './helpers/admin-http.js';
import { closedPort } from './helpers/cli.js';
import { defaultRoomHostOptions } from '../server/room-host.js';
import { useLobbies } from './helpers/lobby-harness.js';
import { waitForExit } from './helpers/processes.js';
import { waitForAnswer } from './helpers/wait-for.js';

/** A create or join waits for a room process to start: seconds on a machine busy with other tests. */
const ROOM_START_MS = 20_000;

/**
 * The metrics against the real Prometheus tools (Debian's `prometheus`
 * package, which .ci/run installs): promtool's checks on the text a lobby
 * serves, and a Prometheus server scraping a lobby and answering queries.
 */

const startLobby = useLobbies();
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs a program to completion with `input` on its stdin. */
function run(command: string, args: readonly string[], input: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
    child.stdin.end(input);
  });
}

/** A Prometheus server on a free port of 127.0.0.1 scraping `target` every second, stopped and removed after the test. */
async function startPrometheus(target: string): Promise<{ query(expression: string): Promise<PromResult[]> }> {
  const dir = mkdtempSync(join(tmpdir(), 'vimtron-prometheus-'));
  const port = await closedPort();
  writeFileSync(
    join(dir, 'prometheus.yml'),
    ['global:', '  scrape_interval: 1s', 'scrape_configs:', '  - job_name: vimtron', '    static_configs:', `      - targets: ['${target}']`, ''].join('\n'),
  );
  const child: ChildProcess = spawn(
    'prometheus',
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-4000)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await waitForExit([child.pid!], 10_000);
    rmSync(dir, { recursive: true, force: true });
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForAnswer(
    async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${log}`);
      return (await fetch(`${base}/-/ready`).catch(() => null))?.status === 200 ? true : null;
    },
    20_000,
    'Prometheus to be ready',
    100,
  );
  return {
    query: async (expression) => {
      const answer = (await (await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expression)}`)).json()) as PromAnswer;
      if (answer.status !== 'success') throw new Error(`query ${expression} failed: ${JSON.stringify(answer)}`);
      return answer.data.result;
    },
  };
}

interface PromResult {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

interface PromAnswer {
  readonly status: string;
  readonly data: { readonly result: PromResult[] };
}

describe('the metrics and the Prometheus tools', () => {
  it('pass promtool check metrics after games were played, crashed and resumed', async () => {
    const started = await startLobby({ tickMs: 50 }, { pool: 1, hostOptions: { ...defaultRoomHostOptions, faultInjection: true } });
    const { lobby } = started;
    const player = await started.connect();
    await player.request({ type: 'create', players: 1, name: 'played' }, ROOM_START_MS);
    player.send({ type: 'key', key: 'i' });
    await player.next((message) => message.type === 'state' && message.tick >= 45, ROOM_START_MS);
    process.kill(lobby.roomPid('played')!, 'SIGKILL');
    await player.next('resuming', ROOM_START_MS);
    const other = await started.connect();
    await other.request({ type: 'create', players: 1, name: 'crashed' }, ROOM_START_MS);
    lobby.injectFault('crashed', 'throw');
    await other.next('error', ROOM_START_MS);
    const text = await waitForAnswer(async () => {
      const body = (await adminGet(lobby, '/metrics')).body;
      return /^vimtron_tick_lateness_seconds_count [1-9]/m.test(body) ? body : null;
    }, 10_000, 'tick lateness in the metrics');
    expect(text).toMatch(/^vimtron_rooms_resumed_total 1$/m);
    expect(await run('promtool', ['check', 'metrics'], text)).toEqual({ code: 0, output: '' });
  });

  it('are scraped by a real Prometheus server, whose queries see the counters move', async () => {
    const started = await startLobby({ tickMs: 50 });
    const { lobby } = started;
    const prometheus = await startPrometheus(`127.0.0.1:${lobby.adminPort}`);
    const up = await waitForAnswer(async () => {
      const result = await prometheus.query('up{job="vimtron"}');
      return result[0]?.value[1] === '1' ? result : null;
    }, 15_000, 'a first scrape');
    expect(up).toHaveLength(1);
    for (const name of ['east', 'west']) await (await started.connect()).request({ type: 'create', players: 2, name }, ROOM_START_MS);
    const created = await waitForAnswer(async () => {
      const result = await prometheus.query('vimtron_rooms_created_total');
      return result[0]?.value[1] === '2' ? result : null;
    }, 15_000, 'Prometheus to see two games created');
    expect(created[0]!.metric).toMatchObject({ __name__: 'vimtron_rooms_created_total', job: 'vimtron' });
    const rooms = await prometheus.query('sum by (phase) (vimtron_rooms)');
    expect(Object.fromEntries(rooms.map((sample) => [sample.metric.phase, sample.value[1]]))).toEqual({
      waiting: '2',
      countdown: '0',
      running: '0',
      finished: '0',
    });
    // Rooms report their lateness every 2 s of ticks; the quantile of the histogram is then a number of seconds.
    const p99 = await waitForAnswer(async () => {
      const result = await prometheus.query('histogram_quantile(0.99, vimtron_tick_lateness_seconds_bucket)');
      const value = Number(result[0]?.value[1]);
      return Number.isFinite(value) ? value : null;
    }, 15_000, 'a tick lateness quantile');
    expect(p99).toBeGreaterThan(0);
    expect(p99).toBeLessThanOrEqual(1);
  });
});
