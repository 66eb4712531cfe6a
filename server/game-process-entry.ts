import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Path of the compiled game room entry point. Rooms always run compiled
 * JavaScript (small and fast to start), also when the lobby itself is loaded
 * from TypeScript sources by a test runner.
 */
export function gameProcessEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = resolve(here, '../game-process/main.js');
  if (existsSync(sibling)) return sibling;
  const compiled = join(resolve(here, '..'), 'dist/game-process/main.js');
  if (existsSync(compiled)) return compiled;
  throw new Error(`compiled game process not found at ${compiled}; run "npm run build" first`);
}
