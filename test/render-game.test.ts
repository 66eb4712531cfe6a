import { describe, expect, it } from 'vitest';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from '../client/glyphs.js';
import { PALETTE_256, PALETTE_8, paletteFor } from '../client/palette.js';
import { hintText, renderGame, requiredSize, statusSegments, wrapWords, type RenderInput } from '../client/render-game.js';
import { cellAt, diffScreens, screenText } from '../client/screen-buffer.js';
import type { GameView } from '../shared/client/game-view.js';
import type { CycleView, SeatView } from '../shared/protocol/server-messages.js';

/** Six seats with short names: ana, bo, cy, dee, eve, fay. */
const SEATS: readonly SeatView[] = ['ana', 'bo', 'cy', 'dee', 'eve', 'fay'].map((name, index) => ({
  number: index + 1,
  name,
  wins: 0,
  crashes: 0,
}));

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
    bot: false,
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
    readyIn: 0,
    winner: null,
    cycles: [cycle(1, { x: 2, y: 2 }), cycle(2, { x: 8, y: 1, direction: 'down' })],
    walls: new Array<number>(60).fill(0),
    seats: SEATS,
    ...fields,
  };
}

function input(fields: Partial<RenderInput> = {}): RenderInput {
  return {
    columns: 12,
    rows: 7,
    gameName: 'duel',
    me: 1,
    watching: false,
    watchers: 0,
    view: view(),
    notice: null,
    news: null,
    leavers: [],
    connection: null,
    help: false,
    glyphs: ASCII_GLYPHS,
    palette: PALETTE_8,
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
    expect(diffScreens(before, after)).toBe('\x1b[3;3H \x1b[0;1;7;36m>\x1b[0m');
  });

  it('colours each player: walls in their colour, their own head bold in reverse video, others bold', () => {
    const screen = renderGame(input({ view: view({ walls: withWalls([[1, 2, 1], [8, 2, 2]]) }) }));
    expect(cellAt(screen, 1, 2)).toEqual({ char: '#', style: '36' });
    expect(cellAt(screen, 8, 2)).toEqual({ char: '#', style: '35' });
    expect(cellAt(screen, 2, 2)).toEqual({ char: '>', style: '1;7;36' });
    expect(cellAt(screen, 8, 1)).toEqual({ char: 'v', style: '1;35' });
    const rich = renderGame(input({ palette: PALETTE_256, view: view({ walls: withWalls([[1, 2, 1], [8, 2, 2]]) }) }));
    expect(cellAt(rich, 1, 2)).toEqual({ char: '#', style: '38;5;30' });
    expect(cellAt(rich, 8, 1)).toEqual({ char: 'v', style: '1;38;5;164' });
  });

  it('shows an explosion as a blast with sparks that alternate between a + and an x shape', () => {
    const exploding = cycle(2, { x: 5, y: 2, status: 'exploding', alive: false });
    const even = renderGame(input({ view: view({ tick: 10, cycles: [cycle(1, { x: 2, y: 1 }), exploding] }) }));
    expect(screenText(even).slice(1, 4)).toEqual([
      '| >  +     |',
      '|   +*+    |',
      '|    +     |',
    ]);
    expect(cellAt(even, 5, 2)).toEqual({ char: '*', style: '1;7' });
    expect(cellAt(even, 6, 2)).toEqual({ char: '+', style: '1' });
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
    expect(cellAt(screen, 1, 1)?.style).toBe('1;31');
  });

  it('says which game it is joining until the first snapshot arrives', () => {
    const screen = renderGame(input({ columns: 30, rows: 3, view: null }));
    expect(screenText(screen)[1]).toBe('     joining game duel...     ');
  });

  it('says which game a spectator is watching until the first snapshot arrives', () => {
    const screen = renderGame(input({ columns: 30, rows: 3, view: null, me: 0, watching: true }));
    expect(screenText(screen)[1]).toBe('    watching game duel...     ');
  });

  it('tells a spectator that it watches, and that its keys are not sent, whatever the phase', () => {
    const wide = view({ width: 60, walls: new Array<number>(300).fill(0) });
    const lines = screenText(renderGame(input({ columns: 60, view: wide, me: 0, watching: true, watchers: 2 })));
    expect(lines[5]!.trimEnd()).toBe('game duel  running  alive 2/2  2 watching  you are watching');
    expect(lines[6]!.trimEnd()).toBe('you are watching: keys are not sent   ?: help   q: quit');
  });

  it('shows how a reconnect stands in yellow, before any notice or hint', () => {
    const screen = renderGame(input({ columns: 40, notice: 'NOT_IN_GAME: you are not in a game', connection: 'connection lost; reconnecting' }));
    expect(screenText(screen)[6]).toBe('              connection lost; reconnect');
    expect(cellAt(screen, 14, 6)?.style).toBe('1;33');
  });

  it('shows how a reconnect stands in place of the joining line before the first snapshot', () => {
    const screen = renderGame(input({ columns: 30, rows: 3, view: null, connection: 'reconnecting' }));
    expect(screenText(screen)[1]).toBe('         reconnecting         ');
    expect(cellAt(screen, 9, 1)?.style).toBe('1;33');
  });

  it('shows a notice from the lobby in red instead of the key hints', () => {
    const screen = renderGame(input({ columns: 40, notice: 'NOT_IN_GAME: you are not in a game' }));
    expect(screenText(screen)[6]).toBe('              NOT_IN_GAME: you are not i');
    expect(cellAt(screen, 14, 6)?.style).toBe('1;31');
  });

  it('shows news of another player in bold instead of the key hints, but after an error from the lobby', () => {
    const screen = renderGame(input({ columns: 40, news: 'bo dropped - seat held 30 s' }));
    expect(screenText(screen)[6]).toBe('              bo dropped - seat held 30 ');
    expect(cellAt(screen, 14, 6)?.style).toBe('1');
    const both = renderGame(input({ columns: 40, news: 'bo joined', notice: 'RATE_LIMITED: slow down' }));
    expect(screenText(both)[6]).toBe('              RATE_LIMITED: slow down   ');
  });

  it('shows the scores between rounds: a table of the seated players over the arena, yours in bold', () => {
    const seats = [
      { number: 1, name: 'ana', wins: 2, crashes: 1 },
      { number: 2, name: 'bo', wins: 12, crashes: 3 },
      { number: 3, name: 'cy', wins: 0, crashes: 0 },
    ];
    const finished = {
      ...view({ phase: 'finished', winner: 2, seats, cycles: [cycle(1, { x: 1, y: 1 }), cycle(2, { x: 2, y: 1 }), cycle(3, { seated: false })] }),
      width: 40,
      height: 10,
      walls: new Array<number>(400).fill(0),
    };
    const screen = renderGame(input({ columns: 40, rows: 12, view: finished }));
    expect(screenText(screen).slice(2, 7)).toEqual([
      '|     +-------------------------+      |',
      '|     |   PLAYER  WINS  CRASHES |      |',
      '|     | o ana        2        1 |      |',
      '|     | o bo        12        3 |      |',
      '|     +-------------------------+      |',
    ]);
    expect(cellAt(screen, 8, 4)).toEqual({ char: 'o', style: '1;36' });
    expect(cellAt(screen, 10, 4)).toEqual({ char: 'a', style: '1;36' });
    expect(cellAt(screen, 30, 4)).toEqual({ char: '1', style: '1' });
    expect(cellAt(screen, 10, 5)).toEqual({ char: 'b', style: '35' });
    expect(cellAt(screen, 30, 5)).toEqual({ char: '3', style: '' });
    // Not while a round is on.
    const running = renderGame(input({ columns: 40, rows: 12, view: { ...finished, phase: 'running', winner: null } }));
    expect(screenText(running).some((line) => line.includes('PLAYER'))).toBe(false);
  });

  it('cuts the names in the score table to fit a narrow arena', () => {
    const seats = [{ number: 1, name: 'a-very-long-player-name', wins: 1, crashes: 0 }];
    const finished = { ...view({ phase: 'finished', seats, cycles: [cycle(1)] }), width: 30, height: 8, walls: new Array<number>(240).fill(0) };
    const lines = screenText(renderGame(input({ columns: 30, rows: 10, view: finished })));
    expect(lines.slice(2, 6)).toEqual([
      '|+--------------------------+|',
      '||   PLAYER   WINS  CRASHES ||',
      '|| o a-very-     1        0 ||',
      '|+--------------------------+|',
    ]);
  });
});

/** A 20x10 arena: interior x 1..18, y 1..8, room for the countdown's big digits. */
function roomyView(fields: Partial<GameView> = {}): GameView {
  return view({
    width: 20,
    height: 10,
    phase: 'countdown',
    countdown: 30,
    cycles: [cycle(1, { x: 10, y: 4 }), cycle(2, { x: 3, y: 8 })],
    walls: new Array<number>(200).fill(0),
    ...fields,
  });
}

describe('the countdown', () => {
  it('draws the seconds left as big block digits centred in the arena, under the cycles', () => {
    const screen = renderGame(input({ columns: 20, rows: 12, view: roomyView({ countdown: 30 }) }));
    expect(screenText(screen).slice(0, 10)).toEqual([
      '+------------------+',
      '|                  |',
      '|      ######      |',
      '|          ##      |',
      '|        #>##      |',
      '|          ##      |',
      '|      ######      |',
      '|                  |',
      '|  >               |',
      '+------------------+',
    ]);
    expect(cellAt(screen, 7, 2)).toEqual({ char: '#', style: '1' });
    // Your own cycle stays on top of the digit, so you still see where you start.
    expect(cellAt(screen, 10, 4)).toEqual({ char: '>', style: '1;7;36' });
  });

  it('counts 3, 2, 1 as the countdown runs, in solid blocks in a UTF-8 terminal', () => {
    const digitRows = (countdown: number) =>
      screenText(renderGame(input({ columns: 20, rows: 12, glyphs: UNICODE_GLYPHS, view: roomyView({ countdown, cycles: [] }) }))).slice(2, 7);
    expect(digitRows(21)).toEqual([
      '│      ██████      │',
      '│          ██      │',
      '│        ████      │',
      '│          ██      │',
      '│      ██████      │',
    ]);
    expect(digitRows(20)).toEqual([
      '│      ██████      │',
      '│          ██      │',
      '│      ██████      │',
      '│      ██          │',
      '│      ██████      │',
    ]);
    expect(digitRows(10)).toEqual([
      '│        ██        │',
      '│      ████        │',
      '│        ██        │',
      '│        ██        │',
      '│      ██████      │',
    ]);
  });

  it('leaves the arena clean once the round runs', () => {
    const counting = renderGame(input({ columns: 20, rows: 12, view: roomyView({ countdown: 1 }) }));
    const running = renderGame(input({ columns: 20, rows: 12, view: roomyView({ phase: 'running', countdown: 0 }) }));
    expect(screenText(counting).slice(1, 9).join('')).toContain('#');
    expect(screenText(running).slice(1, 9)).toEqual([
      '|                  |',
      '|                  |',
      '|                  |',
      '|         >        |',
      '|                  |',
      '|                  |',
      '|                  |',
      '|  >               |',
    ]);
  });

  it('leaves the digits out of an arena too small for them', () => {
    const screen = renderGame(input({ view: view({ phase: 'countdown', countdown: 30 }) }));
    expect(screenText(screen).slice(1, 4).join('')).not.toContain('#');
  });
});

describe('the key help', () => {
  it('is drawn in a box over the game, naming every key', () => {
    const screen = renderGame(input({ columns: 80, rows: 24, help: true, glyphs: UNICODE_GLYPHS, view: roomyView() }));
    expect(screenText(screen).slice(4, 20).map((line) => line.slice(8, 72))).toEqual([
      '┌─ vimtron keys ───────────────────────────────────────────────┐',
      '│ h j k l  turn left, down, up, right (during the countdown:   │',
      '│          plan your first turn)                               │',
      '│ i        ready for a round; while racing, INSERT mode: leave │',
      '│          a wall, no turning                                  │',
      '│ esc      take your ready back; while racing, stop inserting  │',
      '│ q        quit the game                                       │',
      '│ Ctrl-L   redraw the screen                                   │',
      '│ ?        show or hide this help                              │',
      '│                                                              │',
      '│ After a round ends, i readies you only 1 s later, so that a  │',
      '│ late INSERT does not start a rematch.                        │',
      '│                                                              │',
      '│ q quits; any other key closes this help.                     │',
      '└──────────────────────────────────────────────────────────────┘',
      '                                                                ',
    ]);
    expect(cellAt(screen, 10, 5)).toEqual({ char: 'h', style: '1' });
    // Nothing of the arena shows through the box: the digit and the heads under it are covered.
    expect(screenText(screen).slice(5, 18).join('')).not.toMatch(/[#>▶█]/);
  });

  it('wraps its text to a narrow terminal and stays inside it', () => {
    const screen = renderGame(input({ columns: 30, rows: 40, help: true, view: roomyView() }));
    const lines = screenText(screen);
    const top = lines.findIndex((line) => line.includes('vimtron keys'));
    expect(lines[top]).toBe('+- vimtron keys -------------+');
    expect(lines[top + 1]).toBe('| h j k l  turn left, down,  |');
    expect(lines[top + 2]).toBe('|          up, right (during |');
    expect(lines.some((line) => line.includes('| q quits; any other key     |'))).toBe(true);
  });

  it('is not drawn unless asked for', () => {
    const screen = renderGame(input({ columns: 80, rows: 24, view: roomyView() }));
    expect(screenText(screen).join('')).not.toContain('vimtron keys');
  });

  it('covers the request to enlarge the terminal too, so it works before the game fits', () => {
    const screen = renderGame(input({ columns: 70, rows: 20, help: true, view: view({ width: 100, height: 40 }) }));
    expect(screenText(screen).join('\n')).toContain('vimtron keys');
  });
});

describe('the palettes', () => {
  const palettes = { '256-colour': PALETTE_256, '8-colour': PALETTE_8 };

  it.each(Object.entries(palettes))('gives the six players and the explosion seven different colours (%s)', (_name, palette) => {
    // Each player sets a foreground colour of their own...
    expect(palette.players).toHaveLength(6);
    for (const player of palette.players) expect(player).toMatch(/^(3[0-7]|38;5;\d+)$/);
    expect(new Set(palette.players).size).toBe(6);
    // ...and the explosion sets none: it burns in the terminal's own foreground, which no player has.
    const setsForeground = (style: string) => style.split(';').some((part) => /^(3[0-8]|9[0-7])$/.test(part));
    expect(setsForeground(palette.blast)).toBe(false);
    expect(setsForeground(palette.spark)).toBe(false);
    expect(palette.blast).toBe('1;7');
    expect(palette.spark).toBe('1');
  });

  it('picks 256-colour players readable on both a black and a white background', () => {
    for (const style of PALETTE_256.players) {
      const match = /^38;5;(\d+)$/.exec(style);
      expect(match).not.toBeNull();
      const luminance = relativeLuminance(xtermCubeColour(Number(match![1])));
      // WCAG contrast ratios against pure black and pure white.
      expect((luminance + 0.05) / 0.05).toBeGreaterThanOrEqual(3.3);
      expect(1.05 / (luminance + 0.05)).toBeGreaterThanOrEqual(3.3);
    }
  });

  it('uses the 256-colour palette only where the terminal says it has one', () => {
    expect(paletteFor({ TERM: 'xterm-256color' })).toBe(PALETTE_256);
    expect(paletteFor({ TERM: 'tmux-256color' })).toBe(PALETTE_256);
    expect(paletteFor({ TERM: 'xterm', COLORTERM: 'truecolor' })).toBe(PALETTE_256);
    expect(paletteFor({ TERM: 'xterm' })).toBe(PALETTE_8);
    expect(paletteFor({ TERM: 'linux' })).toBe(PALETTE_8);
    expect(paletteFor({})).toBe(PALETTE_8);
  });
});

/** The RGB of an xterm colour from its 6x6x6 cube (16-231). */
function xtermCubeColour(index: number): [number, number, number] {
  if (index < 16 || index > 231) throw new RangeError(`not a cube colour: ${index}`);
  const levels = [0, 95, 135, 175, 215, 255];
  const offset = index - 16;
  return [levels[Math.floor(offset / 36)]!, levels[Math.floor(offset / 6) % 6]!, levels[offset % 6]!];
}

function relativeLuminance([red, green, blue]: [number, number, number]): number {
  const linear = (value: number) => {
    const channel = value / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

describe('statusSegments', () => {
  const text = (segments: { text: string; gap?: number }[]) =>
    segments.map((segment, index) => segment.text + (index < segments.length - 1 ? ' '.repeat(segment.gap ?? 2) : '')).join('');

  it('shows the players seated and ready while waiting', () => {
    const waiting = view({ phase: 'waiting', cycles: [cycle(1, { ready: true }), cycle(2, { seated: false })] });
    expect(text(statusSegments(waiting, 1, 'duel', UNICODE_GLYPHS, PALETTE_8))).toBe('game duel  waiting  players 1/2  ready 1/1  you ● ana');
  });

  it('shows the countdown in seconds', () => {
    const countdown = view({ phase: 'countdown', countdown: 25 });
    expect(text(statusSegments(countdown, 2, 'duel', ASCII_GLYPHS, PALETTE_8))).toBe('game duel  countdown 3  players 2/2  you o bo  o ana');
  });

  it('starts with -- INSERT -- in bold while your cycle inserts, as vim does', () => {
    const inserting = view({ cycles: [cycle(1, { inserting: true }), cycle(2)] });
    const segments = statusSegments(inserting, 1, 'duel', UNICODE_GLYPHS, PALETTE_8);
    expect(segments[0]).toEqual({ text: '-- INSERT --', style: '1' });
    expect(text(segments)).toBe('-- INSERT --  game duel  running  alive 2/2  you ● ana  ● bo');
    expect(text(statusSegments(inserting, 2, 'duel', UNICODE_GLYPHS, PALETTE_8))).toBe('game duel  running  alive 2/2  you ● bo  ● ana');
  });

  it('says how many watch when anyone does, and that you watch, before the players by name', () => {
    const waiting = view({ phase: 'waiting', cycles: [cycle(1, { ready: true }), cycle(2, { seated: false })] });
    const watched = (audience: { watching: boolean; watchers: number }, me = 1, shown = waiting) =>
      statusSegments(shown, me, 'duel', UNICODE_GLYPHS, PALETTE_8, [], Infinity, audience);
    expect(text(watched({ watching: false, watchers: 0 }))).toBe('game duel  waiting  players 1/2  ready 1/1  you ● ana');
    expect(text(watched({ watching: false, watchers: 3 }))).toBe('game duel  waiting  players 1/2  ready 1/1  3 watching  you ● ana');
    // A spectator has no seat: every player is listed by name, none as you.
    const spectator = watched({ watching: true, watchers: 1 }, 0, view());
    expect(text(spectator)).toBe('game duel  running  alive 2/2  1 watching  you are watching  ● ana  ● bo');
    expect(spectator.find((segment) => segment.text === 'you are watching')).toEqual({ text: 'you are watching', style: '1' });
  });

  it('counts the cycles still alive among the seated', () => {
    const running = view({ cycles: [cycle(1), cycle(2, { status: 'exploding', alive: false }), cycle(3)] });
    expect(text(statusSegments(running, 1, 'duel', UNICODE_GLYPHS, PALETTE_8))).toBe('game duel  running  alive 2/3  you ● ana  ● bo  ● cy');
  });

  it('counts the bots apart from the people, and names them bot-N beside their colours like anyone', () => {
    const seats = [
      { number: 1, name: 'ana', wins: 0, crashes: 0 },
      { number: 2, name: null, wins: 0, crashes: 0 },
      { number: 3, name: 'bot-3', wins: 0, crashes: 0 },
      { number: 4, name: 'bot-4', wins: 0, crashes: 0 },
    ];
    const bot = (number: number) => cycle(number, { ready: true, bot: true });
    const waiting = view({ phase: 'waiting', seats, cycles: [cycle(1), cycle(2, { seated: false, ready: false }), bot(3), bot(4)] });
    const segments = statusSegments(waiting, 1, 'rush', UNICODE_GLYPHS, PALETTE_8);
    expect(text(segments)).toBe('game rush  waiting  players 1+2 bots/4  ready 2/3  you ● ana  ● bot-3  ● bot-4');
    expect(segments.slice(-2).map((segment) => segment.style)).toStrictEqual([PALETTE_8.players[2], PALETTE_8.players[3]]);
    const won = view({ phase: 'finished', winner: 3, seats, cycles: [cycle(1, { status: 'dead', alive: false }), cycle(2, { seated: false }), bot(3), bot(4)] });
    expect(text(statusSegments(won, 1, 'rush', UNICODE_GLYPHS, PALETTE_8))).toBe('game rush  finished  bot-3 wins  alive 2/3  you ● ana  ● bot-3  ● bot-4');
  });

  it('names the winner, you, a draw, or the end of a practice round', () => {
    const dead = cycle(2, { status: 'dead', alive: false });
    expect(text(statusSegments(view({ phase: 'finished', winner: 1, cycles: [cycle(1), dead] }), 1, 'duel', UNICODE_GLYPHS, PALETTE_8))).toBe(
      'game duel  finished  you win!  alive 1/2  you ● ana  ● bo',
    );
    expect(text(statusSegments(view({ phase: 'finished', winner: 1, cycles: [cycle(1), dead] }), 2, 'duel', UNICODE_GLYPHS, PALETTE_8))).toBe(
      'game duel  finished  ana wins  alive 1/2  you ● bo  ● ana',
    );
    const bothDead = [cycle(1, { status: 'dead', alive: false }), dead];
    expect(text(statusSegments(view({ phase: 'finished', cycles: bothDead }), 1, 'duel', UNICODE_GLYPHS, PALETTE_8))).toBe(
      'game duel  finished  draw  alive 0/2  you ● ana  ● bo',
    );
    const practice = view({ phase: 'finished', cycles: [cycle(1, { status: 'exploding', alive: false })] });
    expect(text(statusSegments(practice, 1, 'practice', UNICODE_GLYPHS, PALETTE_8))).toBe('game practice  finished  round over  alive 0/1  you ● ana');
  });

  it('says so when the opponents left and handed you the round', () => {
    const left = view({ phase: 'finished', winner: 1, cycles: [cycle(1), cycle(2, { seated: false, status: 'exploding', alive: false })] });
    const segments = statusSegments(left, 1, 'duel', UNICODE_GLYPHS, PALETTE_8, [2]);
    expect(text(segments)).toBe('game duel  finished  bo left — you win  alive 1/1  you ● ana');
    expect(segments[2]).toEqual({ text: 'bo left — you win', style: '1;36' });
  });

  it('puts each player beside a dot in their colour, you first in bold', () => {
    const segments = statusSegments(view({ phase: 'waiting' }), 2, 'duel', UNICODE_GLYPHS, PALETTE_8);
    expect(segments.slice(-2)).toEqual([
      { text: 'you ● bo', style: '1;35' },
      { text: '● ana', style: '36' },
    ]);
  });

  it('cuts every name to the same length when the players do not fit in the width', () => {
    const seats = ['alexandria', 'bartholomew', 'cy'].map((name, index) => ({ number: index + 1, name, wins: 0, crashes: 0 }));
    const crowded = view({ seats, cycles: [cycle(1), cycle(2), cycle(3)] });
    // 'game duel  running  alive 3/3  ' takes 32 columns, leaving 30 for the players.
    expect(text(statusSegments(crowded, 1, 'duel', UNICODE_GLYPHS, PALETTE_8, [], 62))).toBe(
      'game duel  running  alive 3/3  you ● alexan  ● bartho  ● cy',
    );
    expect(text(statusSegments(crowded, 1, 'duel', UNICODE_GLYPHS, PALETTE_8, [], 200))).toBe(
      'game duel  running  alive 3/3  you ● alexandria  ● bartholomew  ● cy',
    );
  });
});

describe('hintText', () => {
  const hint = (fields: Partial<GameView>, me = 1) => hintText(view(fields), me, UNICODE_GLYPHS);

  it('offers the keys that make sense in each phase, then help and quit', () => {
    expect(hint({ phase: 'waiting' })).toBe('i: ready   ?: help   q: quit');
    expect(hint({ phase: 'waiting', cycles: [cycle(1, { ready: true })] })).toBe(
      'waiting for the other players   esc: not ready   ?: help   q: quit',
    );
    expect(hint({ phase: 'countdown' })).toBe('h j k l: plan your first turn   esc: not ready   ?: help   q: quit');
    expect(hint({})).toBe('h j k l: turn   i: INSERT (leave a wall)   ?: help   q: quit');
    expect(hint({ cycles: [cycle(1, { inserting: true })] })).toBe('esc: stop inserting (then you can turn)   ?: help   q: quit');
    expect(hint({ cycles: [cycle(1, { status: 'dead', alive: false })] })).toBe(
      'you crashed; the round ends when one cycle is left   ?: help   q: quit',
    );
    expect(hint({ phase: 'finished', cycles: [cycle(1, { ready: true })] })).toBe(
      'waiting for the others to press i   esc: not ready   ?: help   q: quit',
    );
    expect(hint({}, 5)).toBe('?: help   q: quit');
  });

  it('says when i will ready you after a round, then that it does', () => {
    expect(hint({ phase: 'finished', readyIn: 10 })).toBe('round over — press i to ready in 1 s   ?: help   q: quit');
    expect(hint({ phase: 'finished', readyIn: 1 })).toBe('round over — press i to ready in 1 s   ?: help   q: quit');
    expect(hintText(view({ phase: 'finished', readyIn: 3 }), 1, ASCII_GLYPHS)).toBe('round over - press i to ready in 1 s   ?: help   q: quit');
    expect(hint({ phase: 'finished', readyIn: 0 })).toBe('press i when ready for a rematch   ?: help   q: quit');
  });
});

describe('wrapWords', () => {
  it('breaks between words and cuts a word longer than the width', () => {
    expect(wrapWords('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrapWords('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapWords('anything', 0)).toEqual([]);
  });
});
