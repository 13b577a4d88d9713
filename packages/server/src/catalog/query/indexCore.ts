import { type Bitset, clearBit, copyBitset, setBit, wordsFor } from './bitset.ts';
import type { SearchDocument } from './buildSearchDocument.ts';
import { FullTextMatcher } from './fullText.ts';
import { SortedOrders } from './sortedOrders.ts';
import { type KeyEntry, TermTable } from './termTable.ts';

/** What the index keeps of one entity: its identity and its search rows. */
export interface IndexedEntity {
  readonly uid: string;
  /** The canonical, lower-cased entity ref (`kind:namespace/name`). */
  readonly ref: string;
  readonly search: SearchDocument;
}

/** Spare bitsets kept for queries. */
const BITS_POOL_SIZE = 16;

/** A set of terms valid until the next call of `IndexCore.termMarks`. */
export interface TermMarks {
  readonly marks: Int32Array;
  readonly stamp: number;
}

/**
 * The storage of the in-memory index: entity ordinals (slots reused through a free list), the
 * term table (inverted index), a forward list of each entity's terms (to diff and remove), the
 * sorted orders and the full-text matcher. Queries live in their own modules and read these
 * members directly; this class is internal to the folder (the public door is `EntityIndex`).
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

  private readonly bitsPool: Bitset[] = [];
  private queryMarks: Int32Array = new Int32Array(1024);
  private queryStamp = 0;

  readonly termLower = this.terms.termLower;
  readonly orders = new SortedOrders(this);
  readonly fullText = new FullTextMatcher(this.terms, () => this.words);

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
      this.orders.entityAdded(ord);
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
    this.orders.entityRemoving(ord);
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
    const { terms } = this;
    terms.add(t, ord);
    if (terms.termLower[t] !== null) {
      this.orders.rowAdded(terms.keyById(terms.termKey[t] as number) as KeyEntry, t, ord);
    }
  }

  private removeRow(t: number, ord: number): void {
    const { terms } = this;
    if (terms.termLower[t] !== null) {
      this.orders.rowRemoving(terms.keyById(terms.termKey[t] as number) as KeyEntry, t, ord);
    }
    terms.clearOriginal(t, ord);
    if (terms.remove(t, ord)) terms.deleteTerm(t);
  }

  private setRef(ord: number, ref: string | undefined): void {
    const old = this.refs[ord];
    if (old === ref) return;
    if (old !== undefined) this.orders.refRemoving(ord);
    if (old !== undefined && this.ordinalByRef.get(old) === ord) {
      this.ordinalByRef.delete(old);
      if (this.refCollisions > 0) this.restoreRef(old, ord);
    }
    this.refs[ord] = ref;
    if (ref === undefined) return;
    const holder = this.ordinalByRef.get(ref);
    if (holder !== undefined && holder !== ord) this.refCollisions++;
    this.ordinalByRef.set(ref, ord);
    this.orders.refAdded(ord);
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
        this.arena = growInt32(this.arena, Math.max(Math.ceil(this.arena.length * 1.5), this.arenaTop + m));
      }
    }
    this.arena.set(this.newTerms.subarray(0, m), this.arenaTop);
    this.docStart[ord] = this.arenaTop;
    this.docLength[ord] = m;
    this.arenaTop += m;
  }

  private compactArena(skip: number): void {
    const next = new Int32Array(Math.max(1 << 16, Math.ceil((this.arenaTop - this.arenaGarbage) * 1.5)));
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

  /** Rows held by the forward index, for statistics. */
  get rowCount(): number {
    return this.arenaTop - this.arenaGarbage;
  }
}

function growInt32(array: Int32Array, size: number): Int32Array {
  const next = new Int32Array(size);
  next.set(array.length > size ? array.subarray(0, size) : array);
  return next;
}
