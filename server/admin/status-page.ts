import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The status page: its HTML and the compiled script that fills it in. */
export interface StatusPage {
  readonly html: string;
  /** Where the page loads its script from. */
  readonly scriptPath: string;
  readonly script: string;
}

const SCRIPT_PATH = '/status.js';
/** Where `tsc -p web/tsconfig.json` puts the page's script, from the project's root. */
const COMPILED_SCRIPT = 'dist/public/web/status/status-page.js';

/**
 * Path of the page's script as the build compiles it (web/status/status-page.ts),
 * also when the lobby is loaded from its TypeScript sources by a test runner:
 * this module is in `server/admin/` then, and in `dist/server/admin/` compiled.
 * It is not one of the browser client's modules, so the public port never serves it.
 */
function compiledScriptPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = basename(resolve(here, '../..')) === 'dist' ? resolve(here, '../../..') : resolve(here, '../..');
  const path = join(root, COMPILED_SCRIPT);
  if (!existsSync(path)) throw new Error(`compiled status page script not found at ${path}; run "npm run build" first`);
  return path;
}

/** Reads the page's script once; the lobby serves it from memory. */
export function loadStatusPage(): StatusPage {
  return { html: STATUS_HTML, scriptPath: SCRIPT_PATH, script: readFileSync(compiledScriptPath(), 'utf8') };
}

/**
 * The page itself: a skeleton the script fills in from `/status.json`
 * every second. Everything is here or in the script: no font, stylesheet
 * or script from anywhere else. The layout is one column on a phone, with
 * tables turned into labelled cards, and a grid on a laptop.
 */
const STATUS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>vimtron lobby status</title>
<link rel="icon" href="data:,">
<style>
  :root {
    color-scheme: light dark;
    --bg: #f6f7f9; --panel: #ffffff; --text: #1d2330; --muted: #667085; --line: #e3e6eb;
    --accent: #0b7a75; --good: #13795b; --bad: #b42318; --warn: #9a6700;
    font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  }
  @media (prefers-color-scheme: dark) {
    :root { --bg: #11151c; --panel: #1a2029; --text: #e6e9ef; --muted: #98a2b3; --line: #2b3340; --accent: #3cc8c0; --good: #4ac58f; --bad: #f97066; --warn: #f0b840; }
  }
  * { box-sizing: border-box; }
  body { margin: 0; background: var(--bg); color: var(--text); font-size: 15px; line-height: 1.4; }
  header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: 1rem 1.25rem; background: var(--panel); border-bottom: 1px solid var(--line); }
  header h1 { font-size: 1.15rem; margin: 0; font-weight: 650; }
  header h1 span { color: var(--accent); }
  .badge { display: inline-block; padding: .15rem .6rem; border-radius: 999px; font-size: .8rem; font-weight: 600; border: 1px solid currentColor; }
  .badge.good { color: var(--good); } .badge.bad { color: var(--bad); } .badge.warn { color: var(--warn); }
  #updated { margin-left: auto; color: var(--muted); font-size: .85rem; }
  main { max-width: 1200px; margin: 0 auto; padding: 1rem; display: grid; gap: 1rem; }
  #banner { display: none; padding: .6rem 1rem; border-radius: 8px; background: var(--bad); color: #fff; font-weight: 600; }
  #banner.shown { display: block; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .75rem; }
  .card { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: .7rem .9rem; }
  .card .label { color: var(--muted); font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; }
  .card .value { font-size: 1.35rem; font-weight: 650; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
  .card .sub { color: var(--muted); font-size: .8rem; }
  section { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; overflow: hidden; }
  section h2 { font-size: 1rem; margin: 0; padding: .7rem .9rem; border-bottom: 1px solid var(--line); display: flex; justify-content: space-between; gap: 1rem; }
  section h2 small { color: var(--muted); font-weight: 400; }
  table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
  th, td { text-align: left; padding: .45rem .9rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
  th { color: var(--muted); font-weight: 600; font-size: .8rem; }
  td.num, th.num { text-align: right; }
  tr:last-child td { border-bottom: none; }
  td.detail { white-space: normal; color: var(--muted); }
  .empty { padding: .8rem .9rem; color: var(--muted); }
  .phase { font-weight: 600; }
  .phase.running { color: var(--good); } .phase.countdown { color: var(--warn); } .phase.finished, .phase.starting { color: var(--muted); }
  .kind { font-weight: 600; }
  .kind.crashed, .kind.restarted { color: var(--bad); } .kind.resumed, .kind.adopted { color: var(--warn); } .kind.created { color: var(--good); }
  .slow { color: var(--bad); font-weight: 600; }
  .here { color: var(--accent); font-weight: 600; }
  @media (max-width: 640px) {
    header { padding: .8rem; } main { padding: .6rem; gap: .6rem; }
    #updated { margin-left: 0; width: 100%; }
    .cards { grid-template-columns: repeat(2, 1fr); }
    thead { display: none; }
    table, tbody, tr, td { display: block; width: 100%; }
    tr { border-bottom: 1px solid var(--line); padding: .35rem 0; }
    tr:last-child { border-bottom: none; }
    td { border: none; padding: .15rem .9rem; white-space: normal; display: flex; justify-content: space-between; gap: 1rem; text-align: right; }
    td.num { text-align: right; }
    td::before { content: attr(data-label); color: var(--muted); font-size: .8rem; text-align: left; }
  }
</style>
</head>
<body>
<header>
  <h1>vimtron lobby <span id="lobby-id">…</span></h1>
  <span id="readiness" class="badge warn">loading</span>
  <span id="updated">waiting for the lobby…</span>
</header>
<main>
  <div id="banner" role="alert"></div>
  <div class="cards" id="cards"></div>
  <section>
    <h2>Rooms <small id="rooms-count"></small></h2>
    <div id="rooms"></div>
  </section>
  <section>
    <h2>Recent events <small>newest first</small></h2>
    <div id="events"></div>
  </section>
  <section id="cluster-section" hidden>
    <h2>Cluster <small id="cluster-count"></small></h2>
    <div id="cluster"></div>
  </section>
</main>
<script type="module" src="${SCRIPT_PATH}"></script>
</body>
</html>
`;
