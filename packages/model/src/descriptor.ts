import type { Entity, RelationTriple } from './entity.ts';
import type { LocationSpec } from './locationRef.ts';

/** What went wrong in a descriptor, and where. */
export interface DescriptorError {
  /** Reads like Backstage's message, followed by what would be accepted. */
  message: string;
  /** Dotted path of the offending field in the document, e.g. `spec.owner` or `metadata.tags.2`. */
  path?: string;
  /** 1-based position in the YAML source (absent when validating an object that has no source). */
  line?: number;
  column?: number;
  /** For file-level errors: the 0-based index of the YAML document the error belongs to. */
  document?: number;
  /** Which check failed, in Backstage's processing order; see `DescriptorErrorRule`. */
  rule?: DescriptorErrorRule;
}

/**
 * The check that produced an error, named after the step of Backstage's pipeline
 * (reference/catalog.md §1.2): `file` (size, encoding), `yaml` (syntax, aliases, nesting),
 * `root` (a document that is not an object), `envelope`, `placeholder`, `schema`
 * (Entity/EntityMeta JSON schema), `root-field` (NoForeignRootFieldsEntityPolicy), `field-format`
 * (FieldFormatEntityPolicy), `kind` (no processor recognised kind/apiVersion), `kind-schema`
 * (the kind's JSON schema), `location` (a Location's targets), `relation` (a reference that does
 * not parse).
 */
export type DescriptorErrorRule =
  | 'file'
  | 'yaml'
  | 'root'
  | 'envelope'
  | 'placeholder'
  | 'schema'
  | 'root-field'
  | 'field-format'
  | 'kind'
  | 'kind-schema'
  | 'location'
  | 'relation';

/** One entity document of a descriptor file, processed. */
export interface ProcessedDescriptor {
  /** 0-based index of the YAML document in the file (empty documents count, and are skipped). */
  document: number;
  /** 1-based position where the document's root node starts. */
  line: number;
  column: number;
  /** Best effort, even for an invalid entity. */
  kind?: string;
  namespace?: string;
  name?: string;
  /** Canonical lower-cased `kind:namespace/name`, namespace defaulted. */
  ref?: string;
  /** The document as parsed. */
  raw: unknown;
  /** Present iff valid: namespace defaulted, placeholders resolved, annotations injected, arrays sorted. */
  entity?: Entity;
  /** Every relation this entity emits, both directions; empty when invalid. */
  relations: RelationTriple[];
  /** For a valid Location entity: its targets, resolved against the file (reference/catalog.md §4.5). */
  targets?: LocationSpec[];
  errors: DescriptorError[];
}
