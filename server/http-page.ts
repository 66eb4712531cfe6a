import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What curl and other tools see on the lobby's port (a browser gets the
 * browser client instead): what this is and how to connect, as plain text.
 * Game traffic is WebSocket only.
 */
export function answerHttpRequest(request: IncomingMessage, response: ServerResponse, gamesOpen: number): void {
  // The Host header is echoed back only when it looks like a host name or address and port.
  const sent = request.headers.host;
  const host = sent !== undefined && /^[A-Za-z0-9.\-:[\]]{1,255}$/.test(sent) ? sent : 'HOST:PORT';
  const [address, port] = splitHost(host);
  const body = [
    'vimtron lobby',
    '',
    'A vimtron light-cycle game server: steer with h j k l, leave walls with i, esc to stop.',
    `Games open: ${gamesOpen}`,
    '',
    `Play in a browser: open http://${host}/`,
    '',
    'Play with the terminal client:',
    `  vimtron play --address ${address} --port ${port} --players 2    (create a game)`,
    `  vimtron list --address ${address} --port ${port}                (see the games)`,
    `  vimtron play --address ${address} --port ${port} --game NAME    (join one)`,
    '',
    `Or speak the JSON protocol over a WebSocket at ws://${host}/ (see docs/protocol.md).`,
    '',
  ].join('\n');
  response.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function splitHost(host: string): [string, string] {
  const match = /^(.*):(\d+)$/.exec(host);
  return match ? [match[1]!, match[2]!] : [host, '80'];
}
