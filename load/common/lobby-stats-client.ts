import { get } from 'node:http';
import type { LobbyStats } from '../../shared/protocol/admin-documents.js';

/** `GET /stats` of a lobby whose admin listener is at http://HOST:PORT, as the lobby's own JSON. */
export function fetchLobbyStats(adminUrl: string, timeoutMs: number): Promise<LobbyStats> {
  const url = `${adminUrl.replace(/\/$/, '')}/stats`;
  return new Promise((resolve, reject) => {
    // No keep-alive agent: an idle pooled connection would outlive the run.
    const request = get(url, { agent: false, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode !== 200) {
          reject(new Error(`GET ${url} answered ${response.statusCode}`));
          return;
        }
        try {
          const stats = JSON.parse(Buffer.concat(chunks).toString('utf8')) as LobbyStats;
          if (stats.type !== 'stats' || !Array.isArray(stats.roomStats)) throw new Error('not a stats message');
          resolve(stats);
        } catch (error) {
          reject(new Error(`GET ${url} did not answer lobby stats: ${(error as Error).message}`));
        }
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} got no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/** Whether a lobby says it is ready (`GET /readyz` answers 200): past its warm pool's start-up, not draining. */
export function lobbyIsReady(adminUrl: string, timeoutMs: number): Promise<boolean> {
  const url = `${adminUrl.replace(/\/$/, '')}/readyz`;
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode === 200));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} got no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}
