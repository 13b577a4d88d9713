/**
 * A sorted sequence of rows, each an entity ordinal and (for a field order) the term it is
 * sorted by. Rows are ordered by a primary string (the term's lower-cased value, the entity ref,
 * or nothing) and then by uid, ascending: the order Backstage's by-query keyset uses. Keyset
 * cursors become binary searches; edits shift the arrays (a memmove) instead of re-sorting.
 */
export type RowPrimary = 'none' | 'term' | 'ref';

export interface RowSource {
  readonly uids: readonly (string | undefined)[];
  readonly refs: readonly (string | undefined)[];
  readonly termLower: readonly (string | null)[];
}

export class RowOrder {
  /** Edits applied since a query last used this order; a busy writer drops the order instead. */
  pendingEdits = 0;

  constructor(
    readonly primary: RowPrimary,
    private readonly source: RowSource,
    public ords: Int32Array,
    public terms: Int32Array | undefined,
    public length: number,
  ) {}

  /** The primary sort string of row i (undefined for a uid order). */
  primaryAt(i: number): string | undefined {
    if (this.primary === 'term')
      return this.source.termLower[(this.terms as Int32Array)[i] as number] as string;
    if (this.primary === 'ref') return this.source.refs[this.ords[i] as number];
    return undefined;
  }

  uidAt(i: number): string {
    return this.source.uids[this.ords[i] as number] as string;
  }

  /** Compares row i with the position (primary, uid). */
  compareAt(i: number, primary: string | undefined, uid: string): number {
    if (this.primary !== 'none') {
      const p = this.primaryAt(i) as string;
      if (p !== primary) return p < (primary as string) ? -1 : 1;
    }
    const u = this.uidAt(i);
    return u === uid ? 0 : u < uid ? -1 : 1;
  }

  /** The first row not before (primary, uid). */
  lowerBound(primary: string | undefined, uid: string): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(mid, primary, uid) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first row after (primary, uid). */
  upperBound(primary: string | undefined, uid: string): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(mid, primary, uid) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Inserts a row; always succeeds (returns true, like `remove` when it finds the row). */
  insert(ord: number, term: number): boolean {
    const primary = this.primaryOf(ord, term);
    const at = this.lowerBound(primary, this.source.uids[ord] as string);
    if (this.length === this.ords.length) {
      const size = Math.max(16, this.ords.length * 2);
      this.ords = grow(this.ords, size);
      if (this.terms) this.terms = grow(this.terms, size);
    }
    this.ords.copyWithin(at + 1, at, this.length);
    this.ords[at] = ord;
    if (this.terms) {
      this.terms.copyWithin(at + 1, at, this.length);
      this.terms[at] = term;
    }
    this.length++;
    this.pendingEdits++;
    return true;
  }

  /** Removes a row; false when it was not found (the caller then drops the order). */
  remove(ord: number, term: number): boolean {
    const primary = this.primaryOf(ord, term);
    const at = this.lowerBound(primary, this.source.uids[ord] as string);
    if (at >= this.length || this.ords[at] !== ord || (this.terms && this.terms[at] !== term)) return false;
    this.ords.copyWithin(at, at + 1, this.length);
    if (this.terms) this.terms.copyWithin(at, at + 1, this.length);
    this.length--;
    this.pendingEdits++;
    return true;
  }

  private primaryOf(ord: number, term: number): string | undefined {
    if (this.primary === 'term') return this.source.termLower[term] as string;
    if (this.primary === 'ref') return this.source.refs[ord];
    return undefined;
  }
}

function grow(array: Int32Array, size: number): Int32Array {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}
