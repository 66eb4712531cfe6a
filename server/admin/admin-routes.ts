import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LobbyStatus, Readiness } from '../../shared/protocol/admin-documents.js';
import { answerOk, refuse, type HttpRoutes } from '../http-routes.js';
import type { LobbyMetrics } from './lobby-metrics.js';
import type { StatusPage } from './status-page.js';

/** What the admin listener reads from its lobby. */
export interface AdminSource {
  readonly metrics: LobbyMetrics;
  /** The `/stats` document, already serialized. */
  statsJson(): string;
  /** The `/status.json` document. */
  status(): Promise<LobbyStatus>;
  readiness(): Readiness;
}

const JSON_TYPE = 'application/json';
const TEXT_TYPE = 'text/plain; charset=utf-8';

/** What `GET /` on the admin port says: what is here. */
const INDEX = [
  'vimtron lobby: admin port',
  '',
  '  /status       live status page (rooms, players, recent events, the cluster)',
  '  /metrics      Prometheus metrics',
  '  /stats        operating figures as JSON (what the load tools read)',
  '  /status.json  what the status page shows, as JSON',
  '  /healthz      200 while the lobby process is up',
  '  /readyz       200 while it accepts games; 503 and the reason otherwise',
  '',
  'See docs/operations.md.',
  '',
].join('\n');

/**
 * Everything the admin listener serves, all GET or HEAD: operators' and
 * orchestrators' views of the lobby. None of it is on the public port.
 */
export function adminRoutes(source: AdminSource, page: StatusPage): HttpRoutes {
  const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void | Promise<void>> = {
    '/': (request, response) => answerOk(request, response, TEXT_TYPE, INDEX),
    '/healthz': (request, response) => answerOk(request, response, TEXT_TYPE, 'ok\n'),
    '/readyz': (request, response) => {
      const { ready, reason } = source.readiness();
      if (ready) answerOk(request, response, TEXT_TYPE, 'ready\n');
      else refuse(request, response, 503, `not ready: ${reason ?? 'unknown'}`, { headers: { 'cache-control': 'no-store' } });
    },
    '/metrics': async (request, response) => {
      const text = await source.metrics.text();
      answerOk(request, response, source.metrics.contentType, text);
    },
    '/stats': (request, response) => answerOk(request, response, JSON_TYPE, source.statsJson()),
    '/status.json': async (request, response) => {
      const status = await source.status();
      answerOk(request, response, JSON_TYPE, JSON.stringify(status));
    },
    '/status': (request, response) => answerOk(request, response, 'text/html; charset=utf-8', page.html),
    [page.scriptPath]: (request, response) => answerOk(request, response, 'text/javascript; charset=utf-8', page.script),
  };
  return { routes, notFound: `no such page; the admin port serves ${Object.keys(routes).join(', ')}` };
}
