import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessRoomHost } from '../server/process-room-host.js';
import { roomEnvironment } from '../server/room-environment.js';
import { defaultRoomHostOptions, type RoomExit } from '../server/room-host.js';

const saved = { ...process.env };
afterEach(() => {
  for (const name of ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS', 'VIMTRON_ENVIRONMENT_PROBE']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('a room process environment', () => {
  it('is the lobby environment without NODE_EXTRA_CA_CERTS and NODE_OPTIONS, with fault injection as asked', () => {
    const lobby = { PATH: '/usr/bin', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', NODE_OPTIONS: '--inspect', VIMTRON_FAULT_INJECTION: '1', LANG: 'C.UTF-8' };
    expect(roomEnvironment(lobby, false)).toEqual({ PATH: '/usr/bin', LANG: 'C.UTF-8' });
    expect(roomEnvironment(lobby, true)).toEqual({ PATH: '/usr/bin', LANG: 'C.UTF-8', VIMTRON_FAULT_INJECTION: '1' });
    // The lobby's own environment is left as it was.
    expect(lobby.NODE_EXTRA_CA_CERTS).toBe('/etc/ssl/certs/ca-certificates.crt');
  });

  it('is what a real room process started by the process host sees', async () => {
    process.env.NODE_EXTRA_CA_CERTS = '/etc/ssl/certs/ca-certificates.crt';
    process.env.NODE_OPTIONS = '--max-old-space-size=500';
    process.env.VIMTRON_ENVIRONMENT_PROBE = 'kept';
    let exited!: (exit: RoomExit) => void;
    const gone = new Promise<RoomExit>((resolve) => (exited = resolve));
    let ready!: () => void;
    const readied = new Promise<void>((resolve) => (ready = resolve));
    const channel = new ProcessRoomHost(defaultRoomHostOptions).create({
      onMessage: (message) => message.type === 'ready' && ready(),
      onExit: (exit) => exited(exit),
      onLog: () => {},
    });
    try {
      await readied;
      const names = readFileSync(`/proc/${channel.pid}/environ`, 'utf8')
        .split('\0')
        .map((entry) => entry.slice(0, entry.indexOf('=')));
      expect(names).toContain('VIMTRON_ENVIRONMENT_PROBE');
      expect(names.filter((name) => name === 'NODE_EXTRA_CA_CERTS' || name === 'NODE_OPTIONS')).toEqual([]);
    } finally {
      channel.dispose();
      await gone;
    }
  });
});
