import { describe, expect, it } from 'vitest';
import { formatGames } from '../cli/format-games.js';

describe('formatGames', () => {
  it('says "no games" when the lobby has none', () => {
    expect(formatGames([])).toBe('no games\n');
  });

  it('aligns one row per game under a header, with the names of who plays in it', () => {
    expect(
      formatGames([
        { name: 'duel', players: 1, maxPlayers: 2, phase: 'waiting', width: 80, height: 22, playerNames: ['ana'] },
        {
          name: 'neon-falcon',
          players: 6,
          maxPlayers: 6,
          phase: 'running',
          width: 200,
          height: 100,
          playerNames: ['bo', 'Cyrus', 'dee', 'player-4', 'ana', 'ana-2'],
        },
        { name: 'empty', players: 0, maxPlayers: 3, phase: 'waiting', width: 40, height: 20, playerNames: [] },
      ]),
    ).toBe(
      [
        'GAME         PLAYERS  PHASE    ARENA    NAMES',
        'duel         1/2      waiting  80x22    ana',
        'neon-falcon  6/6      running  200x100  bo, Cyrus, dee, player-4, ana, ana-2',
        'empty        0/3      waiting  40x20',
        '',
      ].join('\n'),
    );
  });
});
