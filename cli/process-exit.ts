import type { Outcome } from '../shared/client/outcome.js';
import type { Terminal } from '../client/terminal.js';

/**
 * How the `vimtron` process ends, whatever happened: the terminal is given
 * back first (or the message would vanish with the alternate screen), then
 * the report (a game's scores) is printed on stdout and the message on
 * stderr, then the process exits once the output has been written.
 */
export function exitWith(terminal: Terminal, outcome: Outcome): void {
  terminal.restore();
  const done = (): void => process.exit(outcome.exitCode);
  const report = outcome.report ?? '';
  if (outcome.message === undefined) process.stdout.write(report, done);
  else process.stdout.write(report, () => process.stderr.write(`${outcome.message}\n`, done));
}

/**
 * Makes an uncaught exception or unhandled rejection end the process the
 * same way, with exit code 1 and the stack on stderr, instead of leaving a
 * raw-mode terminal behind a stack trace drawn on the alternate screen.
 */
export function exitOnCrash(terminal: Terminal): void {
  const processOnFatal = (error: unknown): void => exitWith(terminal, crashOutcome(error));
  process.on('uncaughtException', processOnFatal);
  process.on('unhandledRejection', processOnFatal);
}

/** The outcome of a bug: exit code 1 and the stack, so that it can be reported. */
export function crashOutcome(error: unknown): Outcome {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { exitCode: 1, message: `vimtron: internal error: ${detail}` };
}
