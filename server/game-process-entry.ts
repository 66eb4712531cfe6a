import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Path of a compiled game room entry point (forked process or worker thread). Rooms always run compiled
 * JavaScript (small and fast to start), also when the lobby itself is loaded
 * from TypeScript sources by a test runner.
 */
export function gameProcessEntry(file: 'main.js' | 'worker-main.js' = 'main.js'): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = resolve(here, '../game-process', file);
  if (existsSync(sibling)) return sibling;
  const compiled = join(resolve(here, '..'), 'dist/game-process', file);
  if (existsSync(compiled)) return compiled;
  throw new Error(`compiled game process not found at ${compiled}; run "npm run build" first`);
}
