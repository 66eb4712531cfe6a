import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { roomEnvironment } from '../../server/room-environment.js';
import { defaultRoomHostOptions } from '../../server/room-host.js';
import { spreadOf, type Spread } from '../../shared/stats/spread.js';
import { isRunning, readCpuMicroseconds, readMemory } from '../common/proc-stats.js';

export interface FloorOptions {
  /** Bare children started at once. */
  readonly children: number;
  /** Seconds they run before the window opens: start-up CPU is not a tick's. */
  readonly settleSeconds: number;
  /** Seconds measured. */
  readonly windowSeconds: number;
}

/**
 * The floor of a process per room on this machine: what N bare Node children,
 * started as rooms are, cost while each only ticks every 100 ms and sends one
 * frame-sized string to the parent per tick.
 */
export interface FloorReport {
  readonly ok: boolean;
  readonly failure: string | null;
  readonly options: FloorOptions;
  /** Frames the parent received in the window, all children together. */
  readonly ticks: number;
  /** Children's CPU (user + system, from /proc) in the window over the ticks they sent. */
  readonly cpuUsPerTick: number | null;
  /** PSS of a child at the end of the window: median, min, max over the children. */
  readonly pssPerChildBytes: Spread | null;
  /** Every child checked gone at the end; those that were not (then SIGKILLed). */
  readonly pidsChecked: number;
  readonly survivors: readonly number[];
}

const EXIT_PATIENCE_MS = 3000;

/** The compiled child: beside this module in dist/, or in dist/ when this module is loaded from its TypeScript source. */
export function floorChildEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, 'floor-child.cjs'), resolve(here, '../../dist/load/bench/floor-child.cjs')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`compiled floor child not found at ${resolve(here, '../../dist/load/bench/floor-child.cjs')}; run "npm run build" first`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Starts the children with the node, environment (without the lobby-only
 * variables) and stdio/IPC of a room process, measures them, and stops and
 * reaps every one before it returns, even when measuring fails.
 */
export async function measureFloor(options: FloorOptions): Promise<FloorReport> {
  const entry = floorChildEntry();
  const children: ChildProcess[] = [];
  const frames = new Map<ChildProcess, number>();
  let failure: string | null = null;
  let ticks = 0;
  let cpuUsPerTick: number | null = null;
  let pssPerChildBytes: Spread | null = null;
  let reaped = { pidsChecked: 0, survivors: [] as number[] };
  try {
    for (let index = 0; index < options.children; index++) {
      const child = fork(entry, [], {
        execArgv: [`--max-old-space-size=${defaultRoomHostOptions.heapMb}`],
        env: roomEnvironment(process.env, false),
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        serialization: 'json',
      });
      child.stdout?.resume();
      child.stderr?.resume();
      frames.set(child, 0);
      child.on('message', () => frames.set(child, frames.get(child)! + 1));
      child.on('error', (error) => {
        failure ??= `a floor child failed: ${error.message}`;
      });
      children.push(child);
    }
    await sleep(options.settleSeconds * 1000);
    const pids = children.map((child) => child.pid!);
    const cpuAtStart = pids.map(readCpuMicroseconds);
    const framesAtStart = children.map((child) => frames.get(child)!);
    await sleep(options.windowSeconds * 1000);
    const cpuAtEnd = pids.map(readCpuMicroseconds);
    const framesAtEnd = children.map((child) => frames.get(child)!);
    let cpuUs = 0;
    for (let index = 0; index < pids.length; index++) {
      const start = cpuAtStart[index];
      const end = cpuAtEnd[index];
      if (start === null || end === null || start === undefined || end === undefined) {
        failure ??= `floor child ${pids[index]} could not be read in /proc (gone?)`;
        continue;
      }
      cpuUs += end - start;
      ticks += framesAtEnd[index]! - framesAtStart[index]!;
    }
    const pss = pids.map((pid) => readMemory(pid)?.pssBytes ?? null).filter((bytes): bytes is number => bytes !== null);
    pssPerChildBytes = spreadOf(pss);
    if (ticks > 0) cpuUsPerTick = Math.round((cpuUs / ticks) * 10) / 10;
    else failure ??= 'the floor children sent no frame in the window';
  } catch (error) {
    failure ??= (error as Error).message;
  } finally {
    reaped = await reap(children);
  }
  if (reaped.survivors.length > 0) failure ??= `floor children outlived the measurement: ${reaped.survivors.join(', ')}`;
  return { ok: failure === null, failure, options, ticks, cpuUsPerTick, pssPerChildBytes, ...reaped };
}

/** Disconnects every child (each exits on that), waits for them, SIGKILLs any still running and says which. */
async function reap(children: readonly ChildProcess[]): Promise<{ pidsChecked: number; survivors: number[] }> {
  const pids = children.map((child) => child.pid).filter((pid): pid is number => pid !== undefined);
  const exited = children.map((child) =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve())),
  );
  for (const child of children) if (child.connected) child.disconnect();
  await Promise.race([Promise.all(exited), sleep(EXIT_PATIENCE_MS)]);
  const survivors = pids.filter(isRunning);
  for (const pid of survivors) process.kill(pid, 'SIGKILL');
  return { pidsChecked: pids.length, survivors };
}
