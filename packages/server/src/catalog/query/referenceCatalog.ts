/**
 * A deliberately naive model of Backstage's catalog queries over plain arrays, written from the
 * SQL Backstage runs (catalog.md §5) and used by the property tests to check `EntityIndex`.
 * Test support only; nothing in the server imports it.
 */
import type { SearchDocument } from './buildSearchDocument.ts';
import type { OrderField } from './cursor.ts';
import type { EntityFilter } from './entityFilter.ts';

export interface ReferenceEntity {
  readonly uid: string;
  readonly ref: string;
  readonly search: SearchDocument;
}

interface Row {
  readonly key: string;
  readonly value: string | null;
  readonly original: string | null;
}

export interface ReferenceQuery {
  readonly filter?: EntityFilter;
  readonly orderFields?: readonly OrderField[];
  readonly fullTextFilter?: { readonly term?: string; readonly fields?: readonly string[] };
}

export interface ReferenceRow {
  readonly uid: string;
  readonly value?: string;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class ReferenceCatalog {
  readonly entities = new Map<string, ReferenceEntity>();

  upsert(entity: ReferenceEntity): void {
    this.entities.set(entity.uid, entity);
  }

  remove(uid: string): void {
    this.entities.delete(uid);
  }

  matches(entity: ReferenceEntity, filter: EntityFilter | undefined): boolean {
    if (!filter) return true;
    const rows = rowsOf(entity);
    switch (filter.type) {
      case 'all':
        return filter.filters.every((f) => this.matches(entity, f));
      case 'any':
        return filter.filters.some((f) => this.matches(entity, f));
      case 'not':
        return !this.matches(entity, filter.filter);
      case 'exists':
        return rows.some((r) => r.key === filter.key);
      case 'in':
        return rows.some((r) => r.key === filter.key && r.value !== null && filter.values.includes(r.value));
      case 'prefix':
        return rows.some(
          (r) => r.key === filter.key && r.value !== null && r.value.startsWith(filter.prefix),
        );
    }
  }

  /** Every row of a by-query (no cursor) in order, and its totalItems. */
  query(request: ReferenceQuery): { rows: ReferenceRow[]; total: number } {
    const sortField = request.orderFields?.[0];
    const sortKey = sortField?.field.toLowerCase();
    const term = request.fullTextFilter?.term?.trim().toLowerCase();
    const fields = request.fullTextFilter?.fields ?? [sortKey || 'metadata.uid'];
    const scoped = !!term && sortField !== undefined && fields.length === 1 && fields[0] === sortKey;
    const textMatch = (entity: ReferenceEntity): boolean =>
      !term ||
      rowsOf(entity).some(
        (r) =>
          r.value !== null && fields.some((f) => f.toLowerCase() === r.key) && likeContains(r.value, term),
      );

    const matching = [...this.entities.values()].filter(
      (e) => this.matches(e, request.filter) && textMatch(e),
    );
    if (!sortField) {
      const rows = matching.map((e) => ({ uid: e.uid })).sort((a, b) => compare(a.uid, b.uid));
      return { rows, total: rows.length };
    }
    const rows: ReferenceRow[] = [];
    let total = 0;
    for (const e of matching) {
      const values = rowsOf(e).filter((r) => r.key === sortKey && r.value !== null);
      if (values.length > 0) total++;
      for (const r of values) {
        if (scoped && !likeContains(r.value as string, term as string)) continue;
        rows.push({ uid: e.uid, value: r.value as string });
      }
    }
    rows.sort((a, b) => compare(a.value as string, b.value as string) || compare(a.uid, b.uid));
    if (sortField.order === 'desc') rows.reverse();
    return { rows, total };
  }

  facets(
    facets: readonly string[],
    filter?: EntityFilter,
  ): Record<string, { value: string; count: number }[]> {
    const out: Record<string, { value: string; count: number }[]> = {};
    for (const facet of facets) {
      const counts = new Map<string, number>();
      for (const e of this.entities.values()) {
        if (!this.matches(e, filter)) continue;
        for (const r of rowsOf(e)) {
          if (r.key === facet.toLowerCase() && r.original !== null) {
            counts.set(r.original, (counts.get(r.original) ?? 0) + 1);
          }
        }
      }
      out[facet] = [...counts]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => compare(a.value, b.value));
    }
    return out;
  }

  /** `GET /entities` with pagination: the full ordered list of uids (rows) before slicing. */
  listPaginated(filter: EntityFilter | undefined, order: readonly OrderField[]): string[] {
    const matching = [...this.entities.values()].filter((e) => this.matches(e, filter));
    if (order.length === 0) {
      return matching.sort((a, b) => compare(a.ref, b.ref) || compare(a.uid, b.uid)).map((e) => e.uid);
    }
    // One left-joined row per combination of the order fields' rows (keys matched as written).
    const rows: { uid: string; values: (string | null)[] }[] = [];
    for (const e of matching) {
      let combos: (string | null)[][] = [[]];
      for (const { field } of order) {
        let values = rowsOf(e)
          .filter((r) => r.key === field)
          .map((r) => r.value);
        if (order.length === 1) values = values.filter((v) => v !== null);
        if (values.length === 0) values = [null];
        combos = combos.flatMap((c) => values.map((v) => [...c, v]));
      }
      for (const values of combos) rows.push({ uid: e.uid, values });
    }
    rows.sort((a, b) => {
      for (let i = 0; i < order.length; i++) {
        const x = a.values[i] as string | null;
        const y = b.values[i] as string | null;
        if (x === y) continue;
        if (x === null) return 1;
        if (y === null) return -1;
        return (order[i] as OrderField).order === 'desc' ? compare(y, x) : compare(x, y);
      }
      return compare(a.uid, b.uid);
    });
    return rows.map((r) => r.uid);
  }
}

function rowsOf(entity: ReferenceEntity): Row[] {
  const { keys, values, originals } = entity.search;
  return keys.map((key, i) => ({ key, value: values[i] ?? null, original: originals[i] ?? null }));
}

/** `value LIKE '%term%'` in PostgreSQL, by backtracking over code points. */
export function likeContains(value: string, term: string): boolean {
  const pattern = [...`%${term}%`];
  const text = [...value];
  const tokens: { kind: 'any' | 'one' | 'char'; char?: string }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) tokens.push({ kind: 'char', char: pattern[++i] as string });
    else if (c === '%') tokens.push({ kind: 'any' });
    else if (c === '_') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', char: c });
  }
  const memo = new Map<number, boolean>();
  const match = (ti: number, vi: number): boolean => {
    const memoKey = ti * (text.length + 1) + vi;
    const known = memo.get(memoKey);
    if (known !== undefined) return known;
    let result: boolean;
    const token = tokens[ti];
    if (!token) result = vi === text.length;
    else if (token.kind === 'any') result = match(ti + 1, vi) || (vi < text.length && match(ti, vi + 1));
    else if (vi >= text.length) result = false;
    else if (token.kind === 'one') result = match(ti + 1, vi + 1);
    else result = text[vi] === token.char && match(ti + 1, vi + 1);
    memo.set(memoKey, result);
    return result;
  };
  return match(0, 0);
}
