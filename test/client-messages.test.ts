import { describe, expect, it } from 'vitest';
import { decodeClientMessage } from '../shared/protocol/client-messages.js';
import { GAME_NAME_MAX_LENGTH, normalizeGameName } from '../shared/protocol/game-name.js';

const PATTERN_ERROR = 'name may contain only letters a-z, digits, "-" and "_", and must start with a letter or digit';
const UNKNOWN_TYPE_TAIL = 'expected one of list, leave, rejoin, ping, key, join, watch, create';
const WORK_MS_ERROR = 'workMs must be a number of milliseconds from 0 to 1000, or a range [min, max]';

function decode(message: unknown): ReturnType<typeof decodeClientMessage> {
  return decodeClientMessage(JSON.stringify(message));
}

function rejected(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

describe('decodeClientMessage: valid messages', () => {
  it('decodes list', () => {
    expect(decode({ type: 'list' })).toStrictEqual({ ok: true, value: { type: 'list' } });
  });

  it('decodes leave', () => {
    expect(decode({ type: 'leave' })).toStrictEqual({ ok: true, value: { type: 'leave' } });
  });

  it('refuses stats, which moved to the admin port, saying where it went', () => {
    const moved = rejected("stats is not served on the game connection; operators read GET /stats on the lobby's admin port (docs/operations.md)");
    expect(decode({ type: 'stats' })).toStrictEqual(moved);
    expect(decode({ type: 'stats', room: 'tron' })).toStrictEqual(moved);
  });

  it('decodes rejoin with a seat token', () => {
    expect(decode({ type: 'rejoin', token: 'V1StGXR8_Z5jdHi6B-myT' })).toStrictEqual({
      ok: true,
      value: { type: 'rejoin', token: 'V1StGXR8_Z5jdHi6B-myT' },
    });
  });

  it.each([7, 'abc', { nested: [1, 2] }, null, 0, false])('decodes ping and keeps its id %j as sent', (id) => {
    expect(decode({ type: 'ping', id })).toStrictEqual({ ok: true, value: { type: 'ping', id } });
  });

  it('decodes a ping without an id as id null', () => {
    expect(decode({ type: 'ping' })).toStrictEqual({ ok: true, value: { type: 'ping', id: null } });
  });

  it.each(['h', 'j', 'k', 'l', 'i', 'esc'])('decodes key %s', (key) => {
    expect(decode({ type: 'key', key })).toStrictEqual({ ok: true, value: { type: 'key', key } });
  });

  it('decodes join with the name normalised', () => {
    expect(decode({ type: 'join', name: '  Neon-Falcon_2 ' })).toStrictEqual({
      ok: true,
      value: { type: 'join', name: 'neon-falcon_2' },
    });
  });

  it('decodes create with only players, adding no other field', () => {
    const decoded = decode({ type: 'create', players: 2 });

    expect(decoded).toStrictEqual({ ok: true, value: { type: 'create', players: 2 } });
    expect(decoded.ok && Object.keys(decoded.value)).toStrictEqual(['type', 'players']);
  });

  it('decodes create with every field', () => {
    expect(decode({ type: 'create', players: 6, name: 'Arena', width: 200, height: 100 })).toStrictEqual({
      ok: true,
      value: { type: 'create', players: 6, name: 'arena', width: 200, height: 100 },
    });
  });

  it.each([
    [1, 20, 10],
    [6, 200, 100],
    [3, 80, 22],
  ])('accepts create at players %i, width %i, height %i', (players, width, height) => {
    expect(decode({ type: 'create', players, width, height })).toStrictEqual({
      ok: true,
      value: { type: 'create', players, width, height },
    });
  });

  it('accepts integers written with a fraction or an exponent, as JSON does not tell them apart', () => {
    expect(decodeClientMessage('{"type":"create","players":2.0,"width":8e1}')).toStrictEqual({
      ok: true,
      value: { type: 'create', players: 2, width: 80 },
    });
  });

  it('accepts whitespace around the JSON and fields in any order', () => {
    expect(decodeClientMessage(' \n{ "key" : "l", "type" : "key" }\t')).toStrictEqual({
      ok: true,
      value: { type: 'key', key: 'l' },
    });
  });
});

describe('decodeClientMessage: malformed frames', () => {
  it.each(['', 'not json', '{"type":"list"', "{'type':'list'}", '{"type":"list",}', 'NaN', '{"type":"create","players":NaN}', 'undefined'])(
    'rejects %j as invalid JSON',
    (text) => {
      expect(decodeClientMessage(text)).toStrictEqual(rejected('message is not valid JSON'));
    },
  );

  it.each(['42', '"list"', 'null', 'true', '[]', '[{"type":"list"}]'])('rejects %s as not an object', (text) => {
    expect(decodeClientMessage(text)).toStrictEqual(rejected('message must be a JSON object'));
  });

  it.each(['{}', '{"type":1}', '{"type":null}', '{"type":["list"]}', '{"Type":"list"}'])(
    'rejects %s for its missing or non-string type',
    (text) => {
      expect(decodeClientMessage(text)).toStrictEqual(rejected('message needs a string "type"'));
    },
  );

  it.each(['hello', 'LIST', 'List', ' list', 'games', 'constructor', 'toString', '__proto__', 'hasOwnProperty', ''])(
    'rejects the unknown type %j, naming the known ones',
    (type) => {
      expect(decode({ type })).toStrictEqual(rejected(`unknown message type "${type}"; ${UNKNOWN_TYPE_TAIL}`));
    },
  );

  it('quotes at most 40 characters of an unknown type', () => {
    expect(decode({ type: 'x'.repeat(1000) })).toStrictEqual(
      rejected(`unknown message type "${'x'.repeat(40)}"; ${UNKNOWN_TYPE_TAIL}`),
    );
  });
});

describe('decodeClientMessage: unexpected fields', () => {
  it.each([
    [{ type: 'list', name: 'x' }, 'unexpected field "name" in list message'],
    [{ type: 'leave', player: 1 }, 'unexpected field "player" in leave message'],
    [{ type: 'ping', id: 1, time: 2 }, 'unexpected field "time" in ping message'],
    [{ type: 'key', key: 'h', player: 2 }, 'unexpected field "player" in key message'],
    [{ type: 'join', name: 'tron', players: 2 }, 'unexpected field "players" in join message'],
    [{ type: 'create', players: 2, seats: 2 }, 'unexpected field "seats" in create message'],
    [{ type: 'create', players: 2, seed: 1 }, 'unexpected field "seed" in create message'],
  ])('rejects %j', (message, error) => {
    expect(decode(message)).toStrictEqual(rejected(error));
  });

  it('rejects a __proto__ field as unexpected', () => {
    expect(decodeClientMessage('{"type":"list","__proto__":{"x":1}}')).toStrictEqual(
      rejected('unexpected field "__proto__" in list message'),
    );
  });

  it('quotes at most 40 characters of an unexpected field name', () => {
    expect(decode({ type: 'list', ['f'.repeat(100)]: 1 })).toStrictEqual(
      rejected(`unexpected field "${'f'.repeat(40)}" in list message`),
    );
  });

  it('reports an unexpected field before a wrong value', () => {
    expect(decode({ type: 'create', players: 99, extra: true })).toStrictEqual(
      rejected('unexpected field "extra" in create message'),
    );
  });
});

describe('decodeClientMessage: key', () => {
  it.each([undefined, null, 'H', 'ESC', 'Escape', 'escape', 'x', 'hj', '', ' h', 1, true, ['h'], { key: 'h' }])(
    'rejects the key %j',
    (key) => {
      expect(decode({ type: 'key', key })).toStrictEqual(rejected('key must be one of h j k l i esc'));
    },
  );
});

describe('decodeClientMessage: rejoin', () => {
  it.each([
    undefined,
    null,
    21,
    '',
    'V1StGXR8_Z5jdHi6B-my',
    'V1StGXR8_Z5jdHi6B-myTx',
    'V1StGXR8_Z5jdHi6B.myT',
    'V1StGXR8 Z5jdHi6B-myT',
    ' V1StGXR8_Z5jdHi6B-myT',
    'V1StGXR8_Z5jdHi6B-my\u212a',
    ['V1StGXR8_Z5jdHi6B-myT'],
  ])('rejects the token %j', (token) => {
    expect(decode({ type: 'rejoin', token })).toStrictEqual(
      rejected('rejoin needs the "token" string from your joined message'),
    );
  });

  it('rejects a rejoin with another field', () => {
    expect(decode({ type: 'rejoin', token: 'V1StGXR8_Z5jdHi6B-myT', name: 'tron' })).toStrictEqual(
      rejected('unexpected field "name" in rejoin message'),
    );
  });
});

describe('decodeClientMessage: join', () => {
  it.each([undefined, null, 5, true, ['tron'], { name: 'tron' }])('rejects the name %j', (name) => {
    expect(decode({ type: 'join', name })).toStrictEqual(rejected('join needs a string "name"'));
  });

  it('rejects a bad name with the name rule it breaks', () => {
    expect(decode({ type: 'join', name: 'neon falcon' })).toStrictEqual(rejected(PATTERN_ERROR));
    expect(decode({ type: 'join', name: '' })).toStrictEqual(rejected('name must not be empty'));
  });
});

describe('decodeClientMessage: watch', () => {
  it('decodes watch with the name normalised, and nothing else', () => {
    expect(decode({ type: 'watch', name: ' Duel ' })).toStrictEqual({ ok: true, value: { type: 'watch', name: 'duel' } });
  });

  it.each([undefined, null, 5, true, ['tron'], { name: 'tron' }])('rejects the name %j', (name) => {
    expect(decode({ type: 'watch', name })).toStrictEqual(rejected('watch needs a string "name"'));
  });

  it('rejects a bad name with the name rule it breaks, and any other field', () => {
    expect(decode({ type: 'watch', name: 'neon falcon' })).toStrictEqual(rejected(PATTERN_ERROR));
    expect(decode({ type: 'watch', name: 'x'.repeat(25) })).toStrictEqual(rejected('name must be at most 24 characters'));
    expect(decode({ type: 'watch', name: 'tron', token: 'V1StGXR8_Z5jdHi6B-myT' })).toStrictEqual(
      rejected('unexpected field "token" in watch message'),
    );
  });
});

describe('decodeClientMessage: create', () => {
  it('requires players', () => {
    expect(decode({ type: 'create' })).toStrictEqual(rejected('players is required: an integer from 1 to 6'));
    expect(decode({ type: 'create', name: 'tron' })).toStrictEqual(
      rejected('players is required: an integer from 1 to 6'),
    );
  });

  it.each([0, 7, 99, -1, 1.5, 6.000001, '2', 'NaN', 'two', null, true, [2], { n: 2 }, 1e308])('rejects players %j', (players) => {
    expect(decode({ type: 'create', players })).toStrictEqual(rejected('players must be an integer from 1 to 6'));
  });

  it('rejects players written as an overflowing number', () => {
    expect(decodeClientMessage('{"type":"create","players":1e999}')).toStrictEqual(
      rejected('players must be an integer from 1 to 6'),
    );
  });

  it.each([19, 201, 1e9, -80, 80.5, '80', null, false])('rejects width %j', (width) => {
    expect(decode({ type: 'create', players: 2, width })).toStrictEqual(
      rejected('width must be an integer from 20 to 200'),
    );
  });

  it.each([9, 101, 1e9, 0, 22.5, '22', null])('rejects height %j', (height) => {
    expect(decode({ type: 'create', players: 2, height })).toStrictEqual(
      rejected('height must be an integer from 10 to 100'),
    );
  });

  it.each([
    [2, 0],
    [2, 1],
    [6, 5],
    [4, 2.0],
  ])('accepts create with players %i and bots %i', (players, bots) => {
    expect(decode({ type: 'create', players, bots })).toStrictEqual({ ok: true, value: { type: 'create', players, bots } });
  });

  it.each([
    [3, 3, 'bots must be an integer from 0 to 2, one fewer than players: the creator takes a seat'],
    [1, 1, 'bots must be an integer from 0 to 0, one fewer than players: the creator takes a seat'],
    [6, 6, 'bots must be an integer from 0 to 5, one fewer than players: the creator takes a seat'],
    [3, -1, 'bots must be an integer from 0 to 2, one fewer than players: the creator takes a seat'],
    [3, 1.5, 'bots must be an integer from 0 to 2, one fewer than players: the creator takes a seat'],
    [3, '1', 'bots must be an integer from 0 to 2, one fewer than players: the creator takes a seat'],
    [3, null, 'bots must be an integer from 0 to 2, one fewer than players: the creator takes a seat'],
    [3, true, 'bots must be an integer from 0 to 2, one fewer than players: the creator takes a seat'],
  ])('rejects create with players %j and bots %j', (players, bots, error) => {
    expect(decode({ type: 'create', players, bots })).toStrictEqual(rejected(error));
  });

  it('checks players before bots, and bots before the width', () => {
    expect(decode({ type: 'create', players: 9, bots: 9 })).toStrictEqual(rejected('players must be an integer from 1 to 6'));
    expect(decode({ type: 'create', players: 2, bots: 2, width: 1 })).toStrictEqual(
      rejected('bots must be an integer from 0 to 1, one fewer than players: the creator takes a seat'),
    );
  });

  it.each([5, null, true, ['tron']])('rejects a name %j that is not a string', (name) => {
    expect(decode({ type: 'create', players: 2, name })).toStrictEqual(rejected('name must be a string'));
  });

  it('rejects a bad name with the name rule it breaks', () => {
    expect(decode({ type: 'create', players: 2, name: 'x'.repeat(25) })).toStrictEqual(
      rejected('name must be at most 24 characters'),
    );
  });

  it.each([
    [0, { min: 0, max: 0 }],
    [2.5, { min: 2.5, max: 2.5 }],
    [1000, { min: 1000, max: 1000 }],
    [[1, 3], { min: 1, max: 3 }],
    [[0, 1000], { min: 0, max: 1000 }],
    [[4, 4], { min: 4, max: 4 }],
  ])('decodes the benchmark knob workMs %j as a range', (workMs, range) => {
    expect(decode({ type: 'create', players: 1, workMs })).toStrictEqual({
      ok: true,
      value: { type: 'create', players: 1, workMs: range },
    });
  });

  it.each([-1, 1000.5, 1e9, '5', null, true, [], [1], [3, 1], [1, 2, 3], [-1, 2], [1, 1001], ['1', '2'], { min: 1, max: 2 }])(
    'rejects workMs %j',
    (workMs) => {
      expect(decode({ type: 'create', players: 1, workMs })).toStrictEqual(rejected(WORK_MS_ERROR));
    },
  );

  it('rejects workMs written as an overflowing number', () => {
    expect(decodeClientMessage('{"type":"create","players":1,"workMs":1e999}')).toStrictEqual(rejected(WORK_MS_ERROR));
  });

  it('checks players, then width, then height, then name, then workMs', () => {
    const everythingWrong = { type: 'create', players: 0, width: 0, height: 0, name: '', workMs: -1 };

    expect(decode(everythingWrong)).toStrictEqual(rejected('players must be an integer from 1 to 6'));
    expect(decode({ ...everythingWrong, players: 2 })).toStrictEqual(rejected('width must be an integer from 20 to 200'));
    expect(decode({ ...everythingWrong, players: 2, width: 20 })).toStrictEqual(
      rejected('height must be an integer from 10 to 100'),
    );
    expect(decode({ ...everythingWrong, players: 2, width: 20, height: 10 })).toStrictEqual(
      rejected('name must not be empty'),
    );
    expect(decode({ ...everythingWrong, players: 2, width: 20, height: 10, name: 'ok' })).toStrictEqual(
      rejected(WORK_MS_ERROR),
    );
  });
});

describe('normalizeGameName', () => {
  it.each([
    ['tron', 'tron'],
    ['Tron', 'tron'],
    ['  TRON  ', 'tron'],
    ['\ttron\n', 'tron'],
    ['neon-falcon', 'neon-falcon'],
    ['Neon_Falcon-42', 'neon_falcon-42'],
    ['7', '7'],
    ['9lives', '9lives'],
    ['a--', 'a--'],
    ['x'.repeat(GAME_NAME_MAX_LENGTH), 'x'.repeat(24)],
    [`  ${'Y'.repeat(24)}  `, 'y'.repeat(24)],
  ])('normalises %j to %j', (raw, name) => {
    expect(normalizeGameName(raw)).toStrictEqual({ name });
  });

  it.each(['', ' ', '   ', '\t\n'])('refuses the empty name %j', (raw) => {
    expect(normalizeGameName(raw)).toStrictEqual({ error: 'name must not be empty' });
  });

  it('refuses a name longer than 24 characters after trimming', () => {
    expect(normalizeGameName('x'.repeat(25))).toStrictEqual({ error: 'name must be at most 24 characters' });
    expect(normalizeGameName('x'.repeat(10_000))).toStrictEqual({ error: 'name must be at most 24 characters' });
  });

  it.each([
    ['a space inside', 'neon falcon'],
    ['a tab inside', 'neon\tfalcon'],
    ['a NUL', 'tr\u0000on'],
    ['an escape', '\u001b[31mred'],
    ['a leading NUL that trim keeps', '\u0000tron'],
    ['a bell', 'tron\u0007'],
    ['DEL', 'tron\u007f'],
    ['a Cyrillic lookalike', 'tr\u043en'],
    ['a Greek lookalike', '\u03bfmega'],
    ['full-width letters', '\uff54\uff52\uff4f\uff4e'],
    ['the Kelvin sign, which lower-cases to k', '\u212aart'],
    ['a dotted capital I, which lower-cases to two characters', '\u0130stanbul'],
    ['a zero-width space', 'tr\u200bon'],
    ['an accented letter', 'caf\u00e9'],
    ['an emoji', 'tron\u{1f3cd}'],
    ['a leading dash', '-tron'],
    ['a leading underscore', '_tron'],
    ['a dot', 'tron.io'],
    ['a slash', 'a/b'],
    ['quotes', '"tron"'],
  ])('refuses %s', (_what, raw) => {
    expect(normalizeGameName(raw)).toStrictEqual({ error: PATTERN_ERROR });
  });
});
