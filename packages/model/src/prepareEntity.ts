import type { DescriptorError } from './descriptor.ts';
import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, DEFAULT_NAMESPACE } from './entity.ts';
import { stringifyEntityRef } from './entityRef.ts';
import { quote } from './fieldFormats.ts';
import { type LocationSpec, parseLocationRef } from './locationRef.ts';
import { formatAjvErrors, validateEnvelope } from './schemaValidators.ts';

/**
 * The first steps of Backstage's processing of one entity: the envelope check and the
 * managed-by annotations, as written when an entity is read from a file
 * (`ProcessorOutputCollector`) or received by POST /validate-entity.
 */

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The identity of a document, as far as it can be read even when the document is invalid. */
export interface EntityIdentity {
  kind?: string;
  namespace?: string;
  name?: string;
  ref?: string;
}

export function readIdentity(raw: unknown): EntityIdentity {
  if (!isPlainObject(raw)) {
    return {};
  }
  const kind = typeof raw.kind === 'string' && raw.kind ? raw.kind : undefined;
  const metadata = isPlainObject(raw.metadata) ? raw.metadata : undefined;
  const name = typeof metadata?.name === 'string' && metadata.name ? metadata.name : undefined;
  const namespace =
    typeof metadata?.namespace === 'string' && metadata.namespace ? metadata.namespace : DEFAULT_NAMESPACE;
  const ref = kind && name ? stringifyEntityRef({ kind, namespace, name }) : undefined;
  return { kind, namespace, name, ref };
}

export interface PreparedEntity {
  /** The document with the managed-by annotations applied (a shallow copy; `raw` is untouched). */
  entity?: JsonObject;
  /** The locations processing runs with: those named by the managed-by annotations. */
  location?: LocationSpec;
  originLocation?: LocationSpec;
  errors: DescriptorError[];
}

/**
 * Envelope check and managed-by annotations. `force` is how entities read from a file are
 * emitted (ProcessorOutputCollector overwrites both annotations); `default` is POST
 * /validate-entity (the entity's own annotations win).
 */
export function prepareEntity(
  raw: unknown,
  options: { location: LocationSpec; originLocation: LocationSpec; annotations: 'force' | 'default' },
): PreparedEntity {
  if (!validateEnvelope(raw)) {
    return { errors: formatAjvErrors(validateEnvelope.errors, 'envelope').map(withEnvelopePrefix) };
  }
  const doc = raw as JsonObject & { metadata: JsonObject };
  const locationRef = `${options.location.type}:${options.location.target}`;
  const originRef = `${options.originLocation.type}:${options.originLocation.target}`;
  let entity: JsonObject & { metadata: JsonObject } = doc;
  if (options.annotations === 'force') {
    // ProcessorOutputCollector: `annotations || {}`, skipped when that is not an object.
    const annotations = doc.metadata.annotations || {};
    if (typeof annotations === 'object' && !Array.isArray(annotations)) {
      entity = {
        ...doc,
        metadata: {
          ...doc.metadata,
          annotations: {
            ...(annotations as JsonObject),
            [ANNOTATION_ORIGIN_LOCATION]: originRef,
            [ANNOTATION_LOCATION]: locationRef,
          },
        },
      };
    }
  } else {
    // POST /validate-entity spreads whatever `annotations` is over the defaults.
    entity = {
      ...doc,
      metadata: {
        ...doc.metadata,
        annotations: {
          [ANNOTATION_LOCATION]: locationRef,
          [ANNOTATION_ORIGIN_LOCATION]: originRef,
          ...(doc.metadata.annotations as JsonObject),
        },
      },
    };
  }
  // The orchestrator reads both annotations before anything else.
  const annotations = entity.metadata.annotations as JsonObject | undefined | null;
  const errors: DescriptorError[] = [];
  const location = readLocationAnnotation(annotations, ANNOTATION_LOCATION, doc, options.annotations, errors);
  const originLocation = location
    ? readLocationAnnotation(annotations, ANNOTATION_ORIGIN_LOCATION, doc, options.annotations, errors)
    : undefined;
  if (!location || !originLocation) {
    return { errors };
  }
  return { entity, location, originLocation, errors };
}

/** Reads a managed-by annotation as the orchestrator does: it must be there and parse. */
function readLocationAnnotation(
  annotations: JsonObject | undefined | null,
  annotation: string,
  doc: JsonObject & { metadata: JsonObject },
  mode: 'force' | 'default',
  errors: DescriptorError[],
): LocationSpec | undefined {
  const value = annotations?.[annotation];
  if (!value) {
    errors.push({
      message:
        mode === 'force'
          ? `metadata.annotations must be a mapping, found ${quote(doc.metadata.annotations)}; expected annotation keys with string values, e.g. {"backstage.io/techdocs-ref": "dir:."}`
          : `Entity '${stringifyEntityRef({ kind: doc.kind as string, namespace: (doc.metadata.namespace as string) ?? undefined, name: doc.metadata.name as string })}' does not have the annotation ${annotation}`,
      path: mode === 'force' ? 'metadata.annotations' : `metadata.annotations.${annotation}`,
      rule: 'envelope',
    });
    return undefined;
  }
  try {
    return parseLocationRef(value as string);
  } catch (e) {
    errors.push({
      message: `metadata.annotations.${annotation}: ${(e as Error).message}`,
      path: `metadata.annotations.${annotation}`,
      rule: 'envelope',
    });
    return undefined;
  }
}

function withEnvelopePrefix(error: DescriptorError): DescriptorError {
  return { ...error, message: `Entity envelope failed validation: ${error.message}` };
}
