import { nanoid } from 'nanoid';
import { lobbyUrl } from '../client/connection.js';
import type { Outcome } from '../shared/client/outcome.js';
import { DirectoryUnavailableError } from '../server/game-directory.js';
import { ListenError, startLobby, type Lobby } from '../server/lobby.js';
import { RedisGameDirectory, redactedUrl } from '../server/redis-game-directory.js';
import { createRoomHost } from '../server/room-hosts.js';
import { logEvent } from '../server/log/log-events.js';
import { createRootLogger } from '../server/log/root-logger.js';
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
 * start (exit 1) if Redis cannot be reached. Everything it has to say once
 * started, the listening line included, is logged on stdout (see
 * docs/operations.md#logs); what stops it from starting is the command's
 * message on stderr.
 */
export async function runServer(command: ServerCommand): Promise<Outcome> {
  let lobby: Lobby;
  const lobbyId = nanoid(LOBBY_ID_LENGTH);
  const root = await createRootLogger({ level: command.logLevel, pretty: process.stdout.isTTY === true });
  // In a cluster every line says which lobby wrote it.
  const logger = command.redis === null ? root : root.child({ lobby: lobbyId });
  const directory = command.redis === null ? undefined : new RedisGameDirectory({ url: command.redis, lobbyId, logger });
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
    logger,
    { heapMb: command.heapMb, faultInjection: false, startConcurrency: command.startConcurrency },
    command.startTimeoutMs,
  );
  try {
    lobby = await startLobby(
      {
        port: command.port,
        host: command.host,
        adminPort: command.adminPort,
        adminHost: command.adminHost,
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
        logger,
      },
      host,
      directory,
    );
  } catch (error) {
    await host.close?.();
    const problem =
      error instanceof ListenError
        ? describeListenError(error)
        : `${error instanceof DirectoryUnavailableError ? '' : 'cannot start the lobby: '}${(error as Error).message}`;
    return { exitCode: 1, message: `vimtron server: ${problem}` };
  }
  const redis = command.redis === null ? null : redactedUrl(command.redis);
  const cluster = directory ? `; lobby ${directory.lobbyId} of the cluster on ${redis}, reached at ${directory.lobbyUrl}` : '';
  const url = lobbyUrl(command.host, lobby.port);
  const admin = lobby.adminPort === null ? null : adminUrl(command.adminHost, lobby.adminPort);
  logEvent(
    logger,
    { event: 'lobby_started', url, adminUrl: admin, rooms: command.rooms, pool: command.pool, bench: command.bench, lobbyPid: process.pid, redis },
    `vimtron lobby listening on ${url} (rooms: ${command.rooms}, pool ${command.pool}${command.bench ? ', benchmark mode' : ''}${cluster}); ` +
      (admin === null ? 'admin port off' : `admin on ${admin}`),
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const processOnSignal = (name: NodeJS.Signals): void => {
      for (const stop of STOP_SIGNALS) process.removeListener(stop, processOnSignal);
      resolve(name);
    };
    for (const name of STOP_SIGNALS) process.on(name, processOnSignal);
  });
  const stoppingAt = performance.now();
  const games = lobby.stats().games;
  logEvent(logger, { event: 'lobby_stopping', signal, games }, `vimtron lobby stopping on ${signal}, with ${games} game${games === 1 ? '' : 's'}`);
  const processOnSecondSignal = (): void => process.exit(130);
  for (const name of STOP_SIGNALS) process.once(name, processOnSecondSignal);
  await lobby.close();
  for (const name of STOP_SIGNALS) process.removeListener(name, processOnSecondSignal);
  const stopMs = Math.round(performance.now() - stoppingAt);
  logEvent(logger, { event: 'lobby_stopped', stopMs }, `vimtron lobby stopped in ${stopMs} ms`);
  return { exitCode: 0 };
}

/** The admin listener's address as an operator types it into a browser or a Prometheus config. */
function adminUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}

function describeListenError(error: ListenError): string {
  const { port, host } = error;
  const [portFlag, hostFlag] = error.listener === 'public' ? ['--port', '--host'] : ['--admin-port', '--admin-host'];
  const what = error.listener === 'public' ? 'port' : 'admin port';
  switch (error.cause.code) {
    case 'EADDRINUSE':
      return `${what} ${port} on ${host} is already in use (is another lobby running? try ${portFlag})`;
    case 'EACCES':
      return `not allowed to listen on ${what} ${port} (ports below 1024 need privileges; try ${portFlag})`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine (try ${hostFlag} ${error.listener === 'public' ? '0.0.0.0' : '127.0.0.1'})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the host name ${host}${error.listener === 'admin' ? ' (--admin-host)' : ''}`;
    default:
      return `cannot start the lobby's ${what}: ${error.cause.message}`;
  }
}
