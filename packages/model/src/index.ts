export { catalogInfoJsonSchema } from './catalogInfoJsonSchema.ts';
export type { DescriptorError, DescriptorErrorRule, ProcessedDescriptor } from './descriptor.ts';
export type {
  CompoundEntityRef,
  Entity,
  EntityLink,
  EntityMeta,
  EntityRelation,
  RelationTriple,
  StatusItem,
} from './entity.ts';
export {
  ANNOTATION_EDIT_URL,
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_VIEW_URL,
  DEFAULT_NAMESPACE,
} from './entity.ts';
export {
  getCompoundEntityRef,
  type ParseEntityRefContext,
  parseEntityRef,
  stringifyEntityRef,
} from './entityRef.ts';
export * from './errors.ts';
export {
  BACKSTAGE_API_VERSIONS,
  KIND_DEFINITIONS,
  type KindDefinition,
  TEMPLATE_API_VERSION,
} from './kindDefinitions.ts';
export {
  buildLocationEntity,
  type LocationSpec,
  locationAnnotationDefaults,
  locationEntityName,
  parseLocationRef,
  type ResolveLocationTargetsOptions,
  resolveLocationTargets,
  stringifyLocationRef,
} from './locationRef.ts';
export { evaluatePageCondition } from './pageCondition.ts';
export { type PlaceholderOptions, resolvePlaceholders, resolvePlaceholderTarget } from './placeholders.ts';
export {
  DEFAULT_LIMITS,
  type ProcessedFile,
  type ProcessFileLimits,
  type ProcessFileOptions,
  processDescriptorFile,
} from './processDescriptorFile.ts';
export { RELATION_RULES, REVERSE_RELATION } from './relations.ts';
export { validateEntityObject } from './validateEntity.ts';
