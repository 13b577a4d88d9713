import { InputError } from '@paved/model';
import type { AsyncSearchProvider, PageSearchResult, SearchProvider, SearchResult } from './search.types.ts';
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

/** Entities, and beside them the pages of docs that the budget allowed. */
export interface FullSearchAnswer extends SearchAnswer {
  docs: PageSearchResult[];
  docsTotalMatched: number;
  /** A slower provider did not answer within the budget (or failed): its results are missing. */
  partial: boolean;
}

/** How long a keystroke's search waits for providers that are not in memory. */
export const ASYNC_BUDGET_MS = 250;

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
export function createSearchService(options: {
  providers: SearchProvider[];
  asyncProviders?: AsyncSearchProvider[];
  budgetMs?: number;
  onProviderError?: (error: unknown) => void;
}) {
  const { providers } = options;
  const asyncProviders = options.asyncProviders ?? [];
  const budgetMs = options.budgetMs ?? ASYNC_BUDGET_MS;
  return {
    /**
     * Entities (in memory, answered at once) and docs pages (from the database, asked at the
     * same time and waited for at most the budget): a slow docs query never delays entities by
     * more than the budget, and leaves `partial` set.
     */
    async searchAll(request: SearchRequest): Promise<FullSearchAnswer> {
      const words = searchWords(request.term);
      const limit = request.limit ?? DEFAULT_SEARCH_LIMIT;
      const kinds = (request.kinds ?? []).map((k) => k.trim().toLowerCase()).filter((k) => k.length > 0);
      // First: it validates the request, and answers from memory in a few milliseconds.
      const entities = searchEntities(request);
      const pending = words.length === 0 ? [] : asyncProviders.map((p) => p.search({ words, kinds, limit }));
      let timer: NodeJS.Timeout | undefined;
      const late = Symbol('late');
      const deadline = new Promise<typeof late>((resolve) => {
        timer = setTimeout(() => resolve(late), budgetMs);
      });
      const docs: PageSearchResult[] = [];
      let docsTotalMatched = 0;
      let partial = false;
      try {
        const answers = await Promise.race([Promise.allSettled(pending), deadline]);
        if (answers === late) partial = pending.length > 0;
        else {
          for (const answer of answers) {
            if (answer.status === 'rejected') {
              partial = true;
              options.onProviderError?.(answer.reason);
              continue;
            }
            docs.push(...answer.value.results);
            docsTotalMatched += answer.value.totalMatched;
          }
        }
      } finally {
        clearTimeout(timer);
      }
      docs.sort((a, b) => b.score - a.score);
      return { ...entities, docs: docs.slice(0, limit), docsTotalMatched, partial };
    },

    /** Entities only, synchronously: the in-memory providers. */
    search: searchEntities,
  };

  function searchEntities(request: SearchRequest): SearchAnswer {
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
  }
}

export type SearchService = ReturnType<typeof createSearchService>;
