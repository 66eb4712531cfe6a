import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { isRunning } from './processes.js';

/**
 * Finding a test browser's processes by PID, to prove that none outlives its
 * test. The browser is started with a marker in its environment, which every
 * process it starts inherits unless it clears it; its process group catches
 * the sandboxed ones that hide their environment.
 */

/** The environment variable that carries a browser's marker. */
export const MARKER_VARIABLE = 'VIMTRON_TEST_BROWSER';

/** A marker no other browser of this machine carries. */
export function newBrowserMarker(): string {
  return randomBytes(12).toString('hex');
}

/**
 * The browser's processes now: those whose environment carries the marker
 * (the browser, its crash handlers), and those in their process groups (the
 * drivers start the browser as a group leader; sandboxed children may hide
 * their environment).
 */
export function browserProcesses(marker: string): number[] {
  const entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  const marked = entries.filter((entry) => readOrEmpty(`/proc/${entry}/environ`).split('\0').includes(`${MARKER_VARIABLE}=${marker}`)).map(Number);
  const groups = new Set(marked);
  const grouped = entries.filter((entry) => groups.has(processGroup(entry))).map(Number);
  return [...new Set([...marked, ...grouped])].sort((a, b) => a - b);
}

/**
 * Closes a browser with `close` and proves every process of it gone within
 * 10 s: the PIDs seen before the close, and any process of the browser started
 * since. Survivors are killed by PID, and then the proof fails with their PIDs.
 */
export async function closeAndProveGone(close: () => Promise<void>, marker: string): Promise<void> {
  const pids = browserProcesses(marker);
  if (pids.length === 0) throw new Error('found no process of the browser to check');
  await close();
  const survivors = await exitedWithin(() => [...new Set([...pids.filter(isRunning), ...browserProcesses(marker)])], 10_000);
  if (survivors.length > 0) {
    for (const pid of survivors) process.kill(pid, 'SIGKILL');
    throw new Error(`browser processes still running 10 s after the browser closed: ${survivors.join(', ')}`);
  }
}

function processGroup(pid: string): number {
  const stat = readOrEmpty(`/proc/${pid}/stat`);
  // Fields after the command name: state, ppid, pgrp.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}

async function exitedWithin(alive: () => number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = alive();
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
