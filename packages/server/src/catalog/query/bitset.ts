/**
 * Bitsets over entity ordinals: bit `i` of word `i >>> 5`. Sets may be shorter than the current
 * ordinal capacity (they were allocated when it was smaller); missing words read as zero.
 */
export type Bitset = Uint32Array;

export function wordsFor(capacity: number): number {
  return (capacity + 31) >>> 5;
}

export function hasBit(set: Bitset, i: number): boolean {
  const w = i >>> 5;
  return w < set.length && ((set[w] as number) & (1 << (i & 31))) !== 0;
}

/** Sets bit `i`, returning the same set or a longer copy when `i` lies beyond it. */
export function setBit(set: Bitset, i: number, words: number): Bitset {
  const w = i >>> 5;
  let target = set;
  if (w >= target.length) {
    target = new Uint32Array(Math.max(words, w + 1));
    target.set(set);
  }
  target[w] = (target[w] as number) | (1 << (i & 31));
  return target;
}

export function clearBit(set: Bitset, i: number): void {
  const w = i >>> 5;
  if (w < set.length) set[w] = (set[w] as number) & ~(1 << (i & 31));
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function popcount(set: Bitset): number {
  let n = 0;
  for (let w = 0; w < set.length; w++) n += popcount32(set[w] as number);
  return n;
}

/** |a ∩ b| without allocating. */
export function intersectionCount(a: Bitset, b: Bitset): number {
  const len = Math.min(a.length, b.length);
  let n = 0;
  for (let w = 0; w < len; w++) n += popcount32((a[w] as number) & (b[w] as number));
  return n;
}

/** a := a ∩ b (a keeps its length). */
export function andInto(a: Bitset, b: Bitset): void {
  const len = Math.min(a.length, b.length);
  for (let w = 0; w < len; w++) a[w] = (a[w] as number) & (b[w] as number);
  a.fill(0, len);
}

/** a := a ∪ b, where b is no longer than a. */
export function orInto(a: Bitset, b: Bitset): void {
  const len = Math.min(a.length, b.length);
  for (let w = 0; w < len; w++) a[w] = (a[w] as number) | (b[w] as number);
}

/** a := universe \ a, where a and universe have the same length. */
export function complementWithin(a: Bitset, universe: Bitset): void {
  const len = Math.min(a.length, universe.length);
  for (let w = 0; w < len; w++) a[w] = (universe[w] as number) & ~(a[w] as number);
}

/** Copies `source` into a new set of `words` words. */
export function copyBitset(source: Bitset, words: number): Bitset {
  const copy = new Uint32Array(words);
  copy.set(source.length > words ? source.subarray(0, words) : source);
  return copy;
}

/** Calls `fn` for every set bit, in ascending order. */
export function forEachBit(set: Bitset, fn: (i: number) => void): void {
  for (let w = 0; w < set.length; w++) {
    let word = set[w] as number;
    while (word !== 0) {
      const low = word & -word;
      fn((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
}
