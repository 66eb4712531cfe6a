/**
 * Which game a player enters: a new one it creates, an existing one it
 * joins (or takes its seat back in), or one it only watches; `playerName`
 * is the player's name in it (the lobby gives one without). A spectator
 * has no name: it has no seat.
 */
export type PlayTarget =
  | {
      readonly action: 'create';
      readonly players: number;
      /** Seats the room's bots play, out of `players`. */
      readonly bots?: number;
      readonly name?: string;
      readonly width?: number;
      readonly height?: number;
      readonly playerName?: string;
    }
  | { readonly action: 'join'; readonly name: string; readonly playerName?: string }
  /** Take a seat held for this player back with its token: after the browser page that had it was reloaded. */
  | { readonly action: 'rejoin'; readonly name: string; readonly token: string }
  /** Watch a game without taking a seat. */
  | { readonly action: 'watch'; readonly name: string };

/** The target as the player would say it: `create game "duel"`, `join game "duel"`, `watch game "duel"`. */
export function describeTarget(target: PlayTarget): string {
  switch (target.action) {
    case 'create':
      return `create game${target.name ? ` "${target.name}"` : ''}`;
    case 'join':
      return `join game "${target.name}"`;
    case 'watch':
      return `watch game "${target.name}"`;
    case 'rejoin':
      return `take your seat in game "${target.name}" back`;
  }
}
