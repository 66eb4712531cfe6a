import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { roomLauncher } from '../server/process-room-host.js';
import { CliProcess } from './helpers/cli.js';
import { childPids, isRunning, waitForExit } from './helpers/processes.js';
import { TestClient } from './helpers/test-client.js';

const started: { kill(): void }[] = [];
const leftovers: number[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const launched of started.splice(0)) launched.kill();
  // Rooms stopped or hung on purpose: if one survived (the test failed), end it here, by its pid.
  for (const pid of leftovers.splice(0)) {
    if (isRunning(pid)) {
      process.kill(pid, 'SIGKILL');
    }
  }
});

async function connect(port: number): Promise<TestClient> {
  const client = await TestClient.connect(port);
  clients.push(client);
  return client;
}

/** Starts the fault-injecting lobby fixture and resolves with its port. */
async function faultLobby(): Promise<{ child: ChildProcess; port: number; command(line: string): Promise<void> }> {
  const child = spawn(process.execPath, ['test/fixtures/lobby-with-faults.mjs'], { stdio: ['pipe', 'pipe', 'pipe'] });
  started.push({ kill: () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL') });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const waitFor = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    const deadline = performance.now() + 10_000;
    for (;;) {
      const match = pattern.exec(output);
      if (match) return match;
      if (performance.now() > deadline) throw new Error(`no ${pattern} from the fixture; it printed: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const port = Number((await waitFor(/listening (\d+)/))[1]);
  return {
    child,
    port,
    command: async (line) => {
      child.stdin!.write(`${line}\n`);
      await waitFor(new RegExp(`done ${line}`));
    },
  };
}

describe('rooms of a lobby killed with SIGKILL', () => {
  it('are started with a parent-death signal on this machine', () => {
    expect(roomLauncher()).toMatchObject({ diesWithLobby: true });
  });

  it('die within 2 s even while stopped with SIGSTOP', async () => {
    const server = new CliProcess(['server', '--port', '0', '--host', '127.0.0.1', '--pool', '0']);
    started.push({ kill: () => server.signal('SIGKILL') });
    const [, port] = (await server.waitForOutput(/listening on ws:\/\/127\.0\.0\.1:(\d+)/))!;
    const player = await connect(Number(port));
    await player.request({ type: 'create', players: 2, name: 'frozen' });
    await player.next('state');
    const [room] = childPids(server.pid);
    expect(room).toBeDefined();
    process.kill(room!, 'SIGSTOP');
    leftovers.push(room!);
    server.signal('SIGKILL');
    await server.finished(5000);
    await waitForExit([room!], 2000);
  });

  it('die within 2 s even while stuck in an endless loop', async () => {
    const lobby = await faultLobby();
    const player = await connect(lobby.port);
    await player.request({ type: 'create', players: 2, name: 'spinning' });
    await player.next('state');
    const [room] = childPids(lobby.child.pid!);
    expect(room).toBeDefined();
    leftovers.push(room!);
    await lobby.command('hang spinning');
    // The room is now spinning: no frame comes any more.
    await expect(player.next('state', 1500).then(() => player.next('state', 1500))).rejects.toThrow(/timed out/);
    lobby.child.kill('SIGKILL');
    await new Promise((resolve) => lobby.child.once('exit', resolve));
    await waitForExit([room!], 2000);
  });
});
