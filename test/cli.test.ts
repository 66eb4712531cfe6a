import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PLAY_USAGE, TOP_USAGE } from '../cli/usage.js';
import { startLobby, type Lobby } from '../server/lobby.js';
import { ProcessRoomHost } from '../server/process-room-host.js';
import { CliProcess, closedPort, closedPortPair, runCli } from './helpers/cli.js';
import { childPids, waitForExit } from './helpers/processes.js';
import { TestClient } from './helpers/test-client.js';
import { waitForAnswer } from './helpers/wait-for.js';

/**
 * The compiled `vimtron` command line, run as a real process without a
 * terminal: usage errors, unreachable lobbies, `list` and `server`.
 * (Playing needs a terminal: see client-terminal.test.ts.)
 */

let lobby: Lobby;
const clients: TestClient[] = [];
const processes: CliProcess[] = [];

beforeAll(async () => {
  lobby = await startLobby({ port: 0, host: '127.0.0.1' }, new ProcessRoomHost());
});

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const cli of processes.splice(0)) await cli.kill();
});

afterAll(async () => {
  const pids = lobby.childPids();
  await lobby.close();
  await waitForExit(pids, 5000);
});

async function connect(port = lobby.port): Promise<TestClient> {
  const client = await TestClient.connect(port);
  clients.push(client);
  return client;
}

function startCli(args: readonly string[]): CliProcess {
  const cli = new CliProcess(args);
  processes.push(cli);
  return cli;
}

describe('vimtron command line', () => {
  it('exits with 2 and one line on stderr for an unknown flag', async () => {
    expect(await runCli(['--bogus'])).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr: 'vimtron: unknown flag --bogus (see vimtron --help)\n',
    });
  });

  it('exits with 2 for a flag without its value and for a bad number', async () => {
    expect(await runCli(['list', '--port'])).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr: 'vimtron list: --port needs a value (see vimtron list --help)\n',
    });
    expect(await runCli(['server', '--port', '70000'])).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr: 'vimtron server: --port must be an integer from 0 to 65535, got 70000 (see vimtron server --help)\n',
    });
  });

  it('exits with 1 when the game browser is asked for without a terminal', async () => {
    expect(await runCli(['play', '--port', String(await closedPort())])).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: 'vimtron: the game browser needs an interactive terminal (stdin and stdout must be a terminal, not a pipe or file)\n',
    });
  });

  it('exits with 2 for a player name that breaks the rules, for play and for practice, without changing it', async () => {
    expect(await runCli(['play', '--players', '2', '--name', 'ana maria'])).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr:
        'vimtron play: --name may contain only letters a-z, digits, "-" and "_", and must start with a letter or digit (see vimtron play --help)\n',
    });
    expect(await runCli(['--name', 'x'.repeat(25)])).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr: 'vimtron: --name must be at most 24 characters (see vimtron --help)\n',
    });
  });

  it('prints the help on stdout and exits with 0', async () => {
    expect(await runCli(['--help'])).toEqual({ code: 0, signal: null, stdout: TOP_USAGE, stderr: '' });
    expect(await runCli(['play', '-h'])).toEqual({ code: 0, signal: null, stdout: PLAY_USAGE, stderr: '' });
  });

  it('exits with 2 when VIMTRON_RECONNECT_SECONDS is not a number of seconds', async () => {
    expect(await runCli(['play', '--port', String(lobby.port), '--players', '1'], 10_000, { VIMTRON_RECONNECT_SECONDS: 'soon' })).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr: 'vimtron: VIMTRON_RECONNECT_SECONDS must be a number of seconds from 0 to 86400, got "soon"\n',
    });
  });

  it('exits with 1 and says so when nothing listens on the lobby port', async () => {
    const port = await closedPort();
    expect(await runCli(['play', '--port', String(port), '--players', '1'])).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: `vimtron: cannot reach the lobby at ws://127.0.0.1:${port}: connection refused (is a vimtron lobby running there?)\n`,
    });
    expect((await runCli(['list', '--port', String(port)])).code).toBe(1);
  });

  it('refuses to play without a terminal, and creates no game', async () => {
    expect(await runCli(['play', '--port', String(lobby.port), '--players', '1', '--game', 'piped'])).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: 'vimtron: playing needs an interactive terminal (stdin and stdout must be a terminal, not a pipe or file)\n',
    });
    const client = await connect();
    expect(await client.request({ type: 'list' })).toEqual({ type: 'games', games: [] });
  });

  it('lists no games, then the game someone created', async () => {
    expect(await runCli(['list', '--port', String(lobby.port)])).toEqual({ code: 0, signal: null, stdout: 'no games\n', stderr: '' });
    const creator = await connect();
    expect(await creator.request({ type: 'create', players: 2, name: 'listed', width: 40, height: 20, playerName: 'ana' })).toMatchObject({
      type: 'joined',
    });
    expect(await (await connect()).request({ type: 'join', name: 'listed', playerName: 'bo' })).toMatchObject({ type: 'joined' });
    expect(await runCli(['list', '--address', '127.0.0.1', '--port', String(lobby.port)])).toEqual({
      code: 0,
      signal: null,
      stdout: 'GAME    PLAYERS  PHASE    ARENA  NAMES\nlisted  2/2      waiting  40x20  ana, bo\n',
      stderr: '',
    });
  });
});

describe('vimtron server', () => {
  it('logs where it listens, serves games with its options, and exits with 0 on SIGTERM leaving no room behind', async () => {
    const server = startCli(['server', '--port', '0', '--host', '127.0.0.1', '--max-games', '1', '--idle-timeout', '1']);
    const started = await server.waitForLog('lobby_started');
    const [, port, adminPort] = /^ws:\/\/127\.0\.0\.1:(\d+) http:\/\/127\.0\.0\.1:(\d+)\/$/.exec(`${started.url} ${started.adminUrl}`)!;
    expect(started.msg).toBe(`vimtron lobby listening on ws://127.0.0.1:${port} (rooms: process, pool 2); admin on http://127.0.0.1:${adminPort}/`);
    const health = await fetch(`http://127.0.0.1:${adminPort}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, 'ok\n']);

    const first = await connect(Number(port));
    expect(await first.request({ type: 'create', players: 1, name: 'only' })).toMatchObject({ type: 'joined' });
    const second = await connect(Number(port));
    expect(await second.request({ type: 'create', players: 1 })).toMatchObject({ type: 'error', code: 'SERVER_FULL' });
    // --idle-timeout 1: a game nobody is connected to any more closes a second after its player went away
    // (long before the 30 s seat hold), which makes room for another.
    first.socket.terminate();
    await waitForAnswer(async () => ((await second.request({ type: 'list' })).games.length === 0 ? true : null), 5000, 'the idle game closed', 100);
    expect(await second.request({ type: 'create', players: 1 })).toMatchObject({ type: 'joined' });

    const children = childPids(server.pid);
    server.signal('SIGTERM');
    const result = await server.finished();
    expect(result.code).toBe(0);
    expect(result.signal).toBe(null);
    expect(result.stderr).toBe('');
    await waitForExit(children, 5000);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s tells every player, closes them with 1001, stops every room and exits within 5 s',
    async (signal) => {
      const server = startCli(['server', '--port', '0', '--host', '127.0.0.1', '--pool', '1']);
      const [, port] = (await server.waitForOutput(/listening on ws:\/\/127\.0\.0\.1:(\d+)/))!;
      const players = [await connect(Number(port)), await connect(Number(port))];
      await players[0]!.request({ type: 'create', players: 2, name: 'one' });
      await players[1]!.request({ type: 'create', players: 1, name: 'two' });
      await players[1]!.next('state');
      const children = childPids(server.pid);
      expect(children.length).toBeGreaterThanOrEqual(2);
      const signalledAt = performance.now();
      server.signal(signal);
      for (const player of players) {
        expect(await player.next('shutdown')).toEqual({ type: 'shutdown', message: 'the server is shutting down' });
        expect(await player.close()).toBe(1001);
      }
      const result = await server.finished(5000);
      expect(performance.now() - signalledAt).toBeLessThan(5000);
      expect(result.code).toBe(0);
      expect(server.logLines().filter((line) => line.event === 'game_ended').map((line) => [line.game, line.reason])).toEqual(
        expect.arrayContaining([
          ['one', 'shutdown'],
          ['two', 'shutdown'],
        ]),
      );
      expect(server.logLines().at(-1)).toMatchObject({ event: 'lobby_stopped', level: 30 });
      await waitForExit(children, 1000);
    },
  );

  it('leaves no room process behind when it is killed with SIGKILL: rooms exit within 2 s', async () => {
    const server = startCli(['server', '--port', '0', '--host', '127.0.0.1', '--pool', '2']);
    const [, port] = (await server.waitForOutput(/listening on ws:\/\/127\.0\.0\.1:(\d+)/))!;
    const player = await connect(Number(port));
    await player.request({ type: 'create', players: 2, name: 'orphaned' });
    await player.next('state');
    const children = childPids(server.pid);
    expect(children.length).toBeGreaterThanOrEqual(2);
    server.signal('SIGKILL');
    await server.finished(5000);
    await waitForExit(children, 2000);
  });

  it('serves its admin port at --port + 1 by default, and none with --admin-port off', async () => {
    const port = await closedPortPair();
    const next = startCli(['server', '--port', String(port), '--host', '127.0.0.1', '--pool', '0']);
    expect((await next.waitForLog('lobby_started')).msg).toBe(
      `vimtron lobby listening on ws://127.0.0.1:${port} (rooms: process, pool 0); admin on http://127.0.0.1:${port + 1}/`,
    );
    expect((await fetch(`http://127.0.0.1:${port + 1}/readyz`)).status).toBe(200);
    next.signal('SIGTERM');
    expect((await next.finished()).code).toBe(0);

    const off = startCli(['server', '--port', '0', '--host', '127.0.0.1', '--pool', '0', '--admin-port', 'off']);
    const offStarted = await off.waitForLog('lobby_started');
    const offPort = /^ws:\/\/127\.0\.0\.1:(\d+)$/.exec(String(offStarted.url))![1];
    expect(offStarted).toMatchObject({ adminUrl: null, msg: `vimtron lobby listening on ws://127.0.0.1:${offPort} (rooms: process, pool 0); admin port off` });
    off.signal('SIGTERM');
    expect((await off.finished()).code).toBe(0);
  });

  it('exits with 1 and says why when the admin port is taken, leaving nothing behind', async () => {
    expect(await runCli(['server', '--port', '0', '--host', '127.0.0.1', '--admin-port', String(lobby.port)])).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: `vimtron server: admin port ${lobby.port} on 127.0.0.1 is already in use (is another lobby running? try --admin-port)\n`,
    });
  });

  it('exits with 1 and says why when the port is taken', async () => {
    expect(await runCli(['server', '--port', String(lobby.port), '--host', '127.0.0.1'])).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: `vimtron server: port ${lobby.port} on 127.0.0.1 is already in use (is another lobby running? try --port)\n`,
    });
  });
});
