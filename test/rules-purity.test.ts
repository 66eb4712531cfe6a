import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RULES = fileURLToPath(new URL('../shared/rules/', import.meta.url));
/** The room's bots decide inside the deterministic game, so they are held to the same purity. */
const BOTS = fileURLToPath(new URL('../shared/bots/', import.meta.url));

/** Names that would give the rules I/O, time or randomness of their own. */
const FORBIDDEN = ['process', 'setTimeout', 'setInterval', 'Date.now', 'Math.random', 'require('] as const;

/**
 * The source without its comments: prose such as "resume in a new process"
 * is no I/O. Good enough for our own files, which keep no comment markers
 * inside strings.
 */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every module specifier of static imports, re-exports and dynamic imports. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]?([^'"`)]*)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

describe('the rules modules', () => {
  const files = filesUnder(RULES);

  it('are there to check', () => {
    expect(files.map((file) => relative(RULES, file)).sort()).toEqual(
      expect.arrayContaining(['constants.ts', 'create-game.ts', 'index.ts', 'random.ts', 'seats.ts', 'spawn.ts', 'step.ts', 'types.ts']),
    );
  });

  it.each(files.map((file) => [relative(RULES, file), file]))('%s mentions no I/O, clock or global randomness', (_name, file) => {
    const source = code(readFileSync(file, 'utf8'));

    expect(FORBIDDEN.filter((word) => source.includes(word))).toStrictEqual([]);
  });

  it.each(files.map((file) => [relative(RULES, file), file]))('%s imports only sibling rules files', (_name, file) => {
    const source = code(readFileSync(file, 'utf8'));

    expect(specifiers(source).filter((specifier) => !specifier.startsWith('./'))).toStrictEqual([]);
  });

  it('looks past comments but not past code', () => {
    const source = code(`/** Runs in a process. */\n// setTimeout later\nconst a = process.env; /* Math.random */ const b = Date.now();`);

    expect(FORBIDDEN.filter((word) => source.includes(word))).toStrictEqual(['process', 'Date.now']);
  });

  it('finds the imports it checks', () => {
    const source = readFileSync(join(RULES, 'step.ts'), 'utf8');

    expect(specifiers(source)).toStrictEqual(['./constants.js', './create-game.js', './directions.js', './seats.js', './types.js']);
    expect(specifiers(`import x from 'node:fs';\nexport * from "../other.js";\nimport 'ws';\nawait import('net');`)).toStrictEqual([
      'node:fs',
      '../other.js',
      'ws',
      'net',
    ]);
  });
});

describe('the bots modules', () => {
  const files = filesUnder(BOTS);

  it('are there to check', () => {
    expect(files.map((file) => relative(BOTS, file)).sort()).toEqual(
      expect.arrayContaining(['bot-decision.ts', 'bot-temper.ts', 'open-space.ts', 'room-bots.ts']),
    );
  });

  it.each(files.map((file) => [relative(BOTS, file), file]))('%s mentions no I/O, clock or global randomness', (_name, file) => {
    const source = code(readFileSync(file, 'utf8'));

    expect(FORBIDDEN.filter((word) => source.includes(word))).toStrictEqual([]);
  });

  it.each(files.map((file) => [relative(BOTS, file), file]))('%s imports only bots files, the rules and protocol types', (_name, file) => {
    const source = code(readFileSync(file, 'utf8'));

    expect(specifiers(source).filter((specifier) => !/^\.\/|^\.\.\/rules\/|^\.\.\/protocol\//.test(specifier))).toStrictEqual([]);
  });
});
