import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { useLobbies } from './helpers/lobby-harness.js';
import { childPids, waitForExit } from './helpers/processes.js';
import type { TestClient } from './helpers/test-client.js';

/**
 * The status page in a real browser: Debian's `chromium` (which .ci/run
 * installs), driven by playwright-core through its executable path; no
 * browser is downloaded. Screenshots are kept in test-artifacts/ (not
 * committed) for a person to look at.
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), '../test-artifacts');
const GAMES = 20;

const startLobby = useLobbies();
let browser: Browser | null = null;

afterEach(async () => {
  if (!browser) return;
  const chromiumPids = childPids(process.pid).filter((pid) => /chrom/i.test(commandOf(pid)));
  await browser.close();
  browser = null;
  await waitForExit(chromiumPids, 10_000);
});

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8');
  } catch {
    return '';
  }
}

async function openBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does)`);
  // Root in a container has no user namespace for Chromium's sandbox.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  return browser;
}

async function roomNames(page: Page): Promise<string[]> {
  return page.$$eval('#rooms tbody tr td:first-child', (cells) => cells.map((cell) => cell.textContent ?? ''));
}

describe('the status page in Chromium', () => {
  it(`shows every room of a lobby with ${GAMES} games, follows it without reloading, and says when it cannot reach it`, async () => {
    // Every player here comes from 127.0.0.1: the per-address game limits are lifted, as --bench does.
    const started = await startLobby({ maxGamesPerAddress: GAMES, maxGamesPerAddressPerMinute: GAMES }, { pool: 1 });
    const { lobby } = started;
    const players: TestClient[] = [];
    const names = Array.from({ length: GAMES }, (_, index) => `game-${String(index + 1).padStart(2, '0')}`);
    for (const name of names.slice(0, -1)) {
      const player = await started.connect();
      // A room process may take seconds to start on a machine busy with other tests.
      expect(await player.request({ type: 'create', players: 2, name, width: 40, height: 20 }, 20_000)).toMatchObject({ type: 'joined' });
      players.push(player);
    }
    // One room dies and is resumed: the events show it.
    await players[0]!.next((message) => message.type === 'state' && message.tick >= 10, 10_000);
    process.kill(lobby.roomPid(names[0]!)!, 'SIGKILL');
    await players[0]!.next('snapshot', 10_000);

    const page = await (await openBrowser()).newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(`http://127.0.0.1:${lobby.adminPort}/`)) outside.push(request.url());
    });
    await page.goto(`http://127.0.0.1:${lobby.adminPort}/status`);
    await page.waitForFunction((count) => document.querySelectorAll('#rooms tbody tr').length === count, GAMES - 1);
    expect(await roomNames(page)).toEqual(names.slice(0, -1));
    expect(await page.textContent('#readiness')).toBe('ready');
    expect(await page.textContent('#lobby-id')).toBe('standalone');
    const marker = await page.evaluate(() => ((window as unknown as { marker: number }).marker = Math.random()));

    // A new game shows up by itself: the page is not reloaded.
    const last = await started.connect();
    expect(await last.request({ type: 'create', players: 2, name: names.at(-1)!, width: 40, height: 20 }, 20_000)).toMatchObject({ type: 'joined' });
    await page.waitForFunction((count) => document.querySelectorAll('#rooms tbody tr').length === count, GAMES, { timeout: 10_000 });
    expect(await roomNames(page)).toEqual(names);
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(marker);
    const firstRow = await page.$$eval('#rooms tbody tr:first-child td', (cells) => cells.map((cell) => cell.textContent ?? ''));
    expect(firstRow.slice(0, 5)).toEqual([names[0], 'waiting', '1 / 2', '0', String(lobby.roomPid(names[0]!))]);
    const events = await page.$$eval('#events tbody tr td:nth-child(2)', (cells) => cells.map((cell) => cell.textContent ?? ''));
    expect(events.slice(0, 3)).toEqual(['created', 'resumed', 'crashed']);
    expect(events.filter((kind) => kind === 'created')).toHaveLength(GAMES);
    await page.waitForFunction(() => !document.querySelector('#cards')?.textContent?.includes('NaN'));
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'status-page-laptop.png'), fullPage: true });

    // On a phone: one column, the tables as labelled cards, nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    // The page redraws its tables as it refreshes: ask the element on screen now, not one just replaced.
    await page.waitForFunction(() => {
      const head = document.querySelector('#rooms thead');
      return head !== null && head.isConnected && getComputedStyle(head).display === 'none';
    });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, 'status-page-phone.png'), fullPage: false });

    // The lobby goes away: the page says so, and keeps what it showed last.
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const player of [...players, last]) await player.close();
    await lobby.close();
    await page.waitForFunction(() => document.querySelector('#banner')?.classList.contains('shown') === true, undefined, { timeout: 5000 });
    expect(await page.textContent('#banner')).toMatch(/^Cannot reach the lobby since [^:]+:\d\d:\d\d.*: Failed to fetch\. Retrying every second\.$/);
    // What it showed last stays: the lobby as it was while shutting down.
    expect(await page.textContent('#lobby-id')).toBe('standalone');
    expect(outside).toEqual([]);
    expect(problems.filter((problem) => !problem.includes('Failed to load resource') && !problem.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
  }, 180_000);
});
