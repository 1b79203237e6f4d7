/**
 * A seeded pseudo-random generator (mulberry32): the same seed gives the same credentials and the
 * same fault decisions, so a failing test replays exactly. Not for real secrets: these guard
 * nothing but a simulator on loopback.
 */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for one system out of a shared seed, so that six simulators started with one seed do not share secrets. */
export function systemSeed(seed: number, system: string): number {
  let hash = seed >>> 0;
  for (const char of system) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A token of `length` characters from the generator, with an optional readable prefix. */
export function randomToken(random: Random, length: number, prefix = ''): string {
  let token = prefix;
  for (let i = 0; i < length; i += 1) token += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return token;
}
