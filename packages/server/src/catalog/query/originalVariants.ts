import { binarySearch, insertSorted, removeSorted } from './sortedList.ts';

/**
 * Original-case values that differ between entities sharing one term. A term is a lower-cased
 * value and keeps the original of its first row; an entity whose row has another original (the
 * term `service` written `Service` by one entity and `service` by another) is listed here under
 * that original, so that facets, which report originals, count each spelling. Rare in practice.
 */
export class OriginalVariants {
  /** term → original → sorted ordinals having that original. */
  private readonly byTerm = new Map<number, Map<string, number[]>>();

  /** Records the original an entity has for a term; `isPrimary` when it is the term's own. */
  set(t: number, ord: number, original: string | null, isPrimary: boolean): void {
    const variants = this.byTerm.size === 0 ? undefined : this.byTerm.get(t);
    if (!variants) {
      if (!isPrimary) this.byTerm.set(t, new Map([[original as string, [ord]]]));
      return;
    }
    for (const [value, list] of variants) {
      if (value === original) {
        if (binarySearch(list, ord) < 0) insertSorted(list, ord);
      } else if (removeSorted(list, ord) && list.length === 0) {
        variants.delete(value);
      }
    }
    if (!isPrimary && !variants.has(original as string)) variants.set(original as string, [ord]);
    if (variants.size === 0) this.byTerm.delete(t);
  }

  /** Forgets the entity's original for a term it no longer has. */
  clear(t: number, ord: number): void {
    if (this.byTerm.size > 0 && this.byTerm.has(t)) this.set(t, ord, null, true);
  }

  /** Forgets a deleted term. */
  forget(t: number): void {
    this.byTerm.delete(t);
  }

  /** The variant originals of a term with their ordinals. */
  of(t: number): ReadonlyMap<string, readonly number[]> | undefined {
    return this.byTerm.size === 0 ? undefined : this.byTerm.get(t);
  }
}
