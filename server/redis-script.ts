import { createHash } from 'node:crypto';
import { ErrorReply } from '@redis/client';

/** What a script needs of a client: the two ways Redis runs Lua. */
export interface ScriptRunner {
  evalSha(sha: string, options: { arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { arguments: string[] }): Promise<unknown>;
}

/**
 * A Lua script run by its SHA1 digest, sent whole only when the server does
 * not know it yet (first use, or after a restart emptied its script cache):
 * the usual `EVALSHA`, then `EVAL` on `NOSCRIPT`
 * (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/#script-cache).
 */
export class RedisScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: ScriptRunner, args: readonly (string | number)[]): Promise<unknown> {
    const options = { arguments: args.map(String) };
    try {
      return await client.evalSha(this.sha, options);
    } catch (error) {
      if (!(error instanceof ErrorReply && error.message.startsWith('NOSCRIPT'))) throw error;
      return client.eval(this.source, options);
    }
  }
}
