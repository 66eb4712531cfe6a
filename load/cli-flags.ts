/**
 * A small command-line reader shared by the load and bench commands:
 * `--name value`, `--name=value` and bare boolean `--name`. Unknown flags
 * and missing values come back as an error sentence, never a throw.
 */

export interface FlagSpec {
  /** Flags that take no value. */
  readonly booleans: readonly string[];
  /** Flags that take one value. */
  readonly values: readonly string[];
}

export type ParsedFlags = { ok: true; flags: Map<string, string | true> } | { ok: false; error: string };

export function parseFlags(argv: readonly string[], spec: FlagSpec): ParsedFlags {
  const flags = new Map<string, string | true>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (!argument.startsWith('--')) return { ok: false, error: `unexpected argument "${argument}"; flags start with --` };
    const equals = argument.indexOf('=');
    const name = argument.slice(2, equals < 0 ? undefined : equals);
    if (spec.booleans.includes(name)) {
      if (equals >= 0) return { ok: false, error: `--${name} takes no value` };
      flags.set(name, true);
    } else if (spec.values.includes(name)) {
      const value = equals >= 0 ? argument.slice(equals + 1) : argv[++index];
      if (value === undefined || (equals < 0 && value.startsWith('--'))) return { ok: false, error: `--${name} needs a value` };
      flags.set(name, value);
    } else {
      return { ok: false, error: `unknown flag --${name}; see --help` };
    }
  }
  return { ok: true, flags };
}

/** A whole number from `low` to `high`, or an error sentence. */
export function integerFlag(flags: Map<string, string | true>, name: string, fallback: number, low: number, high: number): number | string {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || value < low || value > high) {
    return `--${name} must be a whole number from ${low} to ${high}, got "${String(raw)}"`;
  }
  return value;
}

/** A number from `low` to `high`, or an error sentence. */
export function numberFlag(flags: Map<string, string | true>, name: string, fallback: number, low: number, high: number): number | string {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || value < low || value > high) {
    return `--${name} must be a number from ${low} to ${high}, got "${String(raw)}"`;
  }
  return value;
}

/** One of a fixed set of words, or an error sentence. */
export function choiceFlag<T extends string>(flags: Map<string, string | true>, name: string, fallback: T, choices: readonly T[]): T | { error: string } {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !(choices as readonly string[]).includes(raw)) {
    return { error: `--${name} must be one of ${choices.join(', ')}, got "${String(raw)}"` };
  }
  return raw as T;
}
