import { describe, expect, it } from 'vitest';
import {
  aliveCount,
  applyState,
  countdownSeconds,
  cycleOf,
  nameOf,
  opponentsWhoLeft,
  readyCount,
  readyInSeconds,
  seatedCount,
  seatedPlayers,
  viewFromSnapshot,
  type GameView,
} from '../shared/client/game-view.js';
import type { CycleView, SeatView, SnapshotMessage, StateMessage } from '../shared/protocol/server-messages.js';

const SEATS: readonly SeatView[] = [
  { number: 1, name: 'ana', wins: 2, crashes: 1 },
  { number: 2, name: 'bo', wins: 0, crashes: 3 },
];

function cycle(number: number, fields: Partial<CycleView> = {}): CycleView {
  return {
    number,
    x: 5,
    y: 5,
    direction: 'right',
    inserting: false,
    status: 'alive',
    alive: true,
    ready: false,
    seated: true,
    bot: false,
    ...fields,
  };
}

/** A 6x5 arena: interior cells are x 1..4, y 1..3. */
function snapshot(fields: Partial<SnapshotMessage> = {}): SnapshotMessage {
  return {
    type: 'snapshot',
    tick: 7,
    phase: 'running',
    round: 1,
    countdown: 0,
    readyIn: 0,
    winner: null,
    cycles: [cycle(1, { x: 2, y: 2 }), cycle(2, { x: 3, y: 1, direction: 'down' })],
    width: 6,
    height: 5,
    walls: [],
    seats: SEATS,
    ...fields,
  };
}

function state(fields: Partial<StateMessage> = {}): StateMessage {
  return {
    type: 'state',
    tick: 8,
    phase: 'running',
    round: 1,
    countdown: 0,
    readyIn: 0,
    winner: null,
    cycles: [cycle(1, { x: 3, y: 2 }), cycle(2, { x: 3, y: 2, direction: 'down' })],
    walls: { added: [], cleared: [] },
    ...fields,
  };
}

/** Walls as rows of owner digits, for readable expectations. */
function wallRows(walls: readonly number[], width: number): string[] {
  const rows: string[] = [];
  for (let start = 0; start < walls.length; start += width) rows.push(walls.slice(start, start + width).join(''));
  return rows;
}

describe('viewFromSnapshot', () => {
  it('copies the round fields and places every standing wall by owner', () => {
    const view = viewFromSnapshot(snapshot({ walls: [[1, 1, 2], [4, 3, 1]] }));
    expect(view).toEqual({
      width: 6,
      height: 5,
      tick: 7,
      phase: 'running',
      round: 1,
      countdown: 0,
      readyIn: 0,
      winner: null,
      cycles: snapshot().cycles,
      walls: expect.any(Array),
      seats: SEATS,
    });
    expect(wallRows(view.walls, 6)).toEqual(['000000', '020000', '000000', '000010', '000000']);
  });

  it('drops wall cells that lie outside the arena', () => {
    const view = viewFromSnapshot(snapshot({ walls: [[6, 0, 1], [0, 5, 1], [-1, 2, 1], [2, 2, 3]] }));
    expect(wallRows(view.walls, 6)).toEqual(['000000', '000000', '003000', '000000', '000000']);
  });
});

describe('applyState', () => {
  it('replaces the tick, phase, winner, ready delay and cycles and keeps the walls when none changed', () => {
    const before = viewFromSnapshot(snapshot({ walls: [[1, 1, 2]] }));
    const after = applyState(before, state({ phase: 'finished', winner: 2, readyIn: 10 }));
    expect(after.tick).toBe(8);
    expect(after.phase).toBe('finished');
    expect(after.winner).toBe(2);
    expect(after.readyIn).toBe(10);
    expect(after.cycles).toEqual(state().cycles);
    expect(after.walls).toBe(before.walls);
  });

  it('adds new wall cells without touching the previous view', () => {
    const before = viewFromSnapshot(snapshot({ walls: [[1, 1, 2]] }));
    const after = applyState(before, state({ walls: { added: [[2, 2, 1], [3, 1, 2]], cleared: [] } }));
    expect(wallRows(after.walls, 6)).toEqual(['000000', '020200', '001000', '000000', '000000']);
    expect(wallRows(before.walls, 6)).toEqual(['000000', '020000', '000000', '000000', '000000']);
  });

  it('removes every wall of a cleared owner and keeps the others', () => {
    const before = viewFromSnapshot(snapshot({ walls: [[1, 1, 2], [2, 1, 2], [1, 2, 1], [4, 3, 3]] }));
    const after = applyState(before, state({ walls: { added: [[3, 3, 1]], cleared: [2, 3] } }));
    expect(wallRows(after.walls, 6)).toEqual(['000000', '000000', '010000', '000100', '000000']);
  });

  it('keeps the seats of the last snapshot until a state carries new ones', () => {
    const before = viewFromSnapshot(snapshot());
    const same = applyState(before, state());
    expect(same.seats).toBe(SEATS);
    const scored = [SEATS[0]!, { ...SEATS[1]!, crashes: 4 }];
    expect(applyState(same, state({ seats: scored })).seats).toEqual(scored);
  });

  it('ignores added wall cells outside the arena', () => {
    const before = viewFromSnapshot(snapshot());
    const after = applyState(before, state({ walls: { added: [[9, 9, 1]], cleared: [] } }));
    expect(after.walls.every((owner) => owner === 0)).toBe(true);
  });
});

describe('view queries', () => {
  it('counts seated, ready and alive players and finds a cycle by seat', () => {
    const view = viewFromSnapshot(
      snapshot({
        cycles: [
          cycle(1, { ready: true }),
          cycle(2, { status: 'exploding', alive: false }),
          cycle(3, { seated: false, ready: false }),
          cycle(4, { ready: true, status: 'dead', alive: false }),
        ],
      }),
    );
    expect(seatedCount(view)).toBe(3);
    expect(readyCount(view)).toBe(2);
    expect(aliveCount(view)).toBe(1);
    expect(cycleOf(view, 2)?.status).toBe('exploding');
    expect(cycleOf(view, 5)).toBeUndefined();
  });

  it('counts the countdown in whole seconds, rounding up as players count', () => {
    expect(countdownSeconds(viewFromSnapshot(snapshot({ phase: 'countdown', countdown: 30 })))).toBe(3);
    expect(countdownSeconds(viewFromSnapshot(snapshot({ phase: 'countdown', countdown: 21 })))).toBe(3);
    expect(countdownSeconds(viewFromSnapshot(snapshot({ phase: 'countdown', countdown: 20 })))).toBe(2);
    expect(countdownSeconds(viewFromSnapshot(snapshot({ phase: 'countdown', countdown: 1 })))).toBe(1);
    expect(countdownSeconds(viewFromSnapshot(snapshot({ phase: 'running', countdown: 0 })))).toBe(0);
  });

  it('counts the wait before i readies again after a round in whole seconds, rounding up', () => {
    expect(readyInSeconds(viewFromSnapshot(snapshot({ phase: 'finished', readyIn: 10 })))).toBe(1);
    expect(readyInSeconds(viewFromSnapshot(snapshot({ phase: 'finished', readyIn: 1 })))).toBe(1);
    expect(readyInSeconds(viewFromSnapshot(snapshot({ phase: 'finished', readyIn: 0 })))).toBe(0);
  });
});

describe('names and results', () => {
  const running = (cycles: readonly CycleView[], seats: readonly SeatView[] = SEATS): GameView =>
    viewFromSnapshot(snapshot({ cycles, seats }));

  it('names a seat by its player, keeps the last name of a seat given up, and lists only the seated', () => {
    const view = running([cycle(1), cycle(2, { seated: false }), cycle(3, { seated: false })], [
      ...SEATS,
      { number: 3, name: null, wins: 0, crashes: 0 },
    ]);
    expect(nameOf(view, 1)).toBe('ana');
    expect(nameOf(view, 2)).toBe('bo');
    expect(nameOf(view, 3)).toBe('player 3');
    expect(seatedPlayers(view)).toEqual([SEATS[0]]);
  });

  it('finds the opponents whose leaving handed you the round', () => {
    const before = running([cycle(1), cycle(2)]);
    const after = { ...before, phase: 'finished' as const, winner: 1, cycles: [cycle(1), cycle(2, { seated: false, status: 'exploding', alive: false })] };
    expect(opponentsWhoLeft(before, after, 1)).toEqual([2]);
    // The opponent's view: it did not win.
    expect(opponentsWhoLeft(before, after, 2)).toEqual([]);
  });

  it('does not say an opponent left when one crashed, or left once the round was over', () => {
    const threeRacing = running([cycle(1), cycle(2), cycle(3)]);
    const oneCrashedOneLeft = {
      ...threeRacing,
      phase: 'finished' as const,
      winner: 1,
      cycles: [cycle(1), cycle(2, { status: 'exploding', alive: false }), cycle(3, { seated: false, status: 'exploding', alive: false })],
    };
    expect(opponentsWhoLeft(threeRacing, oneCrashedOneLeft, 1)).toEqual([]);

    const crashed = { ...running([cycle(1), cycle(2)]), phase: 'finished' as const, winner: 1 };
    const thenLeft = { ...crashed, cycles: [cycle(1), cycle(2, { seated: false, status: 'dead', alive: false })] };
    expect(opponentsWhoLeft(crashed, thenLeft, 1)).toEqual([]);
  });
});
