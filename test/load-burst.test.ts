import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BurstReport } from '../load/burst/run-burst.js';
import { runCompiledTool } from './helpers/compiled-tool.js';
import { childPids, waitForExit } from './helpers/processes.js';
import { waitFor } from './helpers/wait-for.js';

const CLI = resolve(import.meta.dirname, '../dist/load/burst/burst-cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'vimtron-burst-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm run burst', () => {
  it('creates a few games at once through a start queue of one, joins them all, reads the rooms\' ticks and leaves no process behind', async () => {
    const jsonPath = join(scratch, 'burst.json');
    const run = await runCompiledTool(CLI, ['--games', '6', '--pool', '1', '--start-concurrency', '1', '--deadline', '60', '--json', jsonPath], 90_000);
    // Its own report says what went wrong, if anything did.
    expect(run.stderr, run.stdout).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('joined: 6 of 6 in ');
    expect(run.stdout).toContain('\nok\nreport: ');
    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as BurstReport;

    expect([report.ok, report.failure, report.joined, report.errors]).toEqual([true, null, 6, {}]);
    expect(report.options).toMatchObject({ games: 6, rooms: 'process', pool: 1, startConcurrency: 1, then: 'stay' });
    expect(report.timeToJoinedMs.count).toBe(6);
    expect(report.timeToJoinedMs.p50).toBeGreaterThan(0);
    expect(report.timeToJoinedMs.p50).toBeLessThanOrEqual(report.timeToJoinedMs.max);
    expect(Object.keys(report.joinedWithin)).toEqual(['5', '10', '30', '60']);
    expect(report.joinedWithin['60']).toBe(6);
    // The probe pinged through the second before the burst, every 20 ms.
    expect(report.probeBefore.pingMs.count).toBeGreaterThanOrEqual(20);
    expect(report.probeBefore.pingsUnanswered).toBe(0);
    expect(report.probeFailures).toEqual([]);
    // Every game's room (one took the spare, which the queue then replaced) was a process of the lobby.
    expect(report.roomProcesses).toBeGreaterThanOrEqual(6);
    // Read from /stats on the lobby's admin port 2.5 s after the burst: every room had ticked and reported.
    expect(report.roomTicks).not.toBeNull();
    expect(report.roomTicks!.ticks).toBeGreaterThan(0);
    expect(report.roomTicks!.latenessMs.count).toBeGreaterThan(0);
    expect(report.lobbyExit).toMatchObject({ forced: false });
    expect(report.pidsChecked).toBeGreaterThanOrEqual(6);
    expect(report.survivors).toEqual([]);
  }, 120_000);

  // Early: the lobby may not have said it listens yet. Later: the run waits for the lobby's spares, or creates.
  it.each([
    ['as soon as its lobby is started', 0],
    ['once its lobby has its spares', 2],
  ])('stops the lobby it started, and the lobby\'s rooms, when interrupted %s, and exits with 130', async (_when, rooms) => {
    const burst = spawn(process.execPath, [CLI, '--games', '2', '--pool', '2', '--no-json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    burst.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => burst.once('exit', (code) => resolve(code)));
    let lobby: number | undefined;
    try {
      await waitFor(() => {
        [lobby] = childPids(burst.pid!).filter((pid) => childPids(pid).length >= rooms);
        return lobby !== undefined;
      }, 15_000, 'the burst\'s lobby');
      const children = childPids(lobby!);
      burst.kill('SIGINT');
      expect(await exited, stderr).toBe(130);
      await waitForExit([lobby!, ...children], 5000);
      expect(stderr).toBe('');
    } finally {
      if (burst.exitCode === null && burst.signalCode === null) burst.kill('SIGKILL');
    }
  });

  it('refuses a mistyped flag with status 2 and its usage, starting nothing', async () => {
    const run = await runCompiledTool(CLI, ['--games', '0'], 30_000);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--games');
    expect(run.stderr).toContain('npm run burst -- [options]');
  });
});
