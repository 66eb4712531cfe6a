import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../cli/cli-path.js';
import type { GameDirectory } from '../server/game-directory.js';
import { InMemoryGameDirectory, MemoryDirectoryStore } from '../server/in-memory-game-directory.js';
import { startLobby, type Lobby } from '../server/lobby.js';
import { ProcessRoomHost } from '../server/process-room-host.js';
import { defaultRoomHostOptions } from '../server/room-host.js';
import { captureLog } from './helpers/captured-log.js';
import { childPids, waitForExit } from './helpers/processes.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { TestClient } from './helpers/test-client.js';
import { TmuxPane } from './helpers/tmux.js';
import { waitFor } from './helpers/wait-for.js';

/**
 * The real client, compiled, in a real terminal: tmux runs it in a detached
 * session of a fixed size on a private server, and the test reads the screen
 * with capture-pane and types with send-keys, against a real lobby.
 */

const HEADS: Readonly<Record<string, 'up' | 'down' | 'left' | 'right'>> = { '▲': 'up', '▼': 'down', '◀': 'left', '▶': 'right' };
const GLYPH = { up: '▲', down: '▼', left: '◀', right: '▶' } as const;
const STEP = { up: [0, -1], down: [0, 1], left: [-1, 0], right: [1, 0] } as const;

const CRASH_FIXTURE = fileURLToPath(new URL('./fixtures/client-crash.mjs', import.meta.url));

let lobby: Lobby;
const lobbies: Lobby[] = [];
const panes: TmuxPane[] = [];
const clients: TestClient[] = [];
const proxies: TcpProxy[] = [];

async function lobbyForTest(host?: ProcessRoomHost, idleTimeoutMs?: number, directory?: GameDirectory, logger?: Logger): Promise<Lobby> {
  const options = {
    port: 0,
    host: '127.0.0.1',
    ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }),
    ...(logger === undefined ? {} : { logger }),
  };
  const started = await startLobby(options, host ?? new ProcessRoomHost(), directory);
  lobbies.push(started);
  return started;
}

async function closeLobby(closing: Lobby): Promise<void> {
  const pids = closing.childPids();
  await closing.close();
  await waitForExit(pids, 5000);
}

beforeAll(async () => {
  lobby = await lobbyForTest();
});

afterEach(async () => {
  for (const pane of panes.splice(0)) await pane.kill();
  for (const client of clients.splice(0)) await client.close();
  for (const proxy of proxies.splice(0)) await proxy.stop();
});

afterAll(async () => {
  for (const started of lobbies.splice(0)) await closeLobby(started);
});

/** Runs `node ARGS` in a new tmux pane of the given size, with extra environment variables. */
async function runNode(args: string, size = { columns: 100, rows: 30 }, environment: Readonly<Record<string, string>> = {}): Promise<TmuxPane> {
  const assignments = Object.entries(environment).map(([name, value]) => `${name}=${value} `).join('');
  const pane = await TmuxPane.start(`${assignments}node ${args}`.trimEnd(), size);
  panes.push(pane);
  return pane;
}

interface Head {
  readonly x: number;
  readonly y: number;
  readonly direction: 'up' | 'down' | 'left' | 'right';
}

/** The only cycle head on the screen, by its triangle. */
function findHead(lines: readonly string[]): Head | undefined {
  for (let y = 0; y < lines.length; y++) {
    const line = lines[y]!;
    for (let x = 0; x < line.length; x++) {
      const direction = HEADS[line[x]!];
      if (direction) return { x, y, direction };
    }
  }
  return undefined;
}

function statusLine(lines: readonly string[], game: string): string | undefined {
  return lines.find((line) => line.includes(`game ${game}  `))?.trim();
}

/** Screen bounds of the arena, from its corners. */
function arenaBounds(lines: readonly string[]): { left: number; top: number; right: number; bottom: number } | undefined {
  const top = lines.findIndex((line) => line.includes('┌'));
  const bottom = lines.findIndex((line) => line.includes('└'));
  if (top === -1 || bottom === -1) return undefined;
  return { left: lines[top]!.indexOf('┌'), top, right: lines[top]!.indexOf('┐'), bottom };
}

describe('the terminal client', () => {
  it('draws the arena, starts a practice round on i, turns on a vim key, inserts a wall, and restores the terminal on q', async () => {
    const pane = await runNode(`${CLI_PATH} play --port ${lobby.port} --players 1 --game tmuxtest --width 100 --height 36 --name tester`, {
      columns: 120,
      rows: 40,
    });

    const waiting = await pane.waitFor('the arena while waiting', (lines) => {
      const head = findHead(lines);
      const status = statusLine(lines, 'tmuxtest');
      return head && status?.includes('waiting') ? { lines, head, status } : undefined;
    });
    // A 100x36 arena with two status rows, centred in 120x40: columns 10..109, rows 1..36.
    expect(arenaBounds(waiting.lines)).toEqual({ left: 10, top: 1, right: 109, bottom: 36 });
    expect(waiting.lines[1]).toBe(`          ┌${'─'.repeat(98)}┐`);
    expect(waiting.lines[20]).toMatch(/^ {10}│.{98}│$/);
    expect(waiting.status).toBe('game tmuxtest  waiting  players 1/1  ready 0/1  you ● tester');
    expect(waiting.lines[38]!.trim()).toBe('i: ready   ?: help   q: quit');
    expect(await pane.info()).toMatchObject({ dead: false, alternateScreen: true, cursorVisible: false });

    await pane.sendKeys('i');
    await pane.waitFor('the countdown', (lines) => (/ {2}countdown [123] {2}/.test(statusLine(lines, 'tmuxtest') ?? '') ? true : undefined));
    const start = await pane.waitFor(
      'the round to run',
      (lines) => (statusLine(lines, 'tmuxtest')?.includes('  running  alive 1/1  ') ? findHead(lines) : undefined),
      6000,
    );

    // Turn towards the middle of the arena, where there is room to keep going.
    const middleX = 10 + 50;
    const middleY = 1 + 18;
    const horizontal = start.direction === 'left' || start.direction === 'right';
    const turn = horizontal ? (start.y < middleY ? 'down' : 'up') : start.x < middleX ? 'right' : 'left';
    const key = { left: 'h', down: 'j', up: 'k', right: 'l' }[turn];
    await pane.sendKeys(key);
    const [dx, dy] = STEP[turn];
    const turned = await pane.waitFor(`the cycle to turn ${turn} after ${key}`, (lines) => {
      const head = findHead(lines);
      if (!head || head.direction !== turn) return undefined;
      // Two cells along the new direction from the line it was on when the key was pressed.
      const along = dx !== 0 ? (head.x - start.x) * dx : (head.y - start.y) * dy;
      return along >= 2 ? head : undefined;
    });
    expect(turned.direction).toBe(turn);
    expect(horizontal ? turned.y !== start.y : turned.x !== start.x).toBe(true);

    // i while running: INSERT mode, as vim shows it, and a wall grows behind the cycle.
    await pane.sendKeys('i');
    const inserting = await pane.waitFor('INSERT mode and a wall', (lines) => {
      const status = statusLine(lines, 'tmuxtest');
      return status?.startsWith('-- INSERT --  game tmuxtest  running') && lines.some((line) => line.includes('█')) ? lines : undefined;
    });
    expect(inserting.find((line) => line.includes('esc: stop inserting'))?.trim()).toBe('esc: stop inserting (then you can turn)   ?: help   q: quit');
    await pane.sendKeys('Escape');
    await pane.waitFor('INSERT mode to end', (lines) => (statusLine(lines, 'tmuxtest')?.startsWith('game tmuxtest  running') ? true : undefined));

    await pane.sendKeys('q');
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(0);
    expect(exit.canonicalMode).toBe(true);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
    // The normal screen as it was before: empty, without a trace of the game.
    expect(exit.lines.slice(0, exit.lines.findIndex((line) => line.startsWith('EXIT=')))).toEqual([]);

    // q sent leave, so the lobby closed the now empty game.
    const client = await TestClient.connect(lobby.port);
    clients.push(client);
    expect(await client.request({ type: 'list' })).toEqual({ type: 'games', games: [] });
  });

  it('names the players beside their colour, tells of their comings and goings, and shows the scores between rounds and at the end', async () => {
    const pane = await runNode(`${CLI_PATH} play --port ${lobby.port} --players 2 --game scores --width 40 --height 14 --name ana`, {
      columns: 100,
      rows: 20,
    });
    await pane.waitFor('the arena', (lines) => (statusLine(lines, 'scores') === 'game scores  waiting  players 1/2  ready 0/1  you ● ana' ? true : undefined));
    const messageLine = (lines: readonly string[]) => lines[Math.floor((20 - 16) / 2) + 15]!.trim();

    const bo = await TestClient.connect(lobby.port);
    clients.push(bo);
    const joined = await bo.request({ type: 'join', name: 'scores', playerName: 'bo' });
    await pane.waitFor('bo by name, and news that he joined', (lines) =>
      statusLine(lines, 'scores') === 'game scores  waiting  players 2/2  ready 0/2  you ● ana  ● bo' && messageLine(lines) === 'bo joined' ? true : undefined,
    );
    await bo.close();
    await pane.waitFor('news that bo dropped', (lines) => (messageLine(lines) === 'bo dropped — seat held 30 s' ? true : undefined));
    const boAgain = await TestClient.connect(lobby.port);
    clients.push(boAgain);
    expect(await boAgain.request({ type: 'rejoin', token: joined.token })).toMatchObject({ type: 'joined' });
    await pane.waitFor('news that bo is back', (lines) => (messageLine(lines) === 'bo is back' ? true : undefined));

    await pane.sendKeys('i');
    boAgain.send({ type: 'key', key: 'i' });
    await boAgain.next((message) => message.type === 'snapshot' && message.phase === 'running', 6000);
    expect(await boAgain.request({ type: 'leave' })).toEqual({ type: 'left' });
    const finished = await pane.waitFor('the result and the score table', (lines) =>
      statusLine(lines, 'scores')?.startsWith('game scores  finished  bo left — you win  alive 1/1  you ● ana') && lines.some((line) => line.includes('PLAYER'))
        ? lines
        : undefined,
    );
    // The table is centred over the 40x14 arena, itself centred in 100x20 (columns 30..69, rows 2..15).
    expect(finished.slice(7, 11).map((line) => line.slice(36, 63))).toEqual([
      '┌─────────────────────────┐',
      '│   PLAYER  WINS  CRASHES │',
      '│ ● ana        1        0 │',
      '└─────────────────────────┘',
    ]);

    await pane.sendKeys('q');
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(0);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
    // The scores stay on the normal screen once the game is over for this player.
    expect(exit.lines.slice(0, exit.lines.findIndex((line) => line.startsWith('EXIT=')))).toEqual([
      'game scores, 1 round:',
      '  PLAYER  WINS  CRASHES',
      '● ana        1        0',
    ]);
  });

  it('asks for a bigger terminal, draws the arena once resized, and quits on Ctrl-C', async () => {
    const pane = await runNode(`${CLI_PATH} play --port ${lobby.port} --players 1 --game small`, { columns: 60, rows: 20 });
    await pane.waitFor('the request to enlarge', (lines) =>
      lines.map((line) => line.trim()).join(' ').includes('terminal is 60x20; this game needs 80x24 — enlarge it or press q') ? true : undefined,
    );
    expect(await pane.info()).toMatchObject({ alternateScreen: true, cursorVisible: false });

    await pane.resize(100, 30);
    const resized = await pane.waitFor('the arena after the resize', (lines) =>
      statusLine(lines, 'small')?.includes('waiting') && findHead(lines) ? lines : undefined,
    );
    expect(arenaBounds(resized)).toEqual({ left: 10, top: 3, right: 89, bottom: 24 });
    expect(resized.some((line) => line.includes('enlarge'))).toBe(false);

    await pane.sendKeys('C-c');
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(0);
    expect(exit.canonicalMode).toBe(true);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
    // Nothing of the game leaks onto the normal screen, even after a resize on the alternate one.
    expect(exit.lines.slice(0, exit.lines.findIndex((line) => line.startsWith('EXIT=')))).toEqual([]);
  });

  it('restores the terminal and exits with 1 when the lobby shuts down mid-game and does not come back', async () => {
    const doomed = await lobbyForTest();
    const port = doomed.port;
    // A lobby shutting down may be redeployed: the client tries to get back in, here for 1 s.
    const pane = await runNode(`${CLI_PATH} play --port ${port} --players 1 --game doomed`, undefined, { VIMTRON_RECONNECT_SECONDS: '1' });
    await pane.waitFor('the arena', (lines) => (statusLine(lines, 'doomed') ? true : undefined));

    await closeLobby(doomed);
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(1);
    expect(exit.canonicalMode).toBe(true);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
    expect(exit.lines).toContain(`vimtron: lost the connection to the lobby at ws://127.0.0.1:${port}: the server is shutting down`);
    expect(exit.lines.some((line) => line.startsWith('vimtron: gave up getting back into game doomed after 1 s (last try at '))).toBe(true);
  });

  it('keeps the screen while the connection is cut, then plays on in the same seat once the lobby is reachable again', async () => {
    const own = await lobbyForTest();
    const proxy = await TcpProxy.open(own.port);
    proxies.push(proxy);
    const url = `ws://127.0.0.1:${proxy.listeningPort}`;
    const pane = await runNode(`${CLI_PATH} play --port ${proxy.listeningPort} --players 2 --game relay --name ana`);
    const waiting = 'game relay  waiting  players 1/2  ready 0/1  you ● ana';
    await pane.waitFor('the arena', (lines) => (statusLine(lines, 'relay') === waiting ? true : undefined));

    await proxy.stop();
    const cutAt = performance.now();
    const reconnecting = await pane.waitFor('the reconnect line', (lines) =>
      lines.map((line) => line.trim()).find((line) => line.startsWith('connection lost; reconnecting')),
    );
    expect(reconnecting).toMatch(new RegExp(`^connection lost; reconnecting to ${url.replaceAll('.', '\\.')} \\(attempt [1-9], [0-9] s\\)   q: quit$`));
    // A cut socket is noticed at once (measured: 12-52 ms to the line on the screen).
    expect(performance.now() - cutAt).toBeLessThan(1000);
    // The game stays on the screen as it was, on the alternate screen, while the client retries.
    expect(await pane.info()).toMatchObject({ dead: false, alternateScreen: true, cursorVisible: false });
    await pane.waitFor('a third attempt', (lines) =>
      lines.some((line) => /^connection lost; reconnecting to \S+ \(attempt [3-9],/.test(line.trim())) ? true : undefined,
    );
    expect(statusLine(await pane.capture(), 'relay')).toBe(waiting);

    await proxy.start();
    const backAt = performance.now();
    await pane.waitFor('the game without the reconnect line', (lines) =>
      statusLine(lines, 'relay') === waiting && !lines.some((line) => line.includes('reconnecting')) ? true : undefined,
    );
    const resumedAfterMs = performance.now() - backAt;
    // Attempts are at most 2 s apart, and a rejoin takes milliseconds (measured: about 1 s, the wait before attempt 4).
    expect(resumedAfterMs).toBeLessThan(3000);

    // Keys reach the lobby on the new connection, for the same seat.
    await pane.sendKeys('i');
    await pane.waitFor('ready', (lines) => (statusLine(lines, 'relay')?.includes('ready 1/1  you ● ana') ? true : undefined));
    const observer = await TestClient.connect(own.port);
    clients.push(observer);
    expect((await observer.request({ type: 'list' })).games).toEqual([
      { name: 'relay', players: 1, bots: 0, maxPlayers: 2, phase: 'waiting', width: 80, height: 22, playerNames: ['ana'] },
    ]);

    await pane.sendKeys('q');
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(0);
    expect(exit.canonicalMode).toBe(true);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
    expect(exit.lines.slice(0, exit.lines.findIndex((line) => line.startsWith('EXIT=')))).toEqual([]);
  });

  it('gives up with 1 and says why when nothing answers within VIMTRON_RECONNECT_SECONDS', async () => {
    const own = await lobbyForTest();
    const proxy = await TcpProxy.open(own.port);
    proxies.push(proxy);
    const url = `ws://127.0.0.1:${proxy.listeningPort}`;
    const pane = await runNode(`${CLI_PATH} play --port ${proxy.listeningPort} --players 1 --game stranded`, undefined, {
      VIMTRON_RECONNECT_SECONDS: '1.5',
    });
    await pane.waitFor('the arena', (lines) => (statusLine(lines, 'stranded') ? true : undefined));

    await proxy.stop();
    await pane.waitFor('the reconnect line', (lines) => (lines.some((line) => line.includes('connection lost; reconnecting')) ? true : undefined));
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(1);
    expect(exit.canonicalMode).toBe(true);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
    expect(exit.lines.filter((line) => line !== '')).toEqual([
      `vimtron: lost the connection to the lobby at ${url}: the connection dropped`,
      `vimtron: gave up getting back into game stranded after 1.5 s (last try at ${url}: connection refused (is a vimtron lobby running there?))`,
      'EXIT=1',
      'icanon',
    ]);
  });

  it('follows a redirect to the lobby of a cluster that runs the game, and plays there', async () => {
    const store = new MemoryDirectoryStore();
    const asked = await lobbyForTest(undefined, undefined, new InMemoryGameDirectory('lobby-a', store));
    const serving = await lobbyForTest(undefined, undefined, new InMemoryGameDirectory('lobby-b', store));
    const creator = await TestClient.connect(serving.port);
    clients.push(creator);
    expect(await creator.request({ type: 'create', players: 2, name: 'far' })).toMatchObject({ type: 'joined' });

    const pane = await runNode(`${CLI_PATH} play --port ${asked.port} --game far --name bo`);
    await pane.waitFor('the arena of the game on the other lobby', (lines) =>
      statusLine(lines, 'far') === 'game far  waiting  players 2/2  ready 0/2  you ● bo  ● player-1' ? true : undefined,
    );
    expect(serving.stats().roomStats.map((room) => room.name)).toEqual(['far']);
    expect(asked.stats().games).toBe(0);

    await pane.sendKeys('q');
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(0);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
  });

  it('watches a game with vimtron watch: the arena, that you watch and how many do, no key sent, and q restores the terminal', async () => {
    const player = await TestClient.connect(lobby.port);
    clients.push(player);
    await player.request({ type: 'create', players: 2, name: 'showtime' });
    const pane = await runNode(`${CLI_PATH} watch --port ${lobby.port} --game showtime`);
    const watching = await pane.waitFor('the arena of the game watched', (lines) =>
      statusLine(lines, 'showtime') === 'game showtime  waiting  players 1/2  ready 0/1  1 watching  you are watching  ● player-1' ? lines : undefined,
    );
    expect(findHead(watching)).toBeDefined();
    expect(watching.find((line) => line.includes('keys are not sent'))?.trim()).toBe('you are watching: keys are not sent   ?: help   q: quit');
    expect(await player.next('watchers')).toEqual({ type: 'watchers', count: 1 });
    expect(await pane.info()).toMatchObject({ alternateScreen: true, cursorVisible: false });

    // The spectator's i readies nobody; the player's does, and the spectator sees it.
    await pane.sendKeys('i');
    player.send({ type: 'key', key: 'i' });
    const ready = await pane.waitFor('the player ready', (lines) =>
      statusLine(lines, 'showtime') === 'game showtime  waiting  players 1/2  ready 1/1  1 watching  you are watching  ● player-1' ? lines : undefined,
    );
    expect(ready.some((line) => line.includes('NOT_A_PLAYER'))).toBe(false);

    await pane.sendKeys('q');
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(0);
    expect(exit.canonicalMode).toBe(true);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
    expect(exit.lines.slice(0, exit.lines.findIndex((line) => line.startsWith('EXIT=')))).toEqual([]);
    expect(await player.next('watchers')).toEqual({ type: 'watchers', count: 0 });
    expect((await player.request({ type: 'list' })).games).toEqual([
      { name: 'showtime', players: 1, bots: 0, maxPlayers: 2, phase: 'waiting', width: 80, height: 22, playerNames: ['player-1'] },
    ]);
  });

  it('exits with 0 and says why when the game it watches closes, and with 1 when there is no such game', async () => {
    const player = await TestClient.connect(lobby.port);
    clients.push(player);
    await player.request({ type: 'create', players: 2, name: 'curtain' });
    const pane = await runNode(`${CLI_PATH} watch --port ${lobby.port} --game curtain`);
    await pane.waitFor('the arena of the game watched', (lines) => (statusLine(lines, 'curtain')?.includes('you are watching') ? true : undefined));
    await player.request({ type: 'leave' });
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(0);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
    expect(exit.lines.filter((line) => line !== '')).toEqual(['vimtron: game curtain closed: every player left', 'EXIT=0', 'icanon']);

    const missing = await runNode(`${CLI_PATH} watch --port ${lobby.port} --game nosuch`);
    const refused = await missing.waitForClientExit();
    expect(refused.exitCode).toBe(1);
    expect(refused.lines.filter((line) => line !== '')).toEqual([
      `vimtron: could not watch game "nosuch": there is no such game on ws://127.0.0.1:${lobby.port} (vimtron list shows the games) (GAME_NOT_FOUND)`,
      'EXIT=1',
      'icanon',
    ]);
  });

  it('shows that a killed game resumes, and exits with 1 and a message when a game crashes', async () => {
    const log = captureLog();
    const faulty = await lobbyForTest(new ProcessRoomHost({ ...defaultRoomHostOptions, faultInjection: true }), undefined, undefined, log.logger);
    const pane = await runNode(`${CLI_PATH} play --port ${faulty.port} --players 1 --game fragile`);
    await pane.waitFor('the arena', (lines) => (statusLine(lines, 'fragile') ? true : undefined));

    // A room killed from outside resumes from its checkpoint; the player is told and keeps playing.
    const firstPid = faulty.roomPid('fragile')!;
    process.kill(firstPid, 'SIGKILL');
    await pane.waitFor('the resume notice', (lines) => (lines.some((line) => line.trim().startsWith('the game stopped (')) ? true : undefined));
    await pane.waitFor('the game after the resume', (lines) =>
      statusLine(lines, 'fragile')?.includes('waiting') && lines.some((line) => line.trim() === 'i: ready   ?: help   q: quit') ? true : undefined,
    );
    expect(faulty.roomPid('fragile')).not.toBe(firstPid);

    // An exception in the game logic ends the game for good: GAME_CRASHED.
    faulty.injectFault('fragile', 'throw');
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(1);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
    expect(exit.lines).toContain('vimtron: game "fragile" stopped unexpectedly (the game logic failed with an exception); you are back in the lobby');
    await waitFor(() => log.of('room_exception').length === 1);
    expect(log.of('room_exception')[0]).toMatchObject({ game: 'fragile', err: { message: 'injected fault: the game logic threw' } });
  });

  it('restores the terminal and exits with 143 on SIGTERM', async () => {
    const pane = await runNode(`${CLI_PATH} play --port ${lobby.port} --players 2 --game terminated`);
    await pane.waitFor('the arena', (lines) => (statusLine(lines, 'terminated')?.includes('players 1/2') ? true : undefined));

    const [client] = childPids((await pane.info()).pid);
    process.kill(client!, 'SIGTERM');
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(143);
    expect(exit.canonicalMode).toBe(true);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
    expect(exit.lines).toContain('vimtron: stopped by SIGTERM');
  });

  it('exits with 1 and says why when the game to join does not exist, without taking the screen', async () => {
    const pane = await runNode(`${CLI_PATH} play --port ${lobby.port} --game nosuch`);
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(1);
    expect(exit.canonicalMode).toBe(true);
    expect(exit.lines.filter((line) => line !== '')).toEqual([
      `vimtron: could not join game "nosuch": there is no such game on ws://127.0.0.1:${lobby.port} (vimtron list shows the games) (GAME_NOT_FOUND)`,
      'EXIT=1',
      'icanon',
    ]);
  });

  it('plays a practice game against a lobby of its own with no arguments, and leaves no process behind', async () => {
    const pane = await runNode(CLI_PATH);
    await pane.waitFor('the practice arena', (lines) =>
      statusLine(lines, 'practice')?.startsWith('game practice  waiting  players 1/1') && findHead(lines) ? true : undefined,
    );
    const [client] = childPids((await pane.info()).pid);
    // The embedded lobby runs the room in a process of its own.
    const rooms = childPids(client!);
    expect(rooms.length).toBeGreaterThanOrEqual(1);

    await pane.sendKeys('q');
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(0);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
    await waitForExit([client!, ...rooms], 5000);
  });

  it('gives the terminal back and prints the stack when the client crashes', async () => {
    const pane = await runNode(CRASH_FIXTURE);
    const exit = await pane.waitForClientExit();
    expect(exit.exitCode).toBe(1);
    expect(exit.canonicalMode).toBe(true);
    expect(exit.info).toMatchObject({ alternateScreen: false, cursorVisible: true });
    expect(exit.lines[0]).toBe('vimtron: internal error: Error: boom');
    expect(exit.lines.some((line) => line.includes('DRAWN'))).toBe(false);
  });
});
