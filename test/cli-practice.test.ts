import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../cli/cli-path.js';
import { childPids, waitForExit } from './helpers/processes.js';
import { TmuxPane } from './helpers/tmux.js';

/**
 * `vimtron --bots N` in a real terminal: tmux runs the compiled command,
 * which starts a lobby of its own, and the test reads the screen.
 */

const HEADS = new Set(['▲', '▼', '◀', '▶']);

const panes: TmuxPane[] = [];

afterEach(async () => {
  for (const pane of panes.splice(0)) await pane.kill();
});

/** Every cycle head on the screen: where, and which way it points. */
function heads(lines: readonly string[]): string[] {
  const found: string[] = [];
  lines.forEach((line, y) => {
    [...line].forEach((glyph, x) => {
      if (HEADS.has(glyph)) found.push(`${x},${y},${glyph}`);
    });
  });
  return found;
}

function statusLine(lines: readonly string[]): string | undefined {
  return lines.find((line) => line.includes('game practice  '))?.trim();
}

describe('vimtron --bots', () => {
  it('races three bots that move and steer on their own, named bot-N on the status line, and leaves no process behind', async () => {
    const pane = await TmuxPane.start(`node ${CLI_PATH} --bots 3 --name ana`, { columns: 100, rows: 30 });
    panes.push(pane);
    const waiting = await pane.waitFor('the practice arena with three bots', (lines) =>
      statusLine(lines)?.startsWith('game practice  waiting  ') && heads(lines).length === 4 ? lines : undefined,
    );
    // The bots are ready at once (the waiting line is too long for whole names).
    expect(statusLine(waiting)).toMatch(/^game practice {2}waiting {2}players 1\+3 bots\/4 {2}ready 3\/4 {2}you ● ana {2}● b/);
    const [client] = childPids((await pane.info()).pid);
    // The embedded lobby runs the room, and its bots, in a process of its own.
    const rooms = childPids(client!);
    expect(rooms.length).toBeGreaterThanOrEqual(1);

    // The bots are ready: the round starts as soon as you are.
    await pane.sendKeys('i');
    const running = await pane.waitFor('the round running', (lines) => (statusLine(lines)?.includes('running') ? lines : undefined));
    expect(statusLine(running)).toBe('game practice  running  alive 4/4  you ● ana  ● bot-2  ● bot-3  ● bot-4');
    // You drive straight on into the border; the bots race on without you.
    const crashed = await pane.waitFor('your crash', (lines) =>
      lines.some((line) => line.includes('you crashed')) ? lines : undefined,
      15_000,
    );
    const seen = new Set<string>(heads(crashed));
    const glyphs = new Set<string>();
    const started = performance.now();
    let moved = false;
    while (performance.now() - started < 6000) {
      const lines = await pane.capture();
      if (!statusLine(lines)?.includes('running')) break;
      for (const head of heads(lines)) {
        if (!seen.has(head)) moved = true;
        seen.add(head);
        glyphs.add(head.split(',')[2]!);
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    // Heads turned up where none was, pointing more than one way: the bots moved and turned.
    expect(moved).toBe(true);
    expect(glyphs.size).toBeGreaterThanOrEqual(2);

    await pane.sendKeys('q');
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(0);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
    await waitForExit([client!, ...rooms], 5000);
  });
  it('keeps what its room prints off the terminal: the practice lobby reads it and logs nothing', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'vimtron-practice-'));
    try {
      const stderrPath = join(folder, 'stderr');
      const pane = await TmuxPane.start(`node ${CLI_PATH} --bots 1 --name ana 2>${stderrPath}`, { columns: 100, rows: 30 });
      panes.push(pane);
      await pane.waitFor('the practice arena', (lines) => (statusLine(lines)?.startsWith('game practice  waiting  ') ? true : undefined));
      const [client] = childPids((await pane.info()).pid);
      const [room] = childPids(client!);
      // SIGUSR1 makes Node open its inspector and say so on stderr: within milliseconds on a lobby's log
      // (see cli-server-logs.test.ts). A room's stderr used to be the player's terminal.
      process.kill(room!, 'SIGUSR1');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await pane.sendKeys('q');
      const exit = await pane.waitForClientExit();
      expect(exit.exitCode).toBe(0);
      expect(exit.lines.join('\n')).not.toMatch(/Debugger|inspector/);
      expect(await readFile(stderrPath, 'utf8')).toBe('');
      await waitForExit([client!, room!], 5000);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
