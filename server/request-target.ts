import { accept, reject, type Decoded } from '../shared/protocol/result.js';

export interface RequestTarget {
  /** The path exactly as sent, without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
}

/**
 * Splits an HTTP request target into path and query without ever throwing:
 * only the origin form (`/path?query`) is accepted. `new URL()` is not used
 * on purpose: it throws on targets such as `//` or `//a:b@`, and it would
 * read `//host/path` as a host.
 */
export function parseRequestTarget(raw: string | undefined): Decoded<RequestTarget> {
  if (raw === undefined || !raw.startsWith('/')) return reject('the request target must be a path such as /');
  const queryAt = raw.indexOf('?');
  const path = queryAt < 0 ? raw : raw.slice(0, queryAt);
  // URLSearchParams takes any string; malformed escapes are kept as they are.
  const query = new URLSearchParams(queryAt < 0 ? '' : raw.slice(queryAt + 1));
  return accept({ path, query });
}
