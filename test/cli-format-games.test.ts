import { describe, expect, it } from 'vitest';
import { formatGames } from '../cli/format-games.js';

describe('formatGames', () => {
  it('says "no games" when the lobby has none', () => {
    expect(formatGames([])).toBe('no games\n');
  });

  it('aligns one row per game under a header, with the names of who plays in it', () => {
    expect(
      formatGames([
        { name: 'duel', players: 1, bots: 0, maxPlayers: 2, phase: 'waiting', width: 80, height: 22, playerNames: ['ana'] },
        {
          name: 'neon-falcon',
          players: 6,
          bots: 0,
          maxPlayers: 6,
          phase: 'running',
          width: 200,
          height: 100,
          playerNames: ['bo', 'Cyrus', 'dee', 'player-4', 'ana', 'ana-2'],
        },
        { name: 'empty', players: 0, bots: 0, maxPlayers: 3, phase: 'waiting', width: 40, height: 20, playerNames: [] },
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
  it('counts the seats bots hold apart from the people, one bot or several', () => {
    expect(
      formatGames([
        { name: 'practice', players: 1, bots: 3, maxPlayers: 4, phase: 'running', width: 80, height: 22, playerNames: ['ana'] },
        { name: 'trio', players: 2, bots: 1, maxPlayers: 3, phase: 'waiting', width: 40, height: 20, playerNames: ['bo', 'cy'] },
      ]),
    ).toBe(
      [
        'GAME      PLAYERS     PHASE    ARENA  NAMES',
        'practice  1+3 bots/4  running  80x22  ana',
        'trio      2+1 bot/3   waiting  40x20  bo, cy',
        '',
      ].join('\n'),
    );
  });
});
