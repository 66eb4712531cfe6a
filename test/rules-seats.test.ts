import { describe, expect, it } from 'vitest';
import { createGame, fillBotSeats, seatedCount, seatPlayer, step, unseatPlayer, type GameState } from '../shared/rules/index.js';
import { countdownGame, deepFreeze, everyone, keys, runningGame, seatedGame, withCycles } from './helpers/game-states.js';

function seat(state: GameState): { state: GameState; player: number } {
  const result = seatPlayer(state);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result;
}

describe('seatPlayer', () => {
  it('seats players in the lowest free seat, one number each, changing nothing else', () => {
    const created = createGame({ seats: 3, seed: 4 });

    const first = seat(created);
    const second = seat(first.state);

    expect([first.player, second.player]).toStrictEqual([1, 2]);
    expect(second.state).toStrictEqual(
      withCycles(created, { 1: { seated: true, name: 'player-1' }, 2: { seated: true, name: 'player-2' } }),
    );
  });

  it('fills a seat left free before the higher ones', () => {
    const waiting = withCycles(seatedGame({ seats: 3 }), { 2: { seated: false } });

    const result = seat(waiting);

    expect(result.player).toBe(2);
    expect(result.state).toStrictEqual(seatedGame({ seats: 3 }));
  });

  it('seats a new player as not ready', () => {
    const waiting = withCycles(createGame({ seats: 2, seed: 1 }), { 1: { ready: true } });

    const result = seat(waiting);

    expect(result.state.cycles[0]).toMatchObject({ seated: true, ready: false });
  });

  it('refuses a player when every seat is taken', () => {
    expect(seatPlayer(seatedGame({ seats: 2 }))).toStrictEqual({ ok: false, reason: 'full' });
  });

  it('refuses a player during the countdown, when every seat is necessarily taken', () => {
    expect(seatPlayer(countdownGame({ seats: 2 }))).toStrictEqual({ ok: false, reason: 'full' });
  });

  it('refuses a player during a running round as in progress when a seat is free', () => {
    const running = runningGame({ seats: 3 });
    const afterLeave = step(running, keys(2, 'leave'));

    expect(afterLeave.phase).toBe('running');
    expect(seatPlayer(afterLeave)).toStrictEqual({ ok: false, reason: 'in-progress' });
  });

  it('refuses a player during a running round as full when no seat is free', () => {
    expect(seatPlayer(runningGame({ seats: 2 }))).toStrictEqual({ ok: false, reason: 'full' });
  });

  it('seats a player in a finished round that has a free seat', () => {
    const running = runningGame({ seats: 2 });
    const finished = step(running, keys(2, 'leave'));
    expect(finished.phase).toBe('finished');

    const result = seat(finished);

    expect(result.player).toBe(2);
    expect(result.state).toStrictEqual(withCycles(finished, { 2: { seated: true, ready: false } }));
  });

  it('seats a player under the name given, keeping its case, and a player without one as player-N', () => {
    const first = seatPlayer(createGame({ seats: 3, seed: 4 }), 'Ana');
    if (!first.ok) throw new Error('refused');
    const second = seat(first.state);

    expect(second.state.cycles.map((each) => each.name)).toStrictEqual(['Ana', 'player-2', null]);
  });

  it('tells two players of the same name apart with a suffix, ignoring case, cut to the longest name allowed', () => {
    let state = createGame({ seats: 6, seed: 4 });
    for (const name of ['ana', 'ANA', 'ana', 'x'.repeat(24), 'x'.repeat(24), 'player-6']) {
      const result = seatPlayer(state, name);
      if (!result.ok) throw new Error('refused');
      state = result.state;
    }

    expect(state.cycles.map((each) => each.name)).toStrictEqual(['ana', 'ANA-2', 'ana-3', 'x'.repeat(24), `${'x'.repeat(22)}-2`, 'player-6']);
  });

  it('lets a new player have the name of one who gave up their seat', () => {
    const game = seatedGame({ seats: 2 });
    const named = withCycles(game, { 1: { name: 'ana' } });
    const left = unseatPlayer(named, 1);

    const result = seatPlayer(left, 'ana');

    expect(result.ok && result.player).toBe(1);
    expect(result.ok && result.state.cycles[0]!.name).toBe('ana');
  });

  it('throws on a name the lobby should have refused', () => {
    const created = createGame({ seats: 2, seed: 2 });

    expect(() => seatPlayer(created, '')).toThrow(new RangeError('a player name must have 1 to 24 characters, got ""'));
    expect(() => seatPlayer(created, 'y'.repeat(25))).toThrow(
      new RangeError(`a player name must have 1 to 24 characters, got "${'y'.repeat(25)}"`),
    );
  });

  it('does not modify the state it is given', () => {
    const created = deepFreeze(createGame({ seats: 2, seed: 2 }));

    expect(() => seatPlayer(created)).not.toThrow();
    expect(created.cycles.map((each) => each.seated)).toStrictEqual([false, false]);
  });
});

describe('seatedCount', () => {
  it('counts the seats held by a player', () => {
    const created = createGame({ seats: 4, seed: 1 });
    const two = seat(seat(created).state).state;

    expect([seatedCount(created), seatedCount(two), seatedCount(seatedGame({ seats: 4 }))]).toStrictEqual([0, 2, 4]);
  });

  it('drops a player who leaves', () => {
    const waiting = seatedGame({ seats: 3 });

    expect(seatedCount(step(waiting, keys(3, 'leave')))).toBe(2);
    expect(seatedCount(step(waiting, everyone(waiting, 'leave')))).toBe(0);
  });
});

describe('unseatPlayer', () => {
  it('frees a seat at once in the waiting phase, as a leave input would at the next tick, without advancing the game', () => {
    const waiting = withCycles(seatedGame({ seats: 3 }), { 2: { ready: true } });
    const left = unseatPlayer(deepFreeze(waiting), 2);
    expect(left).toStrictEqual(withCycles(waiting, { 2: { seated: false, ready: false } }));
    expect(step(left, [])).toStrictEqual(step(waiting, keys(2, 'leave')));
  });

  it('leaves the cycle of a running round on the grid until the next step, which explodes it exactly as a leave input does', () => {
    const running = runningGame({ seats: 3 });
    const left = unseatPlayer(deepFreeze(running), 2);
    expect(left.cycles[1]).toMatchObject({ seated: false, status: 'alive' });
    expect(seatPlayer(left)).toStrictEqual({ ok: false, reason: 'in-progress' });
    expect(step(left, [])).toStrictEqual(step(running, keys(2, 'leave')));
    expect(step(left, []).cycles[1]).toMatchObject({ seated: false, status: 'exploding' });
  });

  it('calls a countdown off at once, so the game takes a new player before the next tick, as the next step would', () => {
    const counting = countdownGame({ seats: 2 });
    const left = unseatPlayer(deepFreeze(counting), 2);
    expect(left).toMatchObject({ phase: 'waiting', countdown: 0 });
    expect(seatPlayer(left)).toMatchObject({ ok: true, player: 2 });
    expect(step(left, [])).toStrictEqual(step(counting, keys(2, 'leave')));
  });

  it('returns the very same state for a seat that is already free or does not exist', () => {
    const waiting = withCycles(seatedGame({ seats: 2 }), { 2: { seated: false } });
    expect(unseatPlayer(waiting, 2)).toBe(waiting);
    expect(unseatPlayer(waiting, 7)).toBe(waiting);
  });
});

describe('seats kept for bots', () => {
  const bots = (state: GameState) => state.cycles.map((cycle) => (cycle.bot === null ? 0 : cycle.number));

  it('seats the bots a game is created with in its highest seats, ready at once, each with a personality and dice of its own', () => {
    const created = createGame({ seats: 4, bots: 2, seed: 5 });

    expect(created.wantedBots).toBe(2);
    expect(bots(created)).toStrictEqual([0, 0, 3, 4]);
    expect(created.cycles.map((cycle) => [cycle.seated, cycle.ready])).toStrictEqual([
      [false, false],
      [false, false],
      [true, true],
      [true, true],
    ]);
    expect(created.cycles[2]!.bot).toStrictEqual({ personality: expect.any(Number), rng: expect.any(Number), planned: [], ticksRacing: 0 });
    expect(created.cycles[2]!.bot!.personality).not.toBe(created.cycles[3]!.bot!.personality);
    // Spawns are drawn before the bots, so they are where a game without bots has them.
    expect(created.cycles.map((cycle) => [cycle.x, cycle.y, cycle.direction])).toStrictEqual(
      createGame({ seats: 4, seed: 5 }).cycles.map((cycle) => [cycle.x, cycle.y, cycle.direction]),
    );
  });

  it('names each bot bot-N after its seat, made unique like a player’s name, with no score', () => {
    const created = createGame({ seats: 3, bots: 1, seed: 5 });
    expect(created.cycles[2]).toMatchObject({ name: 'bot-3', wins: 0, crashes: 0 });

    const taken = seatPlayer(createGame({ seats: 3, seed: 5 }), 'bot-3');
    if (!taken.ok) throw new Error('refused');
    const withBot = fillBotSeats({ ...taken.state, wantedBots: 1 });
    expect(withBot.cycles.map((cycle) => cycle.name)).toStrictEqual(['bot-3', null, 'bot-3-2']);
  });

  it('refuses more bots than seats', () => {
    expect(() => createGame({ seats: 2, bots: 3, seed: 1 })).toThrow(new RangeError('bots must be an integer from 0 to 2, got 3'));
    expect(() => createGame({ seats: 2, bots: -1, seed: 1 })).toThrow(RangeError);
    expect(() => createGame({ seats: 2, bots: 0.5, seed: 1 })).toThrow(RangeError);
  });

  it('seats a player in a free seat before a bot’s', () => {
    const created = createGame({ seats: 3, bots: 1, seed: 5 });

    const result = seat(created);

    expect(result.player).toBe(1);
    expect(bots(result.state)).toStrictEqual([0, 0, 3]);
  });

  it('gives a player the lowest bot seat when no seat is free, not ready, and the bot is gone', () => {
    const full = seat(createGame({ seats: 3, bots: 2, seed: 5 })).state;

    const result = seat(deepFreeze(full));

    expect(result.player).toBe(2);
    expect(result.state.cycles[1]).toStrictEqual({ ...full.cycles[1]!, seated: true, ready: false, bot: null, name: 'player-2', wins: 0, crashes: 0 });
    expect(result.state.cycles[2]).toBe(full.cycles[2]);
    expect(seat(result.state).player).toBe(3);
    expect(seatPlayer(seat(result.state).state)).toStrictEqual({ ok: false, reason: 'full' });
  });

  it('takes a bot’s seat during the countdown and calls the countdown off, since the newcomer is not ready', () => {
    const created = seat(createGame({ seats: 2, bots: 1, seed: 5 })).state;
    const counting = step(created, keys(1, 'i'));
    expect(counting.phase).toBe('countdown');
    const planned = step(counting, keys(1, 'j'));

    const result = seat(planned);

    expect(result.player).toBe(2);
    expect(result.state).toMatchObject({ phase: 'waiting', countdown: 0 });
    expect(result.state.cycles.map((cycle) => cycle.queue)).toStrictEqual([[], []]);
  });

  it('refuses a player during a round with a bot seat as in progress: the seat frees up when the round ends', () => {
    let state = seat(createGame({ seats: 2, bots: 1, seed: 5 })).state;
    state = step(state, keys(1, 'i'));
    while (state.phase === 'countdown') state = step(state, []);

    expect(state.phase).toBe('running');
    expect(seatPlayer(state)).toStrictEqual({ ok: false, reason: 'in-progress' });
  });

  it('gives a seat a player left between rounds back to a bot on the next step, while the game has fewer bots than it keeps', () => {
    const full = seat(seat(createGame({ seats: 3, bots: 2, seed: 5 })).state).state;
    expect(bots(full)).toStrictEqual([0, 0, 3]);

    const left = unseatPlayer(full, 2);
    expect(bots(left)).toStrictEqual([0, 0, 3]);
    const next = step(left, []);

    expect(bots(next)).toStrictEqual([0, 2, 3]);
    expect(next.cycles[1]).toMatchObject({ seated: true, ready: true });
    expect(next.rng).not.toBe(left.rng);
  });

  it('gives no seat to a bot during a round, nor beyond the bots the game keeps', () => {
    let state = seat(seat(createGame({ seats: 3, bots: 1, seed: 5 })).state).state;
    expect(bots(state)).toStrictEqual([0, 0, 3]);
    state = step(state, keys(2, 'leave'));
    expect(bots(state)).toStrictEqual([0, 0, 3]);
    expect(state.cycles[1]!.seated).toBe(false);

    let running = seat(seat(createGame({ seats: 3, bots: 1, seed: 5 })).state).state;
    running = step(running, [...keys(1, 'i'), ...keys(2, 'i')]);
    while (running.phase === 'countdown') running = step(running, []);
    const afterLeave = step(unseatPlayer(running, 2), []);
    expect(afterLeave.phase).toBe('running');
    expect(afterLeave.cycles[1]).toMatchObject({ seated: false, status: 'exploding', bot: null });
  });

  it('frees a bot’s seat for good when told to, as for a player', () => {
    const created = createGame({ seats: 2, bots: 1, seed: 5 });
    expect(unseatPlayer(created, 2).cycles[1]).toMatchObject({ seated: false, ready: false, bot: null });
  });
});
