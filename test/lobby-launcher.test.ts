import { describe, expect, it } from 'vitest';
import { listeningUrls } from '../load/common/lobby-launcher.js';

describe('the load tools\' lobby launcher', () => {
  it('finds where a lobby listens in its lobby_started log line', () => {
    const line = JSON.stringify({
      level: 30,
      time: 1,
      event: 'lobby_started',
      url: 'ws://127.0.0.1:4000',
      adminUrl: 'http://127.0.0.1:4001/',
      msg: 'vimtron lobby listening on ws://127.0.0.1:4000 (rooms: process, pool 2); admin on http://127.0.0.1:4001/',
    });
    expect(listeningUrls(line)).toEqual({ url: 'ws://127.0.0.1:4000', adminUrl: 'http://127.0.0.1:4001/' });
  });

  it('finds it in the plain line of an older build too, to compare against one', () => {
    expect(listeningUrls('vimtron lobby listening on ws://127.0.0.1:4000 (rooms: process, pool 2); admin on http://127.0.0.1:4001/')).toEqual({
      url: 'ws://127.0.0.1:4000',
      adminUrl: 'http://127.0.0.1:4001/',
    });
  });

  it('finds nothing in other lines, or without an admin listener', () => {
    expect(listeningUrls('{"level":30,"time":1,"event":"game_created","msg":"vimtron lobby listening on ws://x"}')).toBeNull();
    expect(listeningUrls(JSON.stringify({ event: 'lobby_started', url: 'ws://127.0.0.1:4000', adminUrl: null }))).toBeNull();
    expect(listeningUrls('{"event":"lobby_started"')).toBeNull();
    expect(listeningUrls('room process 12: something')).toBeNull();
  });
});
