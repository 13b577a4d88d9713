import { InputError } from '@paved/model';
import type { SearchProvider, SearchResult } from './search.types.ts';
import { searchWords } from './TextIndex.ts';

export const DEFAULT_SEARCH_LIMIT = 10;
export const MAX_SEARCH_LIMIT = 50;

export interface SearchRequest {
  term: string;
  limit?: number | undefined;
  /** Entity kinds to keep (any case); empty or absent keeps all. */
  kinds?: string[] | undefined;
}

export interface SearchAnswer {
  term: string;
  results: SearchResult[];
  totalMatched: number;
}

/** Ranked order across providers: score, then name, then ref. */
function compareResults(a: SearchResult, b: SearchResult): number {
  if (a.score !== b.score) return b.score - a.score;
  const an = a.name.toLowerCase();
  const bn = b.name.toLowerCase();
  if (an !== bn) return an < bn ? -1 : 1;
  return a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
}

/**
 * The global search (the portal's command palette): asks every provider for its best results
 * and merges them by score. An empty term finds nothing rather than failing: a palette asks
 * before anyone typed.
 */
export function createSearchService(options: { providers: SearchProvider[] }) {
  const { providers } = options;
  return {
    search(request: SearchRequest): SearchAnswer {
      const limit = request.limit ?? DEFAULT_SEARCH_LIMIT;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
        throw new InputError(`limit must be a whole number from 1 to ${MAX_SEARCH_LIMIT}; got ${limit}`);
      }
      const words = searchWords(request.term);
      if (words.length === 0) return { term: request.term, results: [], totalMatched: 0 };
      const kinds = (request.kinds ?? []).map((k) => k.trim().toLowerCase()).filter((k) => k.length > 0);
      let totalMatched = 0;
      const results: SearchResult[] = [];
      for (const provider of providers) {
        const answer = provider.search({ words, kinds, limit });
        totalMatched += answer.totalMatched;
        results.push(...answer.results);
      }
      results.sort(compareResults);
      return { term: request.term, results: results.slice(0, limit), totalMatched };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
