import { lobbyUrl } from '../client/connection.js';
import type { Outcome } from '../client/outcome.js';
import { defaultLobbyOptions } from '../server/lobby-options.js';
import { startLobby, type Lobby } from '../server/lobby.js';
import { createRoomHost } from '../server/room-hosts.js';
import type { Command } from './command-line.js';

type ServerCommand = Extract<Command, { kind: 'server' }>;

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * `vimtron server`: runs a lobby until SIGINT or SIGTERM, then closes it
 * (players are told, rooms stopped) and ends with 0. A second signal while
 * closing ends at once; rooms exit by themselves when their lobby is gone.
 */
export async function runServer(command: ServerCommand, print: (line: string) => void): Promise<Outcome> {
  let lobby: Lobby;
  const log = defaultLobbyOptions.log;
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
        idleTimeoutMs: command.idleTimeoutMs,
        seatHoldMs: command.seatHoldMs,
        maxConnections: command.maxConnections,
        maxConnectionsPerAddress: command.maxConnectionsPerAddress,
        maxGamesPerAddress: command.maxGamesPerAddress,
        maxGamesPerAddressPerMinute: command.maxGamesPerAddressPerMinute,
        startTimeoutMs: command.startTimeoutMs,
        benchmarkKnobs: command.bench,
        log,
      },
      host,
    );
  } catch (error) {
    await host.close?.();
    return { exitCode: 1, message: `vimtron server: ${describeListenError(error as NodeJS.ErrnoException, command)}` };
  }
  print(`vimtron lobby listening on ${lobbyUrl(command.host, lobby.port)} (rooms: ${command.rooms}, pool ${command.pool}${command.bench ? ', benchmark mode' : ''})\n`);
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
