import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RollingReport } from '../load/cluster/rolling-report.js';
import { runCompiledTool } from './helpers/compiled-tool.js';
import { isRunning } from './helpers/processes.js';

/**
 * `npm run rolling-restart`, run small: its outcomes, not its timings (a
 * figure for a quiet machine, not for a test).
 */

const TOOL = resolve(import.meta.dirname, '../dist/load/cluster/rolling-restart.js');
const scratch = mkdtempSync(join(tmpdir(), 'vimtron-rolling-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the rolling restart benchmark', () => {
  it('restarts both lobbies of a cluster under two games and loses no game, no seat and leaves no process', async () => {
    const jsonPath = join(scratch, 'report.json');
    const run = await runCompiledTool(TOOL, ['--lobbies', '2', '--games', '2', '--rounds', '1', '--settle', '1', '--json', jsonPath], 110_000);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^result: ok$/m);
    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as RollingReport;

    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.options).toEqual({ lobbies: 2, games: 2, rounds: 1, settleSeconds: 1 });
    expect(report.games).toEqual({ atStart: 2, atEnd: 2, lost: [] });
    expect(report.seats).toEqual({ players: 4, kept: 4, lost: 0 });
    // Game 1 starts on lobby 1 and game 2 on lobby 2. Lobby 1's restart sends game 1 to lobby 2
    // (its 2 players move); lobby 2's sends both games to the new lobby 1 (4 more).
    expect(report.restarts.map((restart) => [restart.round, restart.slot, restart.handed, restart.moves])).toEqual([
      [1, 0, { games: 1, of: 1 }, 2],
      [1, 1, { games: 2, of: 2 }, 4],
    ]);
    expect(report.restarts.map((restart) => restart.exit)).toEqual([
      { code: 0, signal: null, forced: false },
      { code: 0, signal: null, forced: false },
    ]);
    expect(report.moves).toMatchObject({ count: 6, afterMoved: 6, afterDrop: 0 });
    expect(report.pauseMs.count).toBe(6);

    // Redis, the two lobbies, the two that replaced them, and their room processes.
    expect(report.processes.checked).toBeGreaterThan(5);
    expect(report.processes.survivors).toEqual([]);
    expect(report.processes.pids.filter(isRunning)).toEqual([]);
  }, 120_000);

  it('refuses a flag out of range with status 2 and one line, starting nothing', async () => {
    const run = await runCompiledTool(TOOL, ['--lobbies', '1'], 10_000);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('--lobbies must be a whole number from 2 to 8, got "1"\n');
  });
});
