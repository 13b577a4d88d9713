/**
 * The shape of a Backstage entity as Paved stores and serves it. Field rules live in
 * `validateEntity.ts`; these types only describe what a valid entity looks like.
 */

/** A link on an entity (`metadata.links[]`). */
export interface EntityLink {
  url: string;
  title?: string;
  icon?: string;
  type?: string;
}

/** `metadata` of an entity. Extra keys are allowed, as in Backstage's `EntityMeta` schema. */
export interface EntityMeta {
  name: string;
  namespace?: string;
  uid?: string;
  etag?: string;
  title?: string;
  description?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  tags?: string[];
  links?: EntityLink[];
  [key: string]: unknown;
}

/** One outgoing relation of an entity, as served by the catalog API. */
export interface EntityRelation {
  type: string;
  targetRef: string;
}

/** One processing status item (`status.items[]`), e.g. a processing error. */
export interface StatusItem {
  type: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  error?: { name: string; message: string; code?: string; stack?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface Entity {
  apiVersion: string;
  kind: string;
  metadata: EntityMeta;
  spec?: Record<string, unknown>;
  relations?: EntityRelation[];
  status?: { items?: StatusItem[] };
}

/** An entity reference split into its parts. */
export interface CompoundEntityRef {
  kind: string;
  namespace: string;
  name: string;
}

/** A relation with both ends as canonical lower-cased refs (`kind:namespace/name`). */
export interface RelationTriple {
  type: string;
  sourceRef: string;
  targetRef: string;
}

export const DEFAULT_NAMESPACE = 'default';

/** Annotations the catalog itself writes (reference/catalog.md §3.1). */
export const ANNOTATION_LOCATION = 'backstage.io/managed-by-location';
export const ANNOTATION_ORIGIN_LOCATION = 'backstage.io/managed-by-origin-location';
export const ANNOTATION_VIEW_URL = 'backstage.io/view-url';
export const ANNOTATION_EDIT_URL = 'backstage.io/edit-url';
export const ANNOTATION_SOURCE_LOCATION = 'backstage.io/source-location';
