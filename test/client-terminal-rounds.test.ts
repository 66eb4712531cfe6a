import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../cli/cli-path.js';
import { startLobby, type Lobby } from '../server/lobby.js';
import type { LobbyOptions } from '../server/lobby-options.js';
import { ProcessRoomHost } from '../server/process-room-host.js';
import { waitForExit } from './helpers/processes.js';
import { TestClient } from './helpers/test-client.js';
import { TmuxPane } from './helpers/tmux.js';

/**
 * The real client in tmux around a round: the big countdown, the wait
 * before `i` readies after a round, the key help, and how it exits when the
 * lobby closes an idle game. See client-terminal.test.ts for how panes work.
 */

let lobby: Lobby;
const lobbies: Lobby[] = [];
const panes: TmuxPane[] = [];
const clients: TestClient[] = [];

async function lobbyForTest(options: Partial<LobbyOptions> = {}): Promise<Lobby> {
  const started = await startLobby({ port: 0, host: '127.0.0.1', ...options }, new ProcessRoomHost());
  lobbies.push(started);
  return started;
}

beforeAll(async () => {
  lobby = await lobbyForTest();
});

afterEach(async () => {
  for (const pane of panes.splice(0)) await pane.kill();
  for (const client of clients.splice(0)) await client.close();
});

afterAll(async () => {
  for (const started of lobbies.splice(0)) {
    const pids = started.childPids();
    await started.close();
    await waitForExit(pids, 5000);
  }
});

/** Runs `vimtron ARGS --name tester`: a fixed name, so the status line does not depend on the login name. */
async function runClient(args: string): Promise<TmuxPane> {
  const pane = await TmuxPane.start(`node ${CLI_PATH} ${args} --name tester`, { columns: 100, rows: 30 });
  panes.push(pane);
  return pane;
}

function statusLine(lines: readonly string[], game: string): string | undefined {
  return lines.find((line) => line.includes(`game ${game}  `))?.trim();
}

function hintLine(lines: readonly string[], game: string): string | undefined {
  const status = lines.findIndex((line) => line.includes(`game ${game}  `));
  return status === -1 ? undefined : lines[status + 1]?.trim();
}

/** The arena's interior rows, border columns cut off, from its corners. */
function arenaInterior(lines: readonly string[]): string[] | undefined {
  const top = lines.findIndex((line) => line.includes('┌'));
  const bottom = lines.findIndex((line) => line.includes('└'));
  if (top === -1 || bottom === -1) return undefined;
  const left = lines[top]!.indexOf('┌');
  const right = lines[top]!.indexOf('┐');
  return lines.slice(top + 1, bottom).map((line) => line.padEnd(right).slice(left + 1, right));
}

/** The big digits, as drawn in the 38x12 interior of a 40x14 arena: 6 columns from x 16, 5 rows from y 3. */
const BIG: Readonly<Record<number, readonly string[]>> = {
  3: ['██████', '    ██', '  ████', '    ██', '██████'],
  2: ['██████', '    ██', '██████', '██    ', '██████'],
  1: ['  ██  ', '████  ', '  ██  ', '  ██  ', '██████'],
};

function bigDigitShown(lines: readonly string[]): number | undefined {
  const interior = arenaInterior(lines);
  if (!interior) return undefined;
  const block = interior.slice(3, 8).map((row) => row.slice(16, 22));
  const found = Object.entries(BIG).find(([, rows]) => rows.every((row, index) => block[index] === row));
  return found ? Number(found[0]) : undefined;
}

describe('the terminal client between rounds', () => {
  it('counts down 3, 2, 1 in big digits over the arena, clears them for the round, and ignores i for a second after it', async () => {
    const pane = await runClient(`play --port ${lobby.port} --players 1 --game rounds --width 40 --height 14`);
    await pane.waitFor('the waiting arena', (lines) => (statusLine(lines, 'rounds')?.includes('waiting') ? true : undefined));

    await pane.sendKeys('i');
    for (const digit of [3, 2, 1]) {
      const lines = await pane.waitFor(`a big ${digit}`, (screen) => (bigDigitShown(screen) === digit ? screen : undefined), 5000);
      expect(statusLine(lines, 'rounds')).toContain(`countdown ${digit}`);
    }
    const running = await pane.waitFor('the round, without the digits', (lines) =>
      statusLine(lines, 'rounds')?.includes('running') ? arenaInterior(lines) : undefined,
    );
    // Nobody inserts, so nothing in the arena is drawn with blocks once the digits are gone.
    expect(running.join('')).not.toContain('█');

    // Nobody steers: the cycle runs into the border. An i pressed at once does not ready.
    const over = await pane.waitFor('the round to end', (lines) => (statusLine(lines, 'rounds')?.includes('finished') ? lines : undefined), 10_000);
    await pane.sendKeys('i');
    expect(hintLine(over, 'rounds')).toBe('round over — press i to ready in 1 s   ?: help   q: quit');
    await pane.waitFor('the hint that i counts now', (lines) =>
      hintLine(lines, 'rounds') === 'press i when ready for a rematch   ?: help   q: quit' ? true : undefined,
    );
    // A practice game starts its rematch the moment its player is ready: it did not.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(statusLine(await pane.capture(), 'rounds')).toBe('game rounds  finished  round over  alive 0/1  you ● tester');

    await pane.sendKeys('i');
    await pane.waitFor('the rematch countdown', (lines) => (bigDigitShown(lines) === 3 ? true : undefined), 5000);

    await pane.sendKeys('q');
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(0);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
  });

  it('shows the keys over the game on ?, in every phase, and hides them on the next key without sending it', async () => {
    const pane = await runClient(`play --port ${lobby.port} --players 2 --game helpful`);
    await pane.waitFor('the waiting arena', (lines) => (statusLine(lines, 'helpful')?.includes('ready 0/1') ? true : undefined));

    await pane.sendKeys('?');
    const help = await pane.waitFor('the key help', (lines) => (lines.some((line) => line.includes('┌─ vimtron keys ─')) ? lines : undefined));
    expect(help.some((line) => line.includes('│ h j k l  turn left, down, up, right'))).toBe(true);
    expect(help.some((line) => line.includes('│ q quits; any other key closes this help.'))).toBe(true);

    // The i that closes the help is not a ready.
    await pane.sendKeys('i');
    await pane.waitFor('the help to close', (lines) => (lines.some((line) => line.includes('vimtron keys')) ? undefined : true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await pane.capture();
    expect(statusLine(after, 'helpful')).toBe('game helpful  waiting  players 1/2  ready 0/1  you ● tester');
    expect(hintLine(after, 'helpful')).toBe('i: ready   ?: help   q: quit');
    await pane.sendKeys('i');
    await pane.waitFor('a ready', (lines) => (statusLine(lines, 'helpful')?.includes('ready 1/1') ? true : undefined));

    // During the countdown too, and ? closes it again.
    const other = await TestClient.connect(lobby.port);
    clients.push(other);
    await other.request({ type: 'join', name: 'helpful' });
    other.send({ type: 'key', key: 'i' });
    await pane.waitFor('the countdown', (lines) => (statusLine(lines, 'helpful')?.includes('countdown') ? true : undefined));
    await pane.sendKeys('?');
    await pane.waitFor('the key help over the countdown', (lines) =>
      lines.some((line) => line.includes('vimtron keys')) && statusLine(lines, 'helpful')?.includes('countdown') ? true : undefined,
    );
    await pane.sendKeys('?');
    await pane.waitFor('the help to close on ?', (lines) => (lines.some((line) => line.includes('vimtron keys')) ? undefined : true));

    // q still quits with the help open.
    await pane.sendKeys('?');
    await pane.waitFor('the key help again', (lines) => (lines.some((line) => line.includes('vimtron keys')) ? true : undefined));
    await pane.sendKeys('q');
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(0);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
  });

  it('exits with 0 and says why when the lobby closes a running round nobody steers', async () => {
    const strict = await lobbyForTest({ idleTimeoutMs: 1000 });
    // A 100-column arena: driving straight on from its spawn, the cycle lives well over the second it takes.
    const pane = await runClient(`play --port ${strict.port} --players 1 --game drowsy --width 100 --height 28`);
    await pane.waitFor('the waiting arena', (lines) => (statusLine(lines, 'drowsy')?.includes('waiting') ? true : undefined));
    // Waiting is never idle while the player is there, however long.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(statusLine(await pane.capture(), 'drowsy')).toContain('waiting');

    await pane.sendKeys('i');
    const exit = await pane.waitForClientExit(15_000);
    expect(exit.exitCode).toBe(0);
    expect(exit.canonicalMode).toBe(true);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
    expect(exit.lines.filter((line) => line !== '')).toEqual(['vimtron: game drowsy closed after 1 s without a key pressed', 'EXIT=0', 'icanon']);
  });
});
