import { describe, expect, it } from 'vitest';
import { SeatMemory, type SeatStorage } from '../web/seat-memory.js';

class MapStorage implements SeatStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const URL = 'ws://127.0.0.1:8766/';
const seat = { url: URL, game: 'duel', token: 'V1StGXR8_Z5jdHi6B-myT', at: 1_000_000 };

describe('the seat memory of the browser client', () => {
  it('gives back a seat held on the same lobby within the seat hold, once', () => {
    const storage = new MapStorage();
    const memory = new SeatMemory(storage);
    memory.remember(seat);
    expect(memory.takeBack(URL, seat.at + 29_999, 30_000)).toEqual(seat);
    expect(memory.takeBack(URL, seat.at + 29_999, 30_000)).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it('gives back nothing for another lobby, a seat older than the hold, one from the future, or a forgotten one, and forgets it all the same', () => {
    const storage = new MapStorage();
    const memory = new SeatMemory(storage);
    for (const [url, now] of [
      ['ws://127.0.0.1:9999/', seat.at],
      [URL, seat.at + 30_001],
      [URL, seat.at - 1],
    ] as const) {
      memory.remember(seat);
      expect([url, now, memory.takeBack(url, now, 30_000)]).toEqual([url, now, null]);
      expect(storage.items.size).toBe(0);
    }
    memory.remember(seat);
    memory.forget();
    expect(memory.takeBack(URL, seat.at, 30_000)).toBeNull();
  });

  it('reads a stored seat that is not one as none, and plays on without storage, or with one that refuses', () => {
    const storage = new MapStorage();
    const memory = new SeatMemory(storage);
    for (const text of ['not json', '[]', 'null', '{"url":"ws://127.0.0.1:8766/","game":"duel","token":7,"at":1}', '{"url":"ws://127.0.0.1:8766/","game":"duel","token":"t","at":"1"}']) {
      storage.setItem('vimtron.seat', text);
      expect([text, memory.takeBack(URL, 1, 30_000)]).toEqual([text, null]);
    }
    const none = new SeatMemory(null);
    none.remember(seat);
    expect(none.takeBack(URL, seat.at, 30_000)).toBeNull();
    const refusing = new SeatMemory({
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    });
    expect(() => refusing.remember(seat)).not.toThrow();
    expect(() => refusing.forget()).not.toThrow();
    expect(refusing.takeBack(URL, seat.at, 30_000)).toBeNull();
  });
});
