import { describe, expect, it } from 'vitest';
import type { GameSummary } from '../shared/protocol/server-messages.js';
import { canJoin, createTarget, initialListState, joinTarget, playerNameOf, selectedIndex, selectRow, withGames } from '../web/game-list.js';

function game(name: string, fields: Partial<GameSummary> = {}): GameSummary {
  return { name, players: 1, maxPlayers: 2, phase: 'waiting', width: 80, height: 22, bots: 0, playerNames: ['ana'], ...fields };
}

describe('the game list of the browser client', () => {
  it('sorts the games by name and selects the first when nothing was selected', () => {
    const state = withGames(initialListState, [game('zeta'), game('alpha'), game('mid')]);
    expect(state.games!.map((listed) => listed.name)).toEqual(['alpha', 'mid', 'zeta']);
    expect(state.selected).toBe('alpha');
    expect(withGames(initialListState, []).selected).toBeNull();
  });

  it('keeps the selected game selected when games come and go around it, and moves to the nearest row when it is gone', () => {
    let state = withGames(initialListState, [game('a'), game('b'), game('c')]);
    state = selectRow(state, 1);
    expect(state.selected).toBe('b');
    state = withGames(state, [game('0'), game('a'), game('b'), game('c')]);
    expect([state.selected, selectedIndex(state)]).toEqual(['b', 2]);
    state = withGames(state, [game('0'), game('a'), game('c')]);
    expect(state.selected).toBe('c');
    state = withGames(state, [game('0')]);
    expect(state.selected).toBe('0');
  });

  it('keeps the selection inside the list', () => {
    const state = withGames(initialListState, [game('a'), game('b')]);
    expect(selectRow(state, -5).selected).toBe('a');
    expect(selectRow(state, 9).selected).toBe('b');
    expect(selectRow(initialListState, 0).selected).toBeNull();
  });

  it('offers a join only for a free seat between rounds', () => {
    expect(canJoin(game('a'))).toBe(true);
    expect(canJoin(game('a', { phase: 'finished' }))).toBe(true);
    expect(canJoin(game('a', { players: 2 }))).toBe(false);
    expect(canJoin(game('a', { phase: 'running' }))).toBe(false);
    expect(canJoin(game('a', { phase: 'countdown' }))).toBe(false);
  });

  it('offers a join of a seat a bot holds while no round runs: the newcomer takes the bot\'s seat', () => {
    expect(canJoin(game('a', { players: 1, bots: 1 }))).toBe(true);
    expect(canJoin(game('a', { players: 1, bots: 1, phase: 'countdown' }))).toBe(true);
    expect(canJoin(game('a', { players: 1, bots: 1, phase: 'finished' }))).toBe(true);
    expect(canJoin(game('a', { players: 1, bots: 1, phase: 'running' }))).toBe(false);
    expect(canJoin(game('a', { players: 2, bots: 0 }))).toBe(false);
  });

  it('asks for bots on seats the creator does not take, none when the field is empty or 0', () => {
    expect(createTarget('4', 'rush', 'ana', '3')).toEqual({ target: { action: 'create', players: 4, name: 'rush', playerName: 'ana', bots: 3 } });
    expect(createTarget('4', '', '', '0')).toEqual({ target: { action: 'create', players: 4 } });
    expect(createTarget('4', '', '', ' ')).toEqual({ target: { action: 'create', players: 4 } });
    for (const bots of ['4', '-1', '1.5', 'x']) {
      expect([bots, createTarget('4', '', '', bots)]).toEqual([bots, { problem: 'bots must be a number from 0 to 3, one fewer than seats: you take a seat' }]);
    }
    expect(createTarget('1', '', '', '1')).toEqual({ problem: 'bots must be a number from 0 to 0, one fewer than seats: you take a seat' });
  });

  it('checks the create form as the lobby would: seats 1 to 6 and a game name by the name rules, or none', () => {
    expect(createTarget('2', '')).toEqual({ target: { action: 'create', players: 2 } });
    expect(createTarget(' 6 ', '  Duel ')).toEqual({ target: { action: 'create', players: 6, name: 'duel' } });
    for (const seats of ['', '0', '7', '2.5', 'two', '-1']) {
      expect([seats, createTarget(seats, '')]).toEqual([seats, { problem: 'seats must be a number from 1 to 6' }]);
    }
    expect(createTarget('2', 'no spaces')).toEqual({
      problem: 'the game name may contain only letters a-z, digits, "-" and "_", and must start with a letter or digit',
    });
    expect(createTarget('2', 'x'.repeat(25))).toEqual({ problem: 'the game name must be at most 24 characters' });
  });

  it('sends the player\'s name, checked by the player name rules with its case kept, or none when it is empty', () => {
    expect(playerNameOf('  ')).toEqual({ playerName: undefined });
    expect(playerNameOf(' Ana ')).toEqual({ playerName: 'Ana' });
    expect(playerNameOf('Ana B')).toEqual({ problem: 'your name may contain only letters a-z, digits, "-" and "_", and must start with a letter or digit' });
    expect(createTarget('3', 'duel', 'Ana')).toEqual({ target: { action: 'create', players: 3, name: 'duel', playerName: 'Ana' } });
    expect(createTarget('3', '', 'Ana')).toEqual({ target: { action: 'create', players: 3, playerName: 'Ana' } });
    expect(createTarget('3', 'duel', '-x')).toEqual({ problem: 'your name may contain only letters a-z, digits, "-" and "_", and must start with a letter or digit' });
    expect(joinTarget('duel', 'Bo')).toEqual({ target: { action: 'join', name: 'duel', playerName: 'Bo' } });
    expect(joinTarget('duel', '')).toEqual({ target: { action: 'join', name: 'duel' } });
    expect(joinTarget('duel', 'x'.repeat(25))).toEqual({ problem: 'your name must be at most 24 characters' });
  });
});
