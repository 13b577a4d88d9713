/**
 * Backstage's ingestion of one entity, assembled from Backstage's own code where it can be
 * installed, as the reference for the differential tests.
 *
 * Real Backstage code: the envelope and entity validators, the four default entity policies
 * (`SchemaValidEntityPolicy`, `DefaultNamespaceEntityPolicy`, `NoForeignRootFieldsEntityPolicy`,
 * `FieldFormatEntityPolicy`), the eight built-in kind validators and `parseEntityRef` /
 * `stringifyEntityRef` from `@backstage/catalog-model` 1.10.1, and the Template validator of
 * `@backstage/plugin-scaffolder-common` 2.3.0.
 *
 * Re-derived, line by line, from the published `@backstage/plugin-catalog-backend` 4.0.0 (which
 * does not install here: its dependency tree asks for an `@backstage/errors` version the registry
 * does not have): the glue of `ProcessorOutputCollector.receive`, the orchestrator's order,
 * `BuiltinKindsEntityProcessor.preProcessEntity` (array sorting) and `postProcessEntity`
 * (relations), `AnnotateLocationEntityProcessor` (a `lodash.merge`) for `file` locations, and
 * `ScaffolderEntitiesProcessor.postProcessEntity`.
 */
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  type Entity,
  EntityPolicies,
  entityEnvelopeSchemaValidator,
  entitySchemaValidator,
  FieldFormatEntityPolicy,
  getCompoundEntityRef,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  makeValidator,
  NoForeignRootFieldsEntityPolicy,
  parseEntityRef,
  parseLocationRef,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  stringifyEntityRef,
  stringifyLocationRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import lodash from 'lodash';

export type Stage =
  | 'envelope'
  | 'placeholder'
  | 'schema'
  | 'root-field'
  | 'field-format'
  | 'kind'
  | 'kind-schema'
  | 'location'
  | 'relation';

export interface ReferenceResult {
  ok: boolean;
  /** The step that failed, classified from Backstage's error. */
  stage?: Stage;
  error?: string;
  /** `type source target`, canonical refs. */
  relations: string[];
  entity?: Entity;
}

interface Location {
  type: string;
  target: string;
}

const validateEnvelope = entityEnvelopeSchemaValidator();
const validateEntity = entitySchemaValidator();
const policy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(makeValidator()),
]);
const builtinValidators = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
];

class StageError extends Error {
  constructor(
    readonly stage: Stage,
    cause: unknown,
  ) {
    super(`${stage}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

async function at<T>(stage: Stage, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw e instanceof StageError ? e : new StageError(stage, e);
  }
}

function classifyPolicyError(e: unknown): Stage {
  const message = e instanceof Error ? e.message : String(e);
  if (message.startsWith('Malformed envelope')) {
    return 'schema';
  }
  if (message.startsWith('Unknown field')) {
    return 'root-field';
  }
  return 'field-format';
}

/**
 * One entity through Backstage's processing. `annotations: 'force'` is an entity read from a
 * file (ProcessorOutputCollector), `'default'` is POST /validate-entity.
 */
export async function backstageProcess(
  document: unknown,
  options: { location: Location; originLocation: Location; annotations: 'force' | 'default' },
): Promise<ReferenceResult> {
  try {
    // Emission (ProcessorOutputCollector.receive) or the validate-entity route.
    let entity = (await at('envelope', () => validateEnvelope(document))) as Entity;
    const locationRef = stringifyLocationRef(options.location);
    const originRef = stringifyLocationRef(options.originLocation);
    if (options.annotations === 'force') {
      const annotations = entity.metadata.annotations || {};
      if (typeof annotations === 'object' && !Array.isArray(annotations)) {
        entity = {
          ...entity,
          metadata: {
            ...entity.metadata,
            annotations: {
              ...annotations,
              [ANNOTATION_ORIGIN_LOCATION]: originRef,
              [ANNOTATION_LOCATION]: locationRef,
            },
          },
        };
      }
    } else {
      entity = {
        ...entity,
        metadata: {
          ...entity.metadata,
          annotations: {
            [ANNOTATION_LOCATION]: locationRef,
            [ANNOTATION_ORIGIN_LOCATION]: originRef,
            ...entity.metadata.annotations,
          },
        },
      };
    }

    // DefaultCatalogProcessingOrchestrator.processSingleEntity
    await at('envelope', () => validateEnvelope(entity));
    const context = await at('envelope', () => {
      const ownRef = entity.metadata.annotations?.[ANNOTATION_LOCATION];
      const ownOrigin = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
      if (!ownRef || !ownOrigin) {
        throw new Error('does not have the annotation');
      }
      return {
        entityRef: stringifyEntityRef(entity),
        location: parseLocationRef(ownRef),
        originLocation: parseLocationRef(ownOrigin),
      };
    });

    // Pre-process: PlaceholderProcessor (no file can be read here, so any placeholder it would
    // resolve fails), then BuiltinKindsEntityProcessor.preProcessEntity, then
    // AnnotateLocationEntityProcessor.
    if (hasResolvablePlaceholder(entity)) {
      throw new StageError(
        'placeholder',
        'Processor PlaceholderProcessor threw an error while preprocessing',
      );
    }
    for (const field of [
      'spec.providesApis',
      'spec.consumesApis',
      'spec.dependsOn',
      'spec.dependencyOf',
      'spec.memberOf',
      'spec.children',
      'spec.members',
    ]) {
      const value = lodash.get(entity, field);
      if (value && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        lodash.set(entity, field, value.sort());
      }
    }
    if (context.location.type !== 'file') {
      throw new Error('the reference only models file locations');
    }
    entity = lodash.merge(
      {
        metadata: {
          annotations: {
            [ANNOTATION_LOCATION]: stringifyLocationRef(context.location),
            [ANNOTATION_ORIGIN_LOCATION]: stringifyLocationRef(context.originLocation),
          },
        },
      },
      entity,
    );

    // Policies.
    try {
      entity = (await policy.enforce(entity)) as Entity;
    } catch (e) {
      throw new StageError(classifyPolicyError(e), e);
    }

    // Validate step.
    if (stringifyEntityRef(entity) !== context.entityRef) {
      throw new StageError('schema', 'ref changed');
    }
    await at('schema', () => validateEntity(entity));
    let valid = false;
    await at('kind-schema', async () => {
      for (const validator of builtinValidators) {
        if (await validator.check(entity)) {
          valid = true;
          break;
        }
      }
      if (await templateEntityV1beta3Validator.check(entity)) {
        valid = true;
      }
    });
    if (!valid) {
      throw new StageError('kind', `No processor recognized the entity ${context.entityRef}`);
    }

    // Location step (only the checks that need no reading).
    if (entity.kind === 'Location') {
      const spec = entity.spec as { type?: string; target?: string; targets?: string[] };
      const type = spec.type ?? context.location.type;
      if (type !== context.location.type && !['url'].includes(type)) {
        throw new StageError('location', 'Registered locations must be of an allowed type');
      }
      const targets = [...(spec.target ? [spec.target] : []), ...(spec.targets ?? [])];
      if (type === 'file' && targets.some((t) => t.endsWith('/'))) {
        throw new StageError('location', 'ends with a path separator');
      }
    }

    // Post-process.
    const relations = await at('relation', () => emitRelations(entity));
    return { ok: true, relations: [...new Set(relations)].sort(), entity };
  } catch (e) {
    if (e instanceof StageError) {
      return { ok: false, stage: e.stage, error: e.message, relations: [] };
    }
    throw e;
  }
}

/**
 * PlaceholderProcessor's traversal: which objects it would hand to a resolver. (Backstage looks
 * resolvers up on a plain object, so `$toString` and other Object.prototype names reach a
 * "resolver" too; that quirk is not modelled, see docs/catalog-compatibility.md.)
 */
function hasResolvablePlaceholder(data: unknown): boolean {
  const resolvers = new Set(['json', 'yaml', 'text']);
  if (!data || !(data instanceof Object)) {
    return false;
  }
  if (Array.isArray(data)) {
    return data.some(hasResolvablePlaceholder);
  }
  const keys = Object.keys(data);
  if (!keys.some((k) => k.startsWith('$'))) {
    return Object.values(data).some(hasResolvablePlaceholder);
  }
  if (keys.length !== 1) {
    return false;
  }
  return resolvers.has((keys[0] as string).substring(1));
}

/** BuiltinKindsEntityProcessor.postProcessEntity and ScaffolderEntitiesProcessor.postProcessEntity. */
function emitRelations(entity: Entity): string[] {
  const selfRef = getCompoundEntityRef(entity);
  const out: string[] = [];
  const spec = entity.spec as Record<string, unknown>;
  function doEmit(
    targets: unknown,
    context: { defaultKind?: string; defaultNamespace: string },
    outgoing: string,
    incoming: string,
  ) {
    if (!targets) {
      return;
    }
    for (const target of [targets].flat()) {
      const targetRef = parseEntityRef(target as string, context);
      // The catalog stores relations by their stringified refs; that is where a
      // non-string part fails.
      out.push(`${outgoing} ${stringifyEntityRef(selfRef)} ${stringifyEntityRef(targetRef)}`);
      out.push(`${incoming} ${stringifyEntityRef(targetRef)} ${stringifyEntityRef(selfRef)}`);
    }
  }
  const ns = selfRef.namespace;
  switch (entity.kind) {
    case 'Component':
      doEmit(spec.owner, { defaultKind: 'Group', defaultNamespace: ns }, 'ownedBy', 'ownerOf');
      doEmit(spec.subcomponentOf, { defaultKind: 'Component', defaultNamespace: ns }, 'partOf', 'hasPart');
      doEmit(spec.providesApis, { defaultKind: 'API', defaultNamespace: ns }, 'providesApi', 'apiProvidedBy');
      doEmit(spec.consumesApis, { defaultKind: 'API', defaultNamespace: ns }, 'consumesApi', 'apiConsumedBy');
      doEmit(spec.dependsOn, { defaultNamespace: ns }, 'dependsOn', 'dependencyOf');
      doEmit(spec.dependencyOf, { defaultNamespace: ns }, 'dependencyOf', 'dependsOn');
      doEmit(spec.system, { defaultKind: 'System', defaultNamespace: ns }, 'partOf', 'hasPart');
      break;
    case 'API':
      doEmit(spec.owner, { defaultKind: 'Group', defaultNamespace: ns }, 'ownedBy', 'ownerOf');
      doEmit(spec.system, { defaultKind: 'System', defaultNamespace: ns }, 'partOf', 'hasPart');
      break;
    case 'Resource':
      doEmit(spec.owner, { defaultKind: 'Group', defaultNamespace: ns }, 'ownedBy', 'ownerOf');
      doEmit(spec.dependsOn, { defaultNamespace: ns }, 'dependsOn', 'dependencyOf');
      doEmit(spec.dependencyOf, { defaultNamespace: ns }, 'dependencyOf', 'dependsOn');
      doEmit(spec.system, { defaultKind: 'System', defaultNamespace: ns }, 'partOf', 'hasPart');
      break;
    case 'User':
      doEmit(spec.memberOf, { defaultKind: 'Group', defaultNamespace: ns }, 'memberOf', 'hasMember');
      break;
    case 'Group':
      doEmit(spec.parent, { defaultKind: 'Group', defaultNamespace: ns }, 'childOf', 'parentOf');
      doEmit(spec.children, { defaultKind: 'Group', defaultNamespace: ns }, 'parentOf', 'childOf');
      doEmit(spec.members, { defaultKind: 'User', defaultNamespace: ns }, 'hasMember', 'memberOf');
      break;
    case 'System':
      doEmit(spec.owner, { defaultKind: 'Group', defaultNamespace: ns }, 'ownedBy', 'ownerOf');
      doEmit(spec.domain, { defaultKind: 'Domain', defaultNamespace: ns }, 'partOf', 'hasPart');
      break;
    case 'Domain':
      doEmit(spec.owner, { defaultKind: 'Group', defaultNamespace: ns }, 'ownedBy', 'ownerOf');
      doEmit(spec.subdomainOf, { defaultKind: 'Domain', defaultNamespace: ns }, 'partOf', 'hasPart');
      break;
    default:
  }
  if (entity.apiVersion === 'scaffolder.backstage.io/v1beta3' && entity.kind === 'Template' && spec.owner) {
    const targetRef = parseEntityRef(spec.owner as string, { defaultKind: 'Group', defaultNamespace: ns });
    out.push(`ownedBy ${stringifyEntityRef(selfRef)} ${stringifyEntityRef(targetRef)}`);
    out.push(`ownerOf ${stringifyEntityRef(targetRef)} ${stringifyEntityRef(selfRef)}`);
  }
  return out;
}
