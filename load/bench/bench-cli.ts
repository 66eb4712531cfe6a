/**
 * `npm run bench`: the isolation benchmark. Runs every scenario on each room
 * host, then writes load/results/bench-TIMESTAMP.json (every run's full
 * report), .md (summary with the targets) and .svg (chart). See load/README.md.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileTimestamp, resultsDirectory, writeResultFile } from '../common/results-files.js';
import { textTable } from '../common/text-table.js';
import { ProgressDisplay } from '../generator/progress-display.js';
import { benchChartSvg } from './bench-chart-svg.js';
import { benchMarkdown } from './bench-markdown.js';
import { BENCH_HELP, parseBenchOptions } from './bench-options.js';
import { benchDigest } from './bench-digest.js';
import { checkTargets } from './bench-targets.js';
import { runBench, type BenchResults } from './run-bench.js';

const parsed = parseBenchOptions(process.argv.slice(2));
if (parsed.kind === 'help') {
  console.log(BENCH_HELP);
  process.exit(0);
}
if (parsed.kind === 'error') {
  console.error(`bench: ${parsed.error}`);
  process.exit(2);
}
const options = parsed.options;

let results: BenchResults;
let base: string;
if (options.renderFrom !== null) {
  results = JSON.parse(readFileSync(options.renderFrom, 'utf8')) as BenchResults;
  base = resolve(options.renderFrom).replace(/\.json$/, '');
} else {
  results = await runAll();
  const directory = options.outDirectory === null ? resultsDirectory() : resolve(options.outDirectory);
  base = join(directory, `bench-${fileTimestamp(new Date(results.startedAt))}`);
}

const targets = checkTargets(results);
const svg = benchChartSvg(results);
if (svg) writeResultFile(`${base}.svg`, svg);
if (options.renderFrom === null) writeResultFile(`${base}.json`, `${JSON.stringify({ ...results, targets }, null, 2)}\n`);
writeResultFile(`${base}.md`, benchMarkdown(results, targets, svg ? `${base.split(/[\\/]/).pop()}.svg` : null));

console.log(
  textTable(
    ['target', 'measured', 'result'],
    targets.map((check) => [check.note ? `${check.target} [${check.note}]` : check.target, check.measured, check.verdict]),
  ),
);
console.log(`\n${benchDigest(results).join('\n')}`);
console.log(`\nresults: ${base}.json\nsummary: ${base}.md${svg ? `\nchart:   ${base}.svg` : ''}`);
const failedRuns = results.scenarios.flatMap((scenario) => scenario.runs).filter((run) => !run.ok).length;
if (failedRuns > 0) console.log(`${failedRuns} run(s) failed; the summary lists why`);
process.exitCode = results.cancelled ? 130 : 0;

async function runAll(): Promise<BenchResults> {
  const cancel = new AbortController();
  const processOnSignal = (): void => {
    console.error('\nbench: stopping after cleaning up the current run; partial results will be written');
    cancel.abort();
  };
  process.once('SIGINT', processOnSignal);
  process.once('SIGTERM', processOnSignal);
  const display = new ProgressDisplay('bench');
  let lastLabel = '';
  const results = await runBench(
    options,
    ({ label, run }) => {
      if (label !== lastLabel && !process.stderr.isTTY) console.error(label);
      lastLabel = label;
      if (run) display.update(run, label);
    },
    cancel.signal,
  );
  display.done();
  return results;
}
