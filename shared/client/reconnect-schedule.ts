import { accept, reject, type Decoded } from '../protocol/result.js';

/**
 * How long the client keeps trying to take its seat back after its
 * connection dropped: the lobby's default seat hold (`--seat-hold`, 30 s),
 * after which a seat is gone anyway.
 */
export const RECONNECT_WINDOW_MS = 30_000;

/** The environment variable that changes the window, in seconds; 0 turns reconnecting off. */
export const RECONNECT_WINDOW_VARIABLE = 'VIMTRON_RECONNECT_SECONDS';

/** A day: the bound keeps the milliseconds inside what setTimeout accepts. */
const MAX_RECONNECT_WINDOW_SECONDS = 86_400;

/** The wait after the first failed attempt. */
export const FIRST_RETRY_DELAY_MS = 250;
/**
 * Then a half-second wait, this many times: a lobby that died holds its
 * games until its lease in the cluster runs out (2 s after its last
 * renewal), and the player should be back a moment after that, not a
 * doubled wait later.
 */
export const LEASE_RETRY_DELAY_MS = 500;
export const LEASE_RETRIES = 6;
/** After those, the wait doubles from 1 s up to this. */
export const MAX_RETRY_DELAY_MS = 2000;

/**
 * Redirects followed in a row without being seated. Lobbies of a cluster
 * send a player straight to the one that runs its game, so more than one hop
 * means their directory is changing under the player; more than this, that
 * they disagree.
 */
export const MAX_REDIRECTS = 3;

/**
 * The wait before the next attempt after `failedAttempts` attempts in a row
 * failed: 250 ms, then 500 ms six times (the first 3.25 s), then 1 s, then
 * 2 s each. The first attempt after a drop goes out at once, since most
 * drops are one lost connection, not a lost lobby.
 */
export function retryDelayMs(failedAttempts: number): number {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) {
    throw new RangeError(`failedAttempts must be a positive integer, got ${failedAttempts}`);
  }
  if (failedAttempts === 1) return FIRST_RETRY_DELAY_MS;
  if (failedAttempts <= 1 + LEASE_RETRIES) return LEASE_RETRY_DELAY_MS;
  // The exponent is capped first, so that a long outage never computes 2 ** 1000.
  return Math.min(2 * LEASE_RETRY_DELAY_MS * 2 ** Math.min(failedAttempts - 2 - LEASE_RETRIES, 16), MAX_RETRY_DELAY_MS);
}

/** The reconnect window from `VIMTRON_RECONNECT_SECONDS`, or the default when it is unset or empty. */
export function reconnectWindowFromEnvironment(environment: Readonly<Record<string, string | undefined>>): Decoded<number> {
  const text = environment[RECONNECT_WINDOW_VARIABLE]?.trim();
  if (text === undefined || text === '') return accept(RECONNECT_WINDOW_MS);
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds > MAX_RECONNECT_WINDOW_SECONDS) {
    return reject(
      `vimtron: ${RECONNECT_WINDOW_VARIABLE} must be a number of seconds from 0 to ${MAX_RECONNECT_WINDOW_SECONDS}, got "${text.slice(0, 40)}"`,
    );
  }
  return accept(Math.round(seconds * 1000));
}
