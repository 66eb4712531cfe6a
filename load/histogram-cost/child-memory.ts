import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HeldBytes } from './heap-cost.js';

export type HoldKind = 'room' | 'windows' | 'totals';

/** What a holder child says of itself. */
export interface HolderReport {
  /** Time to import the contender's modules (and start WebAssembly), in ms. */
  readonly importMs: number;
  /** Held bytes per window or total; null for a room-like holder. */
  readonly perItem: HeldBytes | null;
}

/** A child's memory from the kernel's view, in bytes. */
export interface ProcessMemory {
  readonly rss: number;
  /** Shared pages split among the processes sharing them. */
  readonly pss: number;
  /** Pages no other process shares: unaffected by what else runs on the machine. */
  readonly private: number;
}

export interface HolderFigures extends HolderReport {
  readonly memory: ProcessMemory;
}

const HOLDER = fileURLToPath(new URL('./holder-child.js', import.meta.url));

/** Forks a holder, waits for its own figures, reads its memory from /proc, then lets it exit. */
export async function measureHolder(contender: string, kind: HoldKind, count: number): Promise<HolderFigures> {
  const child = fork(HOLDER, [contender, kind, String(count)], { execArgv: ['--expose-gc'], serialization: 'json' });
  try {
    const report = await new Promise<HolderReport>((resolve, reject) => {
      child.once('message', (message) => resolve(message as HolderReport));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`holder ${contender} ${kind} exited with code ${code} before reporting`)));
    });
    const memory = processMemory(child.pid!);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send('exit');
    await exited;
    return { ...report, memory };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** From /proc/PID/smaps_rollup (Linux 4.14 and later). */
function processMemory(pid: number): ProcessMemory {
  const fields = new Map<string, number>();
  for (const line of readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').split('\n')) {
    const match = /^(\w+):\s+(\d+) kB/.exec(line);
    if (match) fields.set(match[1]!, Number(match[2]) * 1024);
  }
  const field = (key: string): number => fields.get(key) ?? 0;
  return { rss: field('Rss'), pss: field('Pss'), private: field('Private_Clean') + field('Private_Dirty') };
}
