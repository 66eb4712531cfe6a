import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readMemory, type MemoryFigures } from '../common/proc-stats.js';
import type { HeldBytes } from './heap-cost.js';

export type HoldKind = 'room' | 'windows' | 'totals';

/** What a holder child says of itself. */
export interface HolderReport {
  /** Time to import the contender's modules (and start WebAssembly), in ms. */
  readonly importMs: number;
  /** Held bytes per window or total; null for a room-like holder. */
  readonly perItem: HeldBytes | null;
}

export interface HolderFigures extends HolderReport {
  /** The child's memory as the kernel sees it. */
  readonly memory: MemoryFigures;
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
    const memory = readMemory(child.pid!);
    if (!memory) throw new Error(`cannot read /proc/${child.pid}/smaps_rollup (Linux 4.14 and later only)`);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send('exit');
    await exited;
    return { ...report, memory };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
