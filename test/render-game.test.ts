import { describe, expect, it } from 'vitest';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from '../client/glyphs.js';
import { hintText, renderGame, requiredSize, statusSegments, wrapWords, type RenderInput } from '../client/render-game.js';
import { cellAt, diffScreens, screenText } from '../client/screen-buffer.js';
import type { GameView } from '../shared/client/game-view.js';
import type { CycleView } from '../shared/protocol/server-messages.js';

function cycle(number: number, fields: Partial<CycleView> = {}): CycleView {
  return {
    number,
    x: 2,
    y: 2,
    direction: 'right',
    inserting: false,
    status: 'alive',
    alive: true,
    ready: false,
    seated: true,
    ...fields,
  };
}

/** A 12x5 arena: interior x 1..10, y 1..3. */
function view(fields: Partial<GameView> = {}): GameView {
  return {
    width: 12,
    height: 5,
    tick: 10,
    phase: 'running',
    round: 1,
    countdown: 0,
    winner: null,
    cycles: [cycle(1, { x: 2, y: 2 }), cycle(2, { x: 8, y: 1, direction: 'down' })],
    walls: new Array<number>(60).fill(0),
    ...fields,
  };
}

function input(fields: Partial<RenderInput> = {}): RenderInput {
  return {
    columns: 12,
    rows: 7,
    gameName: 'duel',
    me: 1,
    view: view(),
    notice: null,
    connection: null,
    glyphs: ASCII_GLYPHS,
    ...fields,
  };
}

function withWalls(cells: readonly [number, number, number][]): number[] {
  const walls = new Array<number>(60).fill(0);
  for (const [x, y, owner] of cells) walls[y * 12 + x] = owner;
  return walls;
}

describe('renderGame', () => {
  it('needs the arena plus two status rows', () => {
    expect(requiredSize({ width: 80, height: 22 })).toEqual({ columns: 80, rows: 24 });
  });

  it('draws the border, each head by direction, and the status and hint lines under the arena', () => {
    const screen = renderGame(input({ columns: 12, rows: 7 }));
    expect(screenText(screen)).toEqual([
      '+----------+',
      '|       v  |',
      '| >        |',
      '|          |',
      '+----------+',
      'game duel  r',
      'h j k l: tur',
    ]);
  });

  it('draws with box-drawing characters and triangles in a UTF-8 terminal', () => {
    const screen = renderGame(input({ columns: 12, rows: 7, glyphs: UNICODE_GLYPHS }));
    expect(screenText(screen).slice(0, 5)).toEqual([
      '┌──────────┐',
      '│       ▼  │',
      '│ ▶        │',
      '│          │',
      '└──────────┘',
    ]);
  });

  it('centres the arena and its status rows in a larger terminal', () => {
    const screen = renderGame(input({ columns: 16, rows: 11 }));
    const lines = screenText(screen);
    expect(lines[1]).toBe('                ');
    expect(lines[2]).toBe('  +----------+  ');
    expect(lines[8]).toBe('  h j k l: turn ');
  });

  it('redraws only the two cells a moving cycle changes from one tick to the next', () => {
    const before = renderGame(input({ view: view({ tick: 10, cycles: [cycle(1, { x: 2, y: 2 })] }) }));
    const after = renderGame(input({ view: view({ tick: 11, cycles: [cycle(1, { x: 3, y: 2 })] }) }));
    expect(diffScreens(before, after)).toBe('\x1b[3;3H \x1b[0;1;7;96m>\x1b[0m');
  });

  it('colours each player: walls in their colour, their own head bold in reverse video, others bold', () => {
    const screen = renderGame(input({ view: view({ walls: withWalls([[1, 2, 1], [8, 2, 2]]) }) }));
    expect(cellAt(screen, 1, 2)).toEqual({ char: '#', style: '96' });
    expect(cellAt(screen, 8, 2)).toEqual({ char: '#', style: '95' });
    expect(cellAt(screen, 2, 2)).toEqual({ char: '>', style: '1;7;96' });
    expect(cellAt(screen, 8, 1)).toEqual({ char: 'v', style: '1;95' });
  });

  it('shows an explosion as a blast with sparks that alternate between a + and an x shape', () => {
    const exploding = cycle(2, { x: 5, y: 2, status: 'exploding', alive: false });
    const even = renderGame(input({ view: view({ tick: 10, cycles: [cycle(1, { x: 2, y: 1 }), exploding] }) }));
    expect(screenText(even).slice(1, 4)).toEqual([
      '| >  +     |',
      '|   +*+    |',
      '|    +     |',
    ]);
    expect(cellAt(even, 5, 2)).toEqual({ char: '*', style: '1;93;41' });
    expect(cellAt(even, 6, 2)).toEqual({ char: '+', style: '93' });
    const odd = renderGame(input({ view: view({ tick: 11, cycles: [cycle(1, { x: 2, y: 1 }), exploding] }) }));
    expect(screenText(odd).slice(1, 4)).toEqual([
      '| > + +    |',
      '|    *     |',
      '|   + +    |',
    ]);
  });

  it('keeps sparks off walls, heads and the border', () => {
    const exploding = cycle(2, { x: 1, y: 1, status: 'exploding', alive: false });
    const screen = renderGame(
      input({ view: view({ tick: 10, cycles: [cycle(1, { x: 1, y: 2, direction: 'up' }), exploding], walls: withWalls([[2, 1, 1]]) }) }),
    );
    expect(screenText(screen).slice(0, 3)).toEqual([
      '+----------+',
      '|*#        |',
      '|^         |',
    ]);
  });

  it('draws neither dead cycles nor empty seats', () => {
    const screen = renderGame(
      input({
        view: view({
          cycles: [cycle(1, { x: 2, y: 2, status: 'dead', alive: false }), cycle(2, { x: 8, y: 1, seated: false })],
        }),
      }),
    );
    expect(screenText(screen).slice(1, 4)).toEqual([
      '|          |',
      '|          |',
      '|          |',
    ]);
  });

  it('asks for a bigger terminal, naming both sizes, when the arena does not fit', () => {
    const screen = renderGame(input({ columns: 30, rows: 6, glyphs: UNICODE_GLYPHS }));
    expect(screenText(screen)).toEqual([
      '                              ',
      ' terminal is 30x6; this game  ',
      '  needs 12x7 — enlarge it or  ',
      '           press q            ',
      '                              ',
      '                              ',
    ]);
    expect(cellAt(screen, 1, 1)?.style).toBe('1;91');
  });

  it('says which game it is joining until the first snapshot arrives', () => {
    const screen = renderGame(input({ columns: 30, rows: 3, view: null }));
    expect(screenText(screen)[1]).toBe('     joining game duel...     ');
  });

  it('shows how a reconnect stands in yellow, before any notice or hint', () => {
    const screen = renderGame(input({ columns: 40, notice: 'NOT_IN_GAME: you are not in a game', connection: 'connection lost; reconnecting' }));
    expect(screenText(screen)[6]).toBe('              connection lost; reconnect');
    expect(cellAt(screen, 14, 6)?.style).toBe('1;93');
  });

  it('shows how a reconnect stands in place of the joining line before the first snapshot', () => {
    const screen = renderGame(input({ columns: 30, rows: 3, view: null, connection: 'reconnecting' }));
    expect(screenText(screen)[1]).toBe('         reconnecting         ');
    expect(cellAt(screen, 9, 1)?.style).toBe('1;93');
  });

  it('shows a notice from the lobby in red instead of the key hints', () => {
    const screen = renderGame(input({ columns: 40, notice: 'NOT_IN_GAME: you are not in a game' }));
    expect(screenText(screen)[6]).toBe('              NOT_IN_GAME: you are not i');
    expect(cellAt(screen, 14, 6)?.style).toBe('1;91');
  });
});

describe('statusSegments', () => {
  const text = (segments: { text: string }[]) => segments.map((segment) => segment.text).join('  ');

  it('shows the players seated and ready while waiting', () => {
    const waiting = view({ phase: 'waiting', cycles: [cycle(1, { ready: true }), cycle(2, { seated: false })] });
    expect(text(statusSegments(waiting, 1, 'duel', UNICODE_GLYPHS))).toBe('game duel  waiting  players 1/2  ready 1/1  you ● 1');
  });

  it('shows the countdown in seconds', () => {
    const countdown = view({ phase: 'countdown', countdown: 25 });
    expect(text(statusSegments(countdown, 2, 'duel', ASCII_GLYPHS))).toBe('game duel  countdown 3  players 2/2  you o 2');
  });

  it('starts with -- INSERT -- in bold while your cycle inserts, as vim does', () => {
    const inserting = view({ cycles: [cycle(1, { inserting: true }), cycle(2)] });
    const segments = statusSegments(inserting, 1, 'duel', UNICODE_GLYPHS);
    expect(segments[0]).toEqual({ text: '-- INSERT --', style: '1' });
    expect(text(segments)).toBe('-- INSERT --  game duel  running  alive 2/2  you ● 1');
    expect(text(statusSegments(inserting, 2, 'duel', UNICODE_GLYPHS))).toBe('game duel  running  alive 2/2  you ● 2');
  });

  it('counts the cycles still alive among the seated', () => {
    const running = view({ cycles: [cycle(1), cycle(2, { status: 'exploding', alive: false }), cycle(3)] });
    expect(text(statusSegments(running, 1, 'duel', UNICODE_GLYPHS))).toBe('game duel  running  alive 2/3  you ● 1');
  });

  it('names the winner, you, a draw, or the end of a practice round', () => {
    const dead = cycle(2, { status: 'dead', alive: false });
    expect(text(statusSegments(view({ phase: 'finished', winner: 1, cycles: [cycle(1), dead] }), 1, 'duel', UNICODE_GLYPHS))).toBe(
      'game duel  finished  you win!  alive 1/2  you ● 1',
    );
    expect(text(statusSegments(view({ phase: 'finished', winner: 1, cycles: [cycle(1), dead] }), 2, 'duel', UNICODE_GLYPHS))).toBe(
      'game duel  finished  player 1 wins  alive 1/2  you ● 2',
    );
    const bothDead = [cycle(1, { status: 'dead', alive: false }), dead];
    expect(text(statusSegments(view({ phase: 'finished', cycles: bothDead }), 1, 'duel', UNICODE_GLYPHS))).toBe(
      'game duel  finished  draw  alive 0/2  you ● 1',
    );
    const practice = view({ phase: 'finished', cycles: [cycle(1, { status: 'exploding', alive: false })] });
    expect(text(statusSegments(practice, 1, 'practice', UNICODE_GLYPHS))).toBe('game practice  finished  round over  alive 0/1  you ● 1');
  });
});

describe('hintText', () => {
  it('offers the keys that make sense in each phase', () => {
    expect(hintText(view({ phase: 'waiting' }), 1)).toBe('i: ready   q: quit');
    expect(hintText(view({ phase: 'waiting', cycles: [cycle(1, { ready: true })] }), 1)).toBe(
      'waiting for the other players   esc: not ready   q: quit',
    );
    expect(hintText(view({ phase: 'countdown' }), 1)).toBe('h j k l: plan your first turn   esc: not ready   q: quit');
    expect(hintText(view(), 1)).toBe('h j k l: turn   i: INSERT (leave a wall)   q: quit');
    expect(hintText(view({ cycles: [cycle(1, { inserting: true })] }), 1)).toBe('esc: stop inserting (then you can turn)   q: quit');
    expect(hintText(view({ cycles: [cycle(1, { status: 'dead', alive: false })] }), 1)).toBe(
      'you crashed; the round ends when one cycle is left   q: quit',
    );
    expect(hintText(view({ phase: 'finished' }), 1)).toBe('i: ready for a rematch   q: quit');
    expect(hintText(view({ phase: 'finished', cycles: [cycle(1, { ready: true })] }), 1)).toBe(
      'waiting for the others to press i   esc: not ready   q: quit',
    );
    expect(hintText(view(), 5)).toBe('q: quit');
  });
});

describe('wrapWords', () => {
  it('breaks between words and cuts a word longer than the width', () => {
    expect(wrapWords('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrapWords('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapWords('anything', 0)).toEqual([]);
  });
});
