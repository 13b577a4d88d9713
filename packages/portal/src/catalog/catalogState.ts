import type { EntitiesQuery } from '@paved/client';

/**
 * The state of the catalog explorer, all of it held in the URL so that a view can be shared and
 * back/forward walks through the filters a person tried. Pure functions: no React here.
 */

/** The facets of the sidebar: URL parameter, catalog field (filter and facet name), label. */
export const FACETS = [
  { param: 'type', field: 'spec.type', label: 'Type' },
  { param: 'lifecycle', field: 'spec.lifecycle', label: 'Lifecycle' },
  // relations.ownedBy holds full refs whatever spec.owner says (bare name, group:, user:).
  { param: 'owner', field: 'relations.ownedBy', label: 'Owner' },
  { param: 'system', field: 'spec.system', label: 'System' },
  { param: 'tag', field: 'metadata.tags', label: 'Tags' },
  { param: 'namespace', field: 'metadata.namespace', label: 'Namespace' },
] as const;

export type FacetParam = (typeof FACETS)[number]['param'];
export type FacetDefinition = (typeof FACETS)[number];

/** The sortable columns and the field each sorts by. */
export const SORT_FIELDS = {
  name: 'metadata.name',
  type: 'spec.type',
  owner: 'spec.owner',
  lifecycle: 'spec.lifecycle',
  system: 'spec.system',
} as const;

export type SortKey = keyof typeof SORT_FIELDS;

/** `kind=all` lifts the kind filter; anything else is a kind (lower-cased). */
export const ALL_KINDS = 'all';
export const DEFAULT_KIND = 'component';
export const PAGE_SIZE = 25;

/** Only what the table shows travels: a page of 25 small objects, whatever the entity size. */
export const TABLE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'metadata.tags',
  'spec.type',
  'spec.lifecycle',
  'spec.owner',
  'spec.system',
];

export interface CatalogState {
  kind: string;
  facets: Record<FacetParam, string[]>;
  q: string;
  sort: { key: SortKey; order: 'asc' | 'desc' };
  /** Cursor of the page shown; none for the first page. */
  cursor: string | undefined;
  /** 1-based number of the page shown, kept beside the cursor to say "page 2 of 5". */
  page: number;
}

function isSortKey(value: string): value is SortKey {
  return Object.hasOwn(SORT_FIELDS, value);
}

function facetValues(values: (param: FacetParam) => string[]): Record<FacetParam, string[]> {
  return Object.fromEntries(FACETS.map((f) => [f.param, values(f.param)])) as Record<FacetParam, string[]>;
}

export function noFacets(): Record<FacetParam, string[]> {
  return facetValues(() => []);
}

export function parseCatalogState(search: URLSearchParams): CatalogState {
  const facets = facetValues((param) => [...new Set(search.getAll(param).filter(Boolean))]);
  const sortParam = search.get('sort') ?? 'name';
  const page = Number(search.get('page') ?? '1');
  const cursor = search.get('cursor') || undefined;
  return {
    kind: (search.get('kind') || DEFAULT_KIND).toLowerCase(),
    facets,
    q: search.get('q') ?? '',
    sort: {
      key: isSortKey(sortParam) ? sortParam : 'name',
      order: search.get('order') === 'desc' ? 'desc' : 'asc',
    },
    cursor,
    page: cursor && Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The URL query of a state; defaults are left out so that plain links stay plain. */
export function catalogSearchParams(state: CatalogState): URLSearchParams {
  const search = new URLSearchParams();
  if (state.kind !== DEFAULT_KIND) search.set('kind', state.kind);
  for (const facet of FACETS)
    for (const value of state.facets[facet.param]) search.append(facet.param, value);
  if (state.q) search.set('q', state.q);
  if (state.sort.key !== 'name') search.set('sort', state.sort.key);
  if (state.sort.order === 'desc') search.set('order', 'desc');
  if (state.cursor) {
    search.set('cursor', state.cursor);
    search.set('page', String(state.page));
  }
  return search;
}

/** Any change to what is listed starts again from the first page. */
export function firstPage(state: CatalogState): CatalogState {
  return { ...state, cursor: undefined, page: 1 };
}

export function hasFilters(state: CatalogState): boolean {
  return state.q !== '' || FACETS.some((f) => state.facets[f.param].length > 0);
}

/**
 * One `filter=` record: keys ANDed, the values of one key ORed (Backstage's semantics), which is
 * exactly "OR within a facet, AND across facets". `except` leaves a facet (or the kind) out, for
 * counting that facet's values under the other filters.
 */
export function filterRecord(state: CatalogState, except?: FacetParam | 'kind'): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  if (except !== 'kind' && state.kind !== ALL_KINDS) record.kind = [state.kind];
  for (const facet of FACETS) {
    const values = state.facets[facet.param];
    if (facet.param !== except && values.length > 0) record[facet.field] = values;
  }
  return record;
}

/**
 * What the free-text box searches. Named explicitly: without fields, Backstage's full-text filter
 * matches only the sort field (reference/catalog.md §5.7), which would hide matches in titles.
 */
export const FREE_TEXT_FIELDS = [
  'metadata.name',
  'metadata.title',
  'metadata.description',
  'metadata.tags',
  'spec.profile.displayName',
];

export function entitiesQuery(state: CatalogState): EntitiesQuery {
  if (state.cursor) return { cursor: state.cursor, fields: TABLE_FIELDS, limit: PAGE_SIZE };
  const record = filterRecord(state);
  return {
    ...(Object.keys(record).length > 0 ? { filter: [record] } : {}),
    ...(state.q.trim() ? { fullTextFilter: { term: state.q.trim(), fields: FREE_TEXT_FIELDS } } : {}),
    orderFields: [{ field: SORT_FIELDS[state.sort.key], order: state.sort.order }],
    fields: TABLE_FIELDS,
    limit: PAGE_SIZE,
  };
}

/**
 * The facet requests that give every facet its counts under the *other* filters: facets without
 * a selection share one request (all filters apply), each facet with a selection gets its own
 * (its own selection left out), and the kind selector one without the kind.
 */
export function facetRequests(
  state: CatalogState,
): { facets: string[]; filter: Record<string, string[]>; params: (FacetParam | 'kind')[] }[] {
  const requests: { facets: string[]; filter: Record<string, string[]>; params: (FacetParam | 'kind')[] }[] =
    [];
  const unselected = FACETS.filter((f) => state.facets[f.param].length === 0);
  if (unselected.length > 0) {
    requests.push({
      facets: unselected.map((f) => f.field),
      filter: filterRecord(state),
      params: unselected.map((f) => f.param),
    });
  }
  for (const facet of FACETS) {
    if (state.facets[facet.param].length === 0) continue;
    requests.push({ facets: [facet.field], filter: filterRecord(state, facet.param), params: [facet.param] });
  }
  requests.push({ facets: ['kind'], filter: filterRecord(state, 'kind'), params: ['kind'] });
  return requests;
}
