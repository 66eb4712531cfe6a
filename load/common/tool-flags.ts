import type { FlagMessages } from '../../cli/flags.js';

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
