/**
 * The credits a change file has named so far, for finding a credit named twice in a file of any
 * size: each UUID held as 16 bytes with the position where it was first seen (4 bytes), in an
 * open-addressing hash table of typed arrays, at most half full. A million credits take 40 MiB
 * (60 while the table doubles), outside the JavaScript heap; a `Set` of their strings would take
 * about twice that, inside it.
 */

const EMPTY = 0;

/** A set of canonical credit UUIDs, each with the position (a line, an index) of its first sighting. */
export class CreditSet {
  #keys: Uint32Array;
  /** Position + 1 of each slot's UUID; 0 for an empty slot. */
  #positions: Uint32Array;
  #size = 0;

  constructor(capacity = 1024) {
    this.#keys = new Uint32Array(capacity * 4);
    this.#positions = new Uint32Array(capacity);
  }

  /**
   * Adds `uuid` (canonical: lowercase, hyphenated) first seen at `position` (a whole number below
   * 2^32 - 1). Answers the position it was first seen at when it was already there, else `undefined`.
   */
  add(uuid: string, position: number): number | undefined {
    const hex = uuid.replaceAll('-', '');
    const w0 = Number.parseInt(hex.slice(0, 8), 16) >>> 0;
    const w1 = Number.parseInt(hex.slice(8, 16), 16) >>> 0;
    const w2 = Number.parseInt(hex.slice(16, 24), 16) >>> 0;
    const w3 = Number.parseInt(hex.slice(24, 32), 16) >>> 0;
    const found = this.#find(w0, w1, w2, w3);
    const stored = this.#positions[found] ?? EMPTY;
    if (stored !== EMPTY) return stored - 1;
    this.#put(found, w0, w1, w2, w3, position + 1);
    if (++this.#size * 2 > this.#positions.length) this.#grow();
    return undefined;
  }

  /** The slot holding these words, or the empty slot where they belong. */
  #find(w0: number, w1: number, w2: number, w3: number): number {
    const mask = this.#positions.length - 1;
    const keys = this.#keys;
    for (let slot = hash(w0, w1, w2, w3) & mask; ; slot = (slot + 1) & mask) {
      if (this.#positions[slot] === EMPTY) return slot;
      const k = slot * 4;
      if (keys[k] === w0 && keys[k + 1] === w1 && keys[k + 2] === w2 && keys[k + 3] === w3) return slot;
    }
  }

  #put(slot: number, w0: number, w1: number, w2: number, w3: number, stored: number): void {
    const k = slot * 4;
    this.#keys[k] = w0;
    this.#keys[k + 1] = w1;
    this.#keys[k + 2] = w2;
    this.#keys[k + 3] = w3;
    this.#positions[slot] = stored;
  }

  #grow(): void {
    const keys = this.#keys;
    const positions = this.#positions;
    this.#keys = new Uint32Array(keys.length * 2);
    this.#positions = new Uint32Array(positions.length * 2);
    for (let slot = 0; slot < positions.length; slot++) {
      const stored = positions[slot] ?? EMPTY;
      if (stored === EMPTY) continue;
      const k = slot * 4;
      // The defaults type the words: k + 3 is always inside the table.
      const [w0 = 0, w1 = 0, w2 = 0, w3 = 0] = [keys[k], keys[k + 1], keys[k + 2], keys[k + 3]];
      this.#put(this.#find(w0, w1, w2, w3), w0, w1, w2, w3, stored);
    }
  }
}

/** Mixes the four words (murmur3's finalizer on a combination): UUIDs that differ in one word only still spread. */
function hash(w0: number, w1: number, w2: number, w3: number): number {
  let h = Math.imul(w0 ^ Math.imul(w1, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(w2 ^ Math.imul(w3, 0x27d4eb2f), 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
