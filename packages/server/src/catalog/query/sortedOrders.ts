import { RowOrder, type RowSource } from './rowOrder.ts';
import type { KeyEntry, TermTable } from './termTable.ts';

/** A sorted order that has absorbed this many edits without being read is dropped, not kept. */
const MAX_PENDING_EDITS = 1024;
/** Key orders kept at once (8 bytes per row each); the least recently read goes first. */
const MAX_KEY_ORDERS = 16;
const NO_TERM = -1;

/** What the orders are built from: the entity table of `IndexCore`. */
export interface OrderedEntities extends RowSource {
  readonly ordinalByUid: ReadonlyMap<string, number>;
  readonly terms: TermTable;
  readonly capacity: number;
}

/**
 * The sorted orders queries read: entities by uid, by ref, and each queried key's rows by
 * (value, uid). Each is built on first use and then kept up to date edit by edit (a binary search
 * and a memmove), unless more than MAX_PENDING_EDITS edits arrive before a query reads it again:
 * then it is dropped and rebuilt when next needed, which is cheaper than shifting it each time
 * during a bulk load.
 */
export class SortedOrders {
  private uid: RowOrder | undefined;
  private ref: RowOrder | undefined;
  /** ordinal → position in the uid order; valid while the set of uids is unchanged. */
  private uidRank: Int32Array | undefined;
  /** Keys whose order is built, least recently read first. */
  private readonly keyOrders = new Set<KeyEntry>();

  constructor(private readonly entities: OrderedEntities) {}

  /** A new uid; call after it is recorded. */
  entityAdded(ord: number): void {
    this.uidRank = undefined;
    if (this.uid && !edit(this.uid, (o) => o.insert(ord, NO_TERM))) this.uid = undefined;
  }

  /** A uid about to disappear; call while it is still recorded. */
  entityRemoving(ord: number): void {
    this.uidRank = undefined;
    if (this.uid && !edit(this.uid, (o) => o.remove(ord, NO_TERM))) this.uid = undefined;
  }

  /** A ref about to change; call while the old one is still recorded. */
  refRemoving(ord: number): void {
    if (this.ref && !edit(this.ref, (o) => o.remove(ord, NO_TERM))) this.ref = undefined;
  }

  refAdded(ord: number): void {
    if (this.ref && !edit(this.ref, (o) => o.insert(ord, NO_TERM))) this.ref = undefined;
  }

  /** A non-null row (term t of `key`) of an entity appeared. */
  rowAdded(key: KeyEntry, t: number, ord: number): void {
    const cache = key.cache;
    const order = cache?.order;
    if (cache && order && !edit(order, (o) => o.insert(ord, t))) cache.order = undefined;
  }

  /** A non-null row is about to go; call while its term and uid are still recorded. */
  rowRemoving(key: KeyEntry, t: number, ord: number): void {
    const cache = key.cache;
    const order = cache?.order;
    if (cache && order && !edit(order, (o) => o.remove(ord, t))) cache.order = undefined;
  }

  /** Live entities sorted by uid. */
  byUid(): RowOrder {
    if (!this.uid) {
      const { ordinalByUid } = this.entities;
      const sorted = [...ordinalByUid.keys()].sort();
      const ords = new Int32Array(sorted.length + 16);
      for (let i = 0; i < sorted.length; i++) ords[i] = ordinalByUid.get(sorted[i] as string) as number;
      this.uid = new RowOrder('none', this.entities, ords, undefined, sorted.length);
    }
    this.uid.pendingEdits = 0;
    return this.uid;
  }

  /** Live entities sorted by ref, then uid. */
  byRef(): RowOrder {
    if (!this.ref) {
      const { uids, refs } = this.entities;
      const list = [...this.entities.ordinalByUid.values()].sort((a, b) => {
        const ra = refs[a] as string;
        const rb = refs[b] as string;
        if (ra !== rb) return ra < rb ? -1 : 1;
        const ua = uids[a] as string;
        const ub = uids[b] as string;
        return ua < ub ? -1 : ua > ub ? 1 : 0;
      });
      const ords = new Int32Array(list.length + 16);
      ords.set(list);
      this.ref = new RowOrder('ref', this.entities, ords, undefined, list.length);
    }
    this.ref.pendingEdits = 0;
    return this.ref;
  }

  /** The rows of a key's non-null values sorted by (value, uid). */
  byKey(key: KeyEntry): RowOrder {
    if (!key.cache) key.cache = {};
    const cache = key.cache;
    this.keyOrders.delete(key);
    this.keyOrders.add(key);
    if (!cache.order) {
      cache.order = this.buildKeyOrder(key);
      for (const stale of this.keyOrders) {
        if (this.keyOrders.size <= MAX_KEY_ORDERS) break;
        if (stale.cache) stale.cache.order = undefined;
        this.keyOrders.delete(stale);
      }
    }
    cache.order.pendingEdits = 0;
    return cache.order;
  }

  private buildKeyOrder(key: KeyEntry): RowOrder {
    const { terms } = this.entities;
    const lowers: string[] = [];
    let total = 0;
    terms.forEachValueTerm(key, (t) => {
      lowers.push(terms.termLower[t] as string);
      total += terms.termCount[t] as number;
    });
    // The default sort compares UTF-16 code units, as `<` does, and beats a comparator.
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
      // Entities of one value in uid order: sort their uid ranks as plain numbers.
      const rank = this.rank();
      const ranks = new Int32Array(count);
      let k = 0;
      terms.forEachOrdinal(t, (o) => {
        ranks[k++] = rank[o] as number;
      });
      ranks.sort();
      const byUid = (this.uid as RowOrder).ords;
      for (let r = 0; r < count; r++) {
        ords[n] = byUid[ranks[r] as number] as number;
        termIds[n++] = t;
      }
    }
    return new RowOrder('term', this.entities, ords, termIds, n);
  }

  private rank(): Int32Array {
    const order = this.byUid();
    const { capacity } = this.entities;
    if (this.uidRank && this.uidRank.length >= capacity) return this.uidRank;
    const rank = new Int32Array(capacity);
    for (let i = 0; i < order.length; i++) rank[order.ords[i] as number] = i;
    this.uidRank = rank;
    return rank;
  }
}

/** Applies an edit to an order, or returns false when the order should be dropped instead. */
function edit(order: RowOrder, apply: (order: RowOrder) => boolean): boolean {
  return order.pendingEdits < MAX_PENDING_EDITS && apply(order);
}
