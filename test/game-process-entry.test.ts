import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('finds the bundles npm run build made for forked and threaded rooms', () => {
    expect(gameProcessEntry()).toMatch(/dist\/game-process\/main\.cjs$/);
    expect(gameProcessEntry('worker-main')).toMatch(/dist\/game-process\/worker-main\.cjs$/);
  });
});
