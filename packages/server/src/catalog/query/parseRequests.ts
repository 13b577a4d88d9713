import { InputError } from '@paved/model';
import type { EntityFilter } from './entityFilter.ts';
import { parseEntityFilterParams } from './parseEntityFilterParams.ts';
import { parseEntityPredicate } from './parseEntityPredicate.ts';
import {
  parseFacetParams,
  parseFullTextFilterFields,
  parseOrderFieldParams,
  parseTotalItemsParam,
} from './parseQueryParams.ts';
import { parseFieldsParam } from './projectFields.ts';
import type { QueryEntitiesRequest } from './queryEntities.ts';

/** A by-query request and the `fields` to project the page's bodies with. */
export interface ParsedQueryEntities {
  readonly request: QueryEntitiesRequest;
  readonly fields: string[] | undefined;
}

/**
 * `GET /entities/by-query` query parameters (already split into strings or string arrays by the
 * HTTP layer): `filter`, `orderField`, `fullTextFilterTerm`, `fullTextFilterFields`, `limit`,
 * `offset`, `cursor`, `totalItems`, `fields`. With a (non-empty) cursor only `limit` and `fields`
 * count, as in Backstage.
 */
export function parseQueryEntitiesParams(params: Readonly<Record<string, unknown>>): ParsedQueryEntities {
  const fields = parseFieldsParam(params.fields);
  const limit = parseCount(params.limit, 'limit');
  if (params.cursor) {
    return {
      request: { cursor: parseString(params.cursor, 'cursor'), ...(limit !== undefined && { limit }) },
      fields,
    };
  }
  const filter = parseEntityFilterParams(params.filter);
  const orderFields = parseOrderFieldParams(params.orderField);
  const offset = parseCount(params.offset, 'offset');
  const totalItems = parseTotalItemsParam(params.totalItems);
  const term =
    params.fullTextFilterTerm === undefined
      ? ''
      : parseString(params.fullTextFilterTerm, 'fullTextFilterTerm');
  const textFields = parseFullTextFilterFields(params.fullTextFilterFields);
  return {
    request: {
      ...(filter && { filter }),
      ...(orderFields && { orderFields }),
      fullTextFilter: { term, ...(textFields && { fields: textFields }) },
      ...(limit !== undefined && { limit }),
      ...(offset !== undefined && { offset }),
      ...(totalItems && { totalItems }),
    },
    fields,
  };
}

/**
 * `POST /entities/by-query` body: `{query?, orderBy?, fullTextFilter?, fields?, limit?, offset?,
 * cursor?, totalItems?}`. A cursor, even with other members, continues that cursor's query.
 */
export function parseQueryEntitiesBody(body: unknown): ParsedQueryEntities {
  const input = parseBody(body);
  // Backstage reads body fields like the query parameter, commas included.
  const fields =
    input.fields === undefined ? undefined : parseFieldsParam(parseStringList(input.fields, 'fields'));
  const limit = parseCount(input.limit, 'limit');
  if (input.cursor !== undefined) {
    const cursor = parseString(input.cursor, 'cursor');
    if (!cursor) throw new InputError('Cursor cannot be empty');
    return { request: { cursor, ...(limit !== undefined && { limit }) }, fields };
  }
  const filter = input.query === undefined ? undefined : parseEntityPredicate(input.query);
  const offset = parseCount(input.offset, 'offset');
  const totalItems = parseTotalItemsParam(input.totalItems);
  const orderFields = input.orderBy === undefined ? undefined : parseOrderBy(input.orderBy);
  let fullTextFilter: QueryEntitiesRequest['fullTextFilter'];
  if (input.fullTextFilter !== undefined) {
    const text = input.fullTextFilter;
    if (typeof text !== 'object' || text === null || Array.isArray(text)) {
      throw new InputError('Invalid fullTextFilter, expected {"term": string, "fields"?: string[]}');
    }
    const { term, fields: textFields } = text as Record<string, unknown>;
    fullTextFilter = {
      term: term === undefined ? '' : parseString(term, 'fullTextFilter.term'),
      ...(textFields !== undefined && { fields: parseStringList(textFields, 'fullTextFilter.fields') }),
    };
  }
  return {
    request: {
      ...(filter && { filter }),
      ...(orderFields && { orderFields }),
      ...(fullTextFilter && { fullTextFilter }),
      ...(limit !== undefined && { limit }),
      ...(offset !== undefined && { offset }),
      ...(totalItems && { totalItems }),
    },
    fields,
  };
}

/** `POST /entity-facets` body: `{facets: string[], query?}`. */
export function parseFacetsBody(body: unknown): { facets: string[]; filter: EntityFilter | undefined } {
  const input = parseBody(body);
  if (input.facets === undefined) throw new InputError('Missing or empty facets parameter');
  const facets = parseStringList(input.facets, 'facets').filter(Boolean);
  if (facets.length === 0) throw new InputError('Missing or empty facets parameter');
  return { facets, filter: input.query === undefined ? undefined : parseEntityPredicate(input.query) };
}

/** `GET /entity-facets` parameters: `facet` (required) and `filter`. */
export function parseFacetsParams(params: Readonly<Record<string, unknown>>): {
  facets: string[];
  filter: EntityFilter | undefined;
} {
  return { facets: parseFacetParams(params.facet), filter: parseEntityFilterParams(params.filter) };
}

/**
 * `POST /entities/by-refs` body `{entityRefs, fields?, query?}` with the `filter` and `fields`
 * query parameters: the two filters are ANDed, body fields come first.
 */
export function parseByRefsRequest(
  body: unknown,
  params: Readonly<Record<string, unknown>> = {},
): { entityRefs: string[]; filter: EntityFilter | undefined; fields: string[] | undefined } {
  const input = parseBody(body);
  const entityRefs = parseStringList(input.entityRefs, 'entityRefs');
  const bodyFields = input.fields === undefined ? undefined : parseStringList(input.fields, 'fields');
  const query = input.query === undefined ? undefined : parseEntityPredicate(input.query);
  const fromParams = parseEntityFilterParams(params.filter);
  const filter =
    fromParams && query ? { type: 'all' as const, filters: [fromParams, query] } : (fromParams ?? query);
  return { entityRefs, filter, fields: parseFieldsParam(params.fields, bodyFields) };
}

function parseBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('Expected body to be a JSON object');
  }
  return body as Record<string, unknown>;
}

function parseOrderBy(value: unknown): { field: string; order: 'asc' | 'desc' }[] {
  if (!Array.isArray(value)) throw new InputError('Invalid orderBy, expected a list of {field, order}');
  return value.map((item) => {
    const { field, order } = (typeof item === 'object' && item !== null ? item : {}) as Record<
      string,
      unknown
    >;
    if (typeof field !== 'string') throw new InputError('Invalid orderBy, each item needs a field string');
    if (order !== 'asc' && order !== 'desc')
      throw new InputError('Invalid order field order, must be asc or desc');
    return { field, order };
  });
}

function parseString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new InputError(`Invalid ${name}, not a string`);
  return value;
}

function parseStringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new InputError(`Invalid ${name}, expected a list of strings`);
  }
  return value as string[];
}

/** A non-negative integer, given as a number or a decimal string. */
function parseCount(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) {
    throw new InputError(`Invalid ${name}, must be an integer of zero or more`);
  }
  return number;
}
