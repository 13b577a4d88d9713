import type { FastifyInstance } from 'fastify';
import { searchRoutes } from './search.routes.ts';
import { createSearchService } from './search.service.ts';
import type { AsyncSearchProvider, SearchProvider } from './search.types.ts';

export type { SearchService } from './search.service.ts';
export type {
  AsyncSearchProvider,
  MatchedField,
  PageSearchResult,
  SearchProvider,
  SearchQuery,
  SearchResult,
} from './search.types.ts';
export { fold, searchWords, type TextFields, TextIndex, type TextMatch } from './TextIndex.ts';

/**
 * The global search: one endpoint over every module that provides search results. Modules bring
 * providers (the catalog now; docs pages and templates later); search never reads their data.
 */
export function createSearchModule(options: {
  providers: SearchProvider[];
  /** Providers answering from outside memory (docs pages); waited for within a budget. */
  asyncProviders?: AsyncSearchProvider[];
  onProviderError?: (error: unknown) => void;
}) {
  const service = createSearchService(options);
  return {
    service,
    async register(app: FastifyInstance): Promise<void> {
      await searchRoutes(app, { search: service });
    },
  };
}
