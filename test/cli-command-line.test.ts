import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { parseCommandLine } from '../cli/command-line.js';
import { LIST_USAGE, PLAY_USAGE, SERVER_USAGE, TOP_USAGE, WATCH_USAGE } from '../cli/usage.js';

/** The login name the tests pretend to have, and how often it was asked for. */
let loginAsked = 0;
const parse = (argv: readonly string[]) =>
  parseCommandLine(argv, () => {
    loginAsked++;
    return 'login';
  });

describe('parseCommandLine', () => {
  it('starts a practice game when there are no arguments, under the login name', () => {
    expect(parse([])).toEqual({ ok: true, value: { kind: 'practice', playerName: 'login', bots: 0 } });
  });

  it('takes --name for the practice game, and for play, keeping its case', () => {
    expect(parse(['--name', ' Ana '])).toEqual({ ok: true, value: { kind: 'practice', playerName: 'Ana', bots: 0 } });
    expect(parse(['play', '--game', 'duel', '--name', 'bo'])).toEqual({
      ok: true,
      value: { kind: 'play', address: '127.0.0.1', port: 8766, game: { action: 'join', name: 'duel', playerName: 'bo' } },
    });
    const before = loginAsked;
    parse(['play', '--players', '2', '--name', 'cy']);
    expect(loginAsked).toBe(before);
  });

  it('refuses a bad --name with the rule it breaks instead of changing it', () => {
    expect(parse(['--name', 'ana maria'])).toEqual({
      ok: false,
      error: 'vimtron: --name may contain only letters a-z, digits, "-" and "_", and must start with a letter or digit (see vimtron --help)',
    });
    expect(parse(['play', '--players', '2', '--name', 'a'.repeat(25)])).toEqual({
      ok: false,
      error: 'vimtron play: --name must be at most 24 characters (see vimtron play --help)',
    });
    expect(parse(['play', '--players', '2', '--name', '--game'])).toEqual({
      ok: false,
      error: 'vimtron play: --name needs a value (see vimtron play --help)',
    });
    expect(parse(['play', '--players', '2', '--name=_x'])).toEqual({
      ok: false,
      error: 'vimtron play: --name may contain only letters a-z, digits, "-" and "_", and must start with a letter or digit (see vimtron play --help)',
    });
    expect(parse(['--name', '  '])).toEqual({ ok: false, error: 'vimtron: --name must not be empty (see vimtron --help)' });
    expect(parse(['--name'])).toEqual({ ok: false, error: 'vimtron: --name needs a value (see vimtron --help)' });
  });

  it('starts a practice game against bots with --bots, in the arena --width and --height ask for', () => {
    expect(parse(['--bots', '3'])).toEqual({ ok: true, value: { kind: 'practice', playerName: 'login', bots: 3 } });
    expect(parse(['--bots=5', '--width', '40', '--height', '20'])).toEqual({
      ok: true,
      value: { kind: 'practice', playerName: 'login', bots: 5, width: 40, height: 20 },
    });
    expect(parse(['--width', '30'])).toEqual({ ok: true, value: { kind: 'practice', playerName: 'login', bots: 0, width: 30 } });
  });

  it('refuses a bot count outside 0 to 5 for practice, or a practice flag without a value', () => {
    expect(parse(['--bots', '6'])).toEqual({ ok: false, error: 'vimtron: --bots must be an integer from 0 to 5, got 6 (see vimtron --help)' });
    expect(parse(['--bots', '-1'])).toMatchObject({ ok: false });
    expect(parse(['--bots', '1.5'])).toEqual({ ok: false, error: 'vimtron: --bots must be an integer from 0 to 5, got "1.5" (see vimtron --help)' });
    expect(parse(['--bots'])).toEqual({ ok: false, error: 'vimtron: --bots needs a value (see vimtron --help)' });
    expect(parse(['--bots', '2', 'server'])).toMatchObject({ ok: false });
  });

  it('shows the top help for --help and -h, and each command its own', () => {
    expect(parse(['--help'])).toEqual({ ok: true, value: { kind: 'help', text: TOP_USAGE } });
    expect(parse(['-h'])).toEqual({ ok: true, value: { kind: 'help', text: TOP_USAGE } });
    expect(parse(['server', '--help'])).toEqual({ ok: true, value: { kind: 'help', text: SERVER_USAGE } });
    expect(parse(['play', '-h'])).toEqual({ ok: true, value: { kind: 'help', text: PLAY_USAGE } });
    expect(parse(['list', '--port', '9', '--help'])).toEqual({ ok: true, value: { kind: 'help', text: LIST_USAGE } });
    expect(parse(['watch', '--help'])).toEqual({ ok: true, value: { kind: 'help', text: WATCH_USAGE } });
  });

  it('watches a game with --game on the default lobby or a given one', () => {
    expect(parse(['watch', '--game', ' Duel '])).toEqual({
      ok: true,
      value: { kind: 'play', address: '127.0.0.1', port: 8766, game: { action: 'watch', name: 'duel' } },
    });
    expect(parse(['watch', '--game', 'duel', '--address', '10.0.0.5', '--port', '9000'])).toEqual({
      ok: true,
      value: { kind: 'play', address: '10.0.0.5', port: 9000, game: { action: 'watch', name: 'duel' } },
    });
  });

  it('asks watch for --game, checks its name, and takes none of the options of creating a game', () => {
    expect(parse(['watch'])).toEqual({
      ok: false,
      error: 'vimtron watch: give --game NAME: the game to watch (vimtron list shows the games) (see vimtron watch --help)',
    });
    expect(parse(['watch', '--game', 'no spaces'])).toEqual({
      ok: false,
      error:
        'vimtron watch: --game name may contain only letters a-z, digits, "-" and "_", and must start with a letter or digit (see vimtron watch --help)',
    });
    expect(parse(['watch', '--game', 'duel', '--players', '2'])).toEqual({
      ok: false,
      error: 'vimtron watch: unknown flag --players (see vimtron watch --help)',
    });
  });

  it('rejects an unknown top-level flag and an unknown command, pointing at the help', () => {
    expect(parse(['--bogus'])).toEqual({ ok: false, error: 'vimtron: unknown flag --bogus (see vimtron --help)' });
    expect(parse(['serve'])).toEqual({
      ok: false,
      error: 'vimtron: unknown command "serve"; expected server, play, watch or list (see vimtron --help)',
    });
  });

  it('fills in the server defaults: port 8766 on all interfaces, 500 games, 180 s idle timeout, process rooms, a start slot per core, info logs', () => {
    expect(parse(['server'])).toEqual({
      ok: true,
      value: {
        kind: 'server',
        port: 8766,
        host: '0.0.0.0',
        adminPort: 'next',
        adminHost: '127.0.0.1',
        maxGames: 500,
        maxWatchersPerGame: 64,
        maxWatchers: 1000,
        idleTimeoutMs: 180_000,
        rooms: 'process',
        pool: 2,
        startConcurrency: availableParallelism(),
        heapMb: 64,
        seatHoldMs: 30_000,
        maxConnections: 4000,
        maxConnectionsPerAddress: 64,
        maxGamesPerAddress: 8,
        maxGamesPerAddressPerMinute: 10,
        startTimeoutMs: 10_000,
        bench: false,
        redis: null,
        publicUrl: null,
        logLevel: 'info',
      },
    });
  });

  it('reads every server option and turns seconds into milliseconds', () => {
    expect(
      parse([
        'server', '--port', '0', '--host', '127.0.0.1', '--max-games', '3', '--idle-timeout', '60', '--rooms', 'thread',
        '--pool', '0', '--start-concurrency', '3', '--heap-mb', '128', '--seat-hold', '5', '--max-connections', '10', '--max-connections-per-address', '4',
        '--max-games-per-address', '2', '--start-timeout', '3', '--redis', 'redis://:secret@10.0.0.2:6380/1',
        '--public-url', 'wss://games.example.org:8766', '--max-watchers-per-game', '5', '--max-watchers', '50',
        '--admin-port', '9100', '--admin-host', '10.0.0.5', '--log-level', 'debug',
      ]),
    ).toEqual({
      ok: true,
      value: {
        kind: 'server',
        port: 0,
        host: '127.0.0.1',
        adminPort: 9100,
        adminHost: '10.0.0.5',
        maxGames: 3,
        maxWatchersPerGame: 5,
        maxWatchers: 50,
        idleTimeoutMs: 60_000,
        rooms: 'thread',
        pool: 0,
        startConcurrency: 3,
        heapMb: 128,
        seatHoldMs: 5000,
        maxConnections: 10,
        maxConnectionsPerAddress: 4,
        maxGamesPerAddress: 2,
        maxGamesPerAddressPerMinute: 10,
        startTimeoutMs: 3000,
        bench: false,
        redis: 'redis://:secret@10.0.0.2:6380/1',
        publicUrl: 'wss://games.example.org:8766/',
        logLevel: 'debug',
      },
    });
  });

  it('takes pino\'s levels and silent for --log-level, and nothing else', () => {
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']) {
      expect(parse(['server', '--log-level', level])).toMatchObject({ ok: true, value: { logLevel: level } });
    }
    expect(parse(['server', '--log-level', 'verbose'])).toEqual({
      ok: false,
      error: 'vimtron server: --log-level must be one of trace, debug, info, warn, error, fatal, silent, got "verbose" (see vimtron server --help)',
    });
    expect(parse(['server', '--log-level', 'INFO'])).toMatchObject({ ok: false });
    expect(parse(['server', '--log-level'])).toEqual({ ok: false, error: 'vimtron server: --log-level needs a value (see vimtron server --help)' });
  });

  it('accepts only a redis:// or rediss:// URL for --redis and a ws:// or wss:// URL for --public-url', () => {
    expect(parse(['server', '--admin-port', 'off'])).toMatchObject({ ok: true, value: { adminPort: 'off' } });
    expect(parse(['server', '--admin-port', '0'])).toMatchObject({ ok: true, value: { adminPort: 0 } });
    for (const bad of ['none', '-1', '65536', '80.5', '0x50', '']) {
      expect(parse(['server', `--admin-port=${bad}`])).toEqual({
        ok: false,
        error:
          bad === ''
            ? 'vimtron server: --admin-port needs a value (see vimtron server --help)'
            : `vimtron server: --admin-port must be a port from 0 to 65535, or off, got "${bad}" (see vimtron server --help)`,
      });
    }
    expect(parse(['server', '--port', '9000', '--admin-port', '9000'])).toEqual({
      ok: false,
      error: 'vimtron server: --admin-port must differ from --port (9000): the admin listener needs a port of its own (see vimtron server --help)',
    });
    expect(parse(['server', '--port', '65535'])).toEqual({
      ok: false,
      error: 'vimtron server: --port 65535 leaves no next port for the admin listener; give --admin-port (see vimtron server --help)',
    });
    expect(parse(['server', '--redis', 'rediss://cache.internal:6379'])).toMatchObject({ ok: true, value: { redis: 'rediss://cache.internal:6379' } });
    expect(parse(['server', '--public-url', 'ws://[::1]:9000/'])).toMatchObject({ ok: true, value: { publicUrl: 'ws://[::1]:9000/' } });
    expect(parse(['server', '--redis', 'localhost:6379'])).toEqual({
      ok: false,
      error: 'vimtron server: --redis must be a Redis URL such as redis://HOST:PORT, got "localhost:6379" (see vimtron server --help)',
    });
    expect(parse(['server', '--redis', 'http://10.0.0.2:6379'])).toEqual({
      ok: false,
      error: 'vimtron server: --redis must be a Redis URL such as redis://HOST:PORT, got "http://10.0.0.2:6379" (see vimtron server --help)',
    });
    expect(parse(['server', '--public-url', 'http://games.example.org/'])).toEqual({
      ok: false,
      error:
        'vimtron server: --public-url must be a ws:// or wss:// URL such as ws://HOST:PORT/, got "http://games.example.org/" (see vimtron server --help)',
    });
    expect(parse(['server', '--public-url', 'games.example.org:8766'])).toEqual({
      ok: false,
      error:
        'vimtron server: --public-url must be a ws:// or wss:// URL such as ws://HOST:PORT/, got "games.example.org:8766" (see vimtron server --help)',
    });
    expect(parse(['server', '--redis'])).toEqual({
      ok: false,
      error: 'vimtron server: --redis needs a value (see vimtron server --help)',
    });
  });

  it('lifts the per-address caps to the totals in benchmark mode unless they are given', () => {
    expect(parse(['server', '--bench', '--max-connections', '900', '--max-games', '300'])).toMatchObject({
      ok: true,
      value: { bench: true, maxConnections: 900, maxConnectionsPerAddress: 900, maxGames: 300, maxGamesPerAddress: 300 },
    });
    expect(parse(['server', '--bench', '--max-games-per-address', '5'])).toMatchObject({
      ok: true,
      value: { bench: true, maxGamesPerAddress: 5 },
    });
    expect(parse(['server', '--bench', '--max-connections-per-address', '7'])).toMatchObject({
      ok: true,
      value: { bench: true, maxConnectionsPerAddress: 7 },
    });
    expect(parse(['server', '--bench=yes'])).toEqual({
      ok: false,
      error: 'vimtron server: --bench takes no value (see vimtron server --help)',
    });
  });

  it('accepts only the room hosts it knows', () => {
    expect(parse(['server', '--rooms', 'cluster'])).toEqual({
      ok: false,
      error: 'vimtron server: --rooms must be one of process, thread, inline, got "cluster" (see vimtron server --help)',
    });
  });

  it('names the command and the help in a server flag error', () => {
    expect(parse(['server', '--idle-timeout', '0'])).toEqual({
      ok: false,
      error: 'vimtron server: --idle-timeout must be an integer from 1 to 86400, got 0 (see vimtron server --help)',
    });
    expect(parse(['server', '--address', 'x'])).toEqual({
      ok: false,
      error: 'vimtron server: unknown flag --address (see vimtron server --help)',
    });
  });

  it('creates a game with --players, with the default address and port', () => {
    expect(parse(['play', '--players', '2'])).toEqual({
      ok: true,
      value: { kind: 'play', address: '127.0.0.1', port: 8766, game: { action: 'create', players: 2, playerName: 'login' } },
    });
  });

  it('creates a named game of a given size on a given lobby', () => {
    expect(
      parse(['play', '--address', '10.0.0.5', '--port', '9000', '--players', '6', '--game', 'Duel', '--width', '40', '--height', '20']),
    ).toEqual({
      ok: true,
      value: {
        kind: 'play',
        address: '10.0.0.5',
        port: 9000,
        game: { action: 'create', players: 6, name: 'duel', width: 40, height: 20, playerName: 'login' },
      },
    });
  });

  it('joins a game with --game alone', () => {
    expect(parse(['play', '--game', 'duel'])).toEqual({
      ok: true,
      value: { kind: 'play', address: '127.0.0.1', port: 8766, game: { action: 'join', name: 'duel', playerName: 'login' } },
    });
  });

  it('opens the game browser when play has neither --players nor --game', () => {
    expect(parse(['play'])).toEqual({ ok: true, value: { kind: 'browse', address: '127.0.0.1', port: 8766, playerName: 'login' } });
    expect(parse(['play', '--address', '10.0.0.5', '--port', '9000', '--name', 'ana'])).toEqual({
      ok: true,
      value: { kind: 'browse', address: '10.0.0.5', port: 9000, playerName: 'ana' },
    });
    expect(parse(['play', '--width', '40'])).toEqual({
      ok: false,
      error: 'vimtron play: --width only applies when creating a game with --players (see vimtron play --help)',
    });
  });

  it('refuses an arena size when joining, since only the creator picks it', () => {
    expect(parse(['play', '--game', 'duel', '--height', '30'])).toEqual({
      ok: false,
      error: 'vimtron play: --height only applies when creating a game with --players (see vimtron play --help)',
    });
  });

  it('creates a game with bots in some of its seats', () => {
    expect(parse(['play', '--players', '4', '--bots', '3', '--game', 'rush'])).toEqual({
      ok: true,
      value: { kind: 'play', address: '127.0.0.1', port: 8766, game: { action: 'create', players: 4, bots: 3, name: 'rush', playerName: 'login' } },
    });
  });

  it('refuses more bots than the seats besides yours, and bots when joining', () => {
    expect(parse(['play', '--players', '3', '--bots', '3'])).toEqual({
      ok: false,
      error: 'vimtron play: --bots must be at most 2 with --players 3: you take a seat too (see vimtron play --help)',
    });
    expect(parse(['play', '--players', '1', '--bots', '1'])).toEqual({
      ok: false,
      error: 'vimtron play: --bots must be at most 0 with --players 1: you take a seat too (see vimtron play --help)',
    });
    expect(parse(['play', '--game', 'duel', '--bots', '1'])).toEqual({
      ok: false,
      error: 'vimtron play: --bots only applies when creating a game with --players (see vimtron play --help)',
    });
  });

  it('checks players, width, height and the game name against the game rules', () => {
    expect(parse(['play', '--players', '7'])).toEqual({
      ok: false,
      error: 'vimtron play: --players must be an integer from 1 to 6, got 7 (see vimtron play --help)',
    });
    expect(parse(['play', '--players', '1', '--width', '19'])).toEqual({
      ok: false,
      error: 'vimtron play: --width must be an integer from 20 to 200, got 19 (see vimtron play --help)',
    });
    expect(parse(['play', '--players', '1', '--height', '101'])).toEqual({
      ok: false,
      error: 'vimtron play: --height must be an integer from 10 to 100, got 101 (see vimtron play --help)',
    });
    expect(parse(['play', '--game', 'no spaces'])).toEqual({
      ok: false,
      error:
        'vimtron play: --game name may contain only letters a-z, digits, "-" and "_", and must start with a letter or digit (see vimtron play --help)',
    });
  });

  it('rejects a port of 0 for play and list, where it cannot mean anything', () => {
    expect(parse(['list', '--port', '0'])).toEqual({
      ok: false,
      error: 'vimtron list: --port must be an integer from 1 to 65535, got 0 (see vimtron list --help)',
    });
  });

  it('lists the games of the default lobby or a given one', () => {
    expect(parse(['list'])).toEqual({ ok: true, value: { kind: 'list', address: '127.0.0.1', port: 8766 } });
    expect(parse(['list', '--address', 'example.org', '--port', '1'])).toEqual({
      ok: true,
      value: { kind: 'list', address: 'example.org', port: 1 },
    });
  });
});
