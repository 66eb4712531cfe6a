/**
 * How a command ended: the process exit code, and a line to print on stderr
 * once the terminal is back to normal. Commands return one instead of
 * calling `process.exit`, so that only cli/cli.ts decides when the process ends.
 */
export interface Outcome {
  readonly exitCode: number;
  readonly message?: string;
  /** What to print on stdout once the terminal is back to normal (a game's final scores), before the message. */
  readonly report?: string;
}
