import { describe, expect, it } from 'vitest';
import { fromCheckpoint, READY_DELAY_TICKS, step, toCheckpoint, type Checkpoint } from '../shared/rules/index.js';
import { idle, withCycles, runningGame } from './helpers/game-states.js';

/** A 2-seat round that has just finished: cycle 2 ran into the right border. */
function justFinished() {
  const round = withCycles(runningGame({ seats: 2 }), {
    1: { x: 10, y: 5, direction: 'right', inserting: true },
    2: { x: 78, y: 10, direction: 'right' },
  });
  const finished = step(round, []);
  if (finished.phase !== 'finished') throw new Error(`expected the round to finish, got ${finished.phase}`);
  return finished;
}

describe('checkpoints', () => {
  it('give back the exact state, the wait before a rematch vote included, with no wall changes', () => {
    const finished = idle(justFinished(), 3);
    expect(finished.readyIn).toBe(READY_DELAY_TICKS - 3);

    const restored = fromCheckpoint(JSON.parse(JSON.stringify(toCheckpoint(finished))) as Checkpoint);

    expect(restored).toStrictEqual({ ...finished, wallChanges: { added: [], cleared: [] } });
    expect(step(restored, [])).toStrictEqual({ ...step(finished, []), wallChanges: { added: [], cleared: [] } });
  });

  it('restore a record saved by an older lobby, which has no readyIn, with nothing to wait for', () => {
    const { readyIn: _readyIn, ...older } = toCheckpoint(justFinished());

    const restored = fromCheckpoint(older as Checkpoint);

    expect(restored.readyIn).toBe(0);
    expect(step(restored, [{ player: 1, action: 'i' }]).cycles[0]!.ready).toBe(true);
  });

  it('restore a record saved by an older lobby, which knows no bots, as a game of people that keeps none', () => {
    const { wantedBots: _wanted, cycles, ...rest } = toCheckpoint(justFinished());
    const older = { ...rest, cycles: cycles.map(({ bot: _bot, ...cycle }) => cycle) };

    const restored = fromCheckpoint(JSON.parse(JSON.stringify(older)) as Checkpoint);

    expect(restored.wantedBots).toBe(0);
    expect(restored.cycles.map((cycle) => cycle.bot)).toStrictEqual([null, null]);
    expect(restored).toStrictEqual({ ...justFinished(), wallChanges: { added: [], cleared: [] } });
  });

  it('give back a game with bots exactly, their personalities, dice and planned keys included', () => {
    const finished = justFinished();
    const withBot = { ...finished, wantedBots: 1, cycles: finished.cycles.map((cycle) => (cycle.number === 2 ? { ...cycle, bot: { personality: 7, rng: 9, planned: [{ due: 40, key: 'j' as const }], ticksRacing: 12 } } : cycle)) };

    expect(fromCheckpoint(JSON.parse(JSON.stringify(toCheckpoint(withBot))) as Checkpoint)).toStrictEqual({
      ...withBot,
      wallChanges: { added: [], cleared: [] },
    });
  });
});
