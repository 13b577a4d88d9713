import { andInto, type Bitset, complementWithin, orInto } from './bitset.ts';
import type { EntityFilter } from './entityFilter.ts';
import type { IndexCore } from './indexCore.ts';
import type { KeyEntry } from './termTable.ts';

const NO_TERM = -1;
/** Keys with at most this many terms have their derived sets computed rather than cached. */
const SMALL_KEY = 8;

/**
 * The entities matching a filter, in a pooled bitset: give it back with `core.releaseBits`.
 * Leaves OR postings (sorted lists or bitsets) together; `all`/`any`/`not` are word-wise
 * AND/OR/AND-NOT over the live set.
 */
export function evaluateFilter(core: IndexCore, filter: EntityFilter): Bitset {
  const result = core.acquireBits();
  evaluateInto(core, filter, result);
  return result;
}

/** Writes the entities matching a filter into a zeroed bitset of `core.words` words. */
function evaluateInto(core: IndexCore, filter: EntityFilter, target: Bitset): void {
  const { terms } = core;
  switch (filter.type) {
    case 'all': {
      if (filter.filters.length === 0) {
        target.set(core.alive);
        return;
      }
      const [first, ...rest] = filter.filters;
      evaluateInto(core, first as EntityFilter, target);
      for (const sub of rest) {
        const bits = evaluateFilter(core, sub);
        andInto(target, bits);
        core.releaseBits(bits);
      }
      return;
    }
    case 'any': {
      for (const sub of filter.filters) {
        if (sub.type === 'in' || sub.type === 'exists' || sub.type === 'prefix') {
          evaluateInto(core, sub, target); // leaves only ever set bits
          continue;
        }
        const bits = evaluateFilter(core, sub);
        orInto(target, bits);
        core.releaseBits(bits);
      }
      return;
    }
    case 'not':
      evaluateInto(core, filter.filter, target);
      complementWithin(target, core.alive);
      return;
    case 'exists': {
      const key = terms.key(filter.key);
      if (key) orInto(target, keyBits(core, key, true));
      return;
    }
    case 'in': {
      const key = terms.key(filter.key);
      if (!key) return;
      for (const value of filter.values) {
        const t = terms.termOf(key, value);
        if (t !== NO_TERM) terms.orInto(target, t);
      }
      return;
    }
    case 'prefix': {
      const key = terms.key(filter.key);
      if (!key) return;
      terms.forEachValueTerm(key, (t) => {
        if ((terms.termLower[t] as string).startsWith(filter.prefix)) terms.orInto(target, t);
      });
      return;
    }
  }
}

/**
 * The entities having a key (with `includeNull`, also those whose only value is null). Cached
 * on the key until its postings change; the result must not be modified.
 */
export function keyBits(core: IndexCore, key: KeyEntry, includeNull: boolean): Bitset {
  const { terms } = core;
  if (!key.cache && key.distinct > SMALL_KEY) key.cache = {};
  const cache = key.distinct <= SMALL_KEY ? undefined : key.cache;
  const cached = includeNull ? cache?.exists : cache?.nonNull;
  if (cached && cached.stamp === key.stamp) return cached.bits;
  const bits = new Uint32Array(core.words);
  terms.forEachValueTerm(key, (t) => terms.orInto(bits, t));
  if (includeNull && key.nullTerm !== NO_TERM) terms.orInto(bits, key.nullTerm);
  if (cache) {
    const entry = { stamp: key.stamp, bits };
    if (includeNull) cache.exists = entry;
    else cache.nonNull = entry;
  }
  return bits;
}
