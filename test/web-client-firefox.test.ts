import type { KeyInput, Page } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import { PLAYER_COLOURS } from '../web/player-colours.js';
import { useFirefox } from './helpers/firefox.js';
import { useLobbies } from './helpers/lobby-harness.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { ARROWS, cycleIn, nextFrame, paintedArena, rgb, turnTowardsCentre, type Rgb } from './helpers/web-client-frames.js';

/**
 * The browser client in real Firefox (Debian's firefox-esr, over WebDriver
 * BiDi) against a real lobby on 127.0.0.1: the scenarios of
 * web-client.test.ts that matter most, played with the keyboard, with ws test
 * clients as the other players. Screenshots go to
 * test-artifacts/web-client/firefox-*.png.
 */

const lobbyWith = useLobbies();
const startFirefox = useFirefox();

async function cellColour(page: Page, gameWidth: number, x: number, y: number): Promise<Rgb> {
  return (await page.evaluate(paintedArena, [gameWidth, [[x, y]]] as const)).colours[0]!;
}

/** Waits until the page has painted the tick `tick` or a later one. */
async function paintedTick(page: Page, tick: number): Promise<void> {
  await page.waitForFunction((tick) => Number(document.getElementById('arena')?.dataset.tick ?? -1) >= tick, { timeout: 5000 }, tick);
}

/** Waits until the element `selector` shows `text` (as part of its text). */
async function waitForText(page: Page, selector: string, text: string, timeoutMs = 5000): Promise<void> {
  await page.waitForFunction((selector, text) => document.querySelector(selector)?.textContent?.includes(text) === true, { timeout: timeoutMs }, selector, text);
}

async function textOf(page: Page, selector: string): Promise<string | null> {
  return page.$eval(selector, (element) => element.textContent);
}

async function isShown(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (element) => element.checkVisibility());
}

/** Types `value` into the field `selector` as a person would: select what is there, type over it. */
async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.locator(selector).fill(value);
}

async function createFromPage(page: Page, seats: number, name: string): Promise<void> {
  await fill(page, '#create-seats', String(seats));
  await fill(page, '#create-name', name);
  await page.focus('#create-name');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#arena:not([hidden])');
}

describe('the browser client in Firefox', () => {
  it('is served at /, creates a game and draws both players in their colours where the lobby says they are', async () => {
    const { lobby, connect } = await lobbyWith({ seatHoldMs: 2000 });
    const { newPage, screenshot } = await startFirefox();
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${lobby.port}/`);
    await expect(page.title()).resolves.toBe('vimtron');
    await waitForText(page, '#no-games', 'no games yet');
    await createFromPage(page, 2, 'Duel');

    const bob = await connect();
    expect(await bob.request({ type: 'join', name: 'duel' })).toMatchObject({ type: 'joined', player: { number: 2 } });
    const snapshot = await bob.next('snapshot');
    const frame = await nextFrame(bob);
    await paintedTick(page, frame.tick);
    await expect(textOf(page, '#status-line')).resolves.toContain('game duel');
    await expect(textOf(page, '#status-line')).resolves.toContain('players 2/2');
    for (const cycle of snapshot.cycles as { number: number; x: number; y: number }[]) {
      expect(await cellColour(page, snapshot.width, cycle.x, cycle.y)).toEqual(rgb(PLAYER_COLOURS[cycle.number - 1]!));
    }
    // The border ring is drawn in its grey.
    expect(await cellColour(page, snapshot.width, 0, 0)).toEqual(rgb('#94a3b8'));
    await screenshot(page, 'game-waiting');
  });

  it('readies with i, steers with h j k l and the arrows, lays walls in its colour with i, shows the keys with ?, and shows the winner the lobby names', async () => {
    const { lobby, connect } = await lobbyWith({ seatHoldMs: 2000 });
    const { newPage, screenshot } = await startFirefox();
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${lobby.port}/`);
    const bob = await connect();
    // A roomy arena, created by the ws player: the page joins it from the list.
    await bob.request({ type: 'create', players: 2, name: 'race', width: 60, height: 30 });
    await page.locator('tr[data-game="race"] button.join').click();
    await page.waitForSelector('#arena:not([hidden])');
    await nextFrame(bob, (frame) => cycleIn(frame, 2).seated);

    await page.keyboard.press('?');
    await page.waitForSelector('#key-help:not([hidden])');
    await page.keyboard.press('?');
    await page.waitForSelector('#key-help', { hidden: true });

    await page.keyboard.press('i');
    await nextFrame(bob, (frame) => cycleIn(frame, 2).ready);
    bob.send({ type: 'key', key: 'i' });
    await nextFrame(bob, (frame) => frame.phase === 'countdown');
    await page.waitForSelector('#arena-overlay.countdown');
    await expect(textOf(page, '#arena-overlay')).resolves.toMatch(/^[123]$/);
    await screenshot(page, 'countdown');
    const start = await nextFrame(bob, (frame) => frame.phase === 'running', 6000);

    const mine = cycleIn(start, 2);
    const first = turnTowardsCentre(mine.direction, mine.x, mine.y, 60, 30);
    await page.keyboard.press(first.key as KeyInput);
    await nextFrame(bob, (frame) => cycleIn(frame, 2).direction === first.heading);
    // Then back the other way round with an arrow key: a turn along the first direction's axis.
    const turned = await nextFrame(bob);
    const second = turnTowardsCentre(first.heading, cycleIn(turned, 2).x, cycleIn(turned, 2).y, 60, 30);
    await page.keyboard.press(ARROWS[second.key] as KeyInput);
    await nextFrame(bob, (frame) => cycleIn(frame, 2).direction === second.heading);

    await page.keyboard.press('i');
    const laying = await nextFrame(bob, (frame) => (frame.walls.added as number[][]).some(([, , owner]) => owner === 2));
    const [wallX, wallY] = (laying.walls.added as number[][]).find(([, , owner]) => owner === 2)!;
    await paintedTick(page, laying.tick);
    expect(cycleIn(laying, 2).inserting).toBe(true);
    expect(await cellColour(page, 60, wallX!, wallY!)).toEqual(rgb(PLAYER_COLOURS[1]!));
    await expect(textOf(page, '#status-line')).resolves.toContain('-- INSERT --');
    await screenshot(page, 'running-insert');
    await page.keyboard.press('Escape');
    await nextFrame(bob, (frame) => !cycleIn(frame, 2).inserting || frame.phase !== 'running');

    // Nobody steers any more: the round ends when a cycle meets a wall, and the page says who won.
    const end = await nextFrame(bob, (frame) => frame.phase === 'finished', 15_000);
    const expected = end.winner === 2 ? 'you win!' : end.winner === 1 ? 'player-1 wins' : 'draw';
    await waitForText(page, '#arena-overlay .result', expected);
    await expect(textOf(page, '#status-line')).resolves.toContain(expected);
    const scores = await page.$$eval('#arena-overlay table.scores tbody tr', (rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)));
    expect(scores).toEqual((end.seats as { name: string; wins: number; crashes: number }[]).map((seat) => [`● ${seat.name}`, String(seat.wins), String(seat.crashes)]));
    expect(scores.map((row) => row[2])).toContain('1');
    await screenshot(page, 'finished');
  });

  it('watches a game of two ws players without a seat: their cycles on the canvas, the countdown and the result, and no key sent', async () => {
    const { lobby, connect } = await lobbyWith({ seatHoldMs: 2000 });
    const ana = await connect();
    const bo = await connect();
    await ana.request({ type: 'create', players: 2, name: 'show', width: 40, height: 20 });
    await bo.request({ type: 'join', name: 'show' });
    const { newPage, screenshot } = await startFirefox();
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${lobby.port}/`);
    await waitForText(page, 'tr[data-game="show"] td:nth-child(2)', '2/2');
    await page.locator('tr[data-game="show"] button.watch').click();
    await waitForText(page, '#status-line', 'you are watching');
    await waitForText(page, '#status-line', '1 watching');
    await expect(textOf(page, '#message-line')).resolves.toBe('you are watching: keys are not sent   q: leave   ?: keys');
    const waiting = await nextFrame(ana);
    await paintedTick(page, waiting.tick);
    for (const number of [1, 2]) {
      const cycle = cycleIn(waiting, number);
      expect(await cellColour(page, 40, cycle.x, cycle.y)).toEqual(rgb(PLAYER_COLOURS[number - 1]!));
    }
    await screenshot(page, 'watching');

    // Keys are not sent: the players stay not ready.
    await page.keyboard.press('i');
    const after = await nextFrame(ana, (frame) => frame.tick >= waiting.tick + 3);
    expect([cycleIn(after, 1).ready, cycleIn(after, 2).ready]).toEqual([false, false]);

    ana.send({ type: 'key', key: 'i' });
    bo.send({ type: 'key', key: 'i' });
    await page.waitForSelector('#arena-overlay.countdown');
    const end = await nextFrame(ana, (frame) => frame.phase === 'finished', 15_000);
    const expected = end.winner === null ? 'draw' : `player-${end.winner} wins`;
    await waitForText(page, '#arena-overlay .result', expected);
  });
});

const proxies: TcpProxy[] = [];
afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.stop();
});

describe('staying in the game in Firefox', () => {
  it('gets its seat back with its token when the connection drops, and plays on', async () => {
    const { lobby, connect } = await lobbyWith();
    const proxy = await TcpProxy.open(lobby.port);
    proxies.push(proxy);
    const { newPage, screenshot } = await startFirefox();
    // Firefox itself logs each connect the relay refuses.
    const refused: string[] = [];
    const page = await newPage({ expectedErrors: /^Firefox can’t establish a connection to the server at ws:\/\/127\.0\.0\.1:\d+\/\?frames=compact\.$/, expected: refused });
    await page.goto(`http://127.0.0.1:${proxy.listeningPort}/`);
    await createFromPage(page, 2, 'sturdy');
    const bob = await connect();
    await bob.request({ type: 'join', name: 'sturdy' });
    await nextFrame(bob);

    await proxy.stop();
    await waitForText(page, '#message-line.connection', 'connection lost; reconnecting to ws://127.0.0.1:');
    await screenshot(page, 'reconnecting');
    expect(cycleIn(await nextFrame(bob), 1).seated).toBe(true);
    await waitForText(page, '#message-line.connection', '(attempt 2,');
    await proxy.start();
    await waitForText(page, '#message-line', 'reconnected', 10_000);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    const after = await nextFrame(bob);
    await paintedTick(page, after.tick);
    expect(cycleIn(after, 1).seated).toBe(true);
    await page.keyboard.press('i');
    await nextFrame(bob, (frame) => cycleIn(frame, 1).ready);
  });

  it('takes its seat back with its token after the page is reloaded, and forgets it once the player left', async () => {
    const { lobby, connect } = await lobbyWith();
    const { newPage } = await startFirefox();
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${lobby.port}/`);
    await createFromPage(page, 2, 'reloaded');
    const bob = await connect();
    await bob.request({ type: 'join', name: 'reloaded' });
    await waitForText(page, '#status-line', 'players 2/2');

    await page.reload();
    await waitForText(page, '#status-line', 'you ● player-1');
    await expect(isShown(page, '#list-screen')).resolves.toBe(false);
    await page.keyboard.press('i');
    await nextFrame(bob, (frame) => cycleIn(frame, 1).seated && cycleIn(frame, 1).ready);

    await page.keyboard.press('q');
    await nextFrame(bob, (frame) => !cycleIn(frame, 1).seated);
    await page.reload();
    await page.waitForSelector('tr[data-game="reloaded"]');
    await expect(isShown(page, '#game-screen')).resolves.toBe(false);
  });
});
