const ESC = '\x1b';

/**
 * Splits one chunk of raw-mode input into keys, in order: an escape
 * sequence (`ESC [ ... final`, or `ESC O x`) is one key, so an arrow is not
 * read as `esc` then letters; a lone ESC is the escape key; anything else is
 * one key per character. For screens that read keys as text (the game
 * browser's list and form), not the game's key actions.
 */
export function splitKeys(chunk: string): string[] {
  const keys: string[] = [];
  let index = 0;
  while (index < chunk.length) {
    let end = index + 1;
    if (chunk[index] === ESC && chunk[index + 1] === '[') {
      end = index + 2;
      // Parameter bytes run until the final byte, 0x40-0x7e.
      while (end < chunk.length && !/[\x40-\x7e]/.test(chunk[end]!)) end++;
      end = Math.min(end + 1, chunk.length);
    } else if (chunk[index] === ESC && chunk[index + 1] === 'O' && index + 2 < chunk.length) {
      end = index + 3;
    }
    keys.push(chunk.slice(index, end));
    index = end;
  }
  return keys;
}
