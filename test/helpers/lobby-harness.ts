import { afterEach } from 'vitest';
import type { GameDirectory } from '../../server/game-directory.js';
import { startLobby, type Lobby } from '../../server/lobby.js';
import type { LobbyOptions } from '../../server/lobby-options.js';
import { defaultRoomHostOptions, type RoomHost, type RoomHostOptions } from '../../server/room-host.js';
import { createRoomHost, type RoomHostKind } from '../../server/room-hosts.js';
import { captureLog, type CapturedLog } from './captured-log.js';
import { waitForExit } from './processes.js';
import { TestClient } from './test-client.js';

export interface StartedLobby {
  readonly lobby: Lobby;
  /** Every line the lobby logged, its rooms' own lines (stack traces, V8 reports) included, kept off the test output. */
  readonly log: CapturedLog;
  /** A new client, closed after the test. */
  connect(path?: string): Promise<TestClient>;
}

export interface LobbySetup {
  readonly rooms?: RoomHostKind;
  readonly pool?: number;
  readonly hostOptions?: RoomHostOptions;
  /** A game directory shared with other lobbies; by default each lobby has its own. */
  readonly directory?: GameDirectory;
  /** Puts something between the lobby and its room host (see RecordingRoomHost), given the host it would use. */
  readonly wrapHost?: (host: RoomHost) => RoomHost;
}

/**
 * Lobbies on 127.0.0.1 port 0 for the tests of one file: after each test,
 * every client is closed, every lobby stopped, and every child process it
 * started is proved gone by PID.
 */
export function useLobbies(): (options?: Partial<LobbyOptions>, setup?: LobbySetup) => Promise<StartedLobby> {
  const started: { lobby: Lobby; clients: TestClient[] }[] = [];
  afterEach(async () => {
    for (const { lobby, clients } of started.splice(0)) {
      const pids = lobby.childPids();
      for (const client of clients) await client.close();
      await lobby.close();
      await waitForExit(pids, 5000);
    }
  });
  return async (options = {}, setup = {}) => {
    const log = captureLog();
    const hostOptions = setup.hostOptions ?? defaultRoomHostOptions;
    const created = createRoomHost(setup.rooms ?? 'process', setup.pool ?? 0, log.logger, hostOptions, options.startTimeoutMs);
    const host = setup.wrapHost ? setup.wrapHost(created) : created;
    const lobby = await startLobby({ port: 0, host: '127.0.0.1', logger: log.logger, ...options }, host, setup.directory);
    const clients: TestClient[] = [];
    started.push({ lobby, clients });
    return {
      lobby,
      log,
      connect: async (path = '/') => {
        const client = await TestClient.connect(lobby.port, path);
        clients.push(client);
        return client;
      },
    };
  };
}
