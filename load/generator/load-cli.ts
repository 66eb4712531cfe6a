/**
 * `npm run load`: one load run against a lobby, printed as tables and
 * written as JSON. See load/README.md.
 */
import { join } from 'node:path';
import { fileTimestamp, resultsDirectory, writeResultFile } from '../common/results-files.js';
import { LOAD_HELP, parseLoadOptions } from './load-options.js';
import { ProgressDisplay } from './progress-display.js';
import { reportText } from './report-text.js';
import { runLoad } from './run-load.js';

const parsed = parseLoadOptions(process.argv.slice(2));
if (parsed.kind === 'help') {
  console.log(LOAD_HELP);
  process.exit(0);
}
if (parsed.kind === 'error') {
  console.error(`load: ${parsed.error}`);
  process.exit(2);
}

const options = parsed.jsonDefault ? { ...parsed.options, jsonPath: join(resultsDirectory(), `load-${fileTimestamp()}.json`) } : parsed.options;
const cancel = new AbortController();
const processOnSignal = (): void => cancel.abort();
process.once('SIGINT', processOnSignal);
process.once('SIGTERM', processOnSignal);

const display = new ProgressDisplay('load');
const report = await runLoad(options, options.progress ? (progress) => display.update(progress) : undefined, cancel.signal);
display.done();
console.log(reportText(report));
if (options.jsonPath !== null) {
  writeResultFile(options.jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`report written to ${options.jsonPath}`);
}
process.exitCode = report.ok ? 0 : 1;
