import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One file of the browser client, ready to send. */
export interface WebClientFile {
  readonly body: Buffer;
  readonly contentType: string;
  /** A strong validator: a hash of the body, quoted as HTTP wants it. */
  readonly etag: string;
}

/**
 * The browser client's files by URL path, read once when the lobby starts:
 * the page at `/`, its style sheet and icon under `/web/`, and the compiled
 * ES modules the page imports (`/web/*.js` and the `/shared/**.js` modules
 * they import, each with its source map). A request finds a file by exact
 * path in this table or not at all: no request path ever reaches the file
 * system, so `..`, encoded dots, doubled slashes and the like simply find
 * nothing.
 */
export class WebClientFiles {
  private constructor(private readonly files: ReadonlyMap<string, WebClientFile>) {}

  /** The file at URL path `path` (as sent, without the query), if the client has one there. */
  get(path: string): WebClientFile | undefined {
    return this.files.get(path);
  }

  /** Every URL path served, sorted. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  /**
   * Reads the client from `projectRoot`: the page sources in `web/` and the
   * modules compiled by `tsc -p web/tsconfig.json` into `dist/public/`.
   * Only the modules reachable from the entry module by their imports are
   * served, so a stale file left in dist/ from an older build is not.
   * Throws with the missing path when the client is not built, or when a
   * module imports one that is not there.
   */
  static load(projectRoot: string = defaultProjectRoot()): WebClientFiles {
    const pageFolder = resolve(projectRoot, 'web');
    const compiledRoot = resolve(projectRoot, 'dist/public');
    const files = new Map<string, WebClientFile>();
    files.set('/', fileFrom(resolve(pageFolder, 'index.html')));
    for (const name of PAGE_ASSETS) files.set(`/web/${name}`, fileFrom(resolve(pageFolder, name)));
    for (const modulePath of reachableModules(compiledRoot, ENTRY_MODULE)) {
      const urlPath = `/${relative(compiledRoot, modulePath).split(sep).join('/')}`;
      files.set(urlPath, fileFrom(modulePath));
      const map = `${modulePath}.map`;
      if (existsSync(map)) files.set(`${urlPath}.map`, fileFrom(map));
    }
    return new WebClientFiles(files);
  }
}

/** The page's entry module, relative to the compiled root; the page loads it as `/web/main.js`. */
const ENTRY_MODULE = 'web/main.js';
/** Files of `web/` served as they are, besides the page. */
const PAGE_ASSETS = ['style.css', 'icon.svg'] as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The project's root, found from this module's own place: `server/` when a
 * test runner loads the sources, `dist/server/` when compiled.
 */
function defaultProjectRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return basename(dirname(here)) === 'dist' ? resolve(here, '../..') : resolve(here, '..');
}

function fileFrom(path: string): WebClientFile {
  const contentType = CONTENT_TYPES[extname(path)];
  if (contentType === undefined) throw new Error(`the browser client has a file of an unknown type: ${path}`);
  let body: Buffer;
  try {
    body = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`the browser client is not built: ${path} is missing; run "npm run build" first`);
    throw error;
  }
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { body, contentType, etag };
}

/**
 * Every compiled module the entry imports, directly or not, as absolute
 * paths. Reads the `import ... from '...'`, `export ... from '...'` and
 * `import '...'` statements of each module (tsc has removed the type-only
 * ones); every specifier must be relative and stay inside `root`, as it must
 * to resolve in the browser under one served root.
 */
function reachableModules(root: string, entry: string): string[] {
  const found = new Set<string>();
  const pending = [resolve(root, entry)];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (found.has(path)) continue;
    if (!existsSync(path)) {
      throw new Error(`the browser client is not built: ${path} is missing; run "npm run build" first`);
    }
    found.add(path);
    const text = readFileSync(path, 'utf8');
    for (const match of text.matchAll(IMPORT_STATEMENT)) {
      const specifier = (match[2] ?? match[4])!;
      const target = resolve(dirname(path), specifier);
      if (!specifier.startsWith('.') || !specifier.endsWith('.js') || !target.startsWith(root + sep)) {
        throw new Error(`${path} imports "${specifier}", which a browser cannot load from the lobby: imports must be relative .js paths under ${root}`);
      }
      pending.push(target);
    }
  }
  return [...found].sort();
}

/**
 * A static import or re-export as tsc writes them, at the start of a line:
 * `import { a, b } from './x.js'` (the braces may span lines), `import * as
 * x from`, `import x from`, `import x, { a } from`, `export { a } from`,
 * `export * from`, and `import './x.js'`. A string or comment that merely
 * contains such words does not have this shape.
 */
const IMPORT_STATEMENT =
  /^(?:import|export)\s+(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?|[\w$]+(?:\s*,\s*\{[^}]*\})?)\s+from\s+(['"])([^'"\n]+)\1|^import\s+(['"])([^'"\n]+)\3/gm;

