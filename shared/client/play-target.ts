/**
 * Which game a player enters: a new one it creates, or an existing one it
 * joins; `playerName` is the player's name in it (the lobby gives one without).
 */
export type PlayTarget =
  | {
      readonly action: 'create';
      readonly players: number;
      readonly name?: string;
      readonly width?: number;
      readonly height?: number;
      readonly playerName?: string;
    }
  | { readonly action: 'join'; readonly name: string; readonly playerName?: string };

/** The target as the player would say it: `create game "duel"`, `join game "duel"`. */
export function describeTarget(target: PlayTarget): string {
  return target.action === 'create' ? `create game${target.name ? ` "${target.name}"` : ''}` : `join game "${target.name}"`;
}
