import { InputError } from '@paved/model';
import { type Bitset, forEachBit, hasBit } from './bitset.ts';
import { decodeAfter, encodeAfter, type OrderField } from './cursor.ts';
import type { EntityFilter } from './entityFilter.ts';
import { evaluateFilter, keyBits } from './evaluateFilter.ts';
import type { IndexCore } from './indexCore.ts';
import { queryAllEntities } from './queryEntities.ts';

export interface ListEntitiesRequest {
  readonly filter?: EntityFilter;
  /** From `order=asc:<field>` parameters. */
  readonly order?: readonly OrderField[];
  readonly offset?: number;
  readonly limit?: number;
  /** The `after` cursor of a previous page: base64 of `{limit, offset}`. */
  readonly after?: string;
}

export interface ListEntitiesResult {
  readonly uids: string[];
  /** Set when more entities follow: the `after` value of the `Link: rel="next"` header. */
  readonly nextAfter?: string;
}

/**
 * `GET /entities` (§5.3). Without `offset`, `limit` or `after`: every match, ordered as by-query
 * orders (first order field only, default by uid, entities lacking the field left out). With
 * them: offset paging, default order by entity ref; ordered by a field, entities lacking it come
 * last in uid order whatever the direction, and ties break by uid ascending.
 *
 * Faithful quirk: with pagination Backstage matches order fields against the search keys as
 * written, so an order field with upper-case letters finds no values (every entity "lacks" it).
 */
export function listEntities(core: IndexCore, request: ListEntitiesRequest): ListEntitiesResult {
  const { filter, order = [], after } = request;
  if (request.offset === undefined && request.limit === undefined && after === undefined) {
    return { uids: queryAllEntities(core, { filter, orderFields: order }) };
  }
  let { offset, limit } = request;
  if (offset !== undefined && (!Number.isInteger(offset) || offset < 0)) {
    throw new InputError('Invalid offset, must be zero or greater');
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) {
    throw new InputError('Invalid limit, must be greater than zero');
  }
  if (after !== undefined) {
    if (!after) throw new InputError('Invalid after, must not be empty');
    const decoded = decodeAfter(after);
    if (decoded.limit !== undefined) limit = decoded.limit;
    if (decoded.offset !== undefined) offset = decoded.offset;
  }
  const skip = offset ?? 0;
  const want = skip + (limit === undefined ? Number.POSITIVE_INFINITY : limit + 1);
  const match = filter ? evaluateFilter(core, filter) : core.alive;

  let ords: number[];
  if (order.length === 0) ords = byRef(core, match, want);
  else if (order.length === 1) ords = byOneField(core, match, order[0] as OrderField, want);
  else ords = byFields(core, match, order);

  if (match !== core.alive) core.releaseBits(match);
  let page = ords.slice(skip, want);
  let nextAfter: string | undefined;
  if (limit !== undefined && page.length > limit) {
    page = page.slice(0, limit);
    nextAfter = encodeAfter(limit, skip + limit);
  }
  return { uids: page.map((o) => core.uids[o] as string), ...(nextAfter && { nextAfter }) };
}

function byRef(core: IndexCore, match: Bitset, want: number): number[] {
  const order = core.orders.byRef();
  const out: number[] = [];
  for (let i = 0; i < order.length && out.length < want; i++) {
    const o = order.ords[i] as number;
    if (hasBit(match, o)) out.push(o);
  }
  return out;
}

/** Rows with a value of the field by (value, uid ascending), then the rest by uid. */
function byOneField(
  core: IndexCore,
  match: Bitset,
  { field, order: direction }: OrderField,
  want: number,
): number[] {
  const out: number[] = [];
  const key = core.terms.key(field);
  if (key) {
    const order = core.orders.byKey(key);
    const { ords, terms } = order;
    const emit = (from: number, to: number): void => {
      for (let i = from; i < to && out.length < want; i++) {
        const o = ords[i] as number;
        if (hasBit(match, o)) out.push(o);
      }
    };
    if (direction === 'asc') emit(0, order.length);
    else {
      // Values descending, but each value's entities by uid ascending.
      let end = order.length;
      while (end > 0 && out.length < want) {
        const t = (terms as Int32Array)[end - 1];
        let start = end - 1;
        while (start > 0 && (terms as Int32Array)[start - 1] === t) start--;
        emit(start, end);
        end = start;
      }
    }
  }
  if (out.length >= want) return out;
  const withValue = key ? keyBits(core, key, false) : undefined;
  const byUid = core.orders.byUid();
  for (let i = 0; i < byUid.length && out.length < want; i++) {
    const o = byUid.ords[i] as number;
    if (hasBit(match, o) && !(withValue && hasBit(withValue, o))) out.push(o);
  }
  return out;
}

/**
 * Several order fields: Backstage left-joins one search row per field (so an entity appears once
 * per combination of its values), sorts each field with nulls last, then by uid.
 */
function byFields(core: IndexCore, match: Bitset, order: readonly OrderField[]): number[] {
  const keys = order.map(({ field }) => core.terms.key(field));
  const rows: { ord: number; uid: string; values: (string | null)[] }[] = [];
  forEachBit(match, (ord) => {
    let combos: (string | null)[][] = [[]];
    for (const key of keys) {
      const values = key ? core.valuesOf(ord, key) : [];
      if (values.length === 0) values.push(null);
      combos = combos.flatMap((combo) => values.map((v) => [...combo, v]));
    }
    const uid = core.uids[ord] as string;
    for (const values of combos) rows.push({ ord, uid, values });
  });
  rows.sort((a, b) => {
    for (let i = 0; i < order.length; i++) {
      const x = a.values[i] as string | null;
      const y = b.values[i] as string | null;
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      const c = x < y ? -1 : 1;
      return (order[i] as OrderField).order === 'desc' ? -c : c;
    }
    return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
  });
  return rows.map((r) => r.ord);
}
