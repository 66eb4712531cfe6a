import { GAME_NAME_MAX_LENGTH } from '../shared/protocol/game-name.js';
import { MAX_SEATS, MIN_SEATS } from '../shared/rules/constants.js';
import { selectedIndex, type BrowserState, type CreateForm } from './browser-state.js';
import { gameTableRows } from './game-table.js';
import type { Palette } from './palette.js';
import { createScreen, putText, type Screen } from './screen-buffer.js';

/** Everything the game browser shows; the renderer reads nothing else. */
export interface BrowserRenderInput {
  readonly columns: number;
  readonly rows: number;
  /** The lobby's URL, in the title. */
  readonly url: string;
  readonly state: BrowserState;
  /** Why the browser came back (the last game ended, a join was refused), or a connection problem. */
  readonly notice: string | null;
  /** Set while the lobby cannot be reached: replaces the hints. */
  readonly connection: string | null;
  readonly palette: Palette;
}

const TITLE_STYLE = '1';
const HEADER_STYLE = '4';
const SELECTED_STYLE = '7';
const FOCUS_STYLE = '1;7';
const HINT_STYLE = '2';

const LIST_HINTS = 'j/k: move   enter: join   w: watch   c: create   q: quit';
const FORM_HINTS = 'tab: next field   enter: create   esc: cancel';

/** Rows above the list (title, blank, header) and below it (blank, notice, hints). */
const TOP_ROWS = 3;
const BOTTOM_ROWS = 3;

/**
 * The game browser as a screen of the terminal's size: a title, the games
 * as a table with the selected row highlighted (scrolled to keep it in
 * view), the create form when open, a notice line and the key hints.
 */
export function renderBrowser(input: BrowserRenderInput): Screen {
  const screen = createScreen(input.columns, input.rows);
  putText(screen, 0, 0, `vimtron: games on ${input.url}`, TITLE_STYLE);
  const { state } = input;
  if (state.form) drawForm(screen, state.form, input.palette);
  else drawList(screen, state);
  const noticeRow = input.rows - 2;
  if (input.connection !== null) putText(screen, 0, noticeRow, input.connection, input.palette.connection);
  else if (input.notice !== null) putText(screen, 0, noticeRow, input.notice, input.palette.connection);
  putText(screen, 0, input.rows - 1, state.form ? FORM_HINTS : LIST_HINTS, HINT_STYLE);
  return screen;
}

function drawList(screen: Screen, state: BrowserState): void {
  if (state.games === null) {
    putText(screen, 2, TOP_ROWS - 1, 'asking the lobby for its games...');
    return;
  }
  if (state.games.length === 0) {
    putText(screen, 2, TOP_ROWS - 1, 'no games yet: press c to create one');
    return;
  }
  const [header, ...rows] = gameTableRows(state.games);
  putText(screen, 2, TOP_ROWS - 1, header!, HEADER_STYLE);
  const visible = Math.max(1, screen.height - TOP_ROWS - BOTTOM_ROWS);
  const selected = selectedIndex(state);
  // Scrolls by pages so the selected row is always on screen.
  const first = Math.floor(Math.max(selected, 0) / visible) * visible;
  rows.slice(first, first + visible).forEach((row, offset) => {
    const isSelected = first + offset === selected;
    putText(screen, 0, TOP_ROWS + offset, `${isSelected ? '>' : ' '} ${row}`, isSelected ? SELECTED_STYLE : '');
  });
  if (rows.length > visible) {
    putText(screen, 2, TOP_ROWS + visible, `${first + 1}-${Math.min(first + visible, rows.length)} of ${rows.length}`, HINT_STYLE);
  }
}

function drawForm(screen: Screen, form: CreateForm, palette: Palette): void {
  putText(screen, 2, TOP_ROWS - 1, 'create a game', HEADER_STYLE);
  // Each value gets the room of the longest name, so the help beside it stays put while typing.
  const helpColumn = 2 + 'seats:'.length + GAME_NAME_MAX_LENGTH + 5;
  const field = (row: number, label: string, value: string, focused: boolean, help: string): void => {
    putText(screen, 2, row, label);
    putText(screen, 2 + label.length, row, ` ${value}${focused ? '_' : ' '} `, focused ? FOCUS_STYLE : '');
    putText(screen, helpColumn, row, help, HINT_STYLE);
  };
  field(TOP_ROWS, 'seats:', form.seats, form.field === 'seats', `${MIN_SEATS}-${MAX_SEATS}`);
  field(TOP_ROWS + 1, 'name: ', form.name, form.field === 'name', 'empty: the lobby picks one');
  if (form.problem !== null) putText(screen, 2, TOP_ROWS + 3, form.problem, palette.notice);
}
