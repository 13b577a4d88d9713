import { type Bitset, clearBit, forEachBit, hasBit, intersectionCount, setBit, wordsFor } from './bitset.ts';
import type { ValueHaystack } from './fullText.ts';
import { OriginalVariants } from './originalVariants.ts';
import type { RowOrder } from './rowOrder.ts';
import { binarySearch, insertSorted, removeSorted } from './sortedList.ts';
import { TermHash } from './termHash.ts';

/** What queries derive from one key, each valid while the stamp it was built at is current. */
export interface KeyCache {
  /** Rows of the key's non-null values sorted by (value, uid), kept up to date on writes. */
  order?: RowOrder;
  exists?: { readonly stamp: number; readonly bits: Bitset };
  nonNull?: { readonly stamp: number; readonly bits: Bitset };
  haystack?: { readonly stamp: number; readonly value: ValueHaystack };
}

/** One search key (a lower-cased dotted path) and its distinct values. */
export interface KeyEntry {
  readonly id: number;
  readonly name: string;
  /** The non-null terms, once the key has two distinct values (else `single`). */
  terms: number[] | undefined;
  /** The only non-null term while `terms` is not allocated; -1 when none. */
  single: number;
  /** The term of the null value (null/undefined or longer than 200 characters); -1 when none. */
  nullTerm: number;
  /** Number of non-null terms. */
  distinct: number;
  /** Whether the key's terms are in the hash table: once it has had more than a few values. */
  hashed: boolean;
  /** Bumped whenever any posting of the key changes: guards caches derived from the key. */
  stamp: number;
  /** Bumped whenever a term of the key appears or disappears. */
  setStamp: number;
  cache: KeyCache | undefined;
}

/**
 * Sorted ordinals (JS array) for sparse terms, a bitset for dense ones. Terms of one entity keep
 * their only ordinal in `termFirst` and no posting at all, which is most terms (names, uids).
 */
type Posting = number[] | Bitset;

const NO_TERM = -1;
/** Keys with at most this many values are searched by comparing strings, not by hashing. */
const LINEAR_LOOKUP = 8;

/**
 * The inverted index: every distinct (key, lower-cased value) is a term with a posting of entity
 * ordinals. Original-case values are kept per term (the first one seen) plus, rarely, per entity
 * when an entity's original differs from its term's (facets report original values).
 */
export class TermTable {
  /** Ordinal capacity in 32-bit words; set by the owner when it grows. */
  words = wordsFor(1024);

  private readonly keyByName = new Map<string, KeyEntry>();
  private readonly keyList: (KeyEntry | undefined)[] = [];
  private readonly freeKeys: number[] = [];

  termKey: Int32Array = new Int32Array(1024);
  termCount: Int32Array = new Int32Array(1024);
  termFirst: Int32Array = new Int32Array(1024);
  /** Position of a term in its key's `terms` list. */
  private termSlot: Int32Array = new Int32Array(1024);
  private termHashes: Int32Array = new Int32Array(1024);
  readonly termLower: (string | null)[] = [];
  private readonly termOriginal: (string | undefined)[] = [];
  private readonly termPosting: (Posting | undefined)[] = [];
  private readonly freeTerms: number[] = [];
  private termTop = 0;
  private readonly hash = new TermHash(
    () => this.termKey,
    this.termLower,
    () => this.termHashes,
  );
  /** Source of the key stamps: one counter, so a re-created key never matches an old stamp. */
  private clock = 0;
  private readonly variants = new OriginalVariants();

  get termCapacity(): number {
    return this.termKey.length;
  }

  get keyCount(): number {
    return this.keyByName.size;
  }

  get liveTermCount(): number {
    return this.termTop - this.freeTerms.length;
  }

  key(name: string): KeyEntry | undefined {
    return this.keyByName.get(name);
  }

  keyById(id: number): KeyEntry | undefined {
    return this.keyList[id];
  }

  ensureKey(name: string): KeyEntry {
    let key = this.keyByName.get(name);
    if (key) return key;
    const id = this.freeKeys.pop() ?? this.keyList.length;
    const stamp = ++this.clock;
    key = {
      id,
      name,
      terms: undefined,
      single: NO_TERM,
      nullTerm: NO_TERM,
      distinct: 0,
      hashed: false,
      stamp,
      setStamp: stamp,
      cache: undefined,
    };
    this.keyList[id] = key;
    this.keyByName.set(name, key);
    return key;
  }

  /** The term of a value (null for the null term) of a key, or -1. */
  termOf(key: KeyEntry, lower: string | null): number {
    if (lower === null) return key.nullTerm;
    if (key.hashed) return this.hash.find(key.id, lower, TermHash.hash(key.id, lower));
    return this.scanTerms(key, lower);
  }

  /** Small keys are searched by comparing strings, which beats hashing them. */
  private scanTerms(key: KeyEntry, lower: string): number {
    if (!key.terms)
      return key.single !== NO_TERM && this.termLower[key.single] === lower ? key.single : NO_TERM;
    for (const t of key.terms) if (this.termLower[t] === lower) return t;
    return NO_TERM;
  }

  ensureTerm(key: KeyEntry, lower: string | null, original: string | null): number {
    let h = 0;
    if (lower === null) {
      if (key.nullTerm !== NO_TERM) return key.nullTerm;
    } else {
      if (key.hashed) h = TermHash.hash(key.id, lower);
      const existing = key.hashed ? this.hash.find(key.id, lower, h) : this.scanTerms(key, lower);
      if (existing !== NO_TERM) return existing;
    }
    const t = this.allocateTerm();
    this.termKey[t] = key.id;
    this.termCount[t] = 0;
    this.termLower[t] = lower;
    this.termOriginal[t] = original === null || original === lower ? undefined : original;
    this.termPosting[t] = undefined;
    key.setStamp = ++this.clock;
    if (lower === null) {
      key.nullTerm = t;
      return t;
    }
    key.distinct++;
    if (key.terms) {
      this.termSlot[t] = key.terms.length;
      key.terms.push(t);
    } else if (key.single === NO_TERM) key.single = t;
    else {
      this.termSlot[key.single] = 0;
      this.termSlot[t] = 1;
      key.terms = [key.single, t];
      key.single = NO_TERM;
    }
    if (key.hashed) this.addToHash(t, h);
    else if (key.distinct > LINEAR_LOOKUP) {
      key.hashed = true;
      for (const other of key.terms as number[]) {
        this.addToHash(other, TermHash.hash(key.id, this.termLower[other] as string));
      }
    }
    return t;
  }

  private addToHash(t: number, h: number): void {
    this.termHashes[t] = h;
    this.hash.insert(t, h);
  }

  /** Forgets a term whose posting became empty, and its key when that was its last term. */
  deleteTerm(t: number): void {
    const key = this.keyList[this.termKey[t] as number] as KeyEntry;
    const lower = this.termLower[t] as string | null;
    key.setStamp = ++this.clock;
    if (lower === null) key.nullTerm = NO_TERM;
    else {
      key.distinct--;
      if (key.hashed) this.hash.delete(t, this.termHashes[t] as number);
      if (key.terms) {
        // Swap-remove from the key's list.
        const slot = this.termSlot[t] as number;
        const last = key.terms.pop() as number;
        if (last !== t) {
          key.terms[slot] = last;
          this.termSlot[last] = slot;
        }
      } else key.single = NO_TERM;
    }
    this.termLower[t] = null;
    this.termOriginal[t] = undefined;
    this.termPosting[t] = undefined;
    this.variants.forget(t);
    this.freeTerms.push(t);
    if (key.distinct === 0 && key.nullTerm === NO_TERM) {
      this.keyByName.delete(key.name);
      this.keyList[key.id] = undefined;
      this.freeKeys.push(key.id);
    }
  }

  /** Calls `fn` with every non-null term of a key, in no particular order. */
  forEachValueTerm(key: KeyEntry, fn: (t: number) => void): void {
    if (key.terms) for (const t of key.terms) fn(t);
    else if (key.single !== NO_TERM) fn(key.single);
  }

  /** The term's original-case value for entities without a variant. */
  original(t: number): string {
    return this.termOriginal[t] ?? (this.termLower[t] as string);
  }

  add(t: number, ord: number): void {
    const count = this.termCount[t] as number;
    this.termCount[t] = count + 1;
    this.touch(t);
    if (count === 0) {
      this.termFirst[t] = ord;
      return;
    }
    if (count === 1) {
      const first = this.termFirst[t] as number;
      this.termPosting[t] = first < ord ? [first, ord] : [ord, first];
      return;
    }
    const posting = this.termPosting[t] as Posting;
    if (Array.isArray(posting)) {
      if (count + 1 > this.denseThreshold()) {
        let bits: Bitset = new Uint32Array(this.words);
        for (const o of posting) bits = setBit(bits, o, this.words);
        this.termPosting[t] = setBit(bits, ord, this.words);
      } else {
        insertSorted(posting, ord);
      }
      return;
    }
    if (count + 1 < this.denseThreshold() >>> 2) {
      // Became a bitset while the catalog was small; a list is far smaller now.
      const list: number[] = [];
      forEachBit(posting, (o) => list.push(o));
      insertSorted(list, ord);
      this.termPosting[t] = list;
      return;
    }
    this.termPosting[t] = setBit(posting, ord, this.words);
  }

  /** Removes an ordinal; returns true when the term is now empty (the caller deletes it). */
  remove(t: number, ord: number): boolean {
    const count = (this.termCount[t] as number) - 1;
    this.termCount[t] = count;
    this.touch(t);
    if (count === 0) return true;
    const posting = this.termPosting[t] as Posting;
    if (Array.isArray(posting)) {
      removeSorted(posting, ord);
      if (count === 1) {
        this.termFirst[t] = posting[0] as number;
        this.termPosting[t] = undefined;
      }
      return false;
    }
    clearBit(posting, ord);
    // Hysteresis: back to a list only well below the threshold that made it a bitset.
    if (count < this.denseThreshold() >>> 1) {
      const list: number[] = [];
      forEachBit(posting, (o) => list.push(o));
      if (count === 1) {
        this.termFirst[t] = list[0] as number;
        this.termPosting[t] = undefined;
      } else this.termPosting[t] = list;
    }
    return false;
  }

  has(t: number, ord: number): boolean {
    const count = this.termCount[t] as number;
    if (count === 0) return false;
    if (count === 1) return this.termFirst[t] === ord;
    const posting = this.termPosting[t] as Posting;
    if (Array.isArray(posting)) return binarySearch(posting, ord) >= 0;
    return hasBit(posting, ord);
  }

  /** Sets the bits of the term's ordinals in `target` (which has `words` words). */
  orInto(target: Bitset, t: number): void {
    const count = this.termCount[t] as number;
    if (count === 0) return;
    if (count === 1) {
      const o = this.termFirst[t] as number;
      target[o >>> 5] = (target[o >>> 5] as number) | (1 << (o & 31));
      return;
    }
    const posting = this.termPosting[t] as Posting;
    if (Array.isArray(posting)) {
      for (const o of posting) target[o >>> 5] = (target[o >>> 5] as number) | (1 << (o & 31));
      return;
    }
    const len = Math.min(posting.length, target.length);
    for (let w = 0; w < len; w++) target[w] = (target[w] as number) | (posting[w] as number);
  }

  /** |posting(t) ∩ match|. */
  countWithin(t: number, match: Bitset): number {
    const count = this.termCount[t] as number;
    if (count === 0) return 0;
    if (count === 1) return hasBit(match, this.termFirst[t] as number) ? 1 : 0;
    const posting = this.termPosting[t] as Posting;
    if (Array.isArray(posting)) {
      let n = 0;
      for (const o of posting) if (hasBit(match, o)) n++;
      return n;
    }
    return intersectionCount(posting, match);
  }

  forEachOrdinal(t: number, fn: (ord: number) => void): void {
    const count = this.termCount[t] as number;
    if (count === 0) return;
    if (count === 1) {
      fn(this.termFirst[t] as number);
      return;
    }
    const posting = this.termPosting[t] as Posting;
    if (Array.isArray(posting)) for (const o of posting) fn(o);
    else forEachBit(posting, fn);
  }

  /** Records the original-case value one entity has for a term. */
  setOriginal(t: number, ord: number, original: string | null): void {
    this.variants.set(t, ord, original, original === null || original === this.original(t));
  }

  /** Forgets the original-case value an entity had for a term it no longer has. */
  clearOriginal(t: number, ord: number): void {
    this.variants.clear(t, ord);
  }

  /**
   * Facet counts of one term: its original-case values with the number of entities in `match`
   * (all entities when undefined) having each.
   */
  originalCounts(t: number, match: Bitset | undefined, out: (value: string, count: number) => void): void {
    let count = match ? this.countWithin(t, match) : (this.termCount[t] as number);
    const variants = this.variants.of(t);
    if (variants) {
      for (const [value, list] of variants) {
        let n = 0;
        for (const o of list) if (!match || hasBit(match, o)) n++;
        if (n > 0) out(value, n);
        count -= n;
      }
    }
    if (count > 0) out(this.original(t), count);
  }

  private denseThreshold(): number {
    return Math.max(64, this.words >>> 1);
  }

  private touch(t: number): void {
    const key = this.keyList[this.termKey[t] as number] as KeyEntry;
    key.stamp = ++this.clock;
  }

  private allocateTerm(): number {
    const reused = this.freeTerms.pop();
    if (reused !== undefined) return reused;
    const t = this.termTop++;
    if (t >= this.termKey.length) {
      // Grow by half: at a million terms, doubling would leave ~20 MB of these arrays unused.
      const size = Math.ceil(this.termKey.length * 1.5);
      this.termKey = grow(this.termKey, size);
      this.termCount = grow(this.termCount, size);
      this.termFirst = grow(this.termFirst, size);
      this.termSlot = grow(this.termSlot, size);
      this.termHashes = grow(this.termHashes, size);
    }
    return t;
  }
}

function grow(array: Int32Array, size: number): Int32Array {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}
