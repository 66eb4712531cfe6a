import { hostname } from 'node:os';

/**
 * How players reach a lobby listening on `host`:`port`, unless the operator
 * said (`--public-url`). A lobby on every interface names this machine; an
 * IPv6 address is bracketed.
 */
export function derivePublicUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' || host === '' ? hostname() : host;
  return `ws://${name.includes(':') ? `[${name}]` : name}:${port}/`;
}
