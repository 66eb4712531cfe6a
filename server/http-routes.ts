import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseRequestTarget } from './request-target.js';

/** Answers one request to its path; may finish later (a scrape that reads the cluster). */
export type Route = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** The paths one listener serves over plain HTTP, all of them read-only, and what it says of the others. */
export interface HttpRoutes {
  readonly routes: Readonly<Record<string, Route>>;
  /** The route of a path not in `routes`, if any (the browser client's files, found in a table); undefined: 404. */
  readonly fallback?: (path: string) => Route | undefined;
  /** The sentence of a 404: what this listener serves instead. */
  readonly notFound: string;
}

const ALLOWED_METHODS = 'GET, HEAD';

/**
 * Answers one plain HTTP request: 400 for a target that is not a path, 404
 * for an unknown path, 405 for a method other than GET or HEAD, 413 for a
 * request that carries a body (no route takes one; it is never read).
 * Returns what the route returns: a promise for a route that answers later.
 */
export function answerRoute(request: IncomingMessage, response: ServerResponse, table: HttpRoutes): void | Promise<void> {
  const target = parseRequestTarget(request.url);
  if (!target.ok) {
    refuse(request, response, 400, target.error);
    return;
  }
  const path = target.value.path;
  const route = Object.hasOwn(table.routes, path) ? table.routes[path] : table.fallback?.(path);
  if (!route) {
    refuse(request, response, 404, table.notFound);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    refuse(request, response, 405, `method ${request.method ?? '?'} is not allowed; use GET or HEAD`, {
      headers: { allow: ALLOWED_METHODS },
    });
    return;
  }
  if (hasBody(request)) {
    refuse(request, response, 413, 'requests to the lobby carry no body');
    return;
  }
  return route(request, response);
}

/**
 * Answers 200 with `body` of type `contentType`, never cached (every figure
 * the lobby serves changes by the second); HEAD gets the headers alone.
 */
export function answerOk(request: IncomingMessage, response: ServerResponse, contentType: string, body: string | Buffer): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(200, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** True when the request says a body follows: a non-zero length, or any transfer coding. */
export function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

export interface RefusalOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Close the connection after answering, whatever the request. */
  readonly close?: boolean;
}

/**
 * Answers with an error status and a one-line reason. A request with a body
 * gets `connection: close` and its socket is closed once the answer is out,
 * so that the body is never read.
 */
export function refuse(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  reason: string,
  { headers = {}, close = false }: RefusalOptions = {},
): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = `${status} ${reason}\n`;
  const closing = close || hasBody(request);
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...(closing ? { connection: 'close' } : {}),
    ...headers,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
  if (closing) response.once('finish', () => request.socket.destroySoon());
}
