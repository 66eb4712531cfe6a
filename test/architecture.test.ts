import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The project's source folders, relative to its root. */
const SOURCE_FOLDERS = ['cli', 'client', 'game-process', 'load', 'server', 'shared', 'web'];
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every import (and re-export) of every source file, as paths relative to the root. */
function importGraph(): Map<string, { relative: string[]; packages: string[] }> {
  const graph = new Map<string, { relative: string[]; packages: string[] }>();
  const visit = (folder: string): void => {
    for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') visit(path);
      } else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(join(ROOT, path), 'utf8');
        const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((match) => match[1]!);
        graph.set(path, {
          relative: specifiers
            .filter((specifier) => specifier.startsWith('.'))
            .map((specifier) => relative(ROOT, resolve(ROOT, dirname(path), specifier)).replace(/\.js$/, '.ts')),
          packages: specifiers.filter((specifier) => !specifier.startsWith('.')),
        });
      }
    }
  };
  for (const folder of SOURCE_FOLDERS) visit(folder);
  return graph;
}

function cycles(graph: Map<string, { relative: string[] }>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const walk = (file: string): void => {
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of graph.get(file)?.relative ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'visiting') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) walk(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) walk(file);
  return found;
}

describe('the source tree', () => {
  const graph = importGraph();

  it('resolves every relative import to a source file', () => {
    const missing = [...graph].flatMap(([file, imports]) => imports.relative.filter((target) => !graph.has(target)).map((target) => `${file} -> ${target}`));
    expect(missing).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps the terminal player apart from the lobby and the command line: client/ imports neither server/ nor cli/', () => {
    const crossing = [...graph].flatMap(([file, imports]) =>
      file.startsWith('client/') ? imports.relative.filter((target) => target.startsWith('server/') || target.startsWith('cli/')).map((target) => `${file} -> ${target}`) : [],
    );
    expect(crossing).toEqual([]);
  });

  it('keeps shared/ loadable by a browser: it imports only shared/ and no package', () => {
    const outside = [...graph].flatMap(([file, imports]) =>
      file.startsWith('shared/')
        ? [
            ...imports.relative.filter((target) => !target.startsWith('shared/')).map((target) => `${file} -> ${target}`),
            ...imports.packages.map((name) => `${file} -> ${name}`),
          ]
        : [],
    );
    expect(outside).toEqual([]);
  });

  it('keeps the browser client loadable by a browser: web/ imports only web/ and shared/, and no package', () => {
    const outside = [...graph].flatMap(([file, imports]) =>
      file.startsWith('web/')
        ? [
            ...imports.relative.filter((target) => !target.startsWith('web/') && !target.startsWith('shared/')).map((target) => `${file} -> ${target}`),
            ...imports.packages.map((name) => `${file} -> ${name}`),
          ]
        : [],
    );
    expect(outside).toEqual([]);
  });

  it('runs the browser client only in a browser: no other folder imports web/', () => {
    const crossing = [...graph].flatMap(([file, imports]) =>
      file.startsWith('web/') ? [] : imports.relative.filter((target) => target.startsWith('web/')).map((target) => `${file} -> ${target}`),
    );
    expect(crossing).toEqual([]);
  });

  it('keeps the room process small: game-process/ imports only shared/ and itself', () => {
    const outside = [...graph].flatMap(([file, imports]) =>
      file.startsWith('game-process/')
        ? imports.relative.filter((target) => !target.startsWith('shared/') && !target.startsWith('game-process/')).map((target) => `${file} -> ${target}`)
        : [],
    );
    expect(outside).toEqual([]);
  });
});
