import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerHttpRequest, answerStatsRequest } from './http-page.js';
import { acceptsHtml, answerWebClientFile } from './http-web-client.js';
import { parseRequestTarget } from './request-target.js';
import type { WebClientFiles } from './web-client-files.js';

/** What the HTTP routes read from the lobby. */
export interface HttpRouteContext {
  gamesOpen(): number;
  /** The `stats` document, already serialized. */
  statsJson(): string;
  /** The browser client's page and modules. */
  readonly webClient: WebClientFiles;
}

type Route = (request: IncomingMessage, response: ServerResponse, context: HttpRouteContext) => void;

/**
 * Every path the lobby serves over plain HTTP besides the browser client's
 * files; all of them are read-only. `/` is the browser client's page for a
 * browser, and a plain text page for curl and other tools.
 */
const ROUTES: Readonly<Record<string, Route>> = {
  '/': (request, response, context) => {
    // Both answers depend on Accept, so a cache in between must keep them apart.
    if (acceptsHtml(request)) answerWebClientFile(request, response, context.webClient.get('/')!, { vary: 'accept' });
    else answerHttpRequest(request, response, context.gamesOpen());
  },
  '/stats': (request, response, context) => answerStatsRequest(request, response, context.statsJson()),
};

const ALLOWED_METHODS = 'GET, HEAD';

/** The paths above, for the upgrade handler and tests. */
export const HTTP_PATHS: readonly string[] = Object.keys(ROUTES);

/**
 * Answers one plain HTTP request: 400 for a target that is not a path, 404
 * for an unknown path, 405 for a method other than GET or HEAD, 413 for a
 * request that carries a body (no route takes one; it is never read).
 */
export function answerRoute(request: IncomingMessage, response: ServerResponse, context: HttpRouteContext): void {
  const target = parseRequestTarget(request.url);
  if (!target.ok) {
    refuse(request, response, 400, target.error);
    return;
  }
  const path = target.value.path;
  const file = context.webClient.get(path);
  const route: Route | undefined = Object.hasOwn(ROUTES, path)
    ? ROUTES[path]
    : file && ((request, response) => answerWebClientFile(request, response, file));
  if (!route) {
    refuse(request, response, 404, `no such page; the lobby serves ${HTTP_PATHS.join(', ')} and the browser client's files`);
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
  route(request, response, context);
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
