/**
 * A process that holds histograms of one contender and says what they cost,
 * then waits to be measured from outside (RSS, PSS, private memory) and told
 * to exit. Arguments: contender name or `none`, then what to hold:
 *   room N    - one room window through N windows, as a room process holds it
 *   windows N - N windows of one report's values each
 *   totals N  - N lobby totals of an hour of one room's values each
 */
import { loadContender, CONTENDER_NAMES, type ContenderName } from './contenders.js';
import type { HolderReport } from './child-memory.js';
import { VALUES_PER_HOUR, VALUES_PER_WINDOW } from './cpu-cost.js';
import { bytesPerTotal, bytesPerWindow, collectGarbage, type HeldBytes } from './heap-cost.js';
import { latenessSamplesUs } from './lateness-samples.js';

const [name, kind, countText] = process.argv.slice(2);
const count = Number(countText);
if (typeof process.send !== 'function') throw new Error('start me with child_process.fork');
if (name !== 'none' && !CONTENDER_NAMES.includes(name as ContenderName)) throw new Error(`unknown contender ${name}`);
if (kind !== 'room' && kind !== 'windows' && kind !== 'totals') throw new Error(`unknown kind ${kind}`);
if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, got ${countText}`);

const values = latenessSamplesUs(VALUES_PER_HOUR);
const started = performance.now();
const contender = name === 'none' ? null : await loadContender(name as ContenderName);
const importMs = performance.now() - started;
let perItem: HeldBytes | null = null;
if (contender && kind === 'room') {
  const window = contender.newWindow();
  for (let round = 0; round < count; round++) {
    for (let tick = 0; tick < VALUES_PER_WINDOW; tick++) window.record(values[(round * VALUES_PER_WINDOW + tick) % values.length]!);
    JSON.stringify(window.report());
    window.restart();
  }
  // Kept reachable until exit, so the outside measurement sees it.
  (globalThis as { heldWindow?: unknown }).heldWindow = window;
} else if (contender && kind === 'windows') {
  perItem = bytesPerWindow(contender, values, count);
} else if (contender && kind === 'totals') {
  perItem = bytesPerTotal(contender, values, VALUES_PER_HOUR, count);
}
collectGarbage();
process.send({ importMs, perItem } satisfies HolderReport);
process.on('message', () => process.exit(0));
