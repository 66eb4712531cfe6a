import { describe, expect, it } from 'vitest';
import { splitKeys } from '../client/key-chunks.js';

describe('splitKeys', () => {
  it('keeps an escape sequence whole and splits everything else into characters', () => {
    expect(splitKeys('jk\r')).toEqual(['j', 'k', '\r']);
    expect(splitKeys('\x1b[Aj\x1b[1;5Bq')).toEqual(['\x1b[A', 'j', '\x1b[1;5B', 'q']);
    expect(splitKeys('\x1bOPx')).toEqual(['\x1bOP', 'x']);
  });

  it('reads a lone escape as the escape key, and a sequence cut at the chunk end as one key', () => {
    expect(splitKeys('\x1b')).toEqual(['\x1b']);
    expect(splitKeys('a\x1b')).toEqual(['a', '\x1b']);
    expect(splitKeys('\x1b[1;')).toEqual(['\x1b[1;']);
  });
});
