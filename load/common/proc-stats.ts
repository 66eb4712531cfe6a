import { readdirSync, readFileSync } from 'node:fs';

/**
 * What Linux says about a process, read from /proc: CPU time, memory, children.
 * Every reader returns null (or nothing) for a process that has gone or
 * cannot be read, since processes come and go while we look.
 */

/**
 * Clock ticks per second of /proc/PID/stat times. Linux fixes USER_HZ at 100
 * for this interface on every architecture Node runs on.
 */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time the process (all its threads) has used, in microseconds; 10 ms resolution. */
export function readCpuMicroseconds(pid: number): number | null {
  const fields = statFields(pid);
  if (!fields) return null;
  // Fields after the command name: state is [0], utime is [11], stime is [12] (stat(5) fields 14 and 15).
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND : null;
}

export interface MemoryFigures {
  /** Proportional set size: shared pages divided among the processes that share them. */
  readonly pssBytes: number;
  readonly rssBytes: number;
  /** Pages no other process maps: unlike PSS, unmoved by whatever else the machine runs. */
  readonly privateBytes: number;
}

/** PSS, RSS and private memory from /proc/PID/smaps_rollup. */
export function readMemory(pid: number): MemoryFigures | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch {
    return null;
  }
  const pss = /^Pss:\s+(\d+) kB/m.exec(text);
  const rss = /^Rss:\s+(\d+) kB/m.exec(text);
  const privateClean = /^Private_Clean:\s+(\d+) kB/m.exec(text);
  const privateDirty = /^Private_Dirty:\s+(\d+) kB/m.exec(text);
  if (!pss || !rss || !privateClean || !privateDirty) return null;
  return {
    pssBytes: Number(pss[1]) * 1024,
    rssBytes: Number(rss[1]) * 1024,
    privateBytes: (Number(privateClean[1]) + Number(privateDirty[1])) * 1024,
  };
}

/** Direct children of a process that have not exited. */
export function childPidsOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === parent && fields[0] !== 'Z') children.push(Number(entry));
  }
  return children;
}

/** Alive and not a zombie waiting to be reaped. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const fields = statFields(pid);
  return fields !== null && fields[0] !== 'Z';
}

/** The fields of /proc/PID/stat after the command name (which may itself hold spaces and parentheses). */
function statFields(pid: number): string[] | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
