import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterEach } from 'vitest';
import { closeAndProveGone, MARKER_VARIABLE, newBrowserMarker } from './browser-processes.js';

/**
 * Real Chromium for the browser client's tests: Debian's `chromium` package,
 * driven over the DevTools protocol by playwright-core (which downloads no
 * browser of its own). `VIMTRON_CHROMIUM` names another binary.
 */
export const CHROMIUM_PATH = process.env.VIMTRON_CHROMIUM ?? '/usr/bin/chromium';

/** Where the tests keep their screenshots (gitignored): test-artifacts/web-client/. */
export const ARTIFACTS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-artifacts/web-client');

export interface StartedChromium {
  readonly browser: Browser;
  /**
   * A new page (its own context: no shared storage), whose console errors and
   * uncaught exceptions fail the test, except console errors matching
   * `expectedErrors` (faults the test provokes on purpose), which are kept in
   * `expected` for the test to check.
   */
  newPage(options?: { readonly expectedErrors?: RegExp; readonly expected?: string[] }): Promise<Page>;
  /** Saves a screenshot of `page` as test-artifacts/web-client/NAME.png. */
  screenshot(page: Page, name: string): Promise<string>;
}

/**
 * Chromium for the tests of one file. After each test, every page's errors
 * are checked, the browser is closed, and every process it started is
 * proved gone by PID: the browser's process group (zygotes, renderers, GPU
 * and network services) and the crash handlers, which leave the group, found
 * by a marker in their environment. Survivors fail the test, after being
 * killed by PID.
 */
export function useChromium(): () => Promise<StartedChromium> {
  const started: { browser: Browser; marker: string; profile: string; errors: string[] }[] = [];
  afterEach(async () => {
    for (const { browser, marker, profile, errors } of started.splice(0)) {
      try {
        await closeAndProveGone(() => browser.close(), marker);
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
      if (errors.length > 0) throw new Error(`the page reported errors:\n${errors.join('\n')}`);
    }
  });
  return async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`no Chromium at ${CHROMIUM_PATH}: install Debian's chromium package (apt-get install -y chromium), or set VIMTRON_CHROMIUM`);
    }
    const marker = newBrowserMarker();
    // Its own config folder: the crash handler's database and the like stay out of the user's home.
    const profile = mkdtempSync(join(tmpdir(), 'vimtron-chromium-'));
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      env: { ...process.env, [MARKER_VARIABLE]: marker, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile },
    });
    const errors: string[] = [];
    started.push({ browser, marker, profile, errors });
    return {
      browser,
      newPage: async ({ expectedErrors, expected } = {}) => {
        const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
        const page = await context.newPage();
        page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() !== 'error') return;
          if (expectedErrors?.test(message.text())) expected?.push(message.text());
          else errors.push(`console: ${message.text()}`);
        });
        return page;
      },
      screenshot: async (page, name) => {
        mkdirSync(ARTIFACTS_FOLDER, { recursive: true });
        const path = join(ARTIFACTS_FOLDER, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
    };
  };
}
