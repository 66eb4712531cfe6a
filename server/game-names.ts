import { randomInt } from 'node:crypto';

const ADJECTIVES = [
  'amber', 'brave', 'swift', 'quiet', 'neon', 'lucky', 'rapid', 'bold', 'calm', 'clever',
  'cosmic', 'crimson', 'daring', 'electric', 'fierce', 'golden', 'hidden', 'icy', 'jolly', 'keen',
  'lunar', 'mighty', 'nimble', 'orange', 'proud', 'royal', 'silver', 'sunny', 'tiny', 'violet',
] as const;

const NOUNS = [
  'cycle', 'grid', 'comet', 'falcon', 'tiger', 'otter', 'pixel', 'rocket', 'spark', 'vector',
  'beacon', 'canyon', 'dragon', 'ember', 'fox', 'glacier', 'harbor', 'island', 'jaguar', 'kernel',
  'lantern', 'meteor', 'nebula', 'orbit', 'photon', 'quasar', 'raven', 'signal', 'tunnel', 'wolf',
] as const;

/**
 * A memorable, speakable game name such as "neon-falcon" that `isTaken`
 * does not know yet; a number is appended once the plain pairs run short.
 */
export function randomGameName(isTaken: (name: string) => boolean): string {
  for (let attempt = 0; ; attempt++) {
    const base = `${pick(ADJECTIVES)}-${pick(NOUNS)}`;
    const name = attempt < 20 ? base : `${base}-${randomInt(10, 10_000)}`;
    if (!isTaken(name)) return name;
  }
}

function pick<T>(list: readonly T[]): T {
  return list[randomInt(list.length)]!;
}
