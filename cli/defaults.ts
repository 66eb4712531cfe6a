import type { LogLevel } from '../server/log/root-logger.js';
import { defaultLobbyOptions } from '../server/lobby-options.js';
import { defaultRoomHostOptions } from '../server/room-host.js';
import type { RoomHostKind } from '../server/room-hosts.js';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH } from '../shared/rules/constants.js';

/** Rooms run in a forked process each unless told otherwise: the isolation the lobby is built for. */
const DEFAULT_ROOMS: RoomHostKind = 'process';

/**
 * What the command line fills in for a flag that is not given, and what its
 * help says. The lobby's and the room host's own defaults are read from
 * where they are defined, never repeated; only what the command line adds
 * on top of them lives here. Durations are in the units the flags take.
 */
export const serverDefaults = {
  port: defaultLobbyOptions.port,
  host: defaultLobbyOptions.host,
  /** The public port + 1. */
  adminPort: defaultLobbyOptions.adminPort,
  adminHost: defaultLobbyOptions.adminHost,
  maxGames: defaultLobbyOptions.maxGames,
  maxWatchersPerGame: defaultLobbyOptions.maxWatchersPerGame,
  maxWatchers: defaultLobbyOptions.maxWatchers,
  idleTimeoutSeconds: defaultLobbyOptions.idleTimeoutMs / 1000,
  rooms: DEFAULT_ROOMS,
  /** Spare room processes kept started: enough for a burst of creates without a fork. */
  pool: 2,
  /** About one per core: this machine's own count. */
  startConcurrency: defaultRoomHostOptions.startConcurrency,
  heapMb: defaultRoomHostOptions.heapMb,
  seatHoldSeconds: defaultLobbyOptions.seatHoldMs / 1000,
  maxConnections: defaultLobbyOptions.maxConnections,
  maxConnectionsPerAddress: defaultLobbyOptions.maxConnectionsPerAddress,
  maxGamesPerAddress: defaultLobbyOptions.maxGamesPerAddress,
  /** Not a flag: only --bench changes it. */
  maxGamesPerAddressPerMinute: defaultLobbyOptions.maxGamesPerAddressPerMinute,
  startTimeoutSeconds: defaultLobbyOptions.startTimeoutMs / 1000,
  logLevel: 'info' as LogLevel,
} as const;

/** Where `play` and `list` look for a lobby unless told otherwise: this machine, on the lobby's default port. */
export const clientDefaults = {
  address: '127.0.0.1',
  port: defaultLobbyOptions.port,
  /** The arena a created game gets unless --width and --height say otherwise (the lobby's choice, shown in the help). */
  width: DEFAULT_WIDTH,
  height: DEFAULT_HEIGHT,
} as const;
