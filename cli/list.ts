import { LobbyConnection } from '../client/connection.js';
import type { Outcome } from '../shared/client/outcome.js';
import type { GameSummary } from '../shared/protocol/server-messages.js';
import { formatGames } from './format-games.js';

/** Waiting for the `games` answer once connected. */
const REPLY_TIMEOUT_MS = 5000;

type GamesOrFailure = { readonly games: readonly GameSummary[] } | { readonly failed: Outcome };

/** `vimtron list`: prints the games on the lobby at `url` as a table. */
export async function listGames(url: string, print: (text: string) => void): Promise<Outcome> {
  const result = await fetchGames(url);
  if ('failed' in result) return result.failed;
  print(formatGames(result.games));
  return { exitCode: 0 };
}

/**
 * Asks the lobby at `url` for its games and closes the connection. Resolves
 * (never rejects) with the games, or with the outcome to exit with.
 */
export async function fetchGames(url: string): Promise<GamesOrFailure> {
  let answer: (result: GamesOrFailure) => void = () => {};
  const answered = new Promise<GamesOrFailure>((resolve) => {
    answer = resolve;
  });
  const fail = (message: string) => answer({ failed: { exitCode: 1, message: `vimtron: ${message}` } });
  let connection: LobbyConnection;
  try {
    connection = await LobbyConnection.open(url, {
      message: (message) => {
        if (message.type === 'games') answer({ games: message.games });
        else if (message.type === 'error') fail(`the lobby at ${url} refused to list its games: ${message.message} (${message.code})`);
      },
      malformed: (problem) => fail(`the lobby at ${url} sent a message this client does not understand: ${problem}`),
      closed: (reason) => fail(`lost the connection to the lobby at ${url}: ${reason}`),
    });
  } catch (error) {
    return { failed: { exitCode: 1, message: `vimtron: cannot reach the lobby at ${url}: ${(error as Error).message}` } };
  }
  const timer = setTimeout(() => fail(`the lobby at ${url} did not answer within ${REPLY_TIMEOUT_MS / 1000} s`), REPLY_TIMEOUT_MS);
  connection.send({ type: 'list' });
  const result = await answered;
  clearTimeout(timer);
  await connection.close();
  return result;
}
