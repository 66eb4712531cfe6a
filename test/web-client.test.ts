import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { PLAYER_COLOURS } from '../web/player-colours.js';
import { InMemoryGameDirectory, MemoryDirectoryStore } from '../server/in-memory-game-directory.js';
import { useChromium } from './helpers/chromium.js';
import { useLobbies } from './helpers/lobby-harness.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import type { Received } from './helpers/test-client.js';
import { waitFor } from './helpers/wait-for.js';
import { ARROWS, cycleIn, nextFrame, paintedArena, rgb, turnTowardsCentre, type Rgb } from './helpers/web-client-frames.js';

/**
 * The browser client in real Chromium against a real lobby on 127.0.0.1:
 * the page the lobby serves at /, played with the keyboard, with ws test
 * clients as the other players. Screenshots go to test-artifacts/web-client/.
 * web-client-firefox.test.ts plays the main scenarios in Firefox.
 */

const lobbyWith = useLobbies();
const startChromium = useChromium();

/** A cell's colour on the canvas, as [r, g, b]. */
async function cellColour(page: Page, gameWidth: number, x: number, y: number): Promise<Rgb> {
  return (await page.evaluate(paintedArena, [gameWidth, [[x, y]]] as const)).colours[0]!;
}

/** Waits until the page has painted the tick `tick` or a later one. */
async function paintedTick(page: Page, tick: number): Promise<void> {
  await page.waitForFunction((tick) => Number(document.getElementById('arena')?.dataset.tick ?? -1) >= tick, tick, { timeout: 5000 });
}

async function createFromPage(page: Page, seats: number, name: string): Promise<void> {
  await page.fill('#create-seats', String(seats));
  await page.fill('#create-name', name);
  await page.press('#create-name', 'Enter');
  await page.waitForSelector('#arena:not([hidden])');
}

describe('the browser client', () => {
  it('is served at /, creates a game and draws both players in their colours where the lobby says they are', async () => {
    const { lobby, connect } = await lobbyWith({ seatHoldMs: 2000 });
    const { newPage, screenshot } = await startChromium();
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${lobby.port}/`);
    await expect(page.title()).resolves.toBe('vimtron');
    await page.waitForSelector('#no-games:has-text("no games yet")');
    await createFromPage(page, 2, 'Duel');

    const bob = await connect();
    expect(await bob.request({ type: 'join', name: 'duel' })).toMatchObject({ type: 'joined', player: { number: 2 } });
    const snapshot = await bob.next('snapshot');
    const frame = await nextFrame(bob);
    await paintedTick(page, frame.tick);
    await expect(page.textContent('#status-line')).resolves.toContain('game duel');
    await expect(page.textContent('#status-line')).resolves.toContain('players 2/2');
    for (const cycle of snapshot.cycles as { number: number; x: number; y: number }[]) {
      expect(await cellColour(page, snapshot.width, cycle.x, cycle.y)).toEqual(rgb(PLAYER_COLOURS[cycle.number - 1]!));
    }
    // The border ring is drawn; an empty interior cell is background.
    expect(await cellColour(page, snapshot.width, 0, 0)).toEqual(rgb('#94a3b8'));
    await screenshot(page, 'game-waiting');
  });
});

describe('playing in the browser', () => {
  it('readies with i, steers with h j k l and the arrows, lays walls in its colour with i, and shows the winner the lobby names', async () => {
    const { lobby, connect } = await lobbyWith({ seatHoldMs: 2000 });
    const { newPage, screenshot } = await startChromium();
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${lobby.port}/`);
    const bob = await connect();
    // A roomy arena, created by the ws player: the page joins it from the list.
    await bob.request({ type: 'create', players: 2, name: 'race', width: 60, height: 30 });
    await page.click('tr[data-game="race"] button.join');
    await page.waitForSelector('#arena:not([hidden])');
    await nextFrame(bob, (frame) => cycleIn(frame, 2).seated);

    await page.keyboard.press('i');
    await nextFrame(bob, (frame) => cycleIn(frame, 2).ready);
    bob.send({ type: 'key', key: 'i' });
    await nextFrame(bob, (frame) => frame.phase === 'countdown');
    await page.waitForSelector('#arena-overlay.countdown');
    await expect(page.textContent('#arena-overlay')).resolves.toMatch(/^[123]$/);
    await screenshot(page, 'countdown');
    const start = await nextFrame(bob, (frame) => frame.phase === 'running', 6000);

    const mine = cycleIn(start, 2);
    const first = turnTowardsCentre(mine.direction, mine.x, mine.y, 60, 30);
    await page.keyboard.press(first.key);
    await nextFrame(bob, (frame) => cycleIn(frame, 2).direction === first.heading);
    // Then back the other way round with an arrow key: a turn along the first direction's axis.
    const turned = await nextFrame(bob);
    const second = turnTowardsCentre(first.heading, cycleIn(turned, 2).x, cycleIn(turned, 2).y, 60, 30);
    await page.keyboard.press(ARROWS[second.key]!);
    await nextFrame(bob, (frame) => cycleIn(frame, 2).direction === second.heading);

    await page.keyboard.press('i');
    const laying = await nextFrame(bob, (frame) => (frame.walls.added as number[][]).some(([, , owner]) => owner === 2));
    const [wallX, wallY] = (laying.walls.added as number[][]).find(([, , owner]) => owner === 2)!;
    await paintedTick(page, laying.tick);
    expect(cycleIn(laying, 2).inserting).toBe(true);
    expect(await cellColour(page, 60, wallX!, wallY!)).toEqual(rgb(PLAYER_COLOURS[1]!));
    await expect(page.textContent('#status-line')).resolves.toContain('-- INSERT --');
    await screenshot(page, 'running-insert');
    await page.keyboard.press('Escape');
    await nextFrame(bob, (frame) => !cycleIn(frame, 2).inserting || frame.phase !== 'running');

    // Nobody steers any more: the round ends when a cycle meets a wall, and the page says who won.
    const end = await nextFrame(bob, (frame) => frame.phase === 'finished', 15_000);
    const expected = end.winner === 2 ? 'you win!' : end.winner === 1 ? 'player-1 wins' : 'draw';
    await page.waitForSelector(`#arena-overlay .result:has-text("${expected}")`);
    await expect(page.textContent('#status-line')).resolves.toContain(expected);
    // The scores between rounds: one crash or win each, from the lobby's count.
    const scores = await page.$$eval('#arena-overlay table.scores tbody tr', (rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)));
    expect(scores).toEqual((end.seats as { name: string; wins: number; crashes: number }[]).map((seat) => [`● ${seat.name}`, String(seat.wins), String(seat.crashes)]));
    expect(scores.map((row) => row[2])).toContain('1');
    await screenshot(page, 'finished');
  });
});

describe('two browsers', () => {
  it('play each other: one creates, the other joins from its list, both ready up, and ? shows the keys over the game', async () => {
    const { lobby } = await lobbyWith({ seatHoldMs: 2000 });
    const { newPage, screenshot } = await startChromium();
    const [ana, bo] = [await newPage(), await newPage()];
    await ana.goto(`http://127.0.0.1:${lobby.port}/`);
    await bo.goto(`http://127.0.0.1:${lobby.port}/`);
    await createFromPage(ana, 2, 'duo');
    await bo.click('tr[data-game="duo"] button.join');
    for (const page of [ana, bo]) await page.waitForSelector('#status-line:has-text("players 2/2")');
    await expect(bo.textContent('#status-line')).resolves.toContain('you ● player-2');

    await ana.keyboard.press('?');
    await ana.waitForSelector('#key-help:not([hidden])');
    await screenshot(ana, 'key-help');
    await ana.keyboard.press('?');
    await ana.waitForSelector('#key-help', { state: 'hidden' });

    await ana.keyboard.press('i');
    await bo.waitForSelector('#status-line:has-text("ready 1/2")');
    await bo.keyboard.press('i');
    for (const page of [ana, bo]) await page.waitForSelector('#arena-overlay.countdown');
  });
});

describe('watching in the browser', () => {
  it('watches a game of two ws players without a seat: their cycles on the canvas, the countdown and the result, the watcher count, and no key sent', async () => {
    const { lobby, connect } = await lobbyWith({ seatHoldMs: 2000 });
    const ana = await connect();
    const bo = await connect();
    await ana.request({ type: 'create', players: 2, name: 'show', width: 40, height: 20 });
    await bo.request({ type: 'join', name: 'show' });
    const { newPage, screenshot } = await startChromium();
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${lobby.port}/`);
    await page.waitForSelector('tr[data-game="show"] td:nth-child(2):has-text("2/2")');
    await page.click('tr[data-game="show"] button.watch');
    await page.waitForSelector('#status-line:has-text("you are watching")');
    await page.waitForSelector('#status-line:has-text("1 watching")');
    await expect(page.textContent('#message-line')).resolves.toBe('you are watching: keys are not sent   q: leave   ?: keys');
    // While the players wait, their cycles stand still: the canvas shows them where the lobby says.
    const waiting = await nextFrame(ana);
    await paintedTick(page, waiting.tick);
    for (const number of [1, 2]) {
      const cycle = cycleIn(waiting, number);
      expect(await cellColour(page, 40, cycle.x, cycle.y)).toEqual(rgb(PLAYER_COLOURS[number - 1]!));
    }
    await screenshot(page, 'watching');

    // Keys are not sent: the lobby would answer NOT_A_PLAYER, and the players stay not ready.
    await page.keyboard.press('i');
    await page.keyboard.press('h');
    const after = await nextFrame(ana, (frame) => frame.tick >= waiting.tick + 3);
    expect([cycleIn(after, 1).ready, cycleIn(after, 2).ready]).toEqual([false, false]);
    await expect(page.textContent('#message-line')).resolves.not.toContain('NOT_A_PLAYER');

    // A second spectator, by the keyboard: w on the selected game.
    const second = await newPage();
    await second.goto(`http://127.0.0.1:${lobby.port}/`);
    await second.waitForSelector('tr.selected[data-game="show"]');
    await second.keyboard.press('w');
    for (const watcher of [page, second]) await watcher.waitForSelector('#status-line:has-text("2 watching")');
    expect(ana.messages.some((message) => message.type === 'watchers' && message.count === 2)).toBe(true);
    await second.keyboard.press('q');
    await page.waitForSelector('#status-line:has-text("1 watching")');
    await second.waitForSelector('#list-screen:not([hidden])');

    // The players race; the spectator sees the countdown and the result the lobby names.
    ana.send({ type: 'key', key: 'i' });
    bo.send({ type: 'key', key: 'i' });
    await page.waitForSelector('#arena-overlay.countdown');
    const end = await nextFrame(ana, (frame) => frame.phase === 'finished', 15_000);
    const expected = end.winner === null ? 'draw' : `player-${end.winner} wins`;
    await page.waitForSelector(`#arena-overlay .result:has-text("${expected}")`);
  });
});

describe('bots in the browser', () => {
  it('creates a game with bots from the form, shows them by name and in their colours, and races them', async () => {
    const { lobby, connect } = await lobbyWith({ seatHoldMs: 2000 });
    const { newPage, screenshot } = await startChromium();
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${lobby.port}/`);
    await page.fill('#create-seats', '4');
    await page.fill('#create-bots', '2');
    await createFromPage(page, 4, 'botrace');
    await page.waitForSelector('#status-line:has-text("● bot-3")');
    await page.waitForSelector('#status-line:has-text("● bot-4")');
    const bob = await connect();
    const listed = await bob.request({ type: 'list' });
    expect(listed.games).toEqual([expect.objectContaining({ name: 'botrace', players: 1, bots: 2, maxPlayers: 4 })]);
    await bob.request({ type: 'join', name: 'botrace' });
    await page.keyboard.press('i');
    bob.send({ type: 'key', key: 'i' });
    const start = await nextFrame(bob, (frame) => frame.phase === 'running', 6000);
    expect([3, 4].map((number) => (cycleIn(start, number) as unknown as { bot: boolean }).bot)).toEqual([true, true]);
    // The bots move, and the page draws them where the lobby says, in their colours: the frame of the tick
    // the page shows, compared with the pixels of that same paint.
    const frames: Received[] = [];
    for (;;) {
      const frame = await nextFrame(bob);
      frames.push(frame);
      if (frames.length > 50) throw new Error('the page never showed the tick of a frame it was compared with');
      if (frame.tick < start.tick + 3) continue;
      const cells = [3, 4].map((number) => [cycleIn(frame, number).x, cycleIn(frame, number).y] as const);
      const painted = await page.evaluate(paintedArena, [80, cells] as const);
      if (painted.tick !== frame.tick) continue;
      expect([3, 4].map((number) => cycleIn(frame, number).status)).toEqual(['alive', 'alive']);
      expect(painted.colours).toEqual([rgb(PLAYER_COLOURS[2]!), rgb(PLAYER_COLOURS[3]!)]);
      break;
    }
    await screenshot(page, 'racing-bots');
  });
});

describe('names in the browser', () => {
  it('plays under the name typed in the page, kept for the next visit, shows the others by name, and says when one leaves', async () => {
    const { lobby, connect } = await lobbyWith({ seatHoldMs: 2000 });
    const { newPage, screenshot } = await startChromium();
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${lobby.port}/`);
    await page.fill('#player-name', 'Ana');
    await page.press('#player-name', 'Enter');
    await page.reload();
    await expect(page.inputValue('#player-name')).resolves.toBe('Ana');
    await createFromPage(page, 2, 'named');
    const bo = await connect();
    await bo.request({ type: 'join', name: 'named', playerName: 'Bo' });
    await page.waitForSelector('#status-line:has-text("you ● Ana")');
    await page.waitForSelector('#status-line:has-text("● Bo")');
    await screenshot(page, 'names');
    await bo.request({ type: 'leave' });
    await page.waitForSelector('#message-line.news:has-text("Bo left")');
  });

  it('refuses a name the lobby would refuse, before asking it', async () => {
    const { lobby } = await lobbyWith();
    const { newPage } = await startChromium();
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${lobby.port}/`);
    await page.fill('#player-name', 'Ana Bo');
    await page.fill('#create-name', 'spaced');
    await page.press('#create-name', 'Enter');
    await expect(page.textContent('#list-notice')).resolves.toBe(
      'your name may contain only letters a-z, digits, "-" and "_", and must start with a letter or digit',
    );
    await expect(page.isVisible('#list-screen')).resolves.toBe(true);
  });
});

describe('the game list in the browser', () => {
  it('shows the games live, joins one with a click, and comes back to the list when the player presses q', async () => {
    const { lobby, connect } = await lobbyWith({ seatHoldMs: 2000 });
    const { newPage, screenshot } = await startChromium();
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${lobby.port}/`);
    await page.waitForSelector('#no-games:has-text("no games yet")');

    const ana = await connect();
    await ana.request({ type: 'create', players: 3, name: 'alpha' });
    await page.waitForSelector('tr[data-game="alpha"]');
    const bo = await connect();
    await bo.request({ type: 'create', players: 2, name: 'beta' });
    // A game being created shows its seat taken once the room has given it.
    await page.waitForSelector('tr[data-game="beta"] td:nth-child(2):has-text("1/2")');
    await page.waitForSelector('tr[data-game="alpha"] td:nth-child(2):has-text("1/3")');
    expect(await page.$$eval('#game-rows tr', (rows) => rows.map((row) => [...row.querySelectorAll('td')].slice(0, 5).map((cell) => cell.textContent)))).toEqual([
      ['alpha', '1/3', 'waiting', '80×22', 'player-1'],
      ['beta', '1/2', 'waiting', '80×22', 'player-1'],
    ]);
    await screenshot(page, 'game-list');

    // The list follows the lobby: a game whose last player left is gone from it.
    await ana.request({ type: 'leave' });
    await page.waitForSelector('tr[data-game="alpha"]', { state: 'detached' });

    // j/k move the selection, Enter joins the selected game.
    await page.keyboard.press('j');
    await page.waitForSelector('tr.selected[data-game="beta"]');
    await page.keyboard.press('Enter');
    await nextFrame(bo, (frame) => cycleIn(frame, 2).seated);
    await page.waitForSelector('#arena:not([hidden])');

    await page.keyboard.press('q');
    await nextFrame(bo, (frame) => !cycleIn(frame, 2).seated);
    await page.waitForSelector('#list-notice:has-text("you left the game")');
    await page.waitForSelector('tr[data-game="beta"]');
  });

  it('says why a game could not be joined and is back on the list', async () => {
    const { lobby, connect } = await lobbyWith({ seatHoldMs: 2000 });
    const { newPage } = await startChromium();
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${lobby.port}/`);
    const ana = await connect();
    await ana.request({ type: 'create', players: 1, name: 'solo' });
    // The list shows the practice game full; Enter asks all the same, and the lobby says no.
    await page.waitForSelector('tr.selected[data-game="solo"] button.join[disabled]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#list-notice:has-text("GAME_FULL")');
    await expect(page.textContent('#list-notice')).resolves.toBe('could not join game "solo": game "solo" has all 1 seats taken (GAME_FULL)');
    await expect(page.isVisible('#list-screen')).resolves.toBe(true);
  });

  it('refuses a game name the lobby would refuse before asking it', async () => {
    const { lobby } = await lobbyWith();
    const { newPage } = await startChromium();
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${lobby.port}/`);
    await page.fill('#create-name', 'no spaces');
    await page.press('#create-name', 'Enter');
    await page.waitForSelector('#list-notice:has-text("the game name may contain only letters")');
    await expect(page.isVisible('#list-screen')).resolves.toBe(true);
  });
});

const proxies: TcpProxy[] = [];
afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.stop();
});

describe('staying in the game in the browser', () => {
  it('gets its seat back with its token when the connection drops, and plays on', async () => {
    const { lobby, connect } = await lobbyWith();
    const proxy = await TcpProxy.open(lobby.port);
    proxies.push(proxy);
    const { newPage, screenshot } = await startChromium();
    // The browser itself logs each connect the relay refuses.
    const refused: string[] = [];
    const page = await newPage({ expectedErrors: /^WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/\?frames=compact' failed: /, expected: refused });
    // The page comes through the relay, so its WebSocket does too: cutting the relay is a network failure.
    await page.goto(`http://127.0.0.1:${proxy.listeningPort}/`);
    await createFromPage(page, 2, 'sturdy');
    const bob = await connect();
    await bob.request({ type: 'join', name: 'sturdy' });
    await nextFrame(bob);

    await proxy.stop();
    await page.waitForSelector('#message-line.connection:has-text("connection lost; reconnecting to ws://127.0.0.1:")');
    await screenshot(page, 'reconnecting');
    // The seat is held meanwhile: the game still has player 1.
    expect(cycleIn(await nextFrame(bob), 1).seated).toBe(true);
    await page.waitForSelector('#message-line.connection:has-text("(attempt 2,")');
    await proxy.start();
    await page.waitForSelector('#message-line:has-text("reconnected")', { timeout: 10_000 });
    expect(refused.length).toBeGreaterThanOrEqual(1);
    const after = await nextFrame(bob);
    await paintedTick(page, after.tick);
    expect(cycleIn(after, 1).seated).toBe(true);
    // Keys count again, in the same seat.
    await page.keyboard.press('i');
    await nextFrame(bob, (frame) => cycleIn(frame, 1).ready);
  });

  it('takes its seat back with its token after the page is reloaded, and forgets it once the player left', async () => {
    const { lobby, connect } = await lobbyWith();
    const { newPage } = await startChromium();
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${lobby.port}/`);
    await createFromPage(page, 2, 'reloaded');
    const bob = await connect();
    await bob.request({ type: 'join', name: 'reloaded' });
    await page.waitForSelector('#status-line:has-text("players 2/2")');

    await page.reload();
    await page.waitForSelector('#status-line:has-text("you ● player-1")');
    await expect(page.isVisible('#list-screen')).resolves.toBe(false);
    // Still seat 1 for the lobby, with keys that count.
    await page.keyboard.press('i');
    await nextFrame(bob, (frame) => cycleIn(frame, 1).seated && cycleIn(frame, 1).ready);

    await page.keyboard.press('q');
    await nextFrame(bob, (frame) => !cycleIn(frame, 1).seated);
    await page.reload();
    await page.waitForSelector('tr[data-game="reloaded"]');
    await expect(page.isVisible('#game-screen')).resolves.toBe(false);
  });

  it('follows its game to another lobby when its lobby stops (moved), and plays on there', async () => {
    const store = new MemoryDirectoryStore();
    const a = await lobbyWith({}, { directory: new InMemoryGameDirectory('lobby-a', store) });
    const b = await lobbyWith({}, { directory: new InMemoryGameDirectory('lobby-b', store) });
    const { newPage } = await startChromium();
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${a.lobby.port}/`);
    await createFromPage(page, 2, 'nomad');
    await page.waitForSelector('#status-line:has-text("game nomad")');

    await a.lobby.close();
    // Lobby b has the game now; a player there sees seat 1 still taken, by the page, which rejoined through b.
    const bob = await b.connect();
    expect(await bob.request({ type: 'join', name: 'nomad' })).toMatchObject({ type: 'joined', player: { number: 2 } });
    await nextFrame(bob);
    await page.keyboard.press('i');
    await nextFrame(bob, (frame) => cycleIn(frame, 1).seated && cycleIn(frame, 1).ready, 10_000);
    // The page draws the frame bob just got a moment later.
    await page.waitForSelector('#status-line:has-text("players 2/2")');
  });

  it('joins a game that runs on another lobby of the cluster by following redirect', async () => {
    const store = new MemoryDirectoryStore();
    const a = await lobbyWith({}, { directory: new InMemoryGameDirectory('lobby-a', store) });
    const b = await lobbyWith({}, { directory: new InMemoryGameDirectory('lobby-b', store) });
    const ana = await a.connect();
    await ana.request({ type: 'create', players: 2, name: 'far' });
    const { newPage } = await startChromium();
    const page = await newPage();
    // The page comes from lobby b; the game runs on lobby a.
    await page.goto(`http://127.0.0.1:${b.lobby.port}/`);
    await page.waitForSelector('tr[data-game="far"] td:nth-child(2):has-text("1/2")');
    await page.click('tr[data-game="far"] button.join');
    await nextFrame(ana, (frame) => cycleIn(frame, 2).seated);
    await page.waitForSelector('#status-line:has-text("players 2/2")');
  });
});
