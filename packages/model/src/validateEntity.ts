import type { DescriptorError } from './descriptor.ts';
import type { Entity, RelationTriple } from './entity.ts';
import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, DEFAULT_NAMESPACE } from './entity.ts';
import { stringifyEntityRef } from './entityRef.ts';
import {
  EXPECTATIONS,
  isNonEmptyString,
  isValidAnnotationKey,
  isValidAnnotationValue,
  isValidApiVersion,
  isValidKind,
  isValidLabelKey,
  isValidLabelValue,
  isValidNamespace,
  isValidObjectName,
  isValidTag,
  isValidUrl,
  quote,
} from './fieldFormats.ts';
import {
  type LocationSpec,
  locationAnnotationDefaults,
  parseLocationRef,
  resolveLocationTargets,
} from './locationRef.ts';
import { emitRelations } from './relations.ts';
import { formatAjvErrors, KIND_VALIDATORS, validateEntitySchema, validateEnvelope } from './schemaValidators.ts';
import { KIND_DEFINITIONS } from './schemas.ts';

/**
 * Backstage's processing of one entity, step by step in its order (reference/catalog.md §1.2 and
 * §8), without I/O: envelope → managed-by annotations → [placeholders, done by the caller] →
 * sorted arrays → location annotations (a `lodash.merge`, which also drops `__proto__` keys) →
 * Entity schema → default namespace → foreign root fields → field formats → kind schema →
 * Location targets → relations.
 *
 * Backstage stops at the first failure. Paved stops at the same steps but lists every problem of
 * the step that failed, and runs the root-field, field-format and kind checks together (none
 * depends on another), so the first error listed is the one Backstage reports and an author
 * sees every independent mistake at once.
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
  let location: LocationSpec | undefined;
  let originLocation: LocationSpec | undefined;
  for (const [annotation, set] of [
    [ANNOTATION_LOCATION, (l: LocationSpec) => (location = l)],
    [ANNOTATION_ORIGIN_LOCATION, (l: LocationSpec) => (originLocation = l)],
  ] as const) {
    const value = annotations?.[annotation];
    if (!value) {
      errors.push({
        message:
          options.annotations === 'force'
            ? `metadata.annotations must be a mapping, found ${quote(doc.metadata.annotations)}; expected annotation keys with string values, e.g. {"backstage.io/techdocs-ref": "dir:."}`
            : `Entity '${stringifyEntityRef({ kind: doc.kind as string, namespace: (doc.metadata.namespace as string) ?? undefined, name: doc.metadata.name as string })}' does not have the annotation ${annotation}`,
        path: options.annotations === 'force' ? 'metadata.annotations' : `metadata.annotations.${annotation}`,
        rule: 'envelope',
      });
      break;
    }
    try {
      set(parseLocationRef(value as string));
    } catch (e) {
      errors.push({
        message: `metadata.annotations.${annotation}: ${(e as Error).message}`,
        path: `metadata.annotations.${annotation}`,
        rule: 'envelope',
      });
    }
  }
  if (errors.length) {
    return { errors };
  }
  return { entity, location, originLocation, errors };
}

function withEnvelopePrefix(error: DescriptorError): DescriptorError {
  return { ...error, message: `Entity envelope failed validation: ${error.message}` };
}

/** The string arrays BuiltinKindsEntityProcessor sorts in pre-processing, in place, when all items are strings. */
export const SORTED_SPEC_FIELDS = [
  'providesApis',
  'consumesApis',
  'dependsOn',
  'dependencyOf',
  'memberOf',
  'children',
  'members',
] as const;

/** Sorted field → for each sorted position, the index the author wrote it at. */
export type SortPermutations = Map<string, number[]>;

function sortSpecArrays(entity: JsonObject): { entity: JsonObject; permutations: SortPermutations } {
  const permutations: SortPermutations = new Map();
  const spec = entity.spec;
  if (!isPlainObject(spec)) {
    return { entity, permutations };
  }
  let newSpec: JsonObject | undefined;
  for (const field of SORTED_SPEC_FIELDS) {
    const value = spec[field];
    if (value && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      const strings = value as string[];
      const order = strings.map((_, i) => i).sort((a, b) => {
        const x = strings[a] as string;
        const y = strings[b] as string;
        return x < y ? -1 : x > y ? 1 : 0;
      });
      if (order.some((original, position) => original !== position)) {
        newSpec ??= { ...spec };
        newSpec[field] = order.map((i) => strings[i]);
        permutations.set(field, order);
      }
    }
  }
  return { entity: newSpec ? { ...entity, spec: newSpec } : entity, permutations };
}

/** Whether any object in the value has an own `__proto__` key (which lodash.merge drops). */
export function hasProtoKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const item of node) {
        if (typeof item === 'object' && item !== null) {
          stack.push(item);
        }
      }
    } else if (typeof node === 'object' && node !== null) {
      if (Object.hasOwn(node, '__proto__')) {
        return true;
      }
      for (const key of Object.keys(node)) {
        const child = (node as JsonObject)[key];
        if (typeof child === 'object' && child !== null) {
          stack.push(child);
        }
      }
    }
  }
  return false;
}

/**
 * A deep copy as `lodash.merge` makes it: a `__proto__` key whose value is an object or a list
 * is dropped (lodash's `safeGet` reads it as undefined); one with a plain value is kept.
 */
export function dropProtoKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(dropProtoKeys);
  }
  if (typeof value === 'object' && value !== null) {
    const copy: JsonObject = {};
    for (const key of Object.keys(value)) {
      const child = (value as JsonObject)[key];
      if (key !== '__proto__') {
        copy[key] = dropProtoKeys(child);
      } else if (typeof child !== 'object' || child === null) {
        Object.defineProperty(copy, key, { value: child, writable: true, enumerable: true, configurable: true });
      }
    }
    return copy;
  }
  return value;
}

export interface CompletedEntity {
  entity?: Entity;
  relations: RelationTriple[];
  targets?: LocationSpec[];
  errors: DescriptorError[];
}

export interface CompleteOptions {
  location: LocationSpec;
  originLocation: LocationSpec;
  /** `locationAnnotationDefaults(location, originLocation)`, when the caller has it already. */
  annotationDefaults?: Record<string, string>;
  /** Set when the caller knows there is no `__proto__` key anywhere (skips a walk). */
  noProtoKeys?: boolean;
}

/** Maps a path in the processed entity back to the index the author wrote, for sorted arrays. */
function mapSortedPath(permutations: SortPermutations, segments: string[]): string[] {
  if (segments[0] === 'spec' && segments.length >= 3) {
    const order = permutations.get(segments[1] as string);
    const position = Number(segments[2]);
    if (order && Number.isInteger(position) && order[position] !== undefined) {
      return ['spec', segments[1] as string, String(order[position]), ...segments.slice(3)];
    }
  }
  return segments;
}

function remapSorted(permutations: SortPermutations, errors: DescriptorError[]): DescriptorError[] {
  if (permutations.size === 0) {
    return errors;
  }
  return errors.map((e) => {
    if (!e.path) {
      return e;
    }
    const mapped = mapSortedPath(permutations, e.path.split('.')).join('.');
    return mapped === e.path ? e : { ...e, path: mapped, message: e.message.split(e.path).join(mapped) };
  });
}

const identityPath = (segments: string[]): string[] => segments;

/**
 * Everything after placeholders: pre-processing, policies, kind validation, Location targets
 * and relations.
 */
export function completeEntity(input: JsonObject, options: CompleteOptions): CompletedEntity {
  const { entity: sorted, permutations } = sortSpecArrays(input);

  // AnnotateLocationEntityProcessor: lodash.merge(defaults, entity).
  let entity: JsonObject = sorted;
  if (!options.noProtoKeys && hasProtoKey(entity)) {
    entity = dropProtoKeys(entity) as JsonObject;
  }
  const metadata = entity.metadata as JsonObject;
  const defaults = options.annotationDefaults ?? locationAnnotationDefaults(options.location, options.originLocation);
  const annotations = isPlainObject(metadata.annotations) ? metadata.annotations : undefined;
  if (annotations) {
    let merged: JsonObject | undefined;
    for (const key in defaults) {
      if (annotations[key] === undefined) {
        merged ??= { ...annotations };
        merged[key] = defaults[key];
      }
    }
    if (merged) {
      entity = { ...entity, metadata: { ...metadata, annotations: merged } };
    }
  }

  // SchemaValidEntityPolicy.
  if (!validateEntitySchema(entity)) {
    return { relations: [], errors: remapSorted(permutations, formatAjvErrors(validateEntitySchema.errors, 'schema')) };
  }
  const typed = entity as unknown as Entity;

  // DefaultNamespaceEntityPolicy.
  let withNamespace: Entity = typed;
  if (!typed.metadata.namespace) {
    withNamespace = { ...typed, metadata: { ...typed.metadata, namespace: DEFAULT_NAMESPACE } };
  }

  const errors: DescriptorError[] = [];
  checkRootFields(withNamespace, errors);
  checkFieldFormats(withNamespace, errors);
  const kindErrors = checkKind(withNamespace);
  if (kindErrors.length) {
    errors.push(...remapSorted(permutations, kindErrors));
  }
  if (errors.length) {
    return { relations: [], errors };
  }

  let targets: LocationSpec[] | undefined;
  if (withNamespace.kind === 'Location') {
    const resolved = resolveLocationTargets(withNamespace, options.location);
    targets = resolved.targets;
    errors.push(...resolved.errors);
  }
  const { relations, errors: relationErrors } = emitRelations(
    withNamespace,
    permutations.size ? (segments) => mapSortedPath(permutations, segments) : identityPath,
  );
  errors.push(...relationErrors);
  if (errors.length) {
    return { relations: [], errors };
  }
  return { entity: withNamespace, relations, targets, errors };
}

const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'spec']);

/** NoForeignRootFieldsEntityPolicy. */
function checkRootFields(entity: Entity, errors: DescriptorError[]): void {
  for (const field in entity) {
    if (!ROOT_FIELDS.has(field)) {
      errors.push({
        message: `Unknown field ${field}; only apiVersion, kind, metadata and spec may appear at the root of a descriptor (${field === 'relations' || field === 'status' ? 'the catalog writes relations and status itself' : 'move it under metadata or spec'})`,
        path: field,
        rule: 'root-field',
      });
    }
  }
}

/**
 * Remembers the verdict of a field-format check for values that repeat across a catalog
 * (annotation keys, apiVersions, tags); bounded so that hostile input cannot grow it.
 */
function memoize(check: (value: unknown) => boolean): (value: unknown) => boolean {
  const cache = new Map<string, boolean>();
  return (value) => {
    if (typeof value !== 'string' || value.length > 300) {
      return check(value);
    }
    let verdict = cache.get(value);
    if (verdict === undefined) {
      verdict = check(value);
      if (cache.size >= 10_000) {
        cache.clear();
      }
      cache.set(value, verdict);
    }
    return verdict;
  };
}

const validApiVersion = memoize(isValidApiVersion);
const validKind = memoize(isValidKind);
const validNamespace = memoize(isValidNamespace);
const validLabelKey = memoize(isValidLabelKey);
const validLabelValue = memoize(isValidLabelValue);
const validAnnotationKey = memoize(isValidAnnotationKey);
const validTag = memoize(isValidTag);

function checkField(
  errors: DescriptorError[],
  path: string,
  value: unknown,
  valid: (v: unknown) => boolean,
  expectation: string,
  shown: string = path,
): void {
  if (value === undefined || value === null) {
    errors.push({ message: `${shown} must have a value; ${expectation}`, path, rule: 'field-format' });
  } else if (!valid(value)) {
    errors.push({ message: `${shown} ${quote(value)} is not valid; ${expectation}`, path, rule: 'field-format' });
  }
}

/** FieldFormatEntityPolicy with the default validators, in its order. */
function checkFieldFormats(entity: Entity, errors: DescriptorError[]): void {
  const metadata = entity.metadata;
  checkField(errors, 'apiVersion', entity.apiVersion, validApiVersion, EXPECTATIONS.apiVersion);
  checkField(errors, 'kind', entity.kind, validKind, EXPECTATIONS.kind);
  checkField(errors, 'metadata.name', metadata.name, isValidObjectName, EXPECTATIONS.name);
  if (metadata.namespace !== undefined) {
    checkField(errors, 'metadata.namespace', metadata.namespace, validNamespace, EXPECTATIONS.namespace);
  }
  const labels = metadata.labels;
  if (labels) {
    for (const key of Object.keys(labels)) {
      const path = `metadata.labels.${key}`;
      checkField(errors, path, key, validLabelKey, EXPECTATIONS.labelKey, 'metadata.labels key');
      checkField(errors, path, labels[key], validLabelValue, EXPECTATIONS.labelValue, `${path} value`);
    }
  }
  const annotations = metadata.annotations;
  if (annotations) {
    for (const key of Object.keys(annotations)) {
      if (!validAnnotationKey(key)) {
        checkField(errors, `metadata.annotations.${key}`, key, validAnnotationKey, EXPECTATIONS.annotationKey, 'metadata.annotations key');
      }
      const value = annotations[key];
      if (!isValidAnnotationValue(value)) {
        const path = `metadata.annotations.${key}`;
        checkField(errors, path, value, isValidAnnotationValue, EXPECTATIONS.annotationValue, `${path} value`);
      }
    }
  }
  const tags = metadata.tags;
  if (tags) {
    for (let i = 0; i < tags.length; ++i) {
      checkField(errors, `metadata.tags.${i}`, tags[i], validTag, EXPECTATIONS.tag);
    }
  }
  const links = metadata.links;
  if (links) {
    for (let i = 0; i < links.length; ++i) {
      const link = links[i];
      checkField(errors, `metadata.links.${i}.url`, link?.url, isValidUrl, EXPECTATIONS.url);
      if (link?.title !== undefined) {
        checkField(errors, `metadata.links.${i}.title`, link.title, isNonEmptyString, EXPECTATIONS.nonEmpty);
      }
      if (link?.icon !== undefined) {
        checkField(errors, `metadata.links.${i}.icon`, link.icon, isNonEmptyString, EXPECTATIONS.nonEmpty);
      }
    }
  }
}

const KIND_LIST = KIND_DEFINITIONS.map((d) => d.kind)
  .sort()
  .join(', ');

/** The kind validators of BuiltinKindsEntityProcessor and ScaffolderEntitiesProcessor. */
function checkKind(entity: Entity): DescriptorError[] {
  const compiled = KIND_VALIDATORS.get(entity.kind);
  const ref = stringifyEntityRef(entity);
  const prefix = `No processor recognized the entity ${ref} as valid, possibly caused by a foreign kind or apiVersion`;
  if (!compiled) {
    const caseInsensitive = KIND_DEFINITIONS.find((d) => d.kind.toLowerCase() === entity.kind.toLowerCase());
    return [
      {
        message: caseInsensitive
          ? `${prefix}; kinds are case-sensitive: expected kind "${caseInsensitive.kind}", found "${entity.kind}"`
          : `${prefix}; expected kind to be one of ${KIND_LIST}, found "${entity.kind}"`,
        path: 'kind',
        rule: 'kind',
      },
    ];
  }
  const { definition, validate } = compiled;
  if (!definition.apiVersions.includes(entity.apiVersion)) {
    return [
      {
        message: `${prefix}; expected apiVersion ${definition.apiVersions.map((v) => `"${v}"`).join(' or ')} for kind ${definition.kind}, found "${entity.apiVersion}"`,
        path: 'apiVersion',
        rule: 'kind',
      },
    ];
  }
  if (validate(entity)) {
    return [];
  }
  return formatAjvErrors(validate.errors, 'kind-schema');
}

/**
 * Validates an entity object the way Backstage's POST /validate-entity does: the envelope, the
 * managed-by annotations as defaults, then the whole pipeline. Placeholders are not read here
 * (no I/O): one that is still present is reported. Errors carry paths, not positions.
 */
export function validateEntityObject(
  entity: unknown,
  opts: { location: LocationSpec; originLocation?: LocationSpec },
): { entity?: Entity; relations: RelationTriple[]; errors: DescriptorError[] } {
  const originLocation = opts.originLocation ?? opts.location;
  const prepared = prepareEntity(entity, { location: opts.location, originLocation, annotations: 'default' });
  if (!prepared.entity || !prepared.location || !prepared.originLocation) {
    return { relations: [], errors: prepared.errors };
  }
  const pending = findUnresolvedPlaceholders(prepared.entity);
  if (pending.length) {
    return { relations: [], errors: pending };
  }
  const completed = completeEntity(prepared.entity, {
    location: prepared.location,
    originLocation: prepared.originLocation,
  });
  return { entity: completed.entity, relations: completed.relations, errors: completed.errors };
}

function findUnresolvedPlaceholders(entity: JsonObject): DescriptorError[] {
  const errors: DescriptorError[] = [];
  const stack: Array<[unknown, string[]]> = [[entity, []]];
  while (stack.length) {
    const [node, segments] = stack.pop() as [unknown, string[]];
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        stack.push([item, [...segments, String(i)]]);
      });
    } else if (isPlainObject(node)) {
      const keys = Object.keys(node);
      if (keys.some((k) => k.startsWith('$'))) {
        if (keys.length === 1 && ['$text', '$json', '$yaml'].includes(keys[0] as string)) {
          errors.push({
            message: `${segments.join('.')}: placeholder ${keys[0]} is not resolved when validating an entity object; send the entity with the content in place, or register its file`,
            path: segments.join('.'),
            rule: 'placeholder',
          });
        }
        continue;
      }
      for (const key of keys) {
        stack.push([node[key], [...segments, key]]);
      }
    }
  }
  return errors.reverse();
}
