import type { Key } from '../shared/rules/types.js';

/** The fields of a browser KeyboardEvent the client reads; DOM-free so that it is tested in Node. */
export interface PressedKey {
  /** `KeyboardEvent.key`: the character typed, or a name such as `Escape` or `ArrowUp`. */
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
  /** Sent again by the keyboard's auto-repeat while the key is held. */
  readonly repeat: boolean;
}

/** What a key press in the game asks the page to do. */
export type GameKeyAction =
  | { readonly kind: 'game'; readonly key: Key }
  | { readonly kind: 'leave' }
  | { readonly kind: 'help' };

const GAME_KEYS: Readonly<Record<string, Key>> = {
  h: 'h',
  j: 'j',
  k: 'k',
  l: 'l',
  i: 'i',
  // The extra: arrows turn as h j k l do.
  ArrowLeft: 'h',
  ArrowDown: 'j',
  ArrowUp: 'k',
  ArrowRight: 'l',
  Escape: 'esc',
};

/**
 * The game's keys, as in the terminal: `h j k l` turn (or the arrows), `i`
 * readies or starts INSERT mode, `esc` (or Ctrl-[, as in vim) takes it back,
 * `q` leaves the game, `?` shows or hides the keys. Capitals count as small
 * letters, so Caps Lock does not freeze the cycle. Null for every other key,
 * which the page leaves to the browser, as it does every key held with Ctrl,
 * Alt or Meta (reload, tabs, copy). A held key counts once: the rules do
 * nothing with the same key twice in a row, and auto-repeat would otherwise
 * spend the connection's rate limit.
 */
export function gameKeyAction(pressed: PressedKey): GameKeyAction | null {
  if (pressed.ctrlKey && pressed.key === '[' && !pressed.altKey && !pressed.metaKey) return pressed.repeat ? null : { kind: 'game', key: 'esc' };
  if (pressed.ctrlKey || pressed.altKey || pressed.metaKey) return null;
  const name = pressed.key.length === 1 ? pressed.key.toLowerCase() : pressed.key;
  if (name === '?') return pressed.repeat ? null : { kind: 'help' };
  if (name === 'q') return pressed.repeat ? null : { kind: 'leave' };
  const key = Object.hasOwn(GAME_KEYS, name) ? GAME_KEYS[name] : undefined;
  if (key === undefined || pressed.repeat) return null;
  return { kind: 'game', key };
}

/** What a key press in the game list asks the page to do. */
export type ListKeyAction =
  | { readonly kind: 'move'; readonly by: number }
  | { readonly kind: 'first' }
  | { readonly kind: 'last' }
  | { readonly kind: 'join' }
  | { readonly kind: 'watch' }
  | { readonly kind: 'create' };

/**
 * The game list's keys, as in the terminal's game browser: `j`/`k` (or the
 * arrows) move, `g`/`G` go to the first and last game, Enter joins, `w`
 * watches, `c` opens the create form. Auto-repeat moves on, as in a list.
 */
export function listKeyAction(pressed: PressedKey): ListKeyAction | null {
  if (pressed.ctrlKey || pressed.altKey || pressed.metaKey) return null;
  switch (pressed.key) {
    case 'j':
    case 'ArrowDown':
      return { kind: 'move', by: 1 };
    case 'k':
    case 'ArrowUp':
      return { kind: 'move', by: -1 };
    case 'g':
    case 'Home':
      return { kind: 'first' };
    case 'G':
    case 'End':
      return { kind: 'last' };
    case 'Enter':
      return pressed.repeat ? null : { kind: 'join' };
    case 'w':
      return pressed.repeat ? null : { kind: 'watch' };
    case 'c':
      return pressed.repeat ? null : { kind: 'create' };
    default:
      return null;
  }
}
