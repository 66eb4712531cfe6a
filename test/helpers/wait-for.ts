/**
 * Resolves once `condition` holds, looking every 10 ms; rejects after
 * `timeoutMs` naming what was awaited. For state that has no event to wait on.
 */
export async function waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Resolves with the first answer of `ask` that is not null, asking again
 * every `everyMs`; rejects after `timeoutMs` naming what was awaited. For
 * state kept in another process (a server) that sends no event.
 */
export async function waitForAnswer<T>(ask: () => Promise<T | null>, timeoutMs = 5000, what = 'answer', everyMs = 20): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const answer = await ask();
    if (answer !== null) return answer;
    if (performance.now() > deadline) throw new Error(`${what} not there within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
