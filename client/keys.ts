import type { Key } from '../shared/rules/types.js';

/** What a key press asks the client to do. */
export type KeyAction =
  | { readonly kind: 'game'; readonly key: Key }
  | { readonly kind: 'quit' }
  | { readonly kind: 'redraw' }
  /** `?`: show or hide the key help. */
  | { readonly kind: 'help' }
  /** Any other key (arrows and function keys included): it only closes the key help. */
  | { readonly kind: 'other' };

const ESC = '\x1b';
const CTRL_C = '\x03';
const CTRL_D = '\x04';
const CTRL_L = '\x0c';

const GAME_KEYS: Readonly<Record<string, Key>> = { h: 'h', j: 'j', k: 'k', l: 'l', i: 'i' };

/**
 * Decodes one chunk of raw-mode input into actions, in order. A chunk holds
 * everything typed since the last read, so several keys may arrive at once.
 * Escape sequences (arrows, function keys) are read whole, as one `other`
 * key, so that their bytes are not read as an `esc` followed by letters; a lone ESC, or one
 * followed by a letter (a quick `esc` then `l`), is the `esc` key. Capital
 * letters count as small ones, so Caps Lock does not freeze the cycle.
 * Every other key is `other`, one per key: it means nothing to the game.
 */
export function decodeKeys(chunk: string): KeyAction[] {
  const actions: KeyAction[] = [];
  for (let index = 0; index < chunk.length; index++) {
    const char = chunk[index]!;
    if (char === ESC) {
      const next = chunk[index + 1];
      if (next === '[') {
        index = endOfControlSequence(chunk, index + 2);
        actions.push({ kind: 'other' });
        continue;
      }
      if (next === 'O' && index + 2 < chunk.length) {
        // SS3: ESC O and one final character (F1-F4, arrows in application mode).
        index += 2;
        actions.push({ kind: 'other' });
        continue;
      }
      actions.push({ kind: 'game', key: 'esc' });
      continue;
    }
    if (char === CTRL_C || char === CTRL_D) {
      actions.push({ kind: 'quit' });
      continue;
    }
    if (char === CTRL_L) {
      actions.push({ kind: 'redraw' });
      continue;
    }
    const lower = char.toLowerCase();
    if (lower === 'q') actions.push({ kind: 'quit' });
    else if (char === '?') actions.push({ kind: 'help' });
    else if (Object.hasOwn(GAME_KEYS, lower)) actions.push({ kind: 'game', key: GAME_KEYS[lower]! });
    else actions.push({ kind: 'other' });
  }
  return actions;
}

/** Index of the final byte of a CSI sequence whose parameters start at `from` (or the chunk's last index). */
function endOfControlSequence(chunk: string, from: number): number {
  for (let index = from; index < chunk.length; index++) {
    const code = chunk.charCodeAt(index);
    if (code >= 0x40 && code <= 0x7e) return index;
  }
  return chunk.length - 1;
}

/** A game key sent to the lobby, and when (milliseconds on any monotonic clock). */
export interface SentKey {
  readonly key: Key;
  readonly at: number;
}

/** One tick: the same key twice within it cannot do more than once. */
export const REPEAT_WINDOW_MS = 100;

/**
 * Whether pressing `key` at `now` would only repeat the key sent last: the
 * same key again within one tick. The rules drop a repeated turn and ignore
 * a second `i` or `esc`, so nothing is lost by not sending it; and a held key
 * (auto-repeat sends some 30 a second) stays under the lobby's rate limit.
 */
export function isRedundantRepeat(last: SentKey | null, key: Key, now: number): boolean {
  return last !== null && last.key === key && now - last.at < REPEAT_WINDOW_MS;
}
