import type { DescriptorError } from './descriptor.ts';
import type { Entity, RelationTriple } from './entity.ts';
import { DEFAULT_NAMESPACE } from './entity.ts';
import { checkFieldFormats, checkKind, checkRootFields } from './entityPolicies.ts';
import { type LocationSpec, locationAnnotationDefaults, resolveLocationTargets } from './locationRef.ts';
import { isPlainObject, type JsonObject, prepareEntity } from './prepareEntity.ts';
import { emitRelations } from './relations.ts';
import { formatAjvErrors, validateEntitySchema } from './schemaValidators.ts';

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

function isSorted(values: string[]): boolean {
  for (let i = 1; i < values.length; i++) {
    if ((values[i - 1] as string) > (values[i] as string)) {
      return false;
    }
  }
  return true;
}

function sortSpecArrays(entity: JsonObject): { entity: JsonObject; permutations: SortPermutations } {
  const permutations: SortPermutations = new Map();
  const spec = entity.spec;
  if (!isPlainObject(spec)) {
    return { entity, permutations };
  }
  let newSpec: JsonObject | undefined;
  for (const field of SORTED_SPEC_FIELDS) {
    const value = spec[field];
    if (value && Array.isArray(value) && value.every((v) => typeof v === 'string') && !isSorted(value)) {
      const strings = value as string[];
      const order = strings
        .map((_, i) => i)
        .sort((a, b) => {
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
        Object.defineProperty(copy, key, {
          value: child,
          writable: true,
          enumerable: true,
          configurable: true,
        });
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
  const defaults =
    options.annotationDefaults ?? locationAnnotationDefaults(options.location, options.originLocation);
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
    return {
      relations: [],
      errors: remapSorted(permutations, formatAjvErrors(validateEntitySchema.errors, 'schema')),
    };
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
