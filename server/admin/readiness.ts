import type { Readiness } from '../../shared/protocol/admin-documents.js';
import type { SpareRooms } from '../room-host.js';

/** What decides whether a lobby accepts games. */
export interface ReadinessFacts {
  /** The lobby is shutting down (and, in a cluster, handing its games over). */
  readonly draining: boolean;
  /** The warm pool, if there is one. */
  readonly spares: SpareRooms | null;
  /** Whether the shared game directory answers; null for a standalone lobby. */
  readonly directoryReachable: boolean | null;
}

/**
 * Whether a lobby accepts games, for load balancers and orchestrators
 * (`GET /readyz`): not while it drains, not before its warm pool has been
 * full once (a lobby just started would fork for its first games), and not
 * while a lobby of a cluster cannot reach the directory every lobby shares.
 * The first reason that applies is the one given.
 */
export function readinessOf(facts: ReadinessFacts): Readiness {
  if (facts.draining) return { ready: false, reason: 'draining: the lobby is shutting down' };
  if (facts.directoryReachable === false) return { ready: false, reason: 'the game directory (Redis) cannot be reached' };
  const spares = facts.spares;
  if (spares !== null && !spares.warmedUp) {
    return { ready: false, reason: `warm pool starting: ${spares.ready} of ${spares.target} spare rooms ready` };
  }
  return { ready: true, reason: null };
}
