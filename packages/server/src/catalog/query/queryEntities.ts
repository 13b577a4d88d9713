import { InputError } from '@paved/model';
import { andInto, type Bitset, intersectionCount, popcount } from './bitset.ts';
import {
  decodeCursor,
  encodeCursor,
  type FullTextFilter,
  type OrderField,
  type QueryCursor,
} from './cursor.ts';
import { type EntityFilter, filterToPredicate } from './entityFilter.ts';
import { evaluateFilter, keyBits } from './evaluateFilter.ts';
import type { IndexCore, TermMarks } from './indexCore.ts';
import type { RowOrder } from './rowOrder.ts';

export const DEFAULT_QUERY_LIMIT = 200;

export interface QueryEntitiesRequest {
  readonly filter?: EntityFilter;
  /** Only the first field is used; a missing order means ascending. */
  readonly orderFields?: readonly { readonly field: string; readonly order?: 'asc' | 'desc' }[];
  readonly fullTextFilter?: { readonly term?: string; readonly fields?: readonly string[] };
  /** Defaults to 200; 0 returns only the count. */
  readonly limit?: number;
  /** Rows to skip; only on a request without a cursor. */
  readonly offset?: number;
  /** Continues a previous page; the request's filter, order and full text are then ignored. */
  readonly cursor?: string;
  readonly totalItems?: 'include' | 'exclude';
}

export interface QueryEntitiesResult {
  /** The page, in order. An entity with several values of the sort field appears once per value. */
  readonly uids: string[];
  readonly totalItems: number;
  readonly pageInfo: { readonly nextCursor?: string; readonly prevCursor?: string };
}

/** The request a page continues, whether it came from the request or from a cursor. */
interface QueryState {
  readonly filter: EntityFilter | undefined;
  readonly orderFields: readonly OrderField[];
  readonly fullTextFilter: FullTextFilter | undefined;
  readonly isPrevious: boolean;
  readonly position: readonly (string | null)[] | undefined;
  readonly firstSortFieldValues: readonly (string | null)[] | undefined;
  readonly totalItems: number | undefined;
  readonly countTotal: boolean;
  readonly offset: number;
  /** The fields every cursor of this query repeats. */
  readonly carried: Omit<QueryCursor, 'orderFieldValues' | 'isPrevious'>;
}

/** `GET|POST /entities/by-query` (§5.3): Backstage's keyset-paginated query, from the index. */
export function queryEntities(core: IndexCore, request: QueryEntitiesRequest): QueryEntitiesResult {
  const limit = request.limit ?? DEFAULT_QUERY_LIMIT;
  assertCount(limit, 'limit');
  const state = request.cursor === undefined ? initialState(request) : cursorState(request.cursor);
  const rows = selectRows(core, state, limit, state.isPrevious ? limit : limit + 1);

  const { order, indices } = rows;
  if (state.isPrevious) indices.reverse();
  const hasMore = limit > 0 && (state.isPrevious || indices.length > limit);
  if (indices.length > limit) indices.length = limit;

  const sorted = state.orderFields.length > 0;
  const positionOf = (i: number | undefined): (string | null)[] => {
    if (i === undefined || !order) return sorted ? [null, null] : [null];
    return sorted ? [order.primaryAt(i) as string, order.uidAt(i)] : [order.uidAt(i)];
  };
  const firstRow = positionOf(indices[0]);
  const isInitial = state.firstSortFieldValues === undefined;
  const firstSortFieldValues = state.firstSortFieldValues ?? firstRow;
  const totalItems = rows.totalItems;
  const pageInfo: { nextCursor?: string; prevCursor?: string } = {};
  if (
    !isInitial &&
    indices.length > 0 &&
    !sameValues(firstRow, state.firstSortFieldValues as readonly (string | null)[])
  ) {
    pageInfo.prevCursor = encodeCursor({
      ...state.carried,
      orderFieldValues: firstRow,
      firstSortFieldValues,
      isPrevious: true,
      totalItems,
    });
  }
  if (hasMore) {
    pageInfo.nextCursor = encodeCursor({
      ...state.carried,
      orderFieldValues: positionOf(indices[indices.length - 1]),
      firstSortFieldValues,
      isPrevious: false,
      totalItems,
    });
  }
  return { uids: order ? indices.map((i) => order.uidAt(i)) : [], totalItems, pageInfo };
}

/**
 * All rows of a query, as `GET /entities` without pagination reads them (Backstage walks
 * by-query pages of 10,000 there, which yields the same rows).
 */
export function queryAllEntities(
  core: IndexCore,
  request: Pick<QueryEntitiesRequest, 'filter' | 'orderFields'>,
): string[] {
  const state = initialState({ ...request, totalItems: 'exclude' });
  const { order, indices } = selectRows(core, state, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  return order ? indices.map((i) => order.uidAt(i)) : [];
}

function initialState(request: QueryEntitiesRequest): QueryState {
  const { filter, fullTextFilter, offset, totalItems: mode } = request;
  if (offset !== undefined) assertCount(offset, 'offset');
  if (mode !== undefined && mode !== 'include' && mode !== 'exclude') {
    throw new InputError(`Invalid totalItems value "${String(mode)}", expected one of: include, exclude`);
  }
  const orderFields = (request.orderFields ?? []).map(({ field, order }) => {
    if (typeof field !== 'string')
      throw new InputError('Invalid order field, the field name must be a string');
    if (order !== undefined && order !== 'asc' && order !== 'desc') {
      throw new InputError('Invalid order field order, must be asc or desc');
    }
    return { field, order: order ?? 'asc' };
  });
  const fullText: FullTextFilter | undefined = fullTextFilter
    ? {
        term: fullTextFilter.term ?? '',
        ...(fullTextFilter.fields && { fields: [...fullTextFilter.fields] }),
      }
    : undefined;
  return {
    filter,
    orderFields,
    fullTextFilter: fullText,
    isPrevious: false,
    position: undefined,
    firstSortFieldValues: undefined,
    totalItems: undefined,
    countTotal: mode !== 'exclude',
    offset: offset ?? 0,
    carried: {
      orderFields,
      ...(filter && { query: filterToPredicate(filter) }),
      ...(fullText && { fullTextFilter: fullText }),
    },
  };
}

function cursorState(encoded: string): QueryState {
  if (!encoded) throw new InputError('Cursor cannot be empty');
  const { cursor, filter } = decodeCursor(encoded);
  const { orderFieldValues, isPrevious, ...carried } = cursor;
  return {
    filter,
    orderFields: cursor.orderFields,
    fullTextFilter: cursor.fullTextFilter,
    isPrevious,
    position: orderFieldValues,
    firstSortFieldValues: cursor.firstSortFieldValues,
    totalItems: cursor.totalItems,
    // A cursor carries the first page's total; an old cursor without one reports 0, as Backstage.
    countTotal: false,
    offset: 0,
    carried,
  };
}

interface SelectedRows {
  readonly order: RowOrder | undefined;
  readonly indices: number[];
  readonly totalItems: number;
}

function selectRows(core: IndexCore, state: QueryState, limit: number, want: number): SelectedRows {
  const sortField = state.orderFields[0];
  const sortKeyName = sortField?.field.toLowerCase();
  const sortKey = sortKeyName === undefined ? undefined : core.terms.key(sortKeyName);
  const descending = sortField?.order === 'desc';
  const match = state.filter ? evaluateFilter(core, state.filter) : undefined;

  // Full text (§5.7): entities with a matching value in any of the fields; when the only field
  // is the sort field, Backstage tests the sorted row itself, so only matching values are rows.
  let itemsMatch = match;
  let scopedTerms: TermMarks | undefined;
  const term = state.fullTextFilter?.term?.trim();
  if (term) {
    const fields = state.fullTextFilter?.fields ?? [sortKeyName || 'metadata.uid'];
    const found = core.fullText.match(
      fields.map((f) => f.toLowerCase()),
      term.toLowerCase(),
    );
    itemsMatch = core.acquireBits();
    itemsMatch.set(found.bits);
    if (match) andInto(itemsMatch, match);
    if (sortField !== undefined && fields.length === 1 && fields[0] === sortKeyName) {
      scopedTerms = core.termMarks();
      for (const t of found.terms) scopedTerms.marks[t] = scopedTerms.stamp;
    }
  }
  // Rows of entities without a matching value never qualify, so the entity-level match also
  // narrows a scoped scan; only the count differs, and it is per entity anyway.
  const countMatch = itemsMatch;

  let totalItems = state.totalItems ?? 0;
  if (state.totalItems === undefined && state.countTotal) {
    if (!sortField) totalItems = countMatch ? popcount(countMatch) : core.live;
    else if (sortKey) {
      const withKey = keyBits(core, sortKey, false);
      totalItems = countMatch ? intersectionCount(countMatch, withKey) : popcount(withKey);
    }
  }

  const release = () => {
    core.releaseBits(match);
    if (itemsMatch !== match) core.releaseBits(itemsMatch);
  };
  if (limit === 0) {
    release();
    return { order: undefined, indices: [], totalItems };
  }
  let order: RowOrder | undefined;
  if (!sortField) order = core.orders.byUid();
  else if (sortKey) order = core.orders.byKey(sortKey);
  if (!order) {
    release();
    return { order: undefined, indices: [], totalItems };
  }

  const ascending = state.isPrevious === descending;
  let start = ascending ? 0 : order.length - 1;
  const position = state.position;
  if (position && position.length > 0) {
    // A null in the position compares as SQL NULL: nothing lies beyond it.
    if (position.some((v) => v === null)) {
      release();
      return { order, indices: [], totalItems };
    }
    const primary = sortField ? (position[0] as string) : undefined;
    const uid = position[position.length - 1] as string;
    start = ascending ? order.upperBound(primary, uid) : order.lowerBound(primary, uid) - 1;
  }
  const indices = scan(order, ascending, start, state.offset, want, itemsMatch ?? core.alive, scopedTerms);
  release();
  return { order, indices, totalItems };
}

/** Row indices from `start` in one direction that match, after skipping `skip` of them. */
function scan(
  order: RowOrder,
  ascending: boolean,
  start: number,
  skip: number,
  want: number,
  match: Bitset,
  scopedTerms: TermMarks | undefined,
): number[] {
  const out: number[] = [];
  const { ords, terms, length } = order;
  const step = ascending ? 1 : -1;
  const marks = scopedTerms?.marks;
  const stamp = scopedTerms?.stamp;
  for (let i = start; i >= 0 && i < length && out.length < want; i += step) {
    const o = ords[i] as number;
    // A word beyond the set reads as undefined, which `&` turns into 0.
    if (((match[o >>> 5] as number) & (1 << (o & 31))) === 0) continue;
    if (marks && marks[(terms as Int32Array)[i] as number] !== stamp) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    out.push(i);
  }
  return out;
}

function sameValues(a: readonly (string | null)[], b: readonly (string | null)[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function assertCount(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InputError(`Invalid ${name}, must be an integer of zero or more`);
  }
}
