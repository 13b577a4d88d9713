import type { DescriptorError } from './descriptor.ts';
import type { Entity, RelationTriple } from './entity.ts';
import { getCompoundEntityRef, parseEntityRef, stringifyEntityRef } from './entityRef.ts';
import { TEMPLATE_API_VERSION } from './kindDefinitions.ts';

/**
 * The relations Backstage's `BuiltinKindsEntityProcessor.postProcessEntity` (catalog-backend
 * 4.0.0) and `ScaffolderEntitiesProcessor` (for Template) emit, both directions, with the same
 * reference defaults: the default namespace is always the entity's own, and `dependsOn` /
 * `dependencyOf` have no default kind (reference/catalog.md §2.3).
 */

type Rule = readonly [field: string, defaultKind: string | undefined, forward: string, reverse: string];

const OWNER: Rule = ['owner', 'Group', 'ownedBy', 'ownerOf'];
const SYSTEM: Rule = ['system', 'System', 'partOf', 'hasPart'];
const DEPENDS_ON: Rule = ['dependsOn', undefined, 'dependsOn', 'dependencyOf'];
const DEPENDENCY_OF: Rule = ['dependencyOf', undefined, 'dependencyOf', 'dependsOn'];

/** Per kind (exact case), the spec fields read, in the processor's order. */
export const RELATION_RULES: Readonly<Record<string, readonly Rule[]>> = {
  Component: [
    OWNER,
    ['subcomponentOf', 'Component', 'partOf', 'hasPart'],
    ['providesApis', 'API', 'providesApi', 'apiProvidedBy'],
    ['consumesApis', 'API', 'consumesApi', 'apiConsumedBy'],
    DEPENDS_ON,
    DEPENDENCY_OF,
    SYSTEM,
  ],
  API: [OWNER, SYSTEM],
  Resource: [OWNER, DEPENDS_ON, DEPENDENCY_OF, SYSTEM],
  User: [['memberOf', 'Group', 'memberOf', 'hasMember']],
  Group: [
    ['parent', 'Group', 'childOf', 'parentOf'],
    ['children', 'Group', 'parentOf', 'childOf'],
    ['members', 'User', 'hasMember', 'memberOf'],
  ],
  System: [OWNER, ['domain', 'Domain', 'partOf', 'hasPart']],
  Domain: [OWNER, ['subdomainOf', 'Domain', 'partOf', 'hasPart']],
};

/** Maps a path inside a sorted array back to the index the author wrote. */
/**
 * The reverse direction of every relation type the built-in kinds emit (`ownedBy` ↔ `ownerOf`,
 * …), derived from the rules above so the two cannot drift.
 */
export const REVERSE_RELATION: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    Object.values(RELATION_RULES)
      .flat()
      .flatMap(([, , forward, reverse]) => [
        [forward, reverse],
        [reverse, forward],
      ]),
  ),
);

export type PathMapper = (segments: string[]) => string[];

/**
 * Every relation the entity emits. A reference that does not parse is an error, as it makes
 * Backstage's processor throw ("Processor BuiltinKindsEntityProcessor threw an error while
 * postprocessing").
 */
export function emitRelations(
  entity: Entity,
  mapPath: PathMapper = (s) => s,
): { relations: RelationTriple[]; errors: DescriptorError[] } {
  const relations: RelationTriple[] = [];
  const errors: DescriptorError[] = [];
  const self = getCompoundEntityRef(entity);
  const selfRef = stringifyEntityRef(self);
  const spec = (entity.spec ?? {}) as Record<string, unknown>;

  let rules = RELATION_RULES[entity.kind] ?? [];
  if (entity.kind === 'Template') {
    rules = entity.apiVersion === TEMPLATE_API_VERSION ? [OWNER] : [];
  }

  const seen = new Set<string>();
  for (const [field, defaultKind, forward, reverse] of rules) {
    const targets = spec[field];
    if (!targets) {
      continue;
    }
    // `[targets].flat()`: the items of a list, or the single value.
    const items: Array<{ value: unknown; segments: string[] }> = Array.isArray(targets)
      ? targets.map((value, i) => ({ value, segments: ['spec', field, String(i)] }))
      : [{ value: targets, segments: ['spec', field] }];
    for (const { value, segments } of items) {
      let targetRef: string;
      try {
        const parsed = parseEntityRef(value as string, { defaultKind, defaultNamespace: self.namespace });
        if (
          typeof parsed.kind !== 'string' ||
          typeof parsed.namespace !== 'string' ||
          typeof parsed.name !== 'string'
        ) {
          throw new Error(
            `Entity reference ${JSON.stringify(value)} has a kind, namespace or name that is not a string`,
          );
        }
        targetRef = stringifyEntityRef(parsed);
      } catch (e) {
        const path = mapPath(segments).join('.');
        errors.push({
          message: relationErrorMessage(path, field, defaultKind, value, e),
          path,
          rule: 'relation',
        });
        continue;
      }
      addUnique(relations, forward, selfRef, targetRef, seen);
      addUnique(relations, reverse, targetRef, selfRef, seen);
    }
  }
  return { relations, errors };
}

/**
 * Appends a relation unless it is already there. Most entities emit a handful, where a scan is
 * cheaper than hashing; past 32 the keys go into `seen`.
 */
function addUnique(
  relations: RelationTriple[],
  type: string,
  sourceRef: string,
  targetRef: string,
  seen: Set<string>,
): void {
  if (relations.length < 32) {
    for (const r of relations) {
      if (r.type === type && r.targetRef === targetRef && r.sourceRef === sourceRef) {
        return;
      }
    }
  } else {
    if (seen.size === 0) {
      for (const r of relations) {
        seen.add(`${r.type}\u0000${r.sourceRef}\u0000${r.targetRef}`);
      }
    }
    const key = `${type}\u0000${sourceRef}\u0000${targetRef}`;
    if (seen.has(key)) {
      return;
    }
    seen.add(key);
  }
  relations.push({ type, sourceRef, targetRef });
}

function relationErrorMessage(
  path: string,
  field: string,
  defaultKind: string | undefined,
  value: unknown,
  error: unknown,
): string {
  const cause = error instanceof Error ? error.message : String(error);
  const example =
    defaultKind === undefined
      ? `${field} entries need an explicit kind, e.g. "component:checkout" or "resource:orders-db"`
      : `expected [<kind>:][<namespace>/]<name>, e.g. "${defaultKind.toLowerCase() === 'group' ? 'team-a' : 'my-entity'}" or "${defaultKind.toLowerCase()}:default/${defaultKind.toLowerCase() === 'group' ? 'team-a' : 'my-entity'}"`;
  const shown = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return `${path} ${shown} is not a valid entity reference: ${cause}; ${example}`;
}
