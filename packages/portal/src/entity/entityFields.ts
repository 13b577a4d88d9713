import type { Entity } from '@paved/client';

/** A string field of `spec`, or undefined when absent or not a string. */
export function specString(entity: Pick<Entity, 'spec'>, field: string): string | undefined {
  const value = entity.spec?.[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What to call an entity: its title, else a user's or team's display name, else its name. */
export function displayName(entity: Pick<Entity, 'metadata' | 'spec'>): string {
  return entity.metadata.title || profileName(entity) || entity.metadata.name;
}

/** A user's `spec.profile.displayName`, when it has one. */
export function profileName(entity: Pick<Entity, 'spec'>): string | undefined {
  const profile = entity.spec?.profile;
  if (typeof profile !== 'object' || profile === null) return undefined;
  const name = (profile as { displayName?: unknown }).displayName;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

export interface SourceLinks {
  /** Where the descriptor or the code can be read in a browser. */
  viewUrl?: string;
  /** Where it can be edited (a forge's edit page). */
  editUrl?: string;
  /** `backstage.io/source-location` without its `url:` prefix. */
  sourceLocation?: string;
}

const ANNOTATION_VIEW = 'backstage.io/view-url';
const ANNOTATION_EDIT = 'backstage.io/edit-url';
const ANNOTATION_SOURCE = 'backstage.io/source-location';

/** Browser links to an entity's source from its annotations, as Backstage's about card reads them. */
export function sourceLinks(entity: Pick<Entity, 'metadata'>): SourceLinks {
  const annotations = entity.metadata.annotations ?? {};
  const links: SourceLinks = {};
  const source = annotations[ANNOTATION_SOURCE];
  if (source) links.sourceLocation = source.replace(/^url:/, '');
  const view =
    annotations[ANNOTATION_VIEW] ?? (source?.startsWith('url:') ? links.sourceLocation : undefined);
  if (view && isHttpUrl(view)) links.viewUrl = view;
  const edit = annotations[ANNOTATION_EDIT];
  if (edit && isHttpUrl(edit)) links.editUrl = edit;
  return links;
}

/** Only http(s) URLs become links: an annotation is user input and must not run `javascript:`. */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}
