import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebClientFile } from './web-client-files.js';

/**
 * What the page may do, and nothing more: its own scripts, styles and icon
 * from the lobby, WebSockets to any lobby (a cluster sends players to its
 * other lobbies with `redirect` and `moved`), no plugins, forms, frames or
 * base URL, and no framing by other sites.
 */
export const WEB_CLIENT_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self' ws: wss:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Sends one file of the browser client. The files are not renamed when they
 * change (the modules import each other by plain name), so a browser may
 * keep them but must ask again each time (`no-cache`), and gets `304 Not
 * Modified` without a body while its copy's ETag is still the file's.
 */
export function answerWebClientFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: WebClientFile,
  extraHeaders: Readonly<Record<string, string>> = {},
): void {
  const headers: Record<string, string | number> = {
    etag: file.etag,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...(file.contentType.startsWith('text/html')
      ? { 'content-security-policy': WEB_CLIENT_CONTENT_SECURITY_POLICY, 'referrer-policy': 'no-referrer' }
      : {}),
    ...extraHeaders,
  };
  if (matchesETag(request.headers['if-none-match'], file.etag)) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  response.writeHead(200, { ...headers, 'content-type': file.contentType, 'content-length': file.body.length });
  response.end(request.method === 'HEAD' ? undefined : file.body);
}

/** `If-None-Match`: `*`, or a list of ETags, weak ones compared weakly (RFC 9110, 13.1.2). */
function matchesETag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/** A browser navigating to the page asks for HTML; curl and other tools ask for anything (`*\/*`). */
export function acceptsHtml(request: IncomingMessage): boolean {
  return /\btext\/html\b/i.test(request.headers.accept ?? '');
}
