import { parseRef } from '@paved/client';

/** `/docs/:namespace/:kind/:name/<page url>`: where the portal shows an entity's docs. */
export function docsPath(entityRef: string, pageUrl = ''): string {
  const { kind, namespace, name } = parseRef(entityRef, { kind: 'component' });
  const base = `/docs/${encodeURIComponent(namespace.toLowerCase())}/${encodeURIComponent(kind.toLowerCase())}/${encodeURIComponent(name)}/`;
  return `${base}${pageUrl.replace(/^\/+/, '')}`;
}

/** The page URL inside a site from the splat of `/docs/:namespace/:kind/:name/*` ('' is the index). */
export function pageUrlFromSplat(splat: string | undefined): string {
  const url = (splat ?? '').replace(/^\/+/, '');
  return url === '' || url.endsWith('/') ? url : `${url}/`;
}

/** Whether an entity has docs (the annotation the server builds them from). */
export function hasDocs(entity: { metadata: { annotations?: Record<string, string> | undefined } }): boolean {
  return Boolean(entity.metadata.annotations?.['backstage.io/techdocs-ref']?.trim());
}
