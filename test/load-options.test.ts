import { describe, expect, it } from 'vitest';
import {
  addressesFlag,
  adminsFlag,
  botProcessCount,
  defaultLoadOptions,
  loadsCluster,
  parseLoadOptions,
  workRangeFlag,
} from '../load/generator/load-options.js';

describe('parseLoadOptions', () => {
  it('reads the documented example and fills the rest from the defaults', () => {
    const parsed = parseLoadOptions(['--games', '100', '--players', '2', '--duration', '30']);
    expect(parsed).toEqual({ kind: 'run', jsonDefault: true, options: { ...defaultLoadOptions, games: 100, players: 2, durationSeconds: 30 } });
  });

  it('takes a fixed work load for every room and a range for one heavy room', () => {
    const parsed = parseLoadOptions(['--work-ms', '0.2', '--heavy-work-ms=40-120', '--rooms', 'inline', '--no-json']);
    expect(parsed).toMatchObject({
      kind: 'run',
      jsonDefault: false,
      options: { workMs: { min: 0.2, max: 0.2 }, heavyWorkMs: { min: 40, max: 120 }, heavyGames: 1, rooms: 'inline', jsonPath: null },
    });
  });

  it('answers mistakes with a sentence naming the flag', () => {
    expect(parseLoadOptions(['--gmaes', '3'])).toEqual({ kind: 'error', error: 'unknown flag --gmaes; see --help' });
    expect(parseLoadOptions(['--players', '9'])).toEqual({ kind: 'error', error: '--players must be a whole number from 1 to 6, got "9"' });
    expect(parseLoadOptions(['--rooms', 'cloud'])).toEqual({ kind: 'error', error: '--rooms must be one of process, thread, inline, got "cloud"' });
    expect(parseLoadOptions(['--duration'])).toEqual({ kind: 'error', error: '--duration needs a value' });
    expect(parseLoadOptions(['--heavy-games', '2'])).toEqual({ kind: 'error', error: '--heavy-games needs --heavy-work-ms' });
    expect(parseLoadOptions(['--address', 'localhost:8766'])).toEqual({
      kind: 'error',
      error: '--address must look like ws://HOST:PORT (several: comma-separated), got "localhost:8766"',
    });
  });

  it('takes several lobbies of a cluster and its Redis, and refuses what contradicts them', () => {
    expect(parseLoadOptions(['--address', 'ws://127.0.0.1:8801/,ws://127.0.0.1:8802', '--redis', 'redis://127.0.0.1:6379/'])).toMatchObject({
      kind: 'run',
      options: { addresses: ['ws://127.0.0.1:8801', 'ws://127.0.0.1:8802'], redis: 'redis://127.0.0.1:6379', lobbies: 1 },
    });
    expect(parseLoadOptions(['--address', 'ws://127.0.0.1:8801/,wss://play.example.org', '--admin', 'http://127.0.0.1:9101/,http://10.0.0.9:9100'])).toMatchObject({
      kind: 'run',
      options: { addresses: ['ws://127.0.0.1:8801', 'wss://play.example.org'], admins: ['http://127.0.0.1:9101', 'http://10.0.0.9:9100'] },
    });
    expect(parseLoadOptions(['--lobbies', '3', '--redis', 'redis://10.0.0.2:6379'])).toMatchObject({
      kind: 'run',
      options: { addresses: [], lobbies: 3, redis: 'redis://10.0.0.2:6379' },
    });
    expect(parseLoadOptions(['--redis', '127.0.0.1:6379'])).toEqual({ kind: 'error', error: '--redis must look like redis://HOST:PORT, got "127.0.0.1:6379"' });
    expect(parseLoadOptions(['--address', 'ws://a:1,ws://b:2', '--lobbies', '2'])).toEqual({
      kind: 'error',
      error: '--lobbies starts lobbies; it cannot be combined with --address',
    });
    expect(parseLoadOptions(['--address', 'ws://a:1,ws://b:2', '--kill-lobby-every', '5'])).toEqual({
      kind: 'error',
      error: '--kill-lobby-every kills lobbies this run starts: it needs --lobbies 2 or more, without --address',
    });
    expect(parseLoadOptions(['--kill-lobby-every', '5'])).toEqual({
      kind: 'error',
      error: '--kill-lobby-every kills lobbies this run starts: it needs --lobbies 2 or more, without --address',
    });
  });

  it('asks for help', () => {
    expect(parseLoadOptions(['--games', '3', '--help'])).toEqual({ kind: 'help' });
  });
});

describe('workRangeFlag', () => {
  it('reads a number or a range and refuses a range upside down', () => {
    expect(workRangeFlag('10', 'work-ms')).toEqual({ min: 10, max: 10 });
    expect(workRangeFlag('40-120', 'work-ms')).toEqual({ min: 40, max: 120 });
    expect(workRangeFlag(undefined, 'work-ms')).toBeNull();
    expect(workRangeFlag('120-40', 'work-ms')).toBe(
      '--work-ms must be milliseconds from 0 to 1000 (like 0.2) or a range MIN-MAX (like 40-120), got "120-40"',
    );
  });
});

describe('adminsFlag', () => {
  it('gives each lobby its default admin port, the public port + 1 on the same host, unless told', () => {
    expect(adminsFlag(undefined, [])).toEqual([]);
    expect(adminsFlag(undefined, ['ws://127.0.0.1:8766', 'ws://[::1]:9000', 'wss://play.example.org'])).toEqual([
      'http://127.0.0.1:8767',
      'http://[::1]:9001',
      'http://play.example.org:444',
    ]);
  });

  it('refuses admin ports that do not match the lobbies one for one, or do not look like http://HOST:PORT', () => {
    expect(adminsFlag('http://a:2', [])).toBe('--admin names the admin ports of lobbies given with --address; give --address too');
    expect(adminsFlag('http://a:2', ['ws://a:1', 'ws://b:1'])).toBe(
      '--admin names 1 admin port for 2 lobbies of --address; give one per lobby, in the same order',
    );
    expect(adminsFlag('ws://a:2', ['ws://a:1'])).toBe('--admin must look like http://HOST:PORT (several: comma-separated), got "ws://a:2"');
  });
});

describe('addressesFlag', () => {
  it('splits on commas, drops trailing slashes and refuses an empty part or a lobby named twice', () => {
    expect(addressesFlag(undefined)).toEqual([]);
    expect(addressesFlag('ws://a:1/, wss://b:2')).toEqual(['ws://a:1', 'wss://b:2']);
    expect(addressesFlag('ws://a:1,')).toBe('--address must look like ws://HOST:PORT (several: comma-separated), got ""');
    expect(addressesFlag('ws://a:1,ws://a:1/')).toBe('--address names a lobby twice: "ws://a:1,ws://a:1/"');
  });
});

describe('loadsCluster', () => {
  it('is a cluster with several lobbies given or started, or lobbies on a given Redis', () => {
    expect(loadsCluster({ addresses: [], lobbies: 1, redis: null })).toBe(false);
    expect(loadsCluster({ addresses: ['ws://a:1'], lobbies: 1, redis: null })).toBe(false);
    expect(loadsCluster({ addresses: ['ws://a:1'], lobbies: 1, redis: 'redis://r:1' })).toBe(true);
    expect(loadsCluster({ addresses: ['ws://a:1', 'ws://b:1'], lobbies: 1, redis: null })).toBe(true);
    expect(loadsCluster({ addresses: [], lobbies: 3, redis: null })).toBe(true);
    expect(loadsCluster({ addresses: [], lobbies: 1, redis: 'redis://r:1' })).toBe(true);
  });
});

describe('botProcessCount', () => {
  it('uses one bot process up to 200 bots and two above, unless told', () => {
    expect(botProcessCount({ botProcesses: 0, games: 100, heavyGames: 0, players: 2 })).toBe(1);
    expect(botProcessCount({ botProcesses: 0, games: 100, heavyGames: 1, players: 2 })).toBe(2);
    expect(botProcessCount({ botProcesses: 3, games: 1, heavyGames: 0, players: 2 })).toBe(3);
  });
});
