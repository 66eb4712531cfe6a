import { fork } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gameProcessEntry, roomEntryIn } from '../server/game-process-entry.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folderWith(files: Record<string, number>): string {
  const folder = mkdtempSync(join(tmpdir(), 'vimtron-entry-'));
  folders.push(folder);
  for (const [name, mtimeSeconds] of Object.entries(files)) {
    writeFileSync(join(folder, name), '');
    utimesSync(join(folder, name), mtimeSeconds, mtimeSeconds);
  }
  return folder;
}

/** The build this checkout's tests run against. */
const DIST = resolve(import.meta.dirname, '../dist');

/** A copy of the compiled rooms (game-process/ and the shared/ it imports), as ES modules. */
function compiledRoomsCopy(): string {
  const folder = mkdtempSync(join(tmpdir(), 'vimtron-rooms-'));
  folders.push(folder);
  cpSync(join(DIST, 'game-process'), join(folder, 'game-process'), { recursive: true });
  cpSync(join(DIST, 'shared'), join(folder, 'shared'), { recursive: true });
  writeFileSync(join(folder, 'package.json'), '{"type":"module"}\n');
  return folder;
}

/** Forks a room as the lobby does (key pipe, IPC channel) and gives its first message, or its exit code if it exits first; either way it has exited by then. */
function firstWordOf(entry: string): Promise<{ message: unknown } | { exitCode: number | null }> {
  const child = fork(entry, [], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'ipc'], execArgv: [] });
  return new Promise((settle, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} said nothing within 10 s`));
    }, 10_000);
    let said: { message: unknown } | undefined;
    child.once('message', (message) => {
      said = { message };
      // A room exits as soon as its channel closes: the lobby's way of letting one go.
      child.disconnect();
    });
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      settle(said ?? { exitCode });
    });
  });
}

describe('game process entry', () => {
  it('starts rooms from the bundle when it was made after the compiled module', () => {
    const folder = folderWith({ 'main.js': 1000, 'main.cjs': 1001 });
    expect(roomEntryIn(folder, 'main')).toBe(join(folder, 'main.cjs'));
  });

  it('falls back to the compiled module when the bundle is older (a compile without bundling) or missing', () => {
    expect(roomEntryIn(folderWith({ 'main.js': 1001, 'main.cjs': 1000 }), 'main')).toMatch(/main\.js$/);
    expect(roomEntryIn(folderWith({ 'main.js': 1000 }), 'main')).toMatch(/main\.js$/);
    expect(roomEntryIn(folderWith({ 'main.cjs': 1000 }), 'main')).toBeNull();
  });

  it('runs a room from the compiled modules when the bundle beside them is stale or missing, and from the bundle once it is fresh', async () => {
    const folder = compiledRoomsCopy();
    const rooms = join(folder, 'game-process');
    const bundle = join(rooms, 'main.cjs');
    // A bundle that is not the game: a room started from it would exit with 99 and never say ready.
    writeFileSync(bundle, 'process.exit(99);\n');
    const compiledAt = statSync(join(rooms, 'main.js')).mtimeMs / 1000;
    utimesSync(bundle, compiledAt - 60, compiledAt - 60);
    expect(roomEntryIn(rooms, 'main')).toBe(join(rooms, 'main.js'));
    expect(await firstWordOf(roomEntryIn(rooms, 'main')!)).toEqual({ message: { type: 'ready' } });

    utimesSync(bundle, compiledAt + 60, compiledAt + 60);
    expect(roomEntryIn(rooms, 'main')).toBe(bundle);
    expect(await firstWordOf(roomEntryIn(rooms, 'main')!)).toEqual({ exitCode: 99 });

    rmSync(bundle);
    expect(await firstWordOf(roomEntryIn(rooms, 'main')!)).toEqual({ message: { type: 'ready' } });
  });

  it('finds the bundles npm run build made for forked and threaded rooms', () => {
    expect(gameProcessEntry()).toMatch(/dist\/game-process\/main\.cjs$/);
    expect(gameProcessEntry('worker-main')).toMatch(/dist\/game-process\/worker-main\.cjs$/);
  });
});
