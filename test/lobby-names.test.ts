import { describe, expect, it } from 'vitest';
import type { LobbyOptions } from '../server/lobby-options.js';
import { ROOM_HOST_KINDS } from '../server/room-hosts.js';
import { useLobbies } from './helpers/lobby-harness.js';
import type { Received, TestClient } from './helpers/test-client.js';
import { waitForAnswer } from './helpers/wait-for.js';

const startLobbyOn = useLobbies();

/** The next notice `client` hears about `event`. */
function notice(client: TestClient, event: string): Promise<Received> {
  return client.next((message) => message.type === 'notice' && message.event === event);
}

/** Waits for the round to end on `client`'s frames and returns the frame that ended it. */
function roundEnd(client: TestClient, timeoutMs = 10_000): Promise<Received> {
  return client.next((message) => (message.type === 'state' || message.type === 'snapshot') && message.phase === 'finished', timeoutMs);
}

describe.each(ROOM_HOST_KINDS)('names and scores with %s rooms', (kind) => {
  const lobbyWith = (options: Partial<LobbyOptions> = {}) => startLobbyOn(options, { rooms: kind });

  it('seats each player under the name given, made unique, says it in joined, and lists the names', async () => {
    const { connect } = await lobbyWith();
    const [ana, ana2, anonymous] = [await connect(), await connect(), await connect()];
    expect(await ana.request({ type: 'create', players: 3, name: 'club', playerName: ' Ana ' })).toMatchObject({
      type: 'joined',
      game: { playerNames: ['Ana'] },
      player: { number: 1, name: 'Ana' },
    });
    expect(await ana2.request({ type: 'join', name: 'club', playerName: 'ana' })).toMatchObject({
      type: 'joined',
      game: { players: 2, playerNames: ['Ana', 'ana-2'] },
      player: { number: 2, name: 'ana-2' },
    });
    expect(await anonymous.request({ type: 'join', name: 'club' })).toMatchObject({ player: { number: 3, name: 'player-3' } });
    const snapshot = await anonymous.next('snapshot');
    expect(snapshot.seats).toEqual([
      { number: 1, name: 'Ana', wins: 0, crashes: 0 },
      { number: 2, name: 'ana-2', wins: 0, crashes: 0 },
      { number: 3, name: 'player-3', wins: 0, crashes: 0 },
    ]);
    expect((await (await connect()).request({ type: 'list' })).games).toEqual([
      { name: 'club', players: 3, bots: 0, maxPlayers: 3, phase: 'waiting', width: 80, height: 22, playerNames: ['Ana', 'ana-2', 'player-3'] },
    ]);
    // The others learn the newcomer's name from the next frame.
    const told = await ana.next((message) => message.type === 'state' && message.seats?.length === 3 && message.seats[2].name === 'player-3');
    expect(told.seats).toEqual(snapshot.seats);
  });

  it('refuses a player name that breaks the rules with BAD_MESSAGE and the rule, and takes no seat', async () => {
    const { connect } = await lobbyWith();
    const client = await connect();
    const refused = (message: string) => ({ type: 'error', code: 'BAD_MESSAGE', message });
    const rule = 'playerName may contain only letters a-z, digits, "-" and "_", and must start with a letter or digit';
    expect(await client.request({ type: 'create', players: 2, name: 'strict', playerName: 'ana maria' })).toEqual(refused(rule));
    expect(await client.request({ type: 'create', players: 2, playerName: '-ana' })).toEqual(refused(rule));
    expect(await client.request({ type: 'create', players: 2, playerName: 'ánа' })).toEqual(refused(rule));
    expect(await client.request({ type: 'create', players: 2, playerName: '   ' })).toEqual(refused('playerName must not be empty'));
    expect(await client.request({ type: 'create', players: 2, playerName: 'x'.repeat(25) })).toEqual(
      refused('playerName must be at most 24 characters'),
    );
    expect(await client.request({ type: 'create', players: 2, playerName: 7 })).toEqual(refused('playerName must be a string'));
    expect(await client.request({ type: 'list' })).toEqual({ type: 'games', games: [] });

    expect(await client.request({ type: 'create', players: 2, name: 'strict', playerName: 'ana' })).toMatchObject({ type: 'joined' });
    const other = await connect();
    expect(await other.request({ type: 'join', name: 'strict', playerName: 'bo!' })).toEqual(refused(rule));
    expect(await other.request({ type: 'join', name: 'strict', playerName: null })).toEqual(refused('playerName must be a string'));
    expect((await other.request({ type: 'list' })).games[0]).toMatchObject({ players: 1, playerNames: ['ana'] });
    expect(await other.request({ type: 'join', name: 'strict', playerName: 'bo' })).toMatchObject({ player: { number: 2, name: 'bo' } });
  });

  it('tells the other players when one joins, drops, comes back, leaves, and does not come back in time', async () => {
    const { connect } = await lobbyWith({ seatHoldMs: 1500 });
    const ana = await connect();
    const bo = await connect();
    const cy = await connect();
    await ana.request({ type: 'create', players: 3, name: 'club', playerName: 'ana' });
    const boJoined = await bo.request({ type: 'join', name: 'club', playerName: 'bo' });
    expect(await notice(ana, 'joined')).toEqual({ type: 'notice', event: 'joined', player: 2, name: 'bo', message: 'bo joined' });
    await cy.request({ type: 'join', name: 'club', playerName: 'cy' });
    const cyJoined = { type: 'notice', event: 'joined', player: 3, name: 'cy', message: 'cy joined' };
    expect(await notice(ana, 'joined')).toEqual(cyJoined);
    expect(await notice(bo, 'joined')).toEqual(cyJoined);

    await bo.close();
    const dropped = { type: 'notice', event: 'dropped', player: 2, name: 'bo', seatHoldMs: 1500, message: 'bo dropped — seat held 1.5 s' };
    expect(await notice(ana, 'dropped')).toEqual(dropped);
    expect(await notice(cy, 'dropped')).toEqual(dropped);

    const boAgain = await connect();
    expect(await boAgain.request({ type: 'rejoin', token: boJoined.token })).toMatchObject({ type: 'joined', player: { number: 2, name: 'bo' } });
    const back = { type: 'notice', event: 'back', player: 2, name: 'bo', message: 'bo is back' };
    expect(await notice(ana, 'back')).toEqual(back);
    expect(await notice(cy, 'back')).toEqual(back);

    expect(await cy.request({ type: 'leave' })).toEqual({ type: 'left' });
    const left = { type: 'notice', event: 'left', player: 3, name: 'cy', message: 'cy left' };
    expect(await notice(ana, 'left')).toEqual(left);
    expect(await notice(boAgain, 'left')).toEqual(left);

    await boAgain.close();
    await notice(ana, 'dropped');
    expect(await notice(ana, 'expired')).toEqual({
      type: 'notice',
      event: 'expired',
      player: 2,
      name: 'bo',
      seatHoldMs: 1500,
      message: 'bo did not come back within 1.5 s — seat freed',
    });
    // The list follows once the room has freed the seat.
    await waitForAnswer(async () => ((await ana.request({ type: 'list' })).games[0].players === 1 ? true : null), 5000, 'the seat freed');
    expect((await ana.request({ type: 'list' })).games[0]).toMatchObject({ players: 1, playerNames: ['ana'] });
    // Nobody hears about themselves: every notice the others had went to them alone.
    expect(ana.messages.filter((message) => message.type === 'notice' && message.name === 'ana')).toEqual([]);
    expect(cy.messages.filter((message) => message.type === 'notice' && message.name === 'cy')).toEqual([]);
    expect(boAgain.messages.filter((message) => message.type === 'notice' && message.name === 'bo')).toEqual([]);
  });

  it('counts crashes round after round, in the frame where they change and in every snapshot, and keeps them through a rejoin', async () => {
    const { connect } = await lobbyWith({ tickMs: 20 });
    const player = await connect();
    const joined = await player.request({ type: 'create', players: 1, width: 20, height: 10, playerName: 'solo' });
    expect((await player.next('snapshot')).seats).toEqual([{ number: 1, name: 'solo', wins: 0, crashes: 0 }]);

    player.send({ type: 'key', key: 'i' });
    const first = await roundEnd(player);
    expect(first.seats).toEqual([{ number: 1, name: 'solo', wins: 0, crashes: 1 }]);

    // i readies nobody for a moment after a round ends.
    await player.next((message) => message.type === 'state' && message.phase === 'finished' && message.readyIn === 0);
    const from = player.messages.length;
    player.send({ type: 'key', key: 'i' });
    const second = await roundEnd(player);
    expect(second.seats).toEqual([{ number: 1, name: 'solo', wins: 0, crashes: 2 }]);
    // Between the two ends, only the round's start (a snapshot) carried the seats again.
    const carried = player.messages.slice(from, player.messages.indexOf(second)).filter((message) => message.seats !== undefined);
    expect(carried.map((message) => [message.type, message.phase])).toEqual([['snapshot', 'running']]);

    await player.close();
    const back = await connect();
    expect(await back.request({ type: 'rejoin', token: joined.token })).toMatchObject({ player: { number: 1, name: 'solo' } });
    expect((await back.next('snapshot')).seats).toEqual([{ number: 1, name: 'solo', wins: 0, crashes: 2 }]);
  });

  it('gives the round to the player left when the other quits, counts the win, and starts a newcomer in that seat from nothing', async () => {
    const { connect } = await lobbyWith({ tickMs: 50 });
    const ana = await connect();
    const bo = await connect();
    await ana.request({ type: 'create', players: 2, name: 'duel', width: 200, height: 100, playerName: 'ana' });
    await bo.request({ type: 'join', name: 'duel', playerName: 'bo' });
    ana.send({ type: 'key', key: 'i' });
    bo.send({ type: 'key', key: 'i' });
    // Far from every wall in a 200x100 arena: nobody crashes before the leave lands.
    await bo.next((message) => message.type === 'snapshot' && message.phase === 'running', 5000);
    expect(await bo.request({ type: 'leave' })).toEqual({ type: 'left' });

    // Told at once; the round ends on the room's next tick.
    expect(await notice(ana, 'left')).toEqual({ type: 'notice', event: 'left', player: 2, name: 'bo', message: 'bo left' });
    const end = await roundEnd(ana);
    expect(end).toMatchObject({ phase: 'finished', winner: 1 });
    expect(end.cycles[1]).toMatchObject({ seated: false, status: 'exploding' });
    expect(end.seats).toEqual([
      { number: 1, name: 'ana', wins: 1, crashes: 0 },
      { number: 2, name: 'bo', wins: 0, crashes: 0 },
    ]);
    const cy = await connect();
    expect(await cy.request({ type: 'join', name: 'duel', playerName: 'cy' })).toMatchObject({ player: { number: 2, name: 'cy' } });
    const after = await ana.next((message) => message.type === 'state' && message.seats?.[1]?.name === 'cy');
    expect(after.seats).toEqual([
      { number: 1, name: 'ana', wins: 1, crashes: 0 },
      { number: 2, name: 'cy', wins: 0, crashes: 0 },
    ]);
  });
});

describe('scores of a room that died', () => {
  it('are kept when the room resumes from its checkpoint', async () => {
    const { connect, lobby } = await startLobbyOn({ tickMs: 20 }, { rooms: 'process' });
    const player = await connect();
    await player.request({ type: 'create', players: 1, name: 'fragile', width: 20, height: 10, playerName: 'solo' });
    player.send({ type: 'key', key: 'i' });
    const end = await roundEnd(player);
    expect(end.seats).toEqual([{ number: 1, name: 'solo', wins: 0, crashes: 1 }]);
    // The room checkpoints on the tick the round ends, right after that tick's frame: once the
    // next frame is here, the lobby holds that checkpoint (a room killed sooner resumes from an
    // older one, from before the crash, as the rollback of a resume allows).
    await player.next((message) => message.type === 'state' && message.tick > end.tick);

    process.kill(lobby.roomPid('fragile')!, 'SIGKILL');
    await player.next('resuming');
    expect((await player.next('snapshot')).seats).toEqual([{ number: 1, name: 'solo', wins: 0, crashes: 1 }]);
  });
});
