import type { DescriptorError } from './descriptor.ts';
import type { Entity } from './entity.ts';
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
import { KIND_DEFINITIONS } from './kindDefinitions.ts';
import { formatAjvErrors, KIND_VALIDATORS } from './schemaValidators.ts';

/**
 * The checks Backstage runs on an entity after its envelope schema: the default entity policies
 * `NoForeignRootFieldsEntityPolicy` and `FieldFormatEntityPolicy`, then the kind validators of
 * `BuiltinKindsEntityProcessor` and `ScaffolderEntitiesProcessor`. Each appends its errors.
 */

const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'spec']);

/** NoForeignRootFieldsEntityPolicy. */
export function checkRootFields(entity: Entity, errors: DescriptorError[]): void {
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
    errors.push({
      message: `${shown} ${quote(value)} is not valid; ${expectation}`,
      path,
      rule: 'field-format',
    });
  }
}

/** FieldFormatEntityPolicy with the default validators, in its order. */
export function checkFieldFormats(entity: Entity, errors: DescriptorError[]): void {
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
        checkField(
          errors,
          `metadata.annotations.${key}`,
          key,
          validAnnotationKey,
          EXPECTATIONS.annotationKey,
          'metadata.annotations key',
        );
      }
      const value = annotations[key];
      if (!isValidAnnotationValue(value)) {
        const path = `metadata.annotations.${key}`;
        checkField(
          errors,
          path,
          value,
          isValidAnnotationValue,
          EXPECTATIONS.annotationValue,
          `${path} value`,
        );
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
export function checkKind(entity: Entity): DescriptorError[] {
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
