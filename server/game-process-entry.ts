import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Path of a compiled game room entry point (forked process or worker thread). Rooms always run compiled
 * JavaScript (small and fast to start), also when the lobby itself is loaded
 * from TypeScript sources by a test runner.
 *
 * `npm run build` also bundles each entry with what it imports into one
 * CommonJS file (`main.cjs`, `worker-main.cjs`): a room started from it
 * needs no ES module loader, which is a quarter of the CPU a room's start
 * costs (measured: about 120 ms against 160 on this 2-core machine, the
 * same as a Node that loads nothing). The bundle is used only if it was
 * made after the compiled modules (tsc rewrites them all on every build),
 * so a compile without the bundling step never runs stale game code: the
 * modules are used instead, only slower to start.
 */
export function gameProcessEntry(file: 'main' | 'worker-main' = 'main'): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const entry = roomEntryIn(resolve(here, '../game-process'), file) ?? roomEntryIn(join(resolve(here, '..'), 'dist/game-process'), file);
  if (entry) return entry;
  throw new Error(`compiled game process not found at ${join(resolve(here, '..'), 'dist/game-process', `${file}.js`)}; run "npm run build" first`);
}

/** The entry to start in a folder of compiled rooms: the bundle if it is newer than the compiled module, else the module; null if neither. */
export function roomEntryIn(folder: string, file: string): string | null {
  const compiled = join(folder, `${file}.js`);
  if (!existsSync(compiled)) return null;
  const bundle = join(folder, `${file}.cjs`);
  return existsSync(bundle) && statSync(bundle).mtimeMs >= statSync(compiled).mtimeMs ? bundle : compiled;
}
