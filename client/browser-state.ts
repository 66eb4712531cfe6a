import { GAME_NAME_MAX_LENGTH, normalizeGameName } from '../shared/protocol/game-name.js';
import type { GameSummary } from '../shared/protocol/server-messages.js';
import { MAX_SEATS, MIN_SEATS } from '../shared/rules/constants.js';
import type { PlayTarget } from '../shared/client/play-target.js';

/**
 * The game browser as data: the games last listed, which one is selected,
 * and the create form while it is open. Keys go through `pressBrowserKey`,
 * a pure function that answers the next state and what the session should
 * do (nothing, quit, or play a target), so every key is unit-tested without
 * a terminal or a lobby.
 */

/** The create form: seats, then a name (empty: the lobby picks one). */
export interface CreateForm {
  readonly field: 'seats' | 'name';
  readonly seats: string;
  readonly name: string;
  /** Why the last Enter was refused, shown under the form. */
  readonly problem: string | null;
}

export interface BrowserState {
  /** Null until the lobby first answers. */
  readonly games: readonly GameSummary[] | null;
  /** The selected game's name: it stays selected when the list changes around it. */
  readonly selected: string | null;
  readonly form: CreateForm | null;
}

/** What the session does after a key. */
export type BrowserCommand =
  | { readonly kind: 'none' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'play'; readonly target: PlayTarget };

export interface BrowserStep {
  readonly state: BrowserState;
  readonly command: BrowserCommand;
}

/** The seats the create form starts with. */
export const DEFAULT_FORM_SEATS = 2;

export const initialBrowserState: BrowserState = { games: null, selected: null, form: null };

const NOTHING: BrowserCommand = { kind: 'none' };

/** A new list from the lobby: the selection follows its game, or moves to the nearest row if that game is gone. */
export function withGames(state: BrowserState, games: readonly GameSummary[]): BrowserState {
  let selected = state.selected;
  if (selected === null || !games.some((game) => game.name === selected)) {
    const oldIndex = state.games?.findIndex((game) => game.name === selected) ?? -1;
    const index = Math.min(Math.max(oldIndex, 0), games.length - 1);
    selected = games[index]?.name ?? null;
  }
  return { ...state, games, selected };
}

/** The row of the selected game, or -1. */
export function selectedIndex(state: BrowserState): number {
  return state.games?.findIndex((game) => game.name === state.selected) ?? -1;
}

/** One key (as read from a raw terminal: one character or one escape sequence). */
export function pressBrowserKey(state: BrowserState, key: string): BrowserStep {
  // Ctrl-C quits from anywhere: raw mode turns it into a key, not a signal.
  if (key === '\x03') return { state, command: { kind: 'quit' } };
  return state.form ? formKey(state, state.form, key) : listKey(state, key);
}

function listKey(state: BrowserState, key: string): BrowserStep {
  const games = state.games ?? [];
  const index = selectedIndex(state);
  const select = (to: number): BrowserStep => ({
    state: { ...state, selected: games[Math.min(Math.max(to, 0), games.length - 1)]?.name ?? null },
    command: NOTHING,
  });
  switch (key) {
    case 'j':
    case '\x1b[B':
      return select(index + 1);
    case 'k':
    case '\x1b[A':
      return select(index - 1);
    case 'g':
      return select(0);
    case 'G':
      return select(games.length - 1);
    case '\r':
    case '\n':
      return state.selected === null ? { state, command: NOTHING } : { state, command: { kind: 'play', target: { action: 'join', name: state.selected } } };
    case 'w':
      return state.selected === null ? { state, command: NOTHING } : { state, command: { kind: 'play', target: { action: 'watch', name: state.selected } } };
    case 'c':
      return { state: { ...state, form: { field: 'seats', seats: String(DEFAULT_FORM_SEATS), name: '', problem: null } }, command: NOTHING };
    case 'q':
      return { state, command: { kind: 'quit' } };
    default:
      return { state, command: NOTHING };
  }
}

function formKey(state: BrowserState, form: CreateForm, key: string): BrowserStep {
  const withForm = (next: CreateForm | null): BrowserStep => ({ state: { ...state, form: next }, command: NOTHING });
  if (key === '\x1b') return withForm(null);
  if (key === '\t' || key === '\x1b[B' || key === '\x1b[A') {
    return withForm({ ...form, field: form.field === 'seats' ? 'name' : 'seats', problem: null });
  }
  if (key === '\x7f' || key === '\b') {
    return withForm(form.field === 'seats' ? { ...form, seats: form.seats.slice(0, -1), problem: null } : { ...form, name: form.name.slice(0, -1), problem: null });
  }
  if (key === '\r' || key === '\n') {
    const seats = Number(form.seats);
    if (!Number.isInteger(seats) || seats < MIN_SEATS || seats > MAX_SEATS || form.seats === '') {
      return withForm({ ...form, field: 'seats', problem: `seats must be a number from ${MIN_SEATS} to ${MAX_SEATS}` });
    }
    if (form.field === 'seats') return withForm({ ...form, field: 'name', problem: null });
    if (form.name === '') return { state: { ...state, form: null }, command: { kind: 'play', target: { action: 'create', players: seats } } };
    const named = normalizeGameName(form.name);
    if ('error' in named) return withForm({ ...form, problem: `the ${named.error}` });
    return { state: { ...state, form: null }, command: { kind: 'play', target: { action: 'create', players: seats, name: named.name } } };
  }
  // One printable character at a time; a paste or an escape sequence is ignored whole.
  if (key.length !== 1 || key < ' ' || key > '~') return { state, command: NOTHING };
  if (form.field === 'seats') {
    // Seats are one digit: typing one replaces the last.
    return /^[0-9]$/.test(key) ? withForm({ ...form, seats: key, problem: null }) : { state, command: NOTHING };
  }
  return form.name.length < GAME_NAME_MAX_LENGTH ? withForm({ ...form, name: form.name + key, problem: null }) : { state, command: NOTHING };
}
