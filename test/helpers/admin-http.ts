import { request } from 'node:http';
import type { Lobby } from '../../server/lobby.js';

/** One plain HTTP answer, read whole. */
export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** GET (or another method) of `path` on 127.0.0.1:`port`, without keep-alive, from `localAddress` if given. */
export function httpGet(port: number, path: string, options: { method?: string; localAddress?: string; host?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const asked = request(
      { host: options.host ?? '127.0.0.1', port, path, method: options.method ?? 'GET', agent: false, localAddress: options.localAddress },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    asked.on('error', reject);
    asked.end();
  });
}

/** GET `path` on a lobby's admin port. */
export function adminGet(lobby: Lobby, path: string): Promise<HttpAnswer> {
  if (lobby.adminPort === null) throw new Error('this lobby has no admin port');
  return httpGet(lobby.adminPort, path);
}

/** One sample of Prometheus' text format: its name, labels and value. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * Prometheus' text format (version 0.0.4) read into samples, strictly
 * enough for tests: a line that is neither a comment nor a sample fails.
 */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    const raw = match[3]!;
    samples.push({ name: match[1]!, labels, value: raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw) });
  }
  return samples;
}

/** The samples of a lobby's `/metrics`, with lookups by name and labels. */
export class Metrics {
  constructor(readonly samples: readonly Sample[]) {}

  static async of(lobby: Lobby): Promise<Metrics> {
    const answer = await adminGet(lobby, '/metrics');
    if (answer.status !== 200) throw new Error(`/metrics answered ${answer.status}: ${answer.body}`);
    return new Metrics(parseMetrics(answer.body));
  }

  /** The value of the one sample of `name` whose labels include `labels`; throws if there is not exactly one. */
  value(name: string, labels: Readonly<Record<string, string>> = {}): number {
    const found = this.all(name, labels);
    if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
    return found[0]!.value;
  }

  /** Every sample of `name` whose labels include `labels`. */
  all(name: string, labels: Readonly<Record<string, string>> = {}): Sample[] {
    return this.samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  }

  /** Every value of `name` by the value of its label `label`. */
  byLabel(name: string, label: string): Record<string, number> {
    return Object.fromEntries(this.all(name).map((sample) => [sample.labels[label] ?? '', sample.value]));
  }
}
