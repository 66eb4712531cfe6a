import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * prom-client's gauges of active handles, requests and resources also come
 * as `_total`, a suffix Prometheus keeps for counters (promtool refuses them);
 * the same figures stay under their plain names.
 */
const GAUGES_NAMED_LIKE_COUNTERS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

let processRegistry: Registry | null = null;

/**
 * prom-client's metrics of this process: CPU, memory, file descriptors,
 * event-loop delay, V8's heap and garbage collection. They are facts of
 * the process, not of a lobby, so they are made once per process however
 * many lobbies it runs (only tests run several), and every lobby's
 * `/metrics` includes them. Made on first use: the event-loop monitor
 * prom-client starts then cannot be stopped, and runs (unreferenced) for
 * the life of the process.
 */
export function processMetrics(): Registry {
  if (processRegistry === null) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    for (const name of GAUGES_NAMED_LIKE_COUNTERS) processRegistry.removeSingleMetric(name);
  }
  return processRegistry;
}
