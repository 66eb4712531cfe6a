import { parseArgs } from 'node:util';
import { accept, reject, type Decoded } from '../shared/protocol/result.js';

/**
 * The flag parser of every command line in the project (`vimtron`, and the
 * load, bench and soak tools): Node's `util.parseArgs` splits the words, and
 * this layer checks them against a table of flags, converts the values and
 * phrases what is wrong. Pure: argv in, typed values or one error sentence
 * out, so each caller decides how to report it (they print it and exit with 2).
 *
 * Accepted: `--name value`, `--name=value`, switches as bare `--name`, and
 * `--help` or `-h` anywhere. Rejected: unknown flags, positional words, a flag
 * given twice, a missing or empty value, a value out of its range or set.
 */

/** One flag a command accepts. */
export type FlagSpec =
  | { readonly kind: 'string' }
  /** A flag that takes no value: present or not. */
  | { readonly kind: 'switch' }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'number'; readonly min: number; readonly max: number }
  | { readonly kind: 'choice'; readonly choices: readonly string[] };

/** The flags of a command, keyed by name without the dashes. `help` is always there. */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type RangeSpec = Extract<FlagSpec, { kind: 'integer' | 'number' }>;

/** What a flag's value is once checked: a switch is `true`, numbers are numbers, a choice is one of its words. */
export type FlagValue<S extends FlagSpec> = S extends { kind: 'switch' }
  ? true
  : S extends RangeSpec
    ? number
    : S extends { kind: 'choice'; choices: readonly (infer C)[] }
      ? C
      : string;

/** The values of the flags given; a flag not given is absent. */
export type FlagValues<S extends FlagSpecs> = { readonly [K in keyof S]?: FlagValue<S[K]> };

/** The flags of one command line, checked against their specs. */
export interface ParsedFlags<S extends FlagSpecs> {
  /** `--help` or `-h` was given; the other flags were still checked. */
  readonly help: boolean;
  readonly values: FlagValues<S>;
}

/**
 * The sentences that tell the user what is wrong. The load tools pass their
 * own (see load/common/tool-flags.ts), worded as they always were.
 */
export interface FlagMessages {
  /** `flag` as typed: `--bogus`, `-x`. */
  unknownFlag(flag: string): string;
  unexpectedArgument(word: string): string;
  /** A number flag whose value is not a number of its kind or lies outside its range. */
  outOfRange(name: string, raw: string, spec: RangeSpec): string;
}

const INTEGER_PATTERN = /^-?\d+$/;

export const defaultFlagMessages: FlagMessages = {
  unknownFlag: (flag) => `unknown flag ${flag}`,
  unexpectedArgument: (word) => `unexpected argument "${word}"`,
  outOfRange: (name, raw, spec) => {
    const shown = INTEGER_PATTERN.test(raw) ? raw : `"${raw}"`;
    return `--${name} must be ${spec.kind === 'integer' ? 'an integer' : 'a number'} from ${spec.min} to ${spec.max}, got ${shown}`;
  },
};

const HELP = 'help';

/**
 * Parses `argv` (the words after the command) against `specs`. Problems are
 * reported in the order they appear on the command line, the first one only.
 */
export function parseFlags<const S extends FlagSpecs>(
  argv: readonly string[],
  specs: S,
  messages: FlagMessages = defaultFlagMessages,
): Decoded<ParsedFlags<S>> {
  if (Object.hasOwn(specs, HELP)) throw new RangeError('a command cannot define its own --help flag');
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { [HELP]: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(specs)) options[name] = { type: spec.kind === 'switch' ? 'boolean' : 'string' };
  // Not strict: an unknown flag or a stray word comes back as a token, so the
  // sentence about it is ours, not parseArgs' own.
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });

  const values: Record<string, string | number | boolean> = {};
  let help = false;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') return reject(messages.unknownFlag('--'));
    if (token.kind === 'positional') {
      return reject(token.value.startsWith('-') ? messages.unknownFlag(token.value) : messages.unexpectedArgument(token.value));
    }
    const word = argv[token.index]!;
    // A short flag counts only on its own: `-h` is help, `-hx` an unknown flag.
    if (!token.rawName.startsWith('--') && word !== token.rawName) return reject(messages.unknownFlag(word));
    if (token.name === HELP) {
      if (token.value !== undefined) return reject(`--${HELP} takes no value`);
      help = true;
      continue;
    }
    const spec = Object.hasOwn(specs, token.name) ? specs[token.name]! : undefined;
    if (spec === undefined) return reject(messages.unknownFlag(token.rawName.startsWith('--') ? `--${token.name}` : word));
    if (Object.hasOwn(values, token.name)) return reject(`--${token.name} is given twice`);
    if (spec.kind === 'switch') {
      if (token.value !== undefined) return reject(`--${token.name} takes no value`);
      values[token.name] = true;
      continue;
    }
    // parseArgs takes the next word as the value whatever it looks like; a
    // flag there means the value was forgotten: `--game --players 2`.
    const raw = token.value;
    if (raw === undefined || (!token.inlineValue && (raw.startsWith('--') || raw === '-h'))) {
      return reject(`--${token.name} needs a value`);
    }
    const value = convert(token.name, raw, spec, messages);
    if (!value.ok) return value;
    values[token.name] = value.value;
  }
  return accept({ help, values: values as FlagValues<S> });
}

function convert(name: string, raw: string, spec: Exclude<FlagSpec, { kind: 'switch' }>, messages: FlagMessages): Decoded<string | number> {
  switch (spec.kind) {
    case 'string':
      return raw.length === 0 ? reject(`--${name} needs a value`) : accept(raw);
    case 'choice':
      if (raw.length === 0) return reject(`--${name} needs a value`);
      return spec.choices.includes(raw) ? accept(raw) : reject(`--${name} must be one of ${spec.choices.join(', ')}, got "${raw}"`);
    case 'integer':
    case 'number': {
      const value = Number(raw);
      const wellFormed = spec.kind === 'integer' ? INTEGER_PATTERN.test(raw) : raw.trim() !== '' && Number.isFinite(value);
      return wellFormed && value >= spec.min && value <= spec.max ? accept(value) : reject(messages.outOfRange(name, raw, spec));
    }
  }
}
