import { get } from 'node:http';
import type { LobbyStats } from '../../shared/protocol/server-messages.js';

/** `GET /stats` of a lobby at ws://HOST:PORT, as the lobby's own JSON. */
export function fetchLobbyStats(lobbyUrl: string, timeoutMs: number): Promise<LobbyStats> {
  const url = `${lobbyUrl.replace(/^ws/, 'http').replace(/\/$/, '')}/stats`;
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
