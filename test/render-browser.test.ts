import { describe, expect, it } from 'vitest';
import { initialBrowserState, pressBrowserKey, withGames } from '../client/browser-state.js';
import { PALETTE_256, PALETTE_8 } from '../client/palette.js';
import { renderBrowser } from '../client/render-browser.js';
import { cellAt, screenText } from '../client/screen-buffer.js';
import type { GameSummary } from '../shared/protocol/server-messages.js';

const game = (name: string, players: number, phase: GameSummary['phase'] = 'waiting', playerNames: string[] = []): GameSummary => ({
  name,
  players,
  bots: 0,
  maxPlayers: 2,
  phase,
  width: 60,
  height: 20,
  playerNames,
});
const base = { columns: 50, rows: 10, url: 'ws://127.0.0.1:8766', notice: null, connection: null, palette: PALETTE_8 };

describe('renderBrowser', () => {
  it('draws the games as a table with who plays in each, the selected row marked and highlighted, and the key hints', () => {
    const state = pressBrowserKey(withGames(initialBrowserState, [game('duel', 1, 'waiting', ['ana']), game('arena-2', 2, 'running', ['bo', 'cy'])]), 'j').state;
    const screen = renderBrowser({ ...base, columns: 60, state });
    expect(screenText(screen).map((line) => line.trimEnd())).toEqual([
      'vimtron: games on ws://127.0.0.1:8766',
      '',
      '  GAME     PLAYERS  PHASE    ARENA  NAMES',
      '  duel     1/2      waiting  60x20  ana',
      '> arena-2  2/2      running  60x20  bo, cy',
      '',
      '',
      '',
      '',
      'j/k: move   enter: join   w: watch   c: create   q: quit',
    ]);
    expect(cellAt(screen, 2, 4)!.style).toBe('7');
    expect(cellAt(screen, 2, 3)!.style).toBe('');
  });

  it('says the lobby is being asked, then that there are no games, and shows a connection problem over the notice', () => {
    expect(screenText(renderBrowser({ ...base, state: initialBrowserState }))[2]!.trim()).toBe('asking the lobby for its games...');
    const empty = renderBrowser({ ...base, state: withGames(initialBrowserState, []), notice: 'you left game duel', connection: 'cannot reach the lobby' });
    expect(screenText(empty)[2]!.trim()).toBe('no games yet: press c to create one');
    expect(screenText(empty)[8]!.trim()).toBe('cannot reach the lobby');
    // In the palette's colour, which reads on light terminals too (bright yellow does not).
    expect(cellAt(empty, 0, 8)!.style).toBe('1;33');
    expect(cellAt(renderBrowser({ ...base, palette: PALETTE_256, state: initialBrowserState, notice: 'gone' }), 0, 8)!.style).toBe('1;38;5;136');
  });

  it('scrolls by pages to keep the selected game on screen, and says which rows are shown', () => {
    const games = Array.from({ length: 9 }, (_, index) => game(`game-${index}`, 1));
    let state = withGames(initialBrowserState, games);
    for (let press = 0; press < 5; press++) state = pressBrowserKey(state, 'j').state;
    const lines = screenText(renderBrowser({ ...base, state })).map((line) => line.trimEnd());
    // 10 rows: 3 above the list and 3 below leave 4 rows of games, and game-5 is on the second page.
    expect(lines.slice(3, 8)).toEqual(['  game-4  1/2      waiting  60x20', '> game-5  1/2      waiting  60x20', '  game-6  1/2      waiting  60x20', '  game-7  1/2      waiting  60x20', '  5-8 of 9']);
  });

  it('draws the create form with the field being typed in, its problem, and the form hints', () => {
    const state = ['c', '9', '\r'].reduce((current, key) => pressBrowserKey(current, key).state, withGames(initialBrowserState, []));
    const lines = screenText(renderBrowser({ ...base, columns: 70, state })).map((line) => line.trimEnd());
    expect(lines.slice(2, 7)).toEqual([
      '  create a game',
      '  seats: 9_                          1-6',
      '  name:                              empty: the lobby picks one',
      '',
      '  seats must be a number from 1 to 6',
    ]);
    expect(lines[9]).toBe('tab: next field   enter: create   esc: cancel');
  });
});
