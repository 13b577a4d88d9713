import {
  andInto,
  type Bitset,
  clearBit,
  complementWithin,
  copyBitset,
  hasBit,
  orInto,
  setBit,
  wordsFor,
} from './bitset.ts';
import type { SearchDocument } from './buildSearchDocument.ts';
import type { EntityFilter } from './entityFilter.ts';
import { buildHaystack, matchLikeContains } from './fullText.ts';
import { RowOrder, type RowSource } from './rowOrder.ts';
import { type KeyCache, type KeyEntry, TermTable } from './termTable.ts';

/** What the index keeps of one entity: its identity and its search rows. */
export interface IndexedEntity {
  readonly uid: string;
  /** The canonical, lower-cased entity ref (`kind:namespace/name`). */
  readonly ref: string;
  readonly search: SearchDocument;
}

/** Entities (`bits`) and terms whose value contains a full-text term. */
export interface FullTextMatch {
  readonly bits: Bitset;
  readonly terms: readonly number[];
  readonly keys: readonly (KeyEntry | undefined)[];
  readonly stamps: readonly number[];
}

/** Spare bitsets kept for queries. */
const BITS_POOL_SIZE = 16;
/** Full-text results remembered (least recently used first out). */
const FULL_TEXT_CACHE_SIZE = 16;

/** A set of terms valid until the next call of `IndexCore.termMarks`. */
export interface TermMarks {
  readonly marks: Int32Array;
  readonly stamp: number;
}

const NO_TERM = -1;
/** A sorted order that has absorbed this many edits without being read is dropped, not kept. */
const MAX_PENDING_EDITS = 1024;
/** Keys with at most this many terms have their derived sets computed rather than cached. */
const SMALL_KEY = 8;

/**
 * The storage of the in-memory index: entity ordinals (slots reused through a free list), the
 * term table (inverted index), a forward list of each entity's terms (to diff and remove), and
 * the sorted row orders. Queries live in their own modules and read these members directly; this
 * class is internal to the folder (the public door is `EntityIndex`).
 */
export class IndexCore {
  capacity = 1024;
  words = wordsFor(1024);
  readonly uids: (string | undefined)[] = [];
  readonly refs: (string | undefined)[] = [];
  readonly ordinalByUid = new Map<string, number>();
  readonly ordinalByRef = new Map<string, number>();
  readonly terms = new TermTable();
  /** One bit per live entity. */
  alive: Bitset = new Uint32Array(this.words);
  live = 0;
  changes = 0;

  private refCollisions = 0;
  private readonly freeOrdinals: number[] = [];
  private top = 0;

  // Forward index: the term ids of entity `o` are arena[docStart[o] .. docStart[o] + docLength[o]).
  private arena: Int32Array = new Int32Array(1 << 16);
  private arenaTop = 0;
  private arenaGarbage = 0;
  private docStart: Int32Array = new Int32Array(1024);
  private docLength: Int32Array = new Int32Array(1024);

  // Per-term marks for set differences; a mark is current when equal to the stamp.
  private mark: Int32Array = new Int32Array(1024);
  private markStamp = 0;
  private newTerms: Int32Array = new Int32Array(256);
  private newRows: Int32Array = new Int32Array(256);

  private readonly fullTextCache = new Map<string, FullTextMatch>();
  private readonly bitsPool: Bitset[] = [];
  private queryMarks: Int32Array = new Int32Array(1024);
  private queryStamp = 0;
  private uidOrder: RowOrder | undefined;
  private refOrder: RowOrder | undefined;
  private uidRank: Int32Array | undefined;
  private readonly source: RowSource;

  constructor() {
    this.source = { uids: this.uids, refs: this.refs, termLower: this.terms.termLower };
  }

  // ---------------------------------------------------------------- writes

  upsert({ uid, ref, search }: IndexedEntity): void {
    let ord = this.ordinalByUid.get(uid);
    const isNew = ord === undefined;
    if (ord === undefined) {
      ord = this.allocateOrdinal();
      this.uids[ord] = uid;
      this.ordinalByUid.set(uid, ord);
      this.alive = setBit(this.alive, ord, this.words);
      this.live++;
      this.docLength[ord] = 0;
      this.uidRank = undefined;
      if (this.uidOrder && !this.edit(this.uidOrder, (o) => o.insert(ord as number, NO_TERM))) {
        this.uidOrder = undefined;
      }
    }
    this.setRef(ord, ref);

    const { keys, values, originals } = search;
    const n = keys.length;
    if (n > this.newTerms.length) {
      this.newTerms = new Int32Array(n * 2);
      this.newRows = new Int32Array(n * 2);
    }
    const stamp = this.nextStamp();
    let m = 0;
    let lastName: string | undefined;
    let key: KeyEntry | undefined;
    for (let i = 0; i < n; i++) {
      // Rows of one key come together (arrays, relations): look the key up once per run.
      const name = keys[i] as string;
      if (name !== lastName || !key) {
        key = this.terms.ensureKey(name);
        lastName = name;
      }
      const t = this.terms.ensureTerm(key, values[i] ?? null, originals[i] ?? null);
      if (t >= this.mark.length) this.mark = growInt32(this.mark, this.terms.termCapacity);
      if (this.mark[t] === stamp) continue;
      this.mark[t] = stamp;
      this.newTerms[m] = t;
      this.newRows[m] = i;
      m++;
    }
    if (!isNew) {
      const start = this.docStart[ord] as number;
      const end = start + (this.docLength[ord] as number);
      for (let j = start; j < end; j++) {
        const t = this.arena[j] as number;
        if (this.mark[t] === stamp) this.mark[t] = stamp + 1;
        else this.removeRow(t, ord);
      }
      this.arenaGarbage += end - start;
    }
    for (let k = 0; k < m; k++) {
      const t = this.newTerms[k] as number;
      if (this.mark[t] === stamp) this.addRow(t, ord);
      this.terms.setOriginal(t, ord, originals[this.newRows[k] as number] ?? null);
    }
    this.writeDocument(ord, m);
    this.changes++;
  }

  remove(uid: string): boolean {
    const ord = this.ordinalByUid.get(uid);
    if (ord === undefined) return false;
    const start = this.docStart[ord] as number;
    const end = start + (this.docLength[ord] as number);
    for (let j = start; j < end; j++) this.removeRow(this.arena[j] as number, ord);
    this.arenaGarbage += end - start;
    this.docLength[ord] = 0;
    if (this.uidOrder && !this.edit(this.uidOrder, (o) => o.remove(ord, NO_TERM))) {
      this.uidOrder = undefined;
    }
    this.uidRank = undefined;
    this.setRef(ord, undefined);
    this.ordinalByUid.delete(uid);
    this.uids[ord] = undefined;
    clearBit(this.alive, ord);
    this.live--;
    this.freeOrdinals.push(ord);
    this.changes++;
    return true;
  }

  private addRow(t: number, ord: number): void {
    this.terms.add(t, ord);
    if (this.terms.termLower[t] === null) return;
    const cache = (this.terms.keyById(this.terms.termKey[t] as number) as KeyEntry).cache;
    const order = cache?.order;
    if (cache && order && !this.edit(order, (o) => o.insert(ord, t))) cache.order = undefined;
  }

  private removeRow(t: number, ord: number): void {
    if (this.terms.termLower[t] !== null) {
      const cache = (this.terms.keyById(this.terms.termKey[t] as number) as KeyEntry).cache;
      const order = cache?.order;
      if (cache && order && !this.edit(order, (o) => o.remove(ord, t))) cache.order = undefined;
    }
    this.terms.clearOriginal(t, ord);
    if (this.terms.remove(t, ord)) this.terms.deleteTerm(t);
  }

  /** Applies an edit to a sorted order, or returns false when the order should be dropped. */
  private edit(order: RowOrder, apply: (order: RowOrder) => boolean): boolean {
    if (order.pendingEdits >= MAX_PENDING_EDITS) return false;
    return apply(order);
  }

  private setRef(ord: number, ref: string | undefined): void {
    const old = this.refs[ord];
    if (old === ref) return;
    if (this.refOrder && old !== undefined && !this.edit(this.refOrder, (o) => o.remove(ord, NO_TERM))) {
      this.refOrder = undefined;
    }
    if (old !== undefined && this.ordinalByRef.get(old) === ord) {
      this.ordinalByRef.delete(old);
      if (this.refCollisions > 0) this.restoreRef(old, ord);
    }
    this.refs[ord] = ref;
    if (ref === undefined) return;
    const holder = this.ordinalByRef.get(ref);
    if (holder !== undefined && holder !== ord) this.refCollisions++;
    this.ordinalByRef.set(ref, ord);
    if (this.refOrder && !this.edit(this.refOrder, (o) => o.insert(ord, NO_TERM))) {
      this.refOrder = undefined;
    }
  }

  /** Two uids briefly sharing a ref (a re-registration): the survivor takes the ref back. */
  private restoreRef(ref: string, leaving: number): void {
    for (let o = 0; o < this.top; o++) {
      if (o !== leaving && this.refs[o] === ref && this.uids[o] !== undefined) {
        this.ordinalByRef.set(ref, o);
        return;
      }
    }
  }

  private writeDocument(ord: number, m: number): void {
    if (this.arenaTop + m > this.arena.length) {
      if (this.arenaGarbage > this.arenaTop >>> 1) this.compactArena(ord);
      if (this.arenaTop + m > this.arena.length) {
        this.arena = growInt32(this.arena, Math.max(this.arena.length * 2, this.arenaTop + m));
      }
    }
    this.arena.set(this.newTerms.subarray(0, m), this.arenaTop);
    this.docStart[ord] = this.arenaTop;
    this.docLength[ord] = m;
    this.arenaTop += m;
  }

  private compactArena(skip: number): void {
    const next = new Int32Array(Math.max(1 << 16, (this.arenaTop - this.arenaGarbage) * 2));
    let top = 0;
    for (let o = 0; o < this.top; o++) {
      if (o === skip || this.uids[o] === undefined) continue;
      const start = this.docStart[o] as number;
      const length = this.docLength[o] as number;
      next.set(this.arena.subarray(start, start + length), top);
      this.docStart[o] = top;
      top += length;
    }
    this.arena = next;
    this.arenaTop = top;
    this.arenaGarbage = 0;
  }

  private allocateOrdinal(): number {
    const reused = this.freeOrdinals.pop();
    if (reused !== undefined) return reused;
    const ord = this.top++;
    if (ord >= this.capacity) {
      this.capacity *= 2;
      this.words = wordsFor(this.capacity);
      this.terms.words = this.words;
      this.alive = copyBitset(this.alive, this.words);
      this.docStart = growInt32(this.docStart, this.capacity);
      this.docLength = growInt32(this.docLength, this.capacity);
    }
    return ord;
  }

  private nextStamp(): number {
    if (this.markStamp > 0x3fffffff) {
      this.mark.fill(0);
      this.markStamp = 0;
    }
    this.markStamp += 2;
    return this.markStamp;
  }

  // ---------------------------------------------------------------- reads

  /** An empty set of terms (`marks[t] === stamp`), cheaper than a `Set` in a scan of 100,000 rows. */
  termMarks(): TermMarks {
    if (this.queryMarks.length < this.terms.termCapacity)
      this.queryMarks = new Int32Array(this.terms.termCapacity);
    if (this.queryStamp >= 0x3fffffff) {
      this.queryMarks.fill(0);
      this.queryStamp = 0;
    }
    return { marks: this.queryMarks, stamp: ++this.queryStamp };
  }

  /**
   * A zeroed bitset of `words` words from a small pool. Queries allocate several per request;
   * recycling them keeps the young generation quiet, and with it the p99 (each scavenge of this
   * heap costs milliseconds). Give it back with `releaseBits` once no longer read.
   */
  acquireBits(): Bitset {
    const pooled = this.bitsPool.pop();
    if (pooled && pooled.length === this.words) {
      pooled.fill(0);
      return pooled;
    }
    return new Uint32Array(this.words);
  }

  releaseBits(bits: Bitset | undefined): void {
    if (bits && bits !== this.alive && bits.length === this.words && this.bitsPool.length < BITS_POOL_SIZE) {
      this.bitsPool.push(bits);
    }
  }

  /** The entities matching a filter, in a pooled bitset (see `acquireBits`). */
  evaluate(filter: EntityFilter): Bitset {
    const result = this.acquireBits();
    this.evaluateInto(filter, result);
    return result;
  }

  /** Writes the entities matching a filter into a zeroed bitset of `words` words. */
  private evaluateInto(filter: EntityFilter, target: Bitset): void {
    switch (filter.type) {
      case 'all': {
        if (filter.filters.length === 0) {
          target.set(this.alive);
          return;
        }
        const [first, ...rest] = filter.filters;
        this.evaluateInto(first as EntityFilter, target);
        for (const sub of rest) {
          const bits = this.evaluate(sub);
          andInto(target, bits);
          this.releaseBits(bits);
        }
        return;
      }
      case 'any': {
        for (const sub of filter.filters) {
          if (sub.type === 'in' || sub.type === 'exists' || sub.type === 'prefix') {
            this.evaluateInto(sub, target); // leaves only ever set bits
            continue;
          }
          const bits = this.evaluate(sub);
          orInto(target, bits);
          this.releaseBits(bits);
        }
        return;
      }
      case 'not':
        this.evaluateInto(filter.filter, target);
        complementWithin(target, this.alive);
        return;
      case 'exists': {
        const key = this.terms.key(filter.key);
        if (key) orInto(target, this.keyBits(key, true));
        return;
      }
      case 'in': {
        const key = this.terms.key(filter.key);
        if (!key) return;
        for (const value of filter.values) {
          const t = this.terms.termOf(key, value);
          if (t !== NO_TERM) this.terms.orInto(target, t);
        }
        return;
      }
      case 'prefix': {
        const key = this.terms.key(filter.key);
        if (!key) return;
        this.terms.forEachValueTerm(key, (t) => {
          if ((this.terms.termLower[t] as string).startsWith(filter.prefix)) this.terms.orInto(target, t);
        });
        return;
      }
    }
  }

  /** The entities having the key (with `includeNull`, also those whose only value is null). */
  keyBits(key: KeyEntry, includeNull: boolean): Bitset {
    const small = key.distinct <= SMALL_KEY;
    const cache = small ? undefined : cacheOf(key);
    const cached = includeNull ? cache?.exists : cache?.nonNull;
    if (cached && cached.stamp === key.stamp) return cached.bits;
    const bits = new Uint32Array(this.words);
    this.terms.forEachValueTerm(key, (t) => this.terms.orInto(bits, t));
    if (includeNull && key.nullTerm !== NO_TERM) this.terms.orInto(bits, key.nullTerm);
    if (cache) {
      const entry = { stamp: key.stamp, bits };
      if (includeNull) cache.exists = entry;
      else cache.nonNull = entry;
    }
    return bits;
  }

  /**
   * The entities with a value containing `term` (LIKE `%term%`) in any of the keys, and the
   * matching terms. Remembered for the last few (keys, term) pairs while those keys are unchanged,
   * so that the pages of one search do not repeat it. The result must not be modified.
   */
  fullTextMatch(keyNames: readonly string[], term: string): FullTextMatch {
    const cacheKey = JSON.stringify([keyNames, term]);
    const keys = keyNames.map((name) => this.terms.key(name));
    const cached = this.fullTextCache.get(cacheKey);
    if (cached?.keys.every((key, i) => key === keys[i] && (!key || key.stamp === cached.stamps[i]))) {
      this.fullTextCache.delete(cacheKey);
      this.fullTextCache.set(cacheKey, cached);
      return cached;
    }
    const bits = new Uint32Array(this.words);
    const terms: number[] = [];
    for (const key of keys) {
      if (!key) continue;
      const cache = cacheOf(key);
      let haystack = cache.haystack;
      if (!haystack || haystack.stamp !== key.setStamp) {
        const list: number[] = [];
        this.terms.forEachValueTerm(key, (t) => list.push(t));
        haystack = {
          stamp: key.setStamp,
          value: buildHaystack(list, (t) => this.terms.termLower[t] as string),
        };
        cache.haystack = haystack;
      }
      matchLikeContains(
        term,
        haystack.value,
        (t) => this.terms.termLower[t] as string,
        (t) => {
          this.terms.orInto(bits, t);
          terms.push(t);
        },
      );
    }
    const result: FullTextMatch = { bits, terms, keys, stamps: keys.map((key) => key?.stamp ?? 0) };
    this.fullTextCache.set(cacheKey, result);
    if (this.fullTextCache.size > FULL_TEXT_CACHE_SIZE) {
      this.fullTextCache.delete(this.fullTextCache.keys().next().value as string);
    }
    return result;
  }

  /** The lower-cased values (null for the null term) an entity has for a key. */
  valuesOf(ord: number, key: KeyEntry): (string | null)[] {
    const out: (string | null)[] = [];
    const start = this.docStart[ord] as number;
    const end = start + (this.docLength[ord] as number);
    for (let j = start; j < end; j++) {
      const t = this.arena[j] as number;
      if (this.terms.termKey[t] === key.id) out.push(this.terms.termLower[t] as string | null);
    }
    return out;
  }

  /** Live entities sorted by uid. */
  ensureUidOrder(): RowOrder {
    if (this.uidOrder) return this.uidOrder;
    const sorted = [...this.ordinalByUid.keys()].sort();
    const ords = new Int32Array(sorted.length + 16);
    for (let i = 0; i < sorted.length; i++) ords[i] = this.ordinalByUid.get(sorted[i] as string) as number;
    this.uidOrder = new RowOrder('none', this.source, ords, undefined, sorted.length);
    return this.uidOrder;
  }

  /** Live entities sorted by ref, then uid. */
  ensureRefOrder(): RowOrder {
    if (this.refOrder) return this.refOrder;
    const { uids, refs } = this;
    const list = [...this.ordinalByUid.values()].sort((a, b) => {
      const ra = refs[a] as string;
      const rb = refs[b] as string;
      if (ra !== rb) return ra < rb ? -1 : 1;
      const ua = uids[a] as string;
      const ub = uids[b] as string;
      return ua < ub ? -1 : ua > ub ? 1 : 0;
    });
    const ords = new Int32Array(list.length + 16);
    ords.set(list);
    this.refOrder = new RowOrder('ref', this.source, ords, undefined, list.length);
    return this.refOrder;
  }

  /** The rows of a key's non-null values sorted by (value, uid), built on first use. */
  ensureKeyOrder(key: KeyEntry): RowOrder {
    const cache = cacheOf(key);
    if (cache.order) return cache.order;
    const { terms } = this;
    const lowers: string[] = [];
    let total = 0;
    terms.forEachValueTerm(key, (t) => {
      lowers.push(terms.termLower[t] as string);
      total += terms.termCount[t] as number;
    });
    lowers.sort();
    const ords = new Int32Array(total + 16);
    const termIds = new Int32Array(total + 16);
    let n = 0;
    for (const lower of lowers) {
      const t = terms.termOf(key, lower);
      const count = terms.termCount[t] as number;
      if (count === 1) {
        ords[n] = terms.termFirst[t] as number;
        termIds[n++] = t;
        continue;
      }
      const rank = this.ensureUidRank();
      const ranks = new Int32Array(count);
      let k = 0;
      terms.forEachOrdinal(t, (o) => {
        ranks[k++] = rank[o] as number;
      });
      ranks.sort();
      const byUid = (this.uidOrder as RowOrder).ords;
      for (let r = 0; r < count; r++) {
        ords[n] = byUid[ranks[r] as number] as number;
        termIds[n++] = t;
      }
    }
    cache.order = new RowOrder('term', this.source, ords, termIds, n);
    return cache.order;
  }

  private ensureUidRank(): Int32Array {
    const order = this.ensureUidOrder();
    if (this.uidRank && this.uidRank.length >= this.capacity) return this.uidRank;
    const rank = new Int32Array(this.capacity);
    for (let i = 0; i < order.length; i++) rank[order.ords[i] as number] = i;
    this.uidRank = rank;
    return rank;
  }

  isAlive(ord: number): boolean {
    return hasBit(this.alive, ord);
  }

  /** Rows held by the forward index, for statistics. */
  get rowCount(): number {
    return this.arenaTop - this.arenaGarbage;
  }
}

function cacheOf(key: KeyEntry): KeyCache {
  if (!key.cache) key.cache = {};
  return key.cache;
}

function growInt32(array: Int32Array, size: number): Int32Array {
  const next = new Int32Array(size);
  next.set(array.length > size ? array.subarray(0, size) : array);
  return next;
}
