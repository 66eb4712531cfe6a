/**
 * Where `RedisGameDirectory` keeps everything, under one prefix (`vimtron:`
 * by default) so several clusters, or tests, can share a Redis server.
 * `docs/cluster.md` has the same table for operators.
 *
 * | key                        | type       | holds                                                               | lives |
 * |----------------------------|------------|---------------------------------------------------------------------|-------|
 * | `lobbies`                  | set        | ids of lobbies that joined; an id whose lease is gone is dropped on the next `lobbies()` | while a lobby is in it |
 * | `lobby:<id>`               | string     | the lease: JSON `{url, games, maxGames}`                            | PX lease TTL (2 s), renewed every 500 ms |
 * | `games`                    | sorted set | game names, scored by creation order (oldest first)                 | while the game is |
 * | `game:<name>`              | hash       | `summary` (JSON), `lobbyId`, `lobbyUrl`, `generation`, `handedOver` (0/1), `record` and `recordSeats` (JSON, from the first saveRecord on) | until released, or its lobby leaves, or claimed games end |
 * | `game-seats:<name>`        | set        | the seat tokens of the game                                         | as the game |
 * | `seat:<token>`             | string     | JSON `{game, player, lobbyId, lobbyUrl}`                            | until the seat or its game is released |
 *
 * Besides keys, one pub/sub channel: `handovers`, on which a lobby handing a
 * game over publishes JSON `{heir, game}` so the heir claims it at once.
 */
export const KEY_NAMES = {
  lobbies: 'lobbies',
  lobby: 'lobby:',
  games: 'games',
  game: 'game:',
  gameSeats: 'game-seats:',
  seat: 'seat:',
  handovers: 'handovers',
} as const;

/** The names of one directory's keys, prefix included. */
export class DirectoryKeys {
  constructor(readonly prefix: string) {}

  get lobbies(): string {
    return this.prefix + KEY_NAMES.lobbies;
  }

  /** Not a key: the channel `HAND_OVER` publishes a game's heir and name on. */
  get handovers(): string {
    return this.prefix + KEY_NAMES.handovers;
  }

  get games(): string {
    return this.prefix + KEY_NAMES.games;
  }

  lobby(lobbyId: string): string {
    return this.prefix + KEY_NAMES.lobby + lobbyId;
  }

  game(name: string): string {
    return this.prefix + KEY_NAMES.game + name;
  }

  gameSeats(name: string): string {
    return this.prefix + KEY_NAMES.gameSeats + name;
  }

  seat(token: string): string {
    return this.prefix + KEY_NAMES.seat + token;
  }
}
