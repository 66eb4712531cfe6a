import { describe, expect, it } from 'vitest';
import { formatGames } from '../cli/format-games.js';

describe('formatGames', () => {
  it('says "no games" when the lobby has none', () => {
    expect(formatGames([])).toBe('no games\n');
  });

  it('aligns one row per game under a header', () => {
    expect(
      formatGames([
        { name: 'duel', players: 1, maxPlayers: 2, phase: 'waiting', width: 80, height: 22 },
        { name: 'neon-falcon', players: 6, maxPlayers: 6, phase: 'running', width: 200, height: 100 },
      ]),
    ).toBe(
      [
        'GAME         PLAYERS  PHASE    ARENA',
        'duel         1/2      waiting  80x22',
        'neon-falcon  6/6      running  200x100',
        '',
      ].join('\n'),
    );
  });
});
