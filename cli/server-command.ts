import { nanoid } from 'nanoid';
import { lobbyUrl } from '../client/connection.js';
import type { Outcome } from '../shared/client/outcome.js';
import { DirectoryUnavailableError } from '../server/game-directory.js';
import { defaultLobbyOptions } from '../server/lobby-options.js';
import { startLobby, type Lobby } from '../server/lobby.js';
import { RedisGameDirectory, redactedUrl } from '../server/redis-game-directory.js';
import { createRoomHost } from '../server/room-hosts.js';
import type { Command } from './command-line.js';

type ServerCommand = Extract<Command, { kind: 'server' }>;

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** Characters of a lobby's random id in a cluster: short enough to read in logs, long enough never to collide. */
const LOBBY_ID_LENGTH = 10;

/**
 * `vimtron server`: runs a lobby until SIGINT or SIGTERM, then closes it
 * (players are told, rooms stopped) and ends with 0. A second signal while
 * closing ends at once; rooms exit by themselves when their lobby is gone.
 * With `--redis` the lobby joins a cluster under a random id, and does not
 * start (exit 1) if Redis cannot be reached.
 */
export async function runServer(command: ServerCommand, print: (line: string) => void): Promise<Outcome> {
  let lobby: Lobby;
  const log = defaultLobbyOptions.log;
  const directory =
    command.redis === null ? undefined : new RedisGameDirectory({ url: command.redis, lobbyId: nanoid(LOBBY_ID_LENGTH), log });
  try {
    // Before anything is started: a lobby that cannot reach its cluster does not listen at all.
    await directory?.connect();
  } catch (error) {
    if (!(error instanceof DirectoryUnavailableError)) throw error;
    return { exitCode: 1, message: `vimtron server: ${error.message}` };
  }
  const host = createRoomHost(
    command.rooms,
    command.pool,
    log,
    { heapMb: command.heapMb, faultInjection: false },
    command.startTimeoutMs,
  );
  try {
    lobby = await startLobby(
      {
        port: command.port,
        host: command.host,
        maxGames: command.maxGames,
        maxWatchersPerGame: command.maxWatchersPerGame,
        maxWatchers: command.maxWatchers,
        idleTimeoutMs: command.idleTimeoutMs,
        seatHoldMs: command.seatHoldMs,
        maxConnections: command.maxConnections,
        maxConnectionsPerAddress: command.maxConnectionsPerAddress,
        maxGamesPerAddress: command.maxGamesPerAddress,
        maxGamesPerAddressPerMinute: command.maxGamesPerAddressPerMinute,
        startTimeoutMs: command.startTimeoutMs,
        benchmarkKnobs: command.bench,
        publicUrl: command.publicUrl,
        log,
      },
      host,
      directory,
    );
  } catch (error) {
    await host.close?.();
    const problem = error instanceof DirectoryUnavailableError ? error.message : describeListenError(error as NodeJS.ErrnoException, command);
    return { exitCode: 1, message: `vimtron server: ${problem}` };
  }
  const cluster = directory ? `; lobby ${directory.lobbyId} of the cluster on ${redactedUrl(command.redis!)}, reached at ${directory.lobbyUrl}` : '';
  print(
    `vimtron lobby listening on ${lobbyUrl(command.host, lobby.port)} (rooms: ${command.rooms}, pool ${command.pool}${command.bench ? ', benchmark mode' : ''}${cluster})\n`,
  );
  await new Promise<void>((resolve) => {
    const processOnSignal = (): void => {
      for (const name of STOP_SIGNALS) process.removeListener(name, processOnSignal);
      resolve();
    };
    for (const name of STOP_SIGNALS) process.on(name, processOnSignal);
  });
  const processOnSecondSignal = (): void => process.exit(130);
  for (const name of STOP_SIGNALS) process.once(name, processOnSecondSignal);
  await lobby.close();
  for (const name of STOP_SIGNALS) process.removeListener(name, processOnSecondSignal);
  log('vimtron lobby stopped');
  return { exitCode: 0 };
}

function describeListenError(error: NodeJS.ErrnoException, command: ServerCommand): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${command.port} on ${command.host} is already in use (is another lobby running? try --port)`;
    case 'EACCES':
      return `not allowed to listen on port ${command.port} (ports below 1024 need privileges; try --port)`;
    case 'EADDRNOTAVAIL':
      return `${command.host} is not an address of this machine (try --host 0.0.0.0)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the host name ${command.host}`;
    default:
      return `cannot start the lobby: ${error.message}`;
  }
}
