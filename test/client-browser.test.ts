import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../cli/cli-path.js';
import { startLobby, type Lobby } from '../server/lobby.js';
import { ProcessRoomHost } from '../server/process-room-host.js';
import { childPids, waitForExit } from './helpers/processes.js';
import { TestClient } from './helpers/test-client.js';
import { TmuxPane } from './helpers/tmux.js';

/**
 * The game browser of the real client, compiled, in a real terminal (tmux),
 * against a real lobby: `vimtron play` with no game named.
 */

let lobby: Lobby;
const panes: TmuxPane[] = [];
const clients: TestClient[] = [];

beforeAll(async () => {
  lobby = await startLobby({ port: 0, host: '127.0.0.1' }, new ProcessRoomHost());
});

afterEach(async () => {
  for (const pane of panes.splice(0)) await pane.kill();
  for (const client of clients.splice(0)) await client.close();
});

afterAll(async () => {
  const pids = lobby.childPids();
  await lobby.close();
  await waitForExit(pids, 5000);
});

async function browser(): Promise<TmuxPane> {
  const pane = await TmuxPane.start(`node ${CLI_PATH} play --port ${lobby.port} --name guest`, { columns: 100, rows: 30 });
  panes.push(pane);
  return pane;
}

async function hostGame(name: string): Promise<TestClient> {
  const host = await TestClient.connect(lobby.port);
  clients.push(host);
  await host.request({ type: 'create', players: 2, name, playerName: 'host' });
  return host;
}

/** The row of `name` in the list on screen, trimmed, if it is there. */
const rowOf = (lines: string[], name: string): string | undefined => lines.find((line) => line.slice(2).startsWith(`${name} `))?.trimEnd();

describe('the game browser (vimtron play with no game named)', () => {
  it('lists the games live, joins the one picked, comes back after the game, and restores the terminal on q', async () => {
    await hostGame('browse-duel');
    const pane = await browser();
    const first = await pane.waitFor('the list', (lines) => (rowOf(lines, 'browse-duel') ? lines : undefined));
    expect(first[0]!.trimEnd()).toBe(`vimtron: games on ws://127.0.0.1:${lobby.port}`);
    expect(first[2]!.trimEnd()).toMatch(/^ {2}GAME +PLAYERS +PHASE +ARENA +NAMES$/);
    expect(rowOf(first, 'browse-duel')).toMatch(/^> browse-duel +1\/2 +waiting +\d+x\d+ +host$/);
    expect(first[29]!.trimEnd()).toBe('j/k: move   enter: join   w: watch   c: create   q: quit');
    expect(await pane.info()).toMatchObject({ alternateScreen: true, cursorVisible: false });

    // A game created meanwhile shows up without a key pressed.
    await hostGame('browse-later');
    await pane.waitFor('the new game', (lines) => rowOf(lines, 'browse-later'), 5000);

    await pane.sendKeys('Enter');
    // Joined under the name the browser was started with.
    await pane.waitFor('the game joined', (lines) =>
      lines.some((line) => line.includes('game browse-duel  waiting  players 2/2  ready 0/2  you ● guest  ● host')) ? true : undefined,
    );
    await pane.sendKeys('q');
    const back = await pane.waitFor('the browser again', (lines) => (lines.some((line) => line.trim() === 'you left the game') ? lines : undefined));
    expect(rowOf(back, 'browse-duel')).toMatch(/1\/2 +waiting/);

    await pane.sendKeys('q');
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(0);
    expect(exit.canonicalMode).toBe(true);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
    expect(childPids(exit.info.pid)).toEqual([]);
  });

  it('watches the selected game on w without taking its seat, and comes back to the list on q', async () => {
    const host = await hostGame('browse-show');
    const pane = await browser();
    for (let press = 0; press < 20; press++) {
      const lines = await pane.waitFor('the game to watch', (shown) => (rowOf(shown, 'browse-show') ? shown : undefined));
      if (rowOf(lines, 'browse-show')?.startsWith('>')) break;
      await pane.sendKeys('j');
    }
    await pane.sendKeys('w');
    await pane.waitFor('the game watched', (lines) =>
      lines.some((line) => line.trim() === 'game browse-show  waiting  players 1/2  ready 0/1  1 watching  you are watching  ● host') ? true : undefined,
    );
    expect(await host.next('watchers')).toEqual({ type: 'watchers', count: 1 });
    await pane.sendKeys('q');
    const back = await pane.waitFor('the browser again', (lines) => (lines.some((line) => line.trim() === 'you stopped watching') ? lines : undefined));
    // Its seat is still free: watching took none.
    expect(rowOf(back, 'browse-show')).toMatch(/1\/2 +waiting/);
    expect(await host.next('watchers')).toEqual({ type: 'watchers', count: 0 });
    await pane.sendKeys('q');
    expect((await pane.waitForClientExit()).exitCode).toBe(0);
  });

  it('creates a game from the form, with its seats and name, and says why a join was refused', async () => {
    await hostGame('browse-full');
    const guest = await TestClient.connect(lobby.port);
    clients.push(guest);
    await guest.request({ type: 'join', name: 'browse-full' });
    const pane = await browser();
    await pane.waitFor('the full game', (lines) => rowOf(lines, 'browse-full'));
    // Select the full game and try it.
    for (let press = 0; press < 20; press++) {
      const lines = await pane.capture();
      if (rowOf(lines, 'browse-full')?.startsWith('>')) break;
      await pane.sendKeys('j');
    }
    await pane.sendKeys('Enter');
    await pane.waitFor('the refusal', (lines) => (lines.some((line) => line.includes('GAME_FULL')) ? true : undefined));

    await pane.sendKeys('c');
    await pane.waitFor('the form', (lines) => (lines.some((line) => line.trim() === 'create a game') ? true : undefined));
    await pane.sendKeys('1', 'Tab', 'm', 'i', 'n', 'e', 'Enter');
    await pane.waitFor('the game created', (lines) => (lines.some((line) => line.includes('game mine  waiting  players 1/1')) ? true : undefined));
    expect(lobby.roomPid('mine')).not.toBeNull();
    // Ctrl-C leaves the game as q does, back to the browser; there it quits.
    await pane.sendKeys('C-c');
    await pane.waitFor('the browser again', (lines) => (lines.some((line) => line.trim() === 'you left the game') ? true : undefined));
    await pane.sendKeys('C-c');
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(0);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
  });
});
