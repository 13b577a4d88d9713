/** The tabs of an entity page; the id is the last segment of the URL (`/catalog/…/checkout/yaml`). */
export type EntityTabId = 'overview' | 'relations' | 'api' | 'docs' | 'yaml' | 'errors';

export interface EntityTab {
  id: EntityTabId;
  label: string;
}

/**
 * The tabs an entity of `kind` has. `api` is the definition of an API, and the list of provided
 * and consumed APIs of a component, as in Backstage's app. `docs`: the entity has docs
 * (backstage.io/techdocs-ref).
 */
export function entityTabs(kind: string, options: { docs?: boolean } = {}): EntityTab[] {
  const lower = kind.toLowerCase();
  return [
    { id: 'overview', label: 'Overview' },
    { id: 'relations', label: 'Relations' },
    ...(lower === 'api' ? [{ id: 'api', label: 'Definition' } as const] : []),
    ...(lower === 'component' ? [{ id: 'api', label: 'APIs' } as const] : []),
    ...(options.docs ? [{ id: 'docs', label: 'Docs' } as const] : []),
    { id: 'yaml', label: 'YAML' },
    { id: 'errors', label: 'Errors' },
  ];
}
