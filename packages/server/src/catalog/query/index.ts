export {
  buildSearchDocument,
  MAX_SEARCH_KEY_LENGTH,
  MAX_SEARCH_VALUE_LENGTH,
  type SearchableEntity,
  type SearchDocument,
} from './buildSearchDocument.ts';
export {
  decodeCursor,
  encodeCursor,
  type FullTextFilter,
  type OrderField,
  type QueryCursor,
  type SortOrder,
} from './cursor.ts';
export { EntityIndex, type EntityIndexStats } from './EntityIndex.ts';
export { type EntityFilter, type FilterPredicate, filterToPredicate, matchAll } from './entityFilter.ts';
export type { FacetsRequest, FacetsResult, FacetValue } from './facets.ts';
export type { IndexedEntity } from './indexCore.ts';
export type { ListEntitiesRequest, ListEntitiesResult } from './listEntities.ts';
export { parseEntityFilterParams, parseStringsParam } from './parseEntityFilterParams.ts';
export { parseEntityPredicate } from './parseEntityPredicate.ts';
export {
  parseFacetParams,
  parseFullTextFilterFields,
  parseOrderFieldParams,
  parseOrderParams,
  parseTotalItemsParam,
} from './parseQueryParams.ts';
export {
  type ParsedQueryEntities,
  parseByRefsRequest,
  parseFacetsBody,
  parseFacetsParams,
  parseQueryEntitiesBody,
  parseQueryEntitiesParams,
} from './parseRequests.ts';
export { parseFieldsParam, projectFields } from './projectFields.ts';
export { DEFAULT_QUERY_LIMIT, type QueryEntitiesRequest, type QueryEntitiesResult } from './queryEntities.ts';
