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
