/**
 * Randomness the fake can repeat: a seeded PRNG, so generated credits and new UUIDs are the same
 * on every run with the same seed.
 */

/** A small seeded PRNG, so generated credits are the same on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A new UUID, version 4 as Waldur's uuid4 defaults make, as 32 lower-case hex digits. */
export function randomUuid(random: () => number): string {
  let out = '';
  for (let i = 0; i < 32; i++) out += Math.floor(random() * 16).toString(16);
  // a version-4 UUID, as Waldur's uuid4 defaults make
  return `${out.slice(0, 12)}4${out.slice(13, 16)}${'89ab'[Math.floor(random() * 4)]}${out.slice(17)}`;
}
