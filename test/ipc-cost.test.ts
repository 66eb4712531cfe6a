import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCompiledTool } from './helpers/compiled-tool.js';

/** The IPC framing benchmark, run small: that each framing delivers every frame and nothing outlives it; not its timings. */

const TOOL = resolve(import.meta.dirname, '../dist/load/ipc-cost/ipc-cost.js');

/** Command lines of processes running the stand-in room with this tick, which no other run uses. */
function sendersWithTick(tickMs: number): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        return [readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')];
      } catch {
        return [];
      }
    })
    .filter((command) => command.includes('frame-sender.js') && command.includes(` ${tickMs} `));
}

describe('the IPC framing benchmark', () => {
  it('sends every frame over each framing in turn, prints the cost of each against json, and leaves no sender behind', async () => {
    const run = await runCompiledTool(TOOL, ['--senders', '2', '--tick-ms', '37', '--seconds', '1', '--repeats', '1'], 60_000);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Every frame sent arrives, over every framing: 2 senders, a frame every 37 ms for 1 s, fewer if the machine is busy.
    const counts = [...run.stdout.matchAll(/^ {2}(json|advanced|pipe) +run 1: (\d+) of (\d+) frames, /gm)].map(
      (match) => [match[1], Number(match[2]), Number(match[3])] as const,
    );
    expect(counts.map(([framing]) => framing)).toEqual(['json', 'advanced', 'pipe']);
    for (const [, received, sent] of counts) {
      expect(received).toBe(sent);
      expect(sent).toBeGreaterThanOrEqual(10);
      expect(sent).toBeLessThanOrEqual(56);
    }
    expect(run.stdout).toMatch(/^json +\d+\.\d +\d+\.\d +1\.00 +1\.00$/m);
    expect(run.stdout).toMatch(/^pipe +\d+\.\d +\d+\.\d +\d+\.\d\d +\d+\.\d\d$/m);
    expect(sendersWithTick(37)).toEqual([]);
  }, 70_000);

  it('refuses a flag out of range with status 2 and one line, starting nothing', async () => {
    const run = await runCompiledTool(TOOL, ['--senders', '0'], 10_000);
    expect(run).toEqual({ code: 2, stdout: '', stderr: '--senders must be a whole number from 1 to 200, got "0"\n' });
  });
});
