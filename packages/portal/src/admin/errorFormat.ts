import type { CatalogError, DescriptorError } from '@paved/client';

/** `file:/srv/x.yaml` → `/srv/x.yaml`; other locations (git, URLs) are shown as they are. */
export function displayLocation(location: string): string {
  return location.startsWith('file:') ? location.slice('file:'.length) : location;
}

/** `path/to/file.yaml:12:5`, as editors and terminals make clickable. */
export function positionOf(location: string, error: DescriptorError): string {
  const file = displayLocation(location);
  if (error.line === undefined) return file;
  return error.column === undefined ? `${file}:${error.line}` : `${file}:${error.line}:${error.column}`;
}

/** A dangling relation is a warning: the entity is served, one of its references leads nowhere. */
export function isWarning(error: CatalogError): boolean {
  return error.kind === 'dangling';
}

export const ERROR_KIND_LABELS: Record<CatalogError['kind'], string> = {
  file: 'File',
  entity: 'Invalid entity',
  conflict: 'Conflict',
  dangling: 'Dangling reference',
};
