import {
  aliveCount,
  countdownSeconds,
  cycleOf,
  nameOf,
  readyCount,
  readyInSeconds,
  seatedCount,
  seatedPlayers,
  type GameView,
} from '../shared/client/game-view.js';
import type { ReconnectStatus } from '../shared/client/lobby-link.js';

/** Who looks at the game: a player in seat `number`, or a spectator. */
export type Viewer = { readonly kind: 'player'; readonly number: number } | { readonly kind: 'spectator' };

/** One part of the status line; `seat` colours it in that seat's colour. */
export interface StatusSegment {
  readonly text: string;
  readonly seat?: number;
  readonly strong?: boolean;
}

/**
 * The status line under the arena, as the terminal client has it: INSERT
 * mode (as vim shows it), the game, its phase with the countdown or the
 * winner, how many play or live, how many watch (`watchers`, when any),
 * whether you only watch, then the players by name in their colours, you
 * first. `leavers`: the opponents whose leaving handed you the round just
 * finished. DOM-free, so that it is tested in Node.
 */
export function statusSegments(
  view: GameView,
  viewer: Viewer,
  gameName: string,
  leavers: readonly number[] = [],
  watchers = 0,
): StatusSegment[] {
  const me = viewer.kind === 'player' ? viewer.number : 0;
  const mine = cycleOf(view, me);
  const segments: StatusSegment[] = [];
  if (view.phase === 'running' && mine?.inserting) segments.push({ text: '-- INSERT --', strong: true });
  segments.push({ text: `game ${gameName}` });
  const seated = seatedCount(view);
  switch (view.phase) {
    case 'waiting':
      segments.push({ text: 'waiting' }, { text: `players ${seated}/${view.cycles.length}` }, { text: `ready ${readyCount(view)}/${seated}` });
      break;
    case 'countdown':
      segments.push({ text: `countdown ${countdownSeconds(view)}`, strong: true }, { text: `players ${seated}/${view.cycles.length}` });
      break;
    case 'running':
      segments.push({ text: 'running' }, { text: `alive ${aliveCount(view)}/${seated}` });
      break;
    case 'finished':
      segments.push({ text: 'finished' }, winnerSegment(view, me, leavers), { text: `alive ${aliveCount(view)}/${seated}` });
      break;
  }
  if (watchers > 0) segments.push({ text: `${watchers} watching` });
  if (viewer.kind === 'spectator') segments.push({ text: 'you are watching', strong: true });
  else if (mine?.seated) segments.push({ text: `you ● ${nameOf(view, me)}`, seat: me, strong: true });
  for (const seat of seatedPlayers(view)) {
    if (seat.number !== me) segments.push({ text: `● ${nameOf(view, seat.number)}`, seat: seat.number });
  }
  return segments;
}

/** The result of a finished round, as the status line and the banner over the arena say it. */
export function winnerSegment(view: GameView, me: number, leavers: readonly number[] = []): StatusSegment {
  if (view.winner !== null && view.winner === me && leavers.length > 0) {
    return { text: `${leavers.map((number) => nameOf(view, number)).join(', ')} left — you win`, seat: me, strong: true };
  }
  if (view.winner !== null && view.winner === me) return { text: 'you win!', seat: me, strong: true };
  if (view.winner !== null) return { text: `${nameOf(view, view.winner)} wins`, seat: view.winner, strong: true };
  // One seat: a practice round simply ends when the cycle crashes.
  return { text: view.cycles.length === 1 ? 'round over' : 'draw', strong: true };
}

/** The keys that make sense right now, for the message line. */
export function hintText(view: GameView, viewer: Viewer): string {
  const always = 'q: leave   ?: keys';
  if (viewer.kind === 'spectator') return `you are watching: keys are not sent   ${always}`;
  const mine = cycleOf(view, viewer.number);
  if (!mine || !mine.seated) return always;
  switch (view.phase) {
    case 'waiting':
      return `${mine.ready ? 'waiting for the other players   esc: not ready' : 'i: ready'}   ${always}`;
    case 'countdown':
      return `h j k l: plan your first turn   esc: not ready   ${always}`;
    case 'running':
      if (mine.status !== 'alive') return `you crashed; the round ends when one cycle is left   ${always}`;
      return mine.inserting
        ? `esc: stop inserting (then you can turn)   ${always}`
        : `h j k l or arrows: turn   i: INSERT (leave a wall)   ${always}`;
    case 'finished':
      if (mine.ready) return `waiting for the others to press i   esc: not ready   ${always}`;
      // The lobby ignores i for a moment after the round ends; say so rather than seem to drop the key.
      if (view.readyIn > 0) return `round over — press i to ready in ${readyInSeconds(view)} s   ${always}`;
      return `i: ready for a rematch   ${always}`;
  }
}

/** Whether the lobby would ignore `i` now: for a moment after a round ends (`readyIn`), so that a late INSERT readies nobody. */
export function readyIgnored(view: GameView | null): boolean {
  return view !== null && view.phase === 'finished' && view.readyIn > 0;
}

/** The message line while the link reconnects: `connection lost; reconnecting to ws://host:8766/ (attempt 3, 4 s)`. */
export function reconnectLine(status: ReconnectStatus): string {
  const what = status.cause === 'moved' ? 'game moved' : 'connection lost';
  return `${what}; reconnecting to ${status.url} (attempt ${status.attempt}, ${Math.floor(status.elapsedMs / 1000)} s)`;
}

/**
 * A line from the link or the lobby for the page: the terminal client's
 * `vimtron: ` prefix (which says which program speaks on a shared terminal)
 * is left out, on each line.
 */
export function pageMessage(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^vimtron: /, ''))
    .join('\n');
}
