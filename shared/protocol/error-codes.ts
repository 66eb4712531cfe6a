/** Error codes a lobby sends in `{"type":"error","code":...}`. */
export const ErrorCode = {
  BadMessage: 'BAD_MESSAGE',
  GameNotFound: 'GAME_NOT_FOUND',
  GameFull: 'GAME_FULL',
  GameInProgress: 'GAME_IN_PROGRESS',
  NameTaken: 'NAME_TAKEN',
  NotInGame: 'NOT_IN_GAME',
  AlreadyInGame: 'ALREADY_IN_GAME',
  GameCrashed: 'GAME_CRASHED',
  ServerFull: 'SERVER_FULL',
  /** `create` on a lobby that is stopping and has no other lobby to send the player to. */
  ShuttingDown: 'SHUTTING_DOWN',
  RateLimited: 'RATE_LIMITED',
  InvalidToken: 'INVALID_TOKEN',
  TooManyGames: 'TOO_MANY_GAMES',
  /** A spectator pressed a key: watching is not playing. */
  NotAPlayer: 'NOT_A_PLAYER',
  /** The game, or the whole lobby, has as many spectators as it allows. */
  WatchersFull: 'WATCHERS_FULL',
  /** In a cluster: the shared game directory cannot be reached; the lobby's own games go on. */
  ClusterUnavailable: 'CLUSTER_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
