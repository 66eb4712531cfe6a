import { drawRandom, seedRandom } from '../../shared/rules/random.js';

/** A seeded generator for fuzz tests, so a failing run can be replayed from its seed. */
export class Chaos {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seedRandom(seed);
  }

  next(): number {
    const draw = drawRandom(this.state);
    this.state = draw.next;
    return draw.value;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bytes(length: number): Buffer {
    return Buffer.from(Array.from({ length }, () => this.int(256)));
  }
}

/**
 * The seed of a fuzz test: fixed so CI is repeatable, or `VIMTRON_FUZZ_SEED`
 * to replay a reported failure or explore other inputs.
 */
export function fuzzSeed(fixed: number): number {
  const chosen = process.env['VIMTRON_FUZZ_SEED'];
  return chosen === undefined ? fixed : Number.parseInt(chosen, 10);
}
