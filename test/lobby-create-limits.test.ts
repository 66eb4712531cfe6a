import { describe, expect, it } from 'vitest';
import { CreateLimits } from '../server/create-limits.js';
import { addressKey } from '../server/remote-address.js';
import { useLobbies } from './helpers/lobby-harness.js';
import { TestClient } from './helpers/test-client.js';
import { waitFor } from './helpers/wait-for.js';

const lobbyWith = useLobbies();

describe('create limits per address', () => {
  it('caps the live games one address plays in, counting seats held for creators who dropped, until the hold ends', async () => {
    const { lobby, connect, log } = await lobbyWith({ maxGamesPerAddress: 2, seatHoldMs: 1500 });
    for (const name of ['one', 'two']) {
      const creator = await connect();
      expect(await creator.request({ type: 'create', players: 2, name })).toMatchObject({ type: 'joined' });
      // Dropping keeps the room alive for the seat hold, and still counts against the address.
      await creator.close();
    }
    const third = await connect();
    expect(await third.request({ type: 'create', players: 2, name: 'three' })).toEqual({
      type: 'error',
      code: 'TOO_MANY_GAMES',
      message: 'your address already plays in 2 games, the most this server allows; leave one before creating another',
    });
    // An honest player from another address is not affected.
    const elsewhere = await TestClient.connect(lobby.port, '/', { localAddress: '127.0.0.2' });
    try {
      expect(await elsewhere.request({ type: 'create', players: 2, name: 'honest' })).toMatchObject({ type: 'joined' });
    } finally {
      await elsewhere.close();
    }
    // Once the held seats are given up, the rooms end and the address may create again.
    await waitFor(() => ['one', 'two'].every((name) => log.of('game_ended').some((line) => line.game === name && line.reason === 'all_left')), 10_000);
    expect(await third.request({ type: 'create', players: 2, name: 'three' })).toMatchObject({ type: 'joined', game: { name: 'three' } });
  });

  it('caps joins too: an address cannot hold seats in more live games than it could create', async () => {
    const { lobby, connect } = await lobbyWith({ maxGamesPerAddress: 2 });
    const names = ['open-a', 'open-b', 'open-c'];
    const hosts = await Promise.all(names.map((_, index) => TestClient.connect(lobby.port, '/', { localAddress: `127.0.0.${index + 2}` })));
    try {
      for (const [index, host] of hosts.entries()) {
        expect(await host.request({ type: 'create', players: 2, name: names[index] })).toMatchObject({ type: 'joined' });
      }
      const first = await connect();
      const second = await connect();
      const third = await connect();
      expect(await first.request({ type: 'join', name: 'open-a' })).toMatchObject({ type: 'joined' });
      expect(await second.request({ type: 'join', name: 'open-b' })).toMatchObject({ type: 'joined' });
      expect(await third.request({ type: 'join', name: 'open-c' })).toEqual({
        type: 'error',
        code: 'TOO_MANY_GAMES',
        message: 'your address already plays in 2 games, the most this server allows; leave one before joining another',
      });
    } finally {
      for (const host of hosts) await host.close();
    }
  });

  it('does not reset the creation rate when the creator reconnects', async () => {
    const { connect } = await lobbyWith({ maxGamesPerAddressPerMinute: 3 });
    for (let index = 0; index < 3; index++) {
      const creator = await connect();
      expect(await creator.request({ type: 'create', players: 1 })).toMatchObject({ type: 'joined' });
      expect(await creator.request({ type: 'leave' })).toEqual({ type: 'left' });
      await creator.close();
    }
    const again = await connect();
    expect(await again.request({ type: 'create', players: 1 })).toMatchObject({ type: 'error', code: 'TOO_MANY_GAMES' });
  });

  it('keeps an honest create working while one address creates as fast as it can on many connections', async () => {
    const { lobby, connect } = await lobbyWith({ maxGames: 12, maxGamesPerAddress: 8 });
    const attackers = await Promise.all(Array.from({ length: 20 }, () => connect()));
    const answers = await Promise.all(attackers.map((attacker) => attacker.request({ type: 'create', players: 4 }, 10_000)));
    expect(answers.filter((answer) => answer.type === 'joined')).toHaveLength(8);
    expect(answers.filter((answer) => answer.code === 'TOO_MANY_GAMES')).toHaveLength(12);
    const honest = await TestClient.connect(lobby.port, '/', { localAddress: '127.0.0.2' });
    try {
      expect(await honest.request({ type: 'create', players: 2 }, 10_000)).toMatchObject({ type: 'joined' });
    } finally {
      await honest.close();
    }
  });
});

describe('CreateLimits', () => {
  it('forgets creations older than a minute, and the addresses that have none left', () => {
    const limits = new CreateLimits({ perMinute: 2, liveGames: 5 });
    limits.record('a', 0);
    limits.record('a', 1000);
    expect(limits.check('a', 0, 59_999)).toEqual({ ok: false, error: 'one address may create at most 2 games a minute; try again shortly' });
    expect(limits.check('a', 0, 60_000)).toEqual({ ok: true, value: true });
    limits.prune(61_000);
    expect(limits.trackedAddresses).toBe(0);
  });

  it('refuses settings that could never let anyone create', () => {
    expect(() => new CreateLimits({ perMinute: 0, liveGames: 8 })).toThrow(
      new RangeError('create limits must be at least 1, got 0 a minute and 8 live'),
    );
  });
});

describe('addressKey', () => {
  it('counts an IPv4 address as itself, also when mapped into IPv6, and an IPv6 address by its /64', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002::')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey(undefined)).toBe('unknown');
  });
});
