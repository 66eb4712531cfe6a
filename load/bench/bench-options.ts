import { parseFlags, type FlagSpecs } from '../../cli/flags.js';
import { toolFlagMessages } from '../common/tool-flags.js';
import { ROOM_HOSTS, type RoomHostName } from '../generator/load-options.js';
import { BENCH_SECTIONS, type BenchSection } from './bench-plan.js';

export interface BenchOptions {
  readonly quick: boolean;
  readonly sections: readonly BenchSection[];
  readonly hosts: readonly RoomHostName[];
  readonly repeats: number;
  /** Measured seconds per run (after warm-up). */
  readonly durationSeconds: number;
  /** Folder for bench-TIMESTAMP.json, .md and .svg. */
  readonly outDirectory: string | null;
  /** Re-render the summary and chart of an earlier results file instead of running. */
  readonly renderFrom: string | null;
}

export const BENCH_HELP = `npm run bench -- [options]     (or: node dist/load/bench/bench-cli.js [options])

Runs the load generator over the benchmark's scenarios, each on the
process, thread and inline room hosts in turn, repeated, and writes
load/results/bench-TIMESTAMP.json, .md (summary with targets) and .svg (chart).

  --quick              a few-minute smoke version: small scenarios, 1 run each, 4 s windows
  --only LIST          sections to run, comma-separated: ${BENCH_SECTIONS.join(',')} (default all)
  --hosts LIST         room hosts, comma-separated: ${ROOM_HOSTS.join(',')} (default all)
  --repeats N          runs per scenario and host (default 3; 1 with --quick)
  --duration S         measured seconds per run (default 10; 4 with --quick)
  --out DIR            results folder (default load/results)
  --render FILE        write the .md and .svg of an earlier bench-*.json again (no runs)
  --help               this text

The full benchmark takes about 35 minutes on a 2-core machine and loads it
fully: do not run it next to other work you care about.`;

export type ParsedBenchOptions =
  | { readonly kind: 'run'; readonly options: BenchOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly error: string };

const FLAGS = {
  quick: { kind: 'switch' },
  only: { kind: 'string' },
  hosts: { kind: 'string' },
  repeats: { kind: 'integer', min: 1, max: 20 },
  duration: { kind: 'number', min: 1, max: 600 },
  out: { kind: 'string' },
  render: { kind: 'string' },
} as const satisfies FlagSpecs;

export function parseBenchOptions(argv: readonly string[]): ParsedBenchOptions {
  const parsed = parseFlags(argv, FLAGS, toolFlagMessages);
  if (!parsed.ok) return { kind: 'error', error: parsed.error };
  if (parsed.value.help) return { kind: 'help' };
  const flags = parsed.value.values;
  const quick = flags.quick === true;
  const sections = listFlag(flags.only, 'only', BENCH_SECTIONS);
  if (typeof sections === 'string') return { kind: 'error', error: sections };
  const hosts = listFlag(flags.hosts, 'hosts', ROOM_HOSTS);
  if (typeof hosts === 'string') return { kind: 'error', error: hosts };
  return {
    kind: 'run',
    options: {
      quick,
      sections,
      hosts,
      repeats: flags.repeats ?? (quick ? 1 : 3),
      durationSeconds: flags.duration ?? (quick ? 4 : 10),
      outDirectory: flags.out ?? null,
      renderFrom: flags.render ?? null,
    },
  };
}

function listFlag<T extends string>(raw: string | undefined, name: string, choices: readonly T[]): T[] | string {
  if (raw === undefined) return [...choices];
  const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
  const unknown = items.filter((item) => !(choices as readonly string[]).includes(item));
  if (items.length === 0 || unknown.length > 0) {
    return `--${name} takes a comma-separated list of ${choices.join(', ')}${unknown.length > 0 ? `; "${unknown.join(', ')}" is not one` : ''}`;
  }
  // Keep the canonical order whatever order they were typed in.
  return choices.filter((choice) => items.includes(choice));
}
