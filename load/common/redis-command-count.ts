import { createClient } from '@redis/client';

const CONNECT_TIMEOUT_MS = 2000;

/**
 * Commands a Redis has processed since it started (`INFO stats`,
 * `total_commands_processed`), read twice around a window to give the
 * cluster's Redis command rate. The count covers every client of that Redis,
 * this reading's own commands included (one a look). Null when the Redis
 * cannot be reached: the figure is left out, the run goes on.
 */
export async function readRedisCommandCount(url: string): Promise<number | null> {
  const client = createClient({ url, socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: false } });
  client.on('error', () => {
    // Reported through the rejected command below; a listener keeps the client from throwing it.
  });
  try {
    await client.connect();
    const info = await client.info('stats');
    const match = /^total_commands_processed:(\d+)\r?$/m.exec(info);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  } finally {
    if (client.isOpen) await client.close().catch(() => undefined);
  }
}
