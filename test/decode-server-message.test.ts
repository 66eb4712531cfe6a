import { describe, expect, it } from 'vitest';
import { decodeServerMessage } from '../shared/client/decode-server-message.js';

const CYCLE = {
  number: 1,
  x: 3,
  y: 4,
  direction: 'up',
  inserting: false,
  status: 'alive',
  alive: true,
  ready: true,
  seated: true,
  bot: false,
};
const ROUND = { tick: 12, phase: 'running', round: 1, countdown: 0, readyIn: 0, winner: null, cycles: [CYCLE] };
const SUMMARY = { name: 'duel', players: 1, bots: 0, maxPlayers: 2, phase: 'waiting', width: 80, height: 22, playerNames: ['ana'] };
const SEATS = [
  { number: 1, name: 'ana', wins: 2, crashes: 1 },
  { number: 2, name: null, wins: 0, crashes: 0 },
];

function decode(message: unknown) {
  return decodeServerMessage(JSON.stringify(message));
}

describe('decodeServerMessage', () => {
  it('accepts each message the lobby sends, unchanged', () => {
    const messages = [
      { type: 'games', games: [SUMMARY] },
      { type: 'joined', game: SUMMARY, player: { number: 1, name: 'ana' }, token: 'abcdefghijklmnopqrstu' },
      { type: 'joined', game: SUMMARY, player: { number: 2, name: 'bo' } },
      { type: 'snapshot', ...ROUND, width: 80, height: 22, walls: [[1, 2, 1]], seats: SEATS },
      { type: 'state', ...ROUND, walls: { added: [[3, 5, 1]], cleared: [2] } },
      { type: 'state', ...ROUND, walls: { added: [], cleared: [] }, seats: SEATS },
      { type: 'notice', event: 'joined', player: 2, name: 'bo', message: 'bo joined' },
      { type: 'notice', event: 'dropped', player: 2, name: 'bo', seatHoldMs: 30000, message: 'bo dropped — seat held 30 s' },
      { type: 'left' },
      { type: 'left', reason: 'game duel closed after 180 s without a key pressed' },
      { type: 'pong', id: 7 },
      { type: 'error', code: 'GAME_CRASHED', message: 'game "duel" stopped unexpectedly' },
      { type: 'resuming', message: 'the game is restarting' },
      { type: 'shutdown', message: 'the lobby is shutting down' },
      { type: 'watching', game: SUMMARY },
      { type: 'watching', game: SUMMARY, lobbies: ['ws://lobby-b.example:8766/'] },
      { type: 'watchers', count: 0 },
      { type: 'watchers', count: 64 },
    ];
    for (const message of messages) expect(decode(message)).toEqual({ ok: true, value: message });
  });

  it('fills in the names, seats and bots a lobby older than them does not send', () => {
    const old = { name: 'duel', players: 1, maxPlayers: 2, phase: 'waiting', width: 80, height: 22 };
    expect(decode({ type: 'games', games: [old] })).toEqual({ ok: true, value: { type: 'games', games: [{ ...old, playerNames: [], bots: 0 }] } });
    expect(decode({ type: 'joined', game: old, player: { number: 2 } })).toEqual({
      ok: true,
      value: { type: 'joined', game: { ...old, playerNames: [], bots: 0 }, player: { number: 2, name: 'player-2' } },
    });
    const { bot: _bot, ...oldCycle } = CYCLE;
    expect(decode({ type: 'snapshot', ...ROUND, cycles: [oldCycle], width: 80, height: 22, walls: [] })).toEqual({
      ok: true,
      value: { type: 'snapshot', ...ROUND, width: 80, height: 22, walls: [], seats: [] },
    });
  });

  it('rejects a bots count or a bot flag of the wrong type', () => {
    expect(decode({ type: 'games', games: [{ ...SUMMARY, bots: '1' }] })).toEqual({
      ok: false,
      error: 'games message: games must be a list of game summaries',
    });
    expect(decode({ type: 'state', ...ROUND, cycles: [{ ...CYCLE, bot: 1 }], walls: { added: [], cleared: [] } })).toEqual({
      ok: false,
      error: 'state message: cycles must be a list of cycles',
    });
  });

  it('rejects malformed names, seats and notices', () => {
    expect(decode({ type: 'games', games: [{ ...SUMMARY, playerNames: [7] }] })).toEqual({
      ok: false,
      error: 'games message: games must be a list of game summaries',
    });
    expect(decode({ type: 'joined', game: SUMMARY, player: { number: 1, name: 3 } })).toEqual({
      ok: false,
      error: 'joined message: player.name must be a string',
    });
    expect(decode({ type: 'snapshot', ...ROUND, width: 80, height: 22, walls: [], seats: [{ number: 1, name: 'a', wins: -1, crashes: 0 }] })).toEqual({
      ok: false,
      error: 'snapshot message: each seat must be {number, name, wins, crashes}',
    });
    expect(decode({ type: 'state', ...ROUND, walls: { added: [], cleared: [] }, seats: {} })).toEqual({
      ok: false,
      error: 'state message: seats must be a list',
    });
    expect(decode({ type: 'notice', event: 'waved', player: 1, name: 'a', message: 'a waved' })).toEqual({
      ok: false,
      error: 'notice message: event is not a known notice event',
    });
    expect(decode({ type: 'notice', event: 'left', player: 0, name: 'a', message: 'a left' })).toEqual({
      ok: false,
      error: 'notice message: player must be a seat number',
    });
    expect(decode({ type: 'notice', event: 'dropped', player: 1, name: 'a', message: 'a dropped', seatHoldMs: 'soon' })).toEqual({
      ok: false,
      error: 'notice message: seatHoldMs must be a whole number of milliseconds',
    });
  });

  it('lets extra fields through so a newer lobby can add some', () => {
    expect(decode({ type: 'left', since: 3 })).toEqual({ ok: true, value: { type: 'left', since: 3 } });
  });

  it('rejects text that is not a JSON object with a known type', () => {
    expect(decodeServerMessage('{')).toEqual({ ok: false, error: 'message is not valid JSON' });
    expect(decodeServerMessage('[1]')).toEqual({ ok: false, error: 'message is not a JSON object' });
    expect(decode({ kind: 'games' })).toEqual({ ok: false, error: 'message has no string "type"' });
    expect(decode({ type: 'hello' })).toEqual({ ok: false, error: 'unknown message type "hello"' });
  });

  it('rejects a state whose cycles or walls are malformed', () => {
    expect(decode({ type: 'state', ...ROUND, walls: { added: [[1, 2]], cleared: [] } })).toEqual({
      ok: false,
      error: 'state message: walls must be {added: [[x, y, owner]], cleared: [owner]}',
    });
    expect(decode({ type: 'state', ...ROUND, cycles: [{ ...CYCLE, direction: 'north' }], walls: { added: [], cleared: [] } })).toEqual({
      ok: false,
      error: 'state message: cycles must be a list of cycles',
    });
    expect(decode({ type: 'state', ...ROUND, phase: 'paused', walls: { added: [], cleared: [] } })).toEqual({
      ok: false,
      error: 'state message: phase is not a known phase',
    });
    expect(decode({ type: 'state', ...ROUND, tick: 1.5, walls: { added: [], cleared: [] } })).toEqual({
      ok: false,
      error: 'state message: tick, round, countdown and readyIn must be integers',
    });
    const { readyIn: _readyIn, ...withoutReadyIn } = ROUND;
    expect(decode({ type: 'state', ...withoutReadyIn, walls: { added: [], cleared: [] } })).toEqual({
      ok: false,
      error: 'state message: tick, round, countdown and readyIn must be integers',
    });
    expect(decode({ type: 'state', ...ROUND, winner: 0, walls: { added: [], cleared: [] } })).toEqual({
      ok: false,
      error: 'state message: winner must be a seat number or null',
    });
  });

  it('rejects a snapshot without a usable size', () => {
    expect(decode({ type: 'snapshot', ...ROUND, width: 0, height: 22, walls: [] })).toEqual({
      ok: false,
      error: 'snapshot message: width and height must be positive integers',
    });
  });

  it('rejects a watching message without a game, or with lobbies that are not lobby URLs, and a watchers count that is not a count', () => {
    expect(decode({ type: 'watching', game: 'duel' })).toEqual({ ok: false, error: 'watching message: game must be a game summary' });
    expect(decode({ type: 'watching', game: SUMMARY, lobbies: ['http://x/'] })).toEqual({
      ok: false,
      error: 'watching message: lobbies must be a list of ws:// or wss:// URLs',
    });
    for (const count of [-1, 1.5, '3', null]) {
      expect(decode({ type: 'watchers', count })).toEqual({ ok: false, error: 'watchers message: count must be an integer of at least 0' });
    }
  });

  it('rejects a joined message without a seat number and an error without a code', () => {
    expect(decode({ type: 'joined', game: SUMMARY, player: {} })).toEqual({
      ok: false,
      error: 'joined message: player.number must be a seat number',
    });
    expect(decode({ type: 'error', message: 'x' })).toEqual({ ok: false, error: 'error message: code and message must be strings' });
  });
});
