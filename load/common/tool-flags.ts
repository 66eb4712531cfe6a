import { parseFlags, type FlagMessages, type FlagSpecs, type FlagValues } from '../../cli/flags.js';

/**
 * How the load tools (load, bench, soak) word a flag the parser rejects:
 * as they always have, pointing at --help, with every number quoted.
 */
export const toolFlagMessages: FlagMessages = {
  unknownFlag: (flag) => `unknown flag ${flag}; see --help`,
  unexpectedArgument: (word) => `unexpected argument "${word}"; flags start with --`,
  outOfRange: (name, raw, spec) =>
    `--${name} must be ${spec.kind === 'integer' ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max}, got "${raw}"`,
};

/** What a tool does with its command line: run with these flags, or exit with this status. */
export type ToolFlags<S extends FlagSpecs> = { readonly run: true; readonly values: FlagValues<S> } | { readonly run: false; readonly exitCode: 0 | 2 };

/**
 * Reads a tool's flags: their values, or, once it is printed, the exit
 * status of `--help` (the usage on stdout, 0) or of a mistake (one line on
 * stderr, 2).
 */
export function readToolFlags<const S extends FlagSpecs>(argv: readonly string[], specs: S, usage: string): ToolFlags<S> {
  const parsed = parseFlags(argv, specs, toolFlagMessages);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\n`);
    return { run: false, exitCode: 2 };
  }
  if (parsed.value.help) {
    process.stdout.write(usage);
    return { run: false, exitCode: 0 };
  }
  return { run: true, values: parsed.value.values };
}
