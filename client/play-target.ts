/** Which game a player enters: a new one it creates, or an existing one it joins. */
export type PlayTarget =
  | {
      readonly action: 'create';
      readonly players: number;
      readonly name?: string;
      readonly width?: number;
      readonly height?: number;
    }
  | { readonly action: 'join'; readonly name: string };

/** The target as the player would say it: `create game "duel"`, `join game "duel"`. */
export function describeTarget(target: PlayTarget): string {
  return target.action === 'create' ? `create game${target.name ? ` "${target.name}"` : ''}` : `join game "${target.name}"`;
}
