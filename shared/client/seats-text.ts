/**
 * How full a game is, as a short text for lists and status lines: people
 * over seats, with the bots' seats counted apart since a person who joins
 * takes one of them: "1/2", "1+2 bots/3", "2+1 bot/4".
 */
export function seatsText(players: number, bots: number, seats: number): string {
  if (bots === 0) return `${players}/${seats}`;
  return `${players}+${bots} bot${bots === 1 ? '' : 's'}/${seats}`;
}
