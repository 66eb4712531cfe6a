import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WEB_CLIENT_CONTENT_SECURITY_POLICY } from '../server/http-web-client.js';
import { WebClientFiles } from '../server/web-client-files.js';
import { useLobbies } from './helpers/lobby-harness.js';
import { rawExchange } from './helpers/raw-socket.js';

/**
 * The browser client's files on the lobby's public port: exactly the page,
 * its style sheet and icon, and the modules it imports, with their content
 * types and caching headers, behind the same method, body and admission
 * rules as every other request; nothing else of the disk, however asked.
 */

const lobbyWith = useLobbies();
const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** The relative imports of a compiled module, as a browser resolves them against the module's URL. */
function importsOf(path: string, text: string): string[] {
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s*'([^']+)'|^\s*import\s*'([^']+)'/gm)].map((match) => (match[1] ?? match[2])!);
  return specifiers.map((specifier) => new URL(specifier, `http://lobby${path}`).pathname);
}

describe('the browser client files on the public port', () => {
  it('answers / with the page for a browser and the plain text page for curl, varying on Accept', async () => {
    const { lobby } = await lobbyWith();
    const base = `http://127.0.0.1:${lobby.port}`;
    const page = await fetch(`${base}/`, { headers: { accept: BROWSER_ACCEPT } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(Object.fromEntries(['content-type', 'cache-control', 'vary', 'x-content-type-options', 'content-security-policy', 'referrer-policy'].map((name) => [name, page.headers.get(name)]))).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      vary: 'accept',
      'x-content-type-options': 'nosniff',
      'content-security-policy': WEB_CLIENT_CONTENT_SECURITY_POLICY,
      'referrer-policy': 'no-referrer',
    });
    expect(html).toContain('<script type="module" src="/web/main.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);

    const text = await fetch(`${base}/`);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await text.text()).toContain(`Play in a browser: open http://127.0.0.1:${lobby.port}/`);
  });

  it('serves exactly the page, its style sheet and icon, and every module the page imports with its source map, and nothing more', async () => {
    const { lobby } = await lobbyWith();
    const base = `http://127.0.0.1:${lobby.port}`;
    // What a browser loads: the entry module, and every module it imports, in turn.
    const modules = new Set<string>();
    const pending = ['/web/main.js'];
    while (pending.length > 0) {
      const path = pending.pop()!;
      if (modules.has(path)) continue;
      const response = await fetch(`${base}${path}`);
      expect([path, response.status, response.headers.get('content-type')]).toEqual([path, 200, 'text/javascript; charset=utf-8']);
      modules.add(path);
      pending.push(...importsOf(path, await response.text()));
    }
    expect([...modules].filter((path) => !path.startsWith('/web/') && !path.startsWith('/shared/'))).toEqual([]);
    expect(modules.has('/shared/client/decode-server-message.js')).toBe(true);
    expect(modules.has('/shared/client/game-view.js')).toBe(true);
    expect(modules.has('/shared/client/lobby-link.js')).toBe(true);
    const expected = ['/', '/web/icon.svg', '/web/style.css', ...[...modules].flatMap((path) => [path, `${path}.map`])].sort();
    expect(WebClientFiles.load().paths()).toEqual(expected);

    for (const [path, type] of [
      ['/web/style.css', 'text/css; charset=utf-8'],
      ['/web/icon.svg', 'image/svg+xml'],
      ['/web/main.js.map', 'application/json; charset=utf-8'],
    ] as const) {
      const response = await fetch(`${base}${path}`);
      expect([path, response.status, response.headers.get('content-type'), response.headers.get('cache-control')]).toEqual([path, 200, type, 'no-cache']);
    }
    // A module that only types import is not needed by the browser, and not served.
    expect((await fetch(`${base}/shared/protocol/ipc-messages.js`)).status).toBe(404);
  });

  it('answers a request whose ETag still matches with 304 and no body, and HEAD with the headers only', async () => {
    const { lobby } = await lobbyWith();
    const base = `http://127.0.0.1:${lobby.port}`;
    const first = await fetch(`${base}/web/main.js`);
    const body = await first.text();
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(first.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await fetch(`${base}/web/main.js`, { headers: { 'if-none-match': ifNoneMatch } });
      expect([ifNoneMatch, again.status, again.headers.get('etag'), again.headers.get('cache-control'), await again.text()]).toEqual([ifNoneMatch, 304, etag, 'no-cache', '']);
    }
    const changed = await fetch(`${base}/web/main.js`, { headers: { 'if-none-match': '"an-older-version"' } });
    expect([changed.status, await changed.text()]).toEqual([200, body]);
    const head = await fetch(`${base}/web/main.js`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), head.headers.get('etag'), await head.text()]).toEqual([200, String(Buffer.byteLength(body)), etag, '']);
    const page = await fetch(`${base}/`, { headers: { accept: BROWSER_ACCEPT } });
    const cached = await fetch(`${base}/`, { headers: { accept: BROWSER_ACCEPT, 'if-none-match': page.headers.get('etag')! } });
    expect([cached.status, cached.headers.get('vary')]).toEqual([304, 'accept']);
  });

  it('finds nothing outside the table of files, however the path is written: 404 for every traversal, encoding and near miss', async () => {
    const { lobby } = await lobbyWith();
    const targets = [
      '/web/../package.json',
      '/../package.json',
      '/web/../../package.json',
      '/shared/../server/lobby.js',
      '/web/%2e%2e/%2e%2e/package.json',
      '/web/%2E%2E%2Fpackage.json',
      '/web/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/web/..\\..\\package.json',
      '/web\\main.js',
      '//etc/passwd',
      '/etc/passwd',
      '/web//main.js',
      '/web/./main.js',
      '/web/main.js/',
      '/web/main.js%00',
      '/web/main.js%00.png',
      '/WEB/MAIN.JS',
      '/web/main.ts',
      '/web/tsconfig.json',
      '/web/index.html',
      '/web/',
      '/web',
      '/shared/',
      '/dist/public/web/main.js',
      '/public/web/main.js',
      '/server/lobby.js',
      '/dist/server/lobby.js',
      '/cli/cli.js',
      '/package.json',
      '/node_modules/ws/package.json',
      '/.git/config',
      '/index.html',
      '/%2fetc%2fpasswd',
      '/web/%6dain.js',
    ];
    const statuses: Record<string, number | null> = {};
    for (const target of targets) {
      statuses[target] = (await rawExchange(lobby.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).status;
    }
    expect(statuses).toEqual(Object.fromEntries(targets.map((target) => [target, 404])));
    const answer = await rawExchange(lobby.port, 'GET /web/../package.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.text).toContain("404 no such page; the lobby serves / and the browser client's files here (operators: /stats, /metrics and /status are on its admin port)\n");
    expect(answer.text).not.toContain('"name"');
  });

  it('keeps the public port rules for its files: 405 for other methods, 413 for a body, 400 for a target that is not a path', async () => {
    const { lobby } = await lobbyWith();
    const base = `http://127.0.0.1:${lobby.port}`;
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const response = await fetch(`${base}/web/main.js`, { method });
      expect([method, response.status, response.headers.get('allow')]).toEqual([method, 405, 'GET, HEAD']);
    }
    const withBody = await rawExchange(lobby.port, 'GET /web/main.js HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n');
    expect([withBody.status, withBody.closedByServer]).toEqual([413, true]);
    expect((await rawExchange(lobby.port, 'GET http://x/web/main.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).status).toBe(400);
  });
});

describe('reading the browser client when the lobby starts', () => {
  /** A project folder with the page sources and a compiled client of the given modules. */
  function projectWith(modules: Readonly<Record<string, string>>): string {
    const root = mkdtempSync(join(tmpdir(), 'vimtron-web-'));
    folders.push(root);
    mkdirSync(join(root, 'web'), { recursive: true });
    for (const name of ['index.html', 'style.css', 'icon.svg']) writeFileSync(join(root, 'web', name), `<!-- ${name} -->`);
    for (const [path, text] of Object.entries(modules)) {
      mkdirSync(join(root, 'dist/public', path, '..'), { recursive: true });
      writeFileSync(join(root, 'dist/public', path), text);
    }
    return root;
  }

  it('serves the modules the entry imports, directly or not, and leaves out a stale one left by an older build', () => {
    const root = projectWith({
      'web/main.js': "import { a } from './a.js';\nexport { b } from '../shared/b.js';\nimport './side-effect.js';\n",
      'web/a.js': "import {\n  c,\n} from '../shared/c.js';\nexport const a = c;\n",
      'web/side-effect.js': 'document.title = "x";\n',
      'shared/b.js': 'export const b = 1;\n',
      'shared/c.js': "export const c = 'import x from \"./nowhere.js\"';\n",
      'web/stale.js': 'export const old = 1;\n',
    });
    const files = WebClientFiles.load(root);
    expect(files.paths()).toEqual(['/', '/shared/b.js', '/shared/c.js', '/web/a.js', '/web/icon.svg', '/web/main.js', '/web/side-effect.js', '/web/style.css']);
    expect(files.get('/web/main.js')!.contentType).toBe('text/javascript; charset=utf-8');
    expect(files.get('/web/stale.js')).toBeUndefined();
  });

  it('refuses to start without a built client, naming the missing file', () => {
    const root = projectWith({});
    expect(() => WebClientFiles.load(root)).toThrow(
      `the browser client is not built: ${join(root, 'dist/public/web/main.js')} is missing; run "npm run build" first`,
    );
    const partial = projectWith({ 'web/main.js': "import { a } from './gone.js';\n" });
    expect(() => WebClientFiles.load(partial)).toThrow(`the browser client is not built: ${join(partial, 'dist/public/web/gone.js')} is missing`);
  });

  it('refuses a module that imports what a browser cannot load from the lobby: a package, or a path outside the served root', () => {
    for (const specifier of ['ws', '../../server/lobby.js', './helper']) {
      const root = projectWith({ 'web/main.js': `import { x } from '${specifier}';\n` });
      expect(() => WebClientFiles.load(root)).toThrow(`imports "${specifier}", which a browser cannot load from the lobby`);
    }
  });
});
