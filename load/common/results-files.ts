import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** load/results/ in the source tree (gitignored), wherever the compiled file runs from. */
export function resultsDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Compiled: dist/load/common/ -> ../../../load/results; from sources: load/common/ -> ../results.
  const root = here.split(/[\\/]/).includes('dist') ? resolve(here, '../../..') : resolve(here, '../..');
  return join(root, 'load', 'results');
}

/** A timestamp usable in a file name: 2025-01-31T12-34-56. */
export function fileTimestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d+Z$/, '').replace(/:/g, '-');
}

/** Writes a file, creating its folder first. */
export function writeResultFile(path: string, contents: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, contents);
}
