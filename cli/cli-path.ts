import { fileURLToPath } from 'node:url';

/**
 * The compiled `vimtron` command, dist/cli/cli.js, for whatever starts it as
 * a process of its own: the load tools and the tests. Compiled, this module
 * sits next to it; read from its TypeScript source (as vitest does), it
 * finds it in dist/.
 */
export const CLI_PATH = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../dist/cli/cli.js' : './cli.js', import.meta.url));
