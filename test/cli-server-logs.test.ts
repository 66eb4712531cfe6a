import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH } from '../cli/cli-path.js';
import type { LobbyStats } from '../shared/protocol/admin-documents.js';
import type { LogLine } from './helpers/captured-log.js';
import { CliProcess, closedPortPair, runCli } from './helpers/cli.js';
import { COMMON_FIELDS, documentedEvents } from './helpers/documented-log-events.js';
import { childPids, waitForExit } from './helpers/processes.js';
import { TestClient } from './helpers/test-client.js';
import { TmuxPane } from './helpers/tmux.js';
import { waitForAnswer } from './helpers/wait-for.js';

/**
 * `vimtron server`'s log as an operator's tooling reads it: a real lobby
 * process with its stdout piped, real room processes, real players. Every
 * line must be a JSON object with exactly the fields docs/operations.md
 * lists for its event.
 */

const documented = documentedEvents();
const processes: CliProcess[] = [];
const clients: TestClient[] = [];
const panes: TmuxPane[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const server of processes.splice(0)) await server.kill();
  for (const pane of panes.splice(0)) await pane.kill();
});

function startServer(args: readonly string[]): CliProcess {
  const server = new CliProcess(['server', '--host', '127.0.0.1', '--pool', '0', ...args]);
  processes.push(server);
  return server;
}

async function connect(port: number): Promise<TestClient> {
  const client = await TestClient.connect(port);
  clients.push(client);
  return client;
}

/** Every line has the fields every line has, and exactly the fields its event's row lists (those marked `?` or not). */
function expectDocumented(lines: readonly LogLine[]): void {
  for (const line of lines) {
    const event = documented.get(line.event);
    expect(event, `${line.event} is documented`).toBeDefined();
    const keys = Object.keys(line);
    const own = keys.filter((key) => !(COMMON_FIELDS as readonly string[]).includes(key));
    expect(keys, JSON.stringify(line)).toEqual(expect.arrayContaining([...COMMON_FIELDS]));
    expect(own.filter((key) => !event!.optional.includes(key)).sort(), JSON.stringify(line)).toEqual([...event!.fields].sort());
  }
}

/** The room pid of a game, from the admin port's `/stats`. */
async function roomPid(adminPort: number, game: string): Promise<number> {
  return waitForAnswer(async () => {
    const stats = (await (await fetch(`http://127.0.0.1:${adminPort}/stats`)).json()) as LobbyStats;
    return stats.roomStats.find((room) => room.name === game)?.pid ?? null;
  }, 5000, `the pid of ${game}`);
}

describe('vimtron server logs', () => {
  it('writes one JSON line per event on stdout, with the documented fields, from start to stop', async () => {
    const server = startServer(['--port', '0', '--admin-port', '0', '--log-level', 'debug']);
    const started = await server.waitForLog('lobby_started');
    const [, port, adminPort] = /^ws:\/\/127\.0\.0\.1:(\d+) http:\/\/127\.0\.0\.1:(\d+)\/$/.exec(`${started.url} ${started.adminUrl}`)!.map(Number);
    expect(started).toEqual({
      level: 30,
      time: expect.any(Number),
      event: 'lobby_started',
      url: `ws://127.0.0.1:${port}`,
      adminUrl: `http://127.0.0.1:${adminPort}/`,
      rooms: 'process',
      pool: 0,
      bench: false,
      lobbyPid: server.pid,
      redis: null,
      msg: `vimtron lobby listening on ws://127.0.0.1:${port} (rooms: process, pool 0); admin on http://127.0.0.1:${adminPort}/`,
    });

    const ana = await connect(port!);
    await ana.request({ type: 'create', players: 2, name: 'duel', playerName: 'ana' });
    await ana.next('state');
    const created = await server.waitForLog('game_created');
    const pid = created.pid as number;
    expect(created).toEqual({
      level: 30,
      time: expect.any(Number),
      event: 'game_created',
      game: 'duel',
      pid: await roomPid(adminPort!, 'duel'),
      seats: 2,
      bots: 0,
      width: 80,
      height: 22,
      games: 1,
      msg: `game duel created: 2 seats, 80x22, pid ${pid}, 1 game open`,
    });
    // A line the room process wrote itself reaches the lobby's log with the room's game and pid.
    expect(await server.waitForLog('room_ready')).toEqual({
      level: 20,
      time: expect.any(Number),
      event: 'room_ready',
      game: 'duel',
      pid,
      // No warm-up: a room started for a player who waits says ready at once.
      warmUpMs: 0,
      msg: 'room runtime ready, without a warm-up',
    });
    const anaJoined = await server.waitForLog('player_joined');
    expect(anaJoined).toEqual({
      level: 30,
      time: expect.any(Number),
      event: 'player_joined',
      game: 'duel',
      pid,
      player: 1,
      name: 'ana',
      connection: expect.any(Number),
      msg: 'player 1 (ana) joined game duel',
    });

    const bo = await connect(port!);
    const boJoined = await bo.request({ type: 'join', name: 'duel', playerName: 'bo' });
    await server.waitForLog('player_joined', (line) => line.player === 2);
    const eve = await connect(port!);
    await eve.request({ type: 'watch', name: 'duel' });
    await server.waitForLog('spectator_joined');
    // Players and spectators are told how many watch: the reply is waited for by its type.
    eve.send({ type: 'leave' });
    await eve.next('left');
    await server.waitForLog('spectator_left');

    bo.socket.terminate();
    expect(await server.waitForLog('player_dropped')).toMatchObject({ level: 30, game: 'duel', pid, player: 2, name: 'bo', holdMs: 30_000 });
    const boAgain = await connect(port!);
    expect(await boAgain.request({ type: 'rejoin', token: boJoined.token })).toMatchObject({ type: 'joined' });
    expect(await server.waitForLog('player_rejoined')).toMatchObject({ game: 'duel', pid, player: 2, name: 'bo' });

    // What a room prints besides its records (here Node's notice of the inspector SIGUSR1 opens) is a line of the log too.
    process.kill(pid, 'SIGUSR1');
    expect(await server.waitForLog('room_output')).toMatchObject({
      level: 50,
      game: 'duel',
      pid,
      stream: 'stderr',
      msg: expect.stringMatching(/inspector|Debugger listening/),
    });

    process.kill(pid, 'SIGKILL');
    const resumed = await server.waitForLog('room_resumed');
    expect(resumed).toMatchObject({ level: 40, game: 'duel', previousPid: pid, tick: expect.any(Number), detail: 'room process killed by SIGKILL' });
    expect(resumed.pid).not.toBe(pid);
    await ana.next('resuming');
    await boAgain.next('resuming');
    expect(server.logLines().filter((line) => line.event === 'room_crashed')).toEqual([
      {
        level: 50,
        time: expect.any(Number),
        event: 'room_crashed',
        game: 'duel',
        pid,
        cause: 'killed',
        detail: 'room process killed by SIGKILL',
        msg: `the room of game duel (pid ${pid}) failed: room process killed by SIGKILL`,
      },
    ]);

    // A flood: 60 messages at once against a burst of 40. Five lines in 10 s, whatever the flood.
    const flooder = await connect(port!);
    for (let id = 1; id <= 60; id++) flooder.send({ type: 'ping', id });
    await flooder.next((message) => message.type === 'error' && message.code === 'RATE_LIMITED');
    await server.waitForLog('limit_hit');
    await waitForAnswer(async () => (server.logLines().filter((line) => line.event === 'limit_hit').length === 5 ? true : null), 5000, 'five limit lines');
    const limits = server.logLines().filter((line) => line.event === 'limit_hit');
    expect(new Set(limits.map((line) => JSON.stringify([line.level, line.limit, line.address, line.connection])))).toEqual(
      new Set([JSON.stringify([40, 'rate_limit', '127.0.0.1', limits[0]!.connection])]),
    );
    expect(limits[0]!.connection).not.toBe(anaJoined.connection);

    boAgain.send({ type: 'leave' });
    expect(await boAgain.next('left')).toEqual({ type: 'left' });
    ana.send({ type: 'leave' });
    expect(await ana.next('left')).toEqual({ type: 'left' });
    expect(await server.waitForLog('game_ended')).toEqual({
      level: 30,
      time: expect.any(Number),
      event: 'game_ended',
      game: 'duel',
      pid: resumed.pid,
      reason: 'all_left',
      detail: 'all players left',
      msg: `game duel ended: all players left (pid ${resumed.pid})`,
    });

    server.signal('SIGTERM');
    const result = await server.finished();
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = server.logLines();
    expect(server.stdout.endsWith('\n')).toBe(true);
    expectDocumented(lines);
    expect(lines.filter((line) => !['room_ready', 'room_output', 'limit_hit'].includes(line.event)).map((line) => [line.event, line.player ?? null])).toEqual([
      ['lobby_started', null],
      ['game_created', null],
      ['player_joined', 1],
      ['player_joined', 2],
      ['spectator_joined', null],
      ['spectator_left', null],
      ['player_dropped', 2],
      ['player_rejoined', 2],
      ['room_crashed', null],
      ['room_resumed', null],
      ['player_left', 2],
      ['player_left', 1],
      ['game_ended', null],
      ['lobby_stopping', null],
      ['lobby_stopped', null],
    ]);
    expect(lines.filter((line) => line.event === 'room_ready').map((line) => [line.game, line.pid])).toEqual([
      ['duel', pid],
      ['duel', resumed.pid],
    ]);
    expect(lines.at(-2)).toMatchObject({ level: 30, signal: 'SIGTERM', games: 0, msg: 'vimtron lobby stopping on SIGTERM, with 0 games' });
    expect(lines.at(-1)).toMatchObject({ level: 30, stopMs: expect.any(Number), msg: expect.stringMatching(/^vimtron lobby stopped in \d+ ms$/) });
  });

  it.each([
    ['warn', ['room_crashed', 'room_resumed']],
    ['silent', []],
  ] as const)('with --log-level %s writes only the lines at that level or above', async (level, events) => {
    const port = await closedPortPair();
    const server = startServer(['--port', String(port), '--log-level', level]);
    await waitForAnswer(async () => ((await fetch(`http://127.0.0.1:${port + 1}/readyz`).catch(() => null))?.status === 200 ? true : null), 10_000, 'the lobby ready');
    const player = await connect(port);
    await player.request({ type: 'create', players: 2, name: 'quiet' });
    await player.next('state');
    const pid = await roomPid(port + 1, 'quiet');
    process.kill(pid, 'SIGKILL');
    await player.next('resuming', 5000);
    await player.next('snapshot', 5000);
    const children = childPids(server.pid);
    server.signal('SIGTERM');
    const result = await server.finished();
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = server.logLines();
    expectDocumented(lines);
    expect(lines.map((line) => line.event)).toEqual(events);
    expect(lines.every((line) => line.level >= 40)).toBe(true);
    await waitForExit(children, 5000);
  });

  it('exits with 2 and says which levels there are when --log-level is not one of them', async () => {
    expect(await runCli(['server', '--log-level', 'loud'])).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr: 'vimtron server: --log-level must be one of trace, debug, info, warn, error, fatal, silent, got "loud" (see vimtron server --help)\n',
    });
  });

  it('writes readable lines instead of JSON when stdout is a terminal', async () => {
    const pane = await TmuxPane.start(`node ${CLI_PATH} server --port 0 --host 127.0.0.1 --admin-port 0 --pool 0`, { columns: 240, rows: 10 });
    panes.push(pane);
    const line = await pane.waitFor('the listening line', (lines) => lines.find((text) => text.includes('lobby_started')));
    expect(line).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] INFO: lobby_started: vimtron lobby listening on ws:\/\/127\.0\.0\.1:\d+ \(rooms: process, pool 0\); admin on http:\/\/127\.0\.0\.1:\d+\/ \{"url":/,
    );
    expect((await pane.capture()).some((text) => text.startsWith('{'))).toBe(false);
  });
});
