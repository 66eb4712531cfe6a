import { describe, expect, it } from 'vitest';
import type { GameView } from '../shared/client/game-view.js';
import type { CycleView } from '../shared/protocol/server-messages.js';
import { hintText, pageMessage, readyIgnored, reconnectLine, statusSegments, winnerSegment } from '../web/status-line.js';

function cycle(number: number, fields: Partial<CycleView> = {}): CycleView {
  return { number, x: number * 3, y: 3, direction: 'right', inserting: false, status: 'alive', alive: true, ready: false, seated: true, bot: false, ...fields };
}

function view(fields: Partial<GameView> = {}): GameView {
  return {
    tick: 5,
    phase: 'waiting',
    round: 0,
    countdown: 0,
    readyIn: 0,
    winner: null,
    cycles: [cycle(1), cycle(2)],
    width: 20,
    height: 10,
    walls: new Array(200).fill(0),
    seats: [
      { number: 1, name: 'ana', wins: 0, crashes: 0 },
      { number: 2, name: 'bo', wins: 0, crashes: 0 },
    ],
    ...fields,
  };
}

const player = (number: number) => ({ kind: 'player', number }) as const;
const texts = (segments: readonly { text: string }[]) => segments.map((segment) => segment.text);

describe('the status line of the browser client', () => {
  it('says the game, the phase and its figures, then the players by name, you first, as the terminal client does', () => {
    expect(texts(statusSegments(view({ cycles: [cycle(1, { ready: true }), cycle(2, { seated: false })] }), player(1), 'duel'))).toEqual([
      'game duel',
      'waiting',
      'players 1/2',
      'ready 1/1',
      'you ● ana',
    ]);
    expect(texts(statusSegments(view({ phase: 'countdown', countdown: 21 }), player(2), 'duel'))).toEqual(['game duel', 'countdown 3', 'players 2/2', 'you ● bo', '● ana']);
    expect(texts(statusSegments(view({ phase: 'running', cycles: [cycle(1, { inserting: true }), cycle(2, { status: 'exploding', alive: false })] }), player(1), 'duel'))).toEqual([
      '-- INSERT --',
      'game duel',
      'running',
      'alive 1/2',
      'you ● ana',
      '● bo',
    ]);
    expect(statusSegments(view(), player(2), 'duel').slice(-2)).toEqual([
      { text: 'you ● bo', seat: 2, strong: true },
      { text: '● ana', seat: 1 },
    ]);
    expect(texts(statusSegments(view(), { kind: 'spectator' }, 'duel', [], 3))).toEqual([
      'game duel',
      'waiting',
      'players 2/2',
      'ready 0/2',
      '3 watching',
      'you are watching',
      '● ana',
      '● bo',
    ]);
    expect(texts(statusSegments(view(), player(1), 'duel', [], 2))).toEqual(['game duel', 'waiting', 'players 2/2', 'ready 0/2', '2 watching', 'you ● ana', '● bo']);
    // A lobby older than names: seats have no names, the players are `player N`.
    expect(texts(statusSegments(view({ seats: [] }), player(1), 'duel')).slice(-1)).toEqual(['you ● player 1']);
  });

  it('names the winner in their colour, yourself as "you win!", a draw, and a practice round that is over', () => {
    expect(winnerSegment(view({ phase: 'finished', winner: 1 }), 1)).toEqual({ text: 'you win!', seat: 1, strong: true });
    expect(winnerSegment(view({ phase: 'finished', winner: 2 }), 1)).toEqual({ text: 'bo wins', seat: 2, strong: true });
    expect(winnerSegment(view({ phase: 'finished', winner: 1 }), 1, [2])).toEqual({ text: 'bo left — you win', seat: 1, strong: true });
    expect(winnerSegment(view({ phase: 'finished', winner: null }), 1)).toEqual({ text: 'draw', strong: true });
    expect(winnerSegment(view({ phase: 'finished', winner: null, cycles: [cycle(1)] }), 1)).toEqual({ text: 'round over', strong: true });
    expect(texts(statusSegments(view({ phase: 'finished', winner: 2 }), player(1), 'duel'))).toEqual(['game duel', 'finished', 'bo wins', 'alive 2/2', 'you ● ana', '● bo']);
  });

  it('hints the keys that make sense now', () => {
    expect(hintText(view(), player(1))).toBe('i: ready   q: leave   ?: keys');
    expect(hintText(view({ cycles: [cycle(1, { ready: true }), cycle(2)] }), player(1))).toBe('waiting for the other players   esc: not ready   q: leave   ?: keys');
    expect(hintText(view({ phase: 'countdown' }), player(1))).toBe('h j k l: plan your first turn   esc: not ready   q: leave   ?: keys');
    expect(hintText(view({ phase: 'running' }), player(1))).toBe('h j k l or arrows: turn   i: INSERT (leave a wall)   q: leave   ?: keys');
    expect(hintText(view({ phase: 'running', cycles: [cycle(1, { inserting: true })] }), player(1))).toBe('esc: stop inserting (then you can turn)   q: leave   ?: keys');
    expect(hintText(view({ phase: 'running', cycles: [cycle(1, { status: 'dead', alive: false })] }), player(1))).toBe(
      'you crashed; the round ends when one cycle is left   q: leave   ?: keys',
    );
    expect(hintText(view({ phase: 'finished' }), player(1))).toBe('i: ready for a rematch   q: leave   ?: keys');
    expect(hintText(view({ phase: 'finished', readyIn: 7 }), player(1))).toBe('round over — press i to ready in 1 s   q: leave   ?: keys');
    expect(hintText(view(), { kind: 'spectator' })).toBe('you are watching: keys are not sent   q: leave   ?: keys');
  });

  it('ignores i for a moment after a round ends, as the lobby does, and only then', () => {
    expect(readyIgnored(view({ phase: 'finished', readyIn: 10 }))).toBe(true);
    expect(readyIgnored(view({ phase: 'finished', readyIn: 0 }))).toBe(false);
    expect(readyIgnored(view({ phase: 'running' }))).toBe(false);
    expect(readyIgnored(null)).toBe(false);
  });

  it('says how a reconnect stands, and leaves the terminal client\'s "vimtron: " out of messages for the page', () => {
    expect(reconnectLine({ cause: 'lost', url: 'ws://127.0.0.1:8766/', attempt: 3, elapsedMs: 4999 })).toBe(
      'connection lost; reconnecting to ws://127.0.0.1:8766/ (attempt 3, 4 s)',
    );
    expect(reconnectLine({ cause: 'moved', url: 'ws://b:8766/', attempt: 1, elapsedMs: 10 })).toBe('game moved; reconnecting to ws://b:8766/ (attempt 1, 0 s)');
    expect(pageMessage('vimtron: lost the connection\nvimtron: your seat is gone (INVALID_TOKEN)')).toBe('lost the connection\nyour seat is gone (INVALID_TOKEN)');
    expect(pageMessage('game over, vimtron: fine')).toBe('game over, vimtron: fine');
  });
});
