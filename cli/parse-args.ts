import { accept, reject, type Decoded } from '../shared/protocol/result.js';

/**
 * A small flag parser for the command line: `--name value`, `--name=value`,
 * `--help` and `-h`. Pure: argv in, values or one error sentence out, so the
 * caller decides how to report it (the CLI prints it and exits with 2).
 */

/** One flag a command accepts. */
export type FlagSpec =
  | { readonly name: string; readonly kind: 'string' }
  /** A flag that takes no value: present or not. */
  | { readonly name: string; readonly kind: 'switch' }
  | { readonly name: string; readonly kind: 'integer'; readonly min: number; readonly max: number };

/** A string flag's text, an integer flag's number, or true for a switch. */
export type FlagValue = string | number | boolean;

/** The flags of one command line, checked against their specs. */
export interface ParsedFlags {
  /** `--help` or `-h` was given; the other flags were still checked. */
  readonly help: boolean;
  /** Values of the flags given, keyed by name without the dashes. */
  readonly values: ReadonlyMap<string, FlagValue>;
}

const INTEGER_PATTERN = /^-?\d+$/;

/**
 * Parses `argv` (the words after the command) against `specs`. Rejects, with
 * a sentence naming the flag: unknown flags, positional words, a flag given
 * twice, a missing value and a value that is not an integer in range.
 */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): Decoded<ParsedFlags> {
  const values = new Map<string, FlagValue>();
  let help = false;
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    if (word === '--help' || word === '-h') {
      help = true;
      continue;
    }
    if (!word.startsWith('--') || word === '--') {
      return reject(word.startsWith('-') ? `unknown flag ${word}` : `unexpected argument "${word}"`);
    }
    const equals = word.indexOf('=');
    const name = word.slice(2, equals === -1 ? undefined : equals);
    const spec = specs.find((candidate) => candidate.name === name);
    if (!spec) return reject(`unknown flag --${name}`);
    if (values.has(name)) return reject(`--${name} is given twice`);
    if (spec.kind === 'switch') {
      if (equals !== -1) return reject(`--${name} takes no value`);
      values.set(name, true);
      continue;
    }
    let raw: string;
    if (equals !== -1) {
      raw = word.slice(equals + 1);
    } else {
      const next = argv[index + 1];
      // A following flag is not a value: `--game --players 2` forgot the name.
      if (next === undefined || next.startsWith('--') || next === '-h') return reject(`--${name} needs a value`);
      raw = next;
      index++;
    }
    const value = convert(spec, raw);
    if (!value.ok) return value;
    values.set(name, value.value);
  }
  return accept({ help, values });
}

function convert(spec: Exclude<FlagSpec, { kind: 'switch' }>, raw: string): Decoded<FlagValue> {
  if (spec.kind === 'string') {
    return raw.length === 0 ? reject(`--${spec.name} needs a value`) : accept(raw);
  }
  const range = `an integer from ${spec.min} to ${spec.max}`;
  if (!INTEGER_PATTERN.test(raw)) return reject(`--${spec.name} must be ${range}, got "${raw}"`);
  const value = Number(raw);
  if (value < spec.min || value > spec.max) return reject(`--${spec.name} must be ${range}, got ${raw}`);
  return accept(value);
}
