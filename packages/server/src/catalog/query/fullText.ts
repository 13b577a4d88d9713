import type { Bitset } from './bitset.ts';
import type { KeyEntry, TermTable } from './termTable.ts';

/** Full-text results remembered (least recently used first out). */
const CACHE_SIZE = 16;

/** Entities (`bits`) and terms whose value contains a full-text term. */
export interface FullTextMatch {
  readonly bits: Bitset;
  readonly terms: readonly number[];
}

interface CachedMatch extends FullTextMatch {
  readonly keys: readonly (KeyEntry | undefined)[];
  readonly stamps: readonly number[];
}

/**
 * Backstage's full-text filter is `value LIKE '%<term>%'` on PostgreSQL with the term not escaped
 * (§5.7): `%` and `_` in the term are wildcards and `\` escapes the next character. A term without
 * any of those is a plain substring test, answered with `indexOf` over one string holding all the
 * distinct values of a key; anything else is compiled to an anchored regular expression.
 */
export interface ValueHaystack {
  /** The values joined by NUL. */
  readonly text: string;
  /** Offset of each value in `text`, ascending. */
  readonly starts: Int32Array;
  /** The term of each value. */
  readonly terms: Int32Array;
}

export function buildHaystack(terms: readonly number[], lowerOf: (t: number) => string): ValueHaystack {
  const starts = new Int32Array(terms.length);
  const termIds = Int32Array.from(terms);
  const parts = new Array<string>(terms.length);
  let offset = 0;
  for (let i = 0; i < terms.length; i++) {
    const value = lowerOf(terms[i] as number);
    parts[i] = value;
    starts[i] = offset;
    offset += value.length + 1;
  }
  return { text: parts.join('\0'), starts, terms: termIds };
}

/** Calls `fn` with every term whose value matches `LIKE '%' || term || '%'`. */
export function matchLikeContains(
  term: string,
  haystack: ValueHaystack,
  lowerOf: (t: number) => string,
  fn: (t: number) => void,
): void {
  if (!/[%_\\\0]/.test(term)) {
    const { text, starts, terms } = haystack;
    let from = 0;
    while (from <= text.length) {
      const at = text.indexOf(term, from);
      if (at === -1) return;
      const index = lastStartAtOrBefore(starts, at);
      fn(terms[index] as number);
      from = index + 1 < starts.length ? (starts[index + 1] as number) : text.length + 1;
    }
    return;
  }
  const pattern = likeToRegExp(`%${term}%`);
  for (let i = 0; i < haystack.terms.length; i++) {
    const t = haystack.terms[i] as number;
    if (pattern.test(lowerOf(t))) fn(t);
  }
}

/** PostgreSQL LIKE semantics with the default escape character `\`. */
export function likeToRegExp(pattern: string): RegExp {
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      source += escapeRegExp(pattern[++i] as string);
    } else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += escapeRegExp(c);
  }
  return new RegExp(`${source}$`, 'u');
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function lastStartAtOrBefore(starts: Int32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Full text over the distinct values of keys: one haystack per key (rebuilt when its values
 * change), and the results of the last few (keys, term) pairs, so that the pages of one search
 * do not repeat it. A result stays valid while none of its keys' postings change.
 */
export class FullTextMatcher {
  private readonly cache = new Map<string, CachedMatch>();

  constructor(
    private readonly terms: TermTable,
    private readonly words: () => number,
  ) {}

  /** `keyNames` and `term` already lower-cased. The result must not be modified. */
  match(keyNames: readonly string[], term: string): FullTextMatch {
    const cacheKey = JSON.stringify([keyNames, term]);
    const keys = keyNames.map((name) => this.terms.key(name));
    const cached = this.cache.get(cacheKey);
    if (cached?.keys.every((key, i) => key === keys[i] && (!key || key.stamp === cached.stamps[i]))) {
      this.cache.delete(cacheKey);
      this.cache.set(cacheKey, cached);
      return cached;
    }
    const bits = new Uint32Array(this.words());
    const matched: number[] = [];
    const lowerOf = (t: number) => this.terms.termLower[t] as string;
    for (const key of keys) {
      if (!key) continue;
      matchLikeContains(term, this.haystack(key), lowerOf, (t) => {
        this.terms.orInto(bits, t);
        matched.push(t);
      });
    }
    const result: CachedMatch = { bits, terms: matched, keys, stamps: keys.map((key) => key?.stamp ?? 0) };
    this.cache.set(cacheKey, result);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return result;
  }

  private haystack(key: KeyEntry): ValueHaystack {
    if (!key.cache) key.cache = {};
    const cache = key.cache;
    if (!cache.haystack || cache.haystack.stamp !== key.setStamp) {
      const list: number[] = [];
      this.terms.forEachValueTerm(key, (t) => list.push(t));
      const value = buildHaystack(list, (t) => this.terms.termLower[t] as string);
      cache.haystack = { stamp: key.setStamp, value };
    }
    return cache.haystack.value;
  }
}
