import { readCpuMicroseconds } from '../common/proc-stats.js';

/**
 * CPU time of processes that come and go during a measured window (lobbies
 * killed and replaced, rooms resumed elsewhere): each process counts from its
 * first look to its last, so the time of one that died is kept up to the
 * last look before its death.
 */
export class CpuLedger {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();

  /**
   * Reads `pid`'s CPU time now. A process seen for the first time counts
   * from here, or from zero if it was `bornInWindow` (a lobby or room started
   * after the window opened, whose start-up is part of what is measured).
   */
  sample(pid: number, bornInWindow: boolean): void {
    const cpu = readCpuMicroseconds(pid);
    if (cpu === null) return;
    if (!this.first.has(pid)) this.first.set(pid, bornInWindow ? 0 : cpu);
    this.last.set(pid, cpu);
  }

  /** Whether `pid` has been looked at. */
  has(pid: number): boolean {
    return this.first.has(pid);
  }

  /** CPU microseconds these processes used between their first and last look. */
  usedUs(pids: Iterable<number>): number {
    let used = 0;
    for (const pid of new Set(pids)) used += (this.last.get(pid) ?? 0) - (this.first.get(pid) ?? 0);
    return used;
  }
}
