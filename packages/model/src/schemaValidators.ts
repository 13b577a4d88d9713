import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { DescriptorError, DescriptorErrorRule } from './descriptor.ts';
import { entityEnvelopeSchema, entitySchema } from './entitySchemas.ts';
import { quote } from './fieldFormats.ts';
import { KIND_DEFINITIONS, type KindDefinition } from './kindDefinitions.ts';

/**
 * Precompiled ajv validators for the envelope, the entity and each kind's spec, and the
 * translation of ajv's errors into Paved's messages. Options as Backstage's
 * (`allowUnionTypes`; `allErrors` so that every problem is listed); `verbose` so that a message
 * can quote the offending value and the field's description.
 */
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true });

export const validateEnvelope: ValidateFunction = ajv.compile(entityEnvelopeSchema);
export const validateEntitySchema: ValidateFunction = ajv.compile(entitySchema);

export interface CompiledKind {
  definition: KindDefinition;
  validate: ValidateFunction;
}

/** Kind name (exact case) → compiled validator of `{spec: …}` for that kind. */
export const KIND_VALIDATORS: ReadonlyMap<string, CompiledKind> = new Map(
  KIND_DEFINITIONS.map((definition) => [
    definition.kind,
    {
      definition,
      validate: ajv.compile({
        type: 'object',
        required: ['spec'],
        properties: { spec: definition.spec },
      }),
    },
  ]),
);

/** `/spec/providesApis/0` → `['spec', 'providesApis', '0']`. */
export function pointerToSegments(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function segmentsToPath(segments: readonly string[]): string {
  return segments.join('.');
}

function typeWord(schema: unknown): string | undefined {
  if (!schema || typeof schema !== 'object') {
    return undefined;
  }
  const s = schema as { type?: unknown; enum?: unknown[]; oneOf?: unknown[] };
  if (Array.isArray(s.enum)) {
    return `one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  switch (s.type) {
    case 'string':
      return 'a non-empty string';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    default:
      return Array.isArray(s.oneOf) ? 'a mapping or a list of mappings' : undefined;
  }
}

function describeField(schema: unknown): string {
  if (!schema || typeof schema !== 'object') {
    return '';
  }
  const word = typeWord(schema);
  const description = (schema as { description?: unknown }).description;
  if (word && typeof description === 'string') {
    return `; expected ${word}: ${description}`;
  }
  if (word) {
    return `; expected ${word}`;
  }
  return typeof description === 'string' ? `; expected ${description}` : '';
}

function found(data: unknown): string {
  if (data === null) {
    return 'null';
  }
  if (Array.isArray(data)) {
    return `a list ${quote(data)}`;
  }
  switch (typeof data) {
    case 'string':
      return `the string ${quote(data)}`;
    case 'object':
      return `a mapping ${quote(data)}`;
    default:
      return `${typeof data} ${quote(data)}`;
  }
}

/**
 * Translates ajv errors into DescriptorErrors: Backstage's wording (`<path> must have required
 * property 'x'`, `must be string`, …) with a dotted path, the value found, and what is accepted.
 * `pathPrefix` names the validated value when it is not the entity root.
 */
export function formatAjvErrors(
  errors: readonly ErrorObject[] | null | undefined,
  rule: DescriptorErrorRule,
): DescriptorError[] {
  if (!errors?.length) {
    return [];
  }
  // A failed oneOf also reports each branch's mismatch at the same place; keep the oneOf.
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const result: DescriptorError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (
      oneOfPaths.has(error.instancePath) &&
      error.keyword !== 'oneOf' &&
      error.schemaPath.includes('/oneOf/')
    ) {
      continue;
    }
    const segments = pointerToSegments(error.instancePath);
    const where = segments.length ? segmentsToPath(segments) : '<root>';
    let message: string;
    let path = segmentsToPath(segments);
    switch (error.keyword) {
      case 'required': {
        const missing = String((error.params as { missingProperty?: string }).missingProperty);
        const fieldSchema = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)
          ?.properties?.[missing];
        message = `${where} must have required property '${missing}'${describeField(fieldSchema)}`;
        path = segmentsToPath([...segments, missing]);
        break;
      }
      case 'type':
        message = `${where} must be ${(error.params as { type: string }).type}, found ${found(error.data)}${describeField(error.parentSchema)}`;
        break;
      case 'minLength':
        message = `${where} must not be empty${describeField(error.parentSchema)}`;
        break;
      case 'enum':
        message = `${where} must be equal to one of the allowed values ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}, found ${found(error.data)}`;
        break;
      case 'additionalProperties': {
        const extra = String((error.params as { additionalProperty?: string }).additionalProperty);
        path = segmentsToPath([...segments, extra]);
        message =
          segments.length === 0
            ? `Unknown field ${extra}; only apiVersion, kind, metadata and spec may appear at the root of a descriptor`
            : `${where} must NOT have additional property "${extra}"`;
        break;
      }
      case 'oneOf':
        message = `${where} must be a mapping or a list of mappings, found ${found(error.data)}`;
        break;
      case 'pattern':
        message = `${where} ${quote(error.data)} must match pattern "${(error.params as { pattern: string }).pattern}"`;
        break;
      default:
        message = `${where} ${error.message ?? 'is not valid'}`;
    }
    const key = `${path}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      result.push({ message, path, rule });
    }
  }
  return result;
}
