import type { FacetCount } from '@paved/client';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useApi } from '../app/api.ts';
import {
  type CatalogState,
  catalogSearchParams,
  entitiesQuery,
  FACETS,
  type FacetParam,
  facetRequests,
  parseCatalogState,
} from './catalogState.ts';

/** The explorer's state from the URL, and a way to change it (which pushes a history entry). */
export function useCatalogState() {
  const [search, setSearch] = useSearchParams();
  const state = useMemo(() => parseCatalogState(search), [search]);
  const update = useCallback(
    (next: CatalogState, options: { replace?: boolean } = {}) =>
      setSearch(catalogSearchParams(next), { replace: options.replace ?? false }),
    [setSearch],
  );
  return { state, update };
}

/** The page of entities the state asks for; the previous page stays shown while the next loads. */
export function useCatalogPage(state: CatalogState) {
  const api = useApi();
  const query = entitiesQuery(state);
  return useQuery({
    queryKey: ['catalog', 'page', query],
    queryFn: ({ signal }) => api.queryEntities(query, signal),
    placeholderData: keepPreviousData,
  });
}

export type FacetCounts = Record<FacetParam | 'kind', FacetCount[] | undefined>;

/** Counts of every facet value (and kind) under the other active filters. */
export function useFacetCounts(state: CatalogState): {
  counts: FacetCounts;
  isPending: boolean;
  error: unknown;
} {
  const api = useApi();
  const requests = facetRequests(state);
  const results = useQueries({
    queries: requests.map((request) => ({
      queryKey: ['catalog', 'facets', request.facets, request.filter],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.getFacets(request.facets, Object.keys(request.filter).length ? [request.filter] : [], signal),
      placeholderData: keepPreviousData,
      staleTime: 30_000,
    })),
  });
  const counts = { kind: undefined } as FacetCounts;
  requests.forEach((request, i) => {
    const data = results[i]?.data;
    for (const param of request.params) {
      const field = param === 'kind' ? 'kind' : FACETS.find((f) => f.param === param)?.field;
      counts[param] = field ? data?.facets[field] : undefined;
    }
  });
  return {
    counts,
    isPending: results.some((r) => r.isPending),
    error: results.find((r) => r.error)?.error,
  };
}
