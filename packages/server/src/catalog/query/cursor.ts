import { InputError } from '@paved/model';
import type { EntityFilter, FilterPredicate } from './entityFilter.ts';
import { parseEntityPredicate } from './parseEntityPredicate.ts';

export type SortOrder = 'asc' | 'desc';

export interface OrderField {
  readonly field: string;
  readonly order: SortOrder;
}

export interface FullTextFilter {
  readonly term: string;
  readonly fields?: readonly string[];
}

/**
 * The by-query cursor, in Backstage's shape (base64 of this JSON) so that a cursor from either
 * server reads the same: the request it continues (`query`, or a legacy `filter`, plus
 * `orderFields` and `fullTextFilter`), the keyset position (`orderFieldValues`: the sort value
 * and uid of the last row, or only the uid without a sort field), the direction, the first row
 * of the first page (to know when `prevCursor` has reached it) and the total of the first page.
 */
export interface QueryCursor {
  readonly orderFields: readonly OrderField[];
  readonly fullTextFilter?: FullTextFilter;
  readonly orderFieldValues: readonly (string | null)[];
  readonly filter?: LegacyEntityFilter;
  readonly isPrevious: boolean;
  readonly query?: FilterPredicate;
  readonly firstSortFieldValues?: readonly (string | null)[];
  readonly totalItems?: number;
}

/** Backstage's older `{key, values} | {not} | {anyOf} | {allOf}` filter, still read in cursors. */
export type LegacyEntityFilter =
  | { readonly key: string; readonly values?: readonly string[] }
  | { readonly not: LegacyEntityFilter }
  | { readonly anyOf: readonly LegacyEntityFilter[] }
  | { readonly allOf: readonly LegacyEntityFilter[] };

export function encodeCursor(cursor: QueryCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64');
}

/**
 * Reads a cursor and the filter it carries.
 * @throws InputError "Malformed cursor: ..." for anything that is not a cursor this API wrote.
 */
export function decodeCursor(encoded: string): { cursor: QueryCursor; filter: EntityFilter | undefined } {
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    throw new InputError('Malformed cursor: not base64-encoded JSON');
  }
  const cursor = validateCursor(data);
  const filters: EntityFilter[] = [];
  try {
    if (cursor.filter !== undefined) filters.push(parseEntityPredicate(legacyToPredicate(cursor.filter)));
    if (cursor.query !== undefined) filters.push(parseEntityPredicate(cursor.query));
  } catch (error) {
    throw new InputError(`Malformed cursor: ${(error as Error).message}`);
  }
  const filter =
    filters.length === 0 ? undefined : filters.length === 1 ? filters[0] : { type: 'all' as const, filters };
  return { cursor, filter };
}

function validateCursor(data: unknown): QueryCursor {
  const fail = (what: string): never => {
    throw new InputError(`Malformed cursor: ${what}`);
  };
  if (!isObject(data)) return fail('expected an object');
  const {
    orderFields,
    fullTextFilter,
    orderFieldValues,
    filter,
    isPrevious,
    firstSortFieldValues,
    totalItems,
  } = data;
  if (
    !Array.isArray(orderFields) ||
    !orderFields.every(
      (f) => isObject(f) && typeof f.field === 'string' && (f.order === 'asc' || f.order === 'desc'),
    )
  ) {
    fail('orderFields must be a list of {field, order: asc|desc}');
  }
  if (
    fullTextFilter !== undefined &&
    !(
      isObject(fullTextFilter) &&
      typeof fullTextFilter.term === 'string' &&
      (fullTextFilter.fields === undefined || isStringArray(fullTextFilter.fields))
    )
  ) {
    fail('fullTextFilter must be {term, fields?}');
  }
  if (!isValueList(orderFieldValues)) fail('orderFieldValues must be a list of strings or nulls');
  if (typeof isPrevious !== 'boolean') fail('isPrevious must be a boolean');
  if (firstSortFieldValues !== undefined && !isValueList(firstSortFieldValues)) {
    fail('firstSortFieldValues must be a list of strings or nulls');
  }
  if (totalItems !== undefined && (typeof totalItems !== 'number' || !Number.isFinite(totalItems))) {
    fail('totalItems must be a number');
  }
  if (filter !== undefined && !isLegacyFilter(filter)) fail('filter is not a valid entity filter');
  const expected = (orderFields as unknown[]).length > 0 ? 2 : 1;
  const position = orderFieldValues as unknown[];
  if (position.length !== 0 && position.length !== expected) {
    fail(`orderFieldValues must hold ${expected === 2 ? 'a sort value and a uid' : 'a uid'}`);
  }
  return data as unknown as QueryCursor;
}

function legacyToPredicate(filter: LegacyEntityFilter): FilterPredicate {
  if ('key' in filter) {
    const { key, values } = filter;
    if (!values) return { [key]: { $exists: true } };
    return values.length === 1 ? { [key]: values[0] as string } : { [key]: { $in: [...values] } };
  }
  if ('not' in filter) return { $not: legacyToPredicate(filter.not) };
  if ('anyOf' in filter) return { $any: filter.anyOf.map(legacyToPredicate) };
  return { $all: filter.allOf.map(legacyToPredicate) };
}

function isLegacyFilter(value: unknown): value is LegacyEntityFilter {
  if (!isObject(value)) return false;
  if (typeof value.key === 'string') return value.values === undefined || isStringArray(value.values);
  if ('not' in value) return isLegacyFilter(value.not);
  if ('anyOf' in value) return Array.isArray(value.anyOf) && value.anyOf.every(isLegacyFilter);
  if ('allOf' in value) return Array.isArray(value.allOf) && value.allOf.every(isLegacyFilter);
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isValueList(value: unknown): value is (string | null)[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' || v === null);
}

/** `GET /entities` offset cursor: base64 of `{limit, offset}`. */
export function encodeAfter(limit: number, offset: number): string {
  return Buffer.from(JSON.stringify({ limit, offset }), 'utf8').toString('base64');
}

export function decodeAfter(after: string): { limit?: number; offset?: number } {
  let cursor: unknown;
  try {
    cursor = JSON.parse(Buffer.from(after, 'base64').toString('utf8'));
  } catch {
    throw new InputError('Malformed after cursor, could not be parsed');
  }
  if (!isObject(cursor)) throw new InputError('Malformed after cursor, could not be parsed');
  const { limit, offset } = cursor;
  if (limit !== undefined && (!Number.isInteger(limit) || (limit as number) <= 0)) {
    throw new InputError('Malformed after cursor, limit was not a positive integer');
  }
  if (offset !== undefined && (!Number.isInteger(offset) || (offset as number) < 0)) {
    throw new InputError('Malformed after cursor, offset was not a non-negative integer');
  }
  return {
    ...(limit !== undefined && { limit: limit as number }),
    ...(offset !== undefined && { offset: offset as number }),
  };
}
