import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { afterAll, afterEach } from 'vitest';
import { closeAndProveGone, MARKER_VARIABLE, newBrowserMarker } from './browser-processes.js';
import { ARTIFACTS_FOLDER } from './chromium.js';

/**
 * Real Firefox for the browser client's tests: Debian's `firefox-esr`
 * package, driven over WebDriver BiDi by puppeteer-core (which downloads no
 * browser of its own). playwright-core drives Chromium; its BiDi driver for
 * stock Firefox asks every new browser context for
 * `emulation.setMediaFeaturesOverride`, a command Firefox ESR does not have
 * ("Protocol error (emulation.setMediaFeaturesOverride): unknown command"),
 * so it cannot open a page there. `VIMTRON_FIREFOX` names another binary.
 */
export const FIREFOX_PATH = process.env.VIMTRON_FIREFOX ?? '/usr/bin/firefox-esr';

export interface StartedFirefox {
  readonly browser: Browser;
  /**
   * A new page in a context of its own (no shared storage), whose console
   * errors and uncaught exceptions fail the test, except those matching
   * `expectedErrors` (faults the test provokes on purpose), which are kept in
   * `expected` for the test to check.
   */
  newPage(options?: { readonly expectedErrors?: RegExp; readonly expected?: string[] }): Promise<Page>;
  /** Saves a screenshot of `page` as test-artifacts/web-client/firefox-NAME.png. */
  screenshot(page: Page, name: string): Promise<string>;
}

/**
 * Firefox for the tests of one file: one browser, started by the first test
 * that asks (a start costs seconds), with a new context for every page. After
 * each test its contexts are closed and its pages' errors checked; after the
 * file the browser is closed and every process it started is proved gone by
 * PID (see closeAndProveGone), and its throwaway profile is removed.
 */
export function useFirefox(): () => Promise<StartedFirefox> {
  let started: Promise<{ browser: Browser; marker: string; profile: string }> | null = null;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    const reported = errors.splice(0);
    if (reported.length > 0) throw new Error(`the page reported errors:\n${reported.join('\n')}`);
  });
  afterAll(async () => {
    if (!started) return;
    const { browser, marker, profile } = await started;
    try {
      await closeAndProveGone(() => browser.close(), marker);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });

  return async () => {
    started ??= launch();
    const { browser } = await started;
    return {
      browser,
      newPage: async ({ expectedErrors, expected } = {}) => {
        const context = await browser.createBrowserContext();
        contexts.push(context);
        const page = await context.newPage();
        await page.setViewport({ width: 1000, height: 700 });
        const report = (kind: string, text: string): void => {
          if (expectedErrors?.test(text)) expected?.push(text);
          else errors.push(`${kind}: ${text}`);
        };
        // Firefox reports its own faults, such as a WebSocket it could not open, as script errors:
        // they arrive as uncaught errors, not console messages, and may be expected as well.
        page.on('pageerror', (error) => report('uncaught', error instanceof Error ? error.message : String(error)));
        page.on('console', (message) => {
          if (message.type() === 'error') report('console', message.text());
        });
        return page;
      },
      screenshot: async (page, name) => {
        mkdirSync(ARTIFACTS_FOLDER, { recursive: true });
        const path = join(ARTIFACTS_FOLDER, `firefox-${name}.png`) as `${string}.png`;
        await page.screenshot({ path });
        return path;
      },
    };
  };
}

async function launch(): Promise<{ browser: Browser; marker: string; profile: string }> {
  if (!existsSync(FIREFOX_PATH)) {
    throw new Error(`no Firefox at ${FIREFOX_PATH}: install Debian's firefox-esr package (apt-get install -y firefox-esr), or set VIMTRON_FIREFOX`);
  }
  const marker = newBrowserMarker();
  // A throwaway profile, which also holds the cache and config folders: nothing lands in the user's home.
  const profile = mkdtempSync(join(tmpdir(), 'vimtron-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    userDataDir: profile,
    env: { ...process.env, [MARKER_VARIABLE]: marker, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile },
  });
  return { browser, marker, profile };
}
