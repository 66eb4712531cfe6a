import { describe, expect, it } from 'vitest';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from '../client/glyphs.js';
import { PALETTE_8, playerColour } from '../client/palette.js';
import { scoreReport } from '../client/score-table.js';
import type { GameView } from '../shared/client/game-view.js';
import type { CycleView, SeatView } from '../shared/protocol/server-messages.js';

const styleOf = (number: number) => playerColour(PALETTE_8, number);

function cycle(number: number, seated = true): CycleView {
  return { number, x: 2, y: 2, direction: 'up', inserting: false, status: 'alive', alive: true, ready: false, seated, bot: false };
}

function view(seats: readonly SeatView[], cycles: readonly CycleView[], round = 3): GameView {
  return { width: 20, height: 10, tick: 99, phase: 'finished', round, countdown: 0, readyIn: 0, winner: null, cycles, walls: [], seats };
}

describe('scoreReport', () => {
  it('lists the seated players with a dot in their colour, their wins and crashes, under the game and its rounds', () => {
    const seats = [
      { number: 1, name: 'ana', wins: 2, crashes: 1 },
      { number: 2, name: 'bartholomew', wins: 10, crashes: 12 },
      { number: 3, name: 'cy', wins: 0, crashes: 3 },
    ];
    const report = scoreReport(view(seats, [cycle(1), cycle(2), cycle(3, false)]), 'duel', UNICODE_GLYPHS, styleOf);
    expect(report).toBe(
      [
        'game duel, 3 rounds:',
        '  PLAYER       WINS  CRASHES',
        '\x1b[36m●\x1b[0m ana             2        1',
        '\x1b[35m●\x1b[0m bartholomew    10       12',
        '',
      ].join('\n'),
    );
  });

  it('says one round, not one rounds', () => {
    const report = scoreReport(view([{ number: 1, name: 'solo', wins: 0, crashes: 1 }], [cycle(1)], 1), 'practice', ASCII_GLYPHS, styleOf);
    expect(report.split('\n')[0]).toBe('game practice, 1 round:');
    expect(report.split('\n')[2]).toBe('\x1b[36mo\x1b[0m solo       0        1');
  });

  it('is empty when no round was played to its end', () => {
    const seats = [
      { number: 1, name: 'ana', wins: 0, crashes: 0 },
      { number: 2, name: 'bo', wins: 0, crashes: 0 },
    ];
    expect(scoreReport(view(seats, [cycle(1), cycle(2)], 1), 'duel', UNICODE_GLYPHS, styleOf)).toBe('');
  });
});
