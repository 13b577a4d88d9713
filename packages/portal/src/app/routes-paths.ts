import { parseRef } from '@paved/client';

/**
 * Deep links of the portal. Entity pages follow Backstage's `/catalog/:namespace/:kind/:name`,
 * so links people already share keep working after a switch.
 */
export function entityPath(ref: string, tab?: string): string {
  const { kind, namespace, name } = parseRef(ref, { kind: 'component' });
  const base = `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(kind.toLowerCase())}/${encodeURIComponent(name)}`;
  return tab ? `${base}/${tab}` : base;
}

/** `kind:namespace/name` from the route parameters of an entity page. */
export function refFromParams(params: { namespace?: string; kind?: string; name?: string }): string {
  return `${(params.kind ?? '').toLowerCase()}:${(params.namespace ?? 'default').toLowerCase()}/${params.name ?? ''}`;
}

export function catalogPath(params: Record<string, string | string[] | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) search.append(key, v);
  }
  const query = search.toString();
  return query ? `/catalog?${query}` : '/catalog';
}
