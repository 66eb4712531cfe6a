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
