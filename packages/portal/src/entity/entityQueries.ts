import type { CatalogError, DescriptorError } from '@paved/client';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../app/api.ts';

/**
 * Every query of an entity page starts with this key, so a refresh can invalidate them at once.
 * Refs are case-insensitive in the catalog; the key is lower-cased so `/Checkout` and
 * `/checkout` share the cache.
 */
export function entityKey(ref: string): [string, string] {
  return ['entity', ref.toLowerCase()];
}

/** The entity; `data` is undefined when the catalog has no such entity (a 404). */
export function useEntity(ref: string) {
  const client = useApi();
  return useQuery({
    queryKey: entityKey(ref),
    queryFn: async ({ signal }) => (await client.getEntityByRef(ref, signal)) ?? null,
  });
}

/** The processing errors of one entity: its file, its document and its relations. */
export function useEntityErrors(ref: string) {
  const client = useApi();
  return useQuery({
    queryKey: [...entityKey(ref), 'errors'],
    queryFn: async () => (await client.listErrors({ entityRef: ref })).items,
  });
}

/** The descriptor as written; null when the server has no source for it. */
export function useEntitySource(ref: string) {
  const client = useApi();
  return useQuery({
    queryKey: [...entityKey(ref), 'source'],
    queryFn: async () => (await client.getEntitySource(ref)) ?? null,
  });
}

/** `dangling` (a relation to an entity that is not in the catalog) is a warning; the rest fail. */
export function isWarning(error: CatalogError): boolean {
  return error.kind === 'dangling';
}

export interface ErrorLine {
  /** Stable and unique among the lines: the same message twice at one place is shown once. */
  id: string;
  item: CatalogError;
  error: DescriptorError;
  warning: boolean;
}

/** One line per message, errors before warnings: what the tab badge counts and the tab lists. */
export function flattenErrors(items: readonly CatalogError[]): ErrorLine[] {
  const lines = new Map<string, ErrorLine>();
  for (const item of items) {
    for (const error of item.errors.length > 0 ? item.errors : [{ message: 'No details given' }]) {
      const id = [
        item.kind,
        item.location,
        item.document,
        error.line,
        error.column,
        error.path,
        error.message,
      ].join('|');
      if (!lines.has(id)) lines.set(id, { id, item, error, warning: isWarning(item) });
    }
  }
  return [...lines.values()].sort((a, b) => Number(a.warning) - Number(b.warning));
}
