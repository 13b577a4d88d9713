import { type CatalogError, formatEntityRef } from '@paved/client';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../app/api.ts';
import { ENTITY_SUMMARY_FIELDS } from '../components/EntityNameCell.tsx';

/** Refs fetched per request, and at most in all: a very large team still gets an answer fast. */
const REFS_PAGE = 1000;
const MAX_REFS = 10_000;

const OWNED_FIELDS = ENTITY_SUMMARY_FIELDS;

function ownedFilter(ownershipRefs: string[], kind?: string): Record<string, string[]>[] {
  return [{ 'relations.ownedBy': ownershipRefs, ...(kind ? { kind: [kind] } : {}) }];
}

/** How many entities of each kind the user and their groups own. */
export function useOwnedKinds(ownershipRefs: string[]) {
  const api = useApi();
  return useQuery({
    queryKey: ['home', 'owned-kinds', ownershipRefs],
    queryFn: ({ signal }) => api.getFacets(['kind'], ownedFilter(ownershipRefs), signal),
    enabled: ownershipRefs.length > 0,
    select: (data) => data.facets.kind ?? [],
  });
}

/** The first entities of one kind the user and their groups own, by name. */
export function useOwnedEntities(ownershipRefs: string[], kind: string, limit: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['home', 'owned', ownershipRefs, kind, limit],
    queryFn: ({ signal }) =>
      api.queryEntities(
        {
          filter: ownedFilter(ownershipRefs, kind),
          orderFields: [{ field: 'metadata.name', order: 'asc' }],
          fields: OWNED_FIELDS,
          limit,
        },
        signal,
      ),
  });
}

/**
 * The processing errors of what the user's groups own. Errors are listed for the whole catalog,
 * so they are matched against the owned refs, fetched as refs only (a few bytes each).
 */
export function useOwnedErrors(ownershipRefs: string[]) {
  const api = useApi();
  return useQuery({
    queryKey: ['home', 'owned-errors', ownershipRefs],
    enabled: ownershipRefs.length > 0,
    queryFn: async ({ signal }): Promise<{ errors: CatalogError[]; truncated: boolean }> => {
      const [errors, owned] = await Promise.all([api.listErrors(), ownedRefs(ownershipRefs, signal)]);
      return {
        errors: errors.items.filter((e) => e.entityRef !== null && owned.refs.has(e.entityRef.toLowerCase())),
        truncated: owned.truncated,
      };
    },
  });

  async function ownedRefs(
    refs: string[],
    signal: AbortSignal,
  ): Promise<{ refs: Set<string>; truncated: boolean }> {
    const found = new Set<string>();
    let page = await api.queryEntities(
      {
        filter: ownedFilter(refs),
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
        limit: REFS_PAGE,
      },
      signal,
    );
    for (;;) {
      for (const entity of page.items) found.add(formatEntityRef(entity).toLowerCase());
      const next = page.pageInfo.nextCursor;
      if (!next || found.size >= MAX_REFS) return { refs: found, truncated: Boolean(next) };
      page = await api.queryEntities(
        { cursor: next, fields: ['kind', 'metadata.name', 'metadata.namespace'], limit: REFS_PAGE },
        signal,
      );
    }
  }
}

/** Counts of the whole catalog: entities, sources, files, and entities per kind. */
export function useCatalogCounts() {
  const api = useApi();
  const sources = useQuery({
    queryKey: ['catalog', 'sources'],
    queryFn: () => api.listSources(),
  });
  const kinds = useQuery({
    queryKey: ['catalog', 'facets', ['kind'], {}],
    queryFn: ({ signal }) => api.getFacets(['kind'], [], signal),
  });
  return { sources, kinds };
}
