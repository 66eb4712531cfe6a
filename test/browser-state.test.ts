import { describe, expect, it } from 'vitest';
import { initialBrowserState, pressBrowserKey, withGames, type BrowserState } from '../client/browser-state.js';
import type { GameSummary } from '../shared/protocol/server-messages.js';

const game = (name: string, players = 1): GameSummary => ({
  name,
  players,
  bots: 0,
  maxPlayers: 2,
  phase: 'waiting',
  width: 60,
  height: 20,
  playerNames: Array.from({ length: players }, (_, index) => `p${index + 1}`),
});
const listed = withGames(initialBrowserState, [game('alpha'), game('bravo'), game('charlie')]);

/** Presses each key in turn from `state`; the last step's command and the state it leaves. */
function press(state: BrowserState, ...keys: string[]) {
  let step = { state, command: { kind: 'none' } as ReturnType<typeof pressBrowserKey>['command'] };
  for (const key of keys) step = pressBrowserKey(step.state, key);
  return step;
}

describe('the game browser', () => {
  it('selects the first game when the list first comes, and keeps the selected game selected as the list changes', () => {
    expect(listed.selected).toBe('alpha');
    const moved = press(listed, 'j').state;
    expect(moved.selected).toBe('bravo');
    expect(withGames(moved, [game('zulu'), game('alpha'), game('bravo')]).selected).toBe('bravo');
  });

  it('moves the selection to the nearest row when the selected game is gone, and to none when every game is', () => {
    const onCharlie = press(listed, 'G').state;
    expect(withGames(onCharlie, [game('alpha'), game('bravo')]).selected).toBe('bravo');
    expect(withGames(press(listed, 'j').state, [game('alpha'), game('charlie')]).selected).toBe('charlie');
    expect(withGames(listed, []).selected).toBeNull();
  });

  it('moves with j and k and the arrows, stopping at either end', () => {
    expect(press(listed, 'j', 'j', 'j', 'j').state.selected).toBe('charlie');
    expect(press(listed, '\x1b[B', '\x1b[B', '\x1b[A').state.selected).toBe('bravo');
    expect(press(listed, 'k').state.selected).toBe('alpha');
    expect(press(listed, 'G', 'g').state.selected).toBe('alpha');
  });

  it('joins the selected game on enter, and does nothing on enter with no game', () => {
    expect(press(listed, 'j', '\r').command).toEqual({ kind: 'play', target: { action: 'join', name: 'bravo' } });
    expect(press(withGames(initialBrowserState, []), '\r').command).toEqual({ kind: 'none' });
  });

  it('watches the selected game on w, and does nothing on w with no game', () => {
    expect(press(listed, 'j', 'w').command).toEqual({ kind: 'play', target: { action: 'watch', name: 'bravo' } });
    expect(press(withGames(initialBrowserState, []), 'w').command).toEqual({ kind: 'none' });
    // In the create form, w is a letter of the name.
    expect(press(listed, 'c', '\t', 'w').state.form).toMatchObject({ name: 'w' });
  });

  it('quits on q and on ctrl-c, even with the form open', () => {
    expect(press(listed, 'q').command).toEqual({ kind: 'quit' });
    expect(press(listed, 'c', '\x03').command).toEqual({ kind: 'quit' });
  });

  it('creates a game from the form: seats, then a name or none', () => {
    expect(press(listed, 'c', '\r', '\r').command).toEqual({ kind: 'play', target: { action: 'create', players: 2 } });
    expect(press(listed, 'c', '4', '\t', 'D', 'u', 'e', 'l', '\r').command).toEqual({
      kind: 'play',
      target: { action: 'create', players: 4, name: 'duel' },
    });
    expect(press(listed, 'c', '\r', 'x', 'y', '\x7f', 'z', '\r').command).toEqual({ kind: 'play', target: { action: 'create', players: 2, name: 'xz' } });
  });

  it('refuses seats out of range and a name the lobby would refuse, saying why, and keeps the form', () => {
    const noSeats = press(listed, 'c', '9', '\r');
    expect(noSeats.command).toEqual({ kind: 'none' });
    expect(noSeats.state.form).toMatchObject({ field: 'seats', seats: '9', problem: 'seats must be a number from 1 to 6' });
    const badName = press(listed, 'c', '\t', '-', 'x', '\r');
    expect(badName.command).toEqual({ kind: 'none' });
    expect(badName.state.form).toMatchObject({
      field: 'name',
      name: '-x',
      problem: 'the name may contain only letters a-z, digits, "-" and "_", and must start with a letter or digit',
    });
  });

  it('ignores letters in the seats field and escape sequences in the name, and closes the form on esc', () => {
    expect(press(listed, 'c', 'a', '\x1b[C').state.form).toMatchObject({ seats: '2', name: '' });
    expect(press(listed, 'c', '\t', '\x1b[C', 'a').state.form).toMatchObject({ name: 'a' });
    const closed = press(listed, 'c', '\x1b');
    expect(closed.state.form).toBeNull();
    expect(closed.command).toEqual({ kind: 'none' });
    expect(press(listed, 'c', '\x1b', 'j').state.selected).toBe('bravo');
  });
});
