import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ToolRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A tool that ignores SIGINT this long after its deadline is killed. */
const INTERRUPT_PATIENCE_MS = 10_000;

/**
 * Runs a compiled tool of dist/ (`npm run build` first) to its end and
 * collects its output. One that outlives `timeoutMs` gets SIGINT, so that
 * it stops what it started (SIGKILL if it does not), and the run fails.
 */
export function runCompiledTool(path: string, args: readonly string[], timeoutMs: number): Promise<ToolRun> {
  if (!existsSync(path)) throw new Error(`${path} is missing; run "npm run build" first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      killTimer = setTimeout(() => child.kill('SIGKILL'), INTERRUPT_PATIENCE_MS);
      reject(new Error(`${path} still running after ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      resolve({ code, stdout, stderr });
    });
  });
}
