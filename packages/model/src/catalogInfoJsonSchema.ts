import { entityMetaSchema } from './entitySchemas.ts';
import { KIND_DEFINITIONS, type ReferenceField } from './kindDefinitions.ts';

/**
 * The JSON Schema (draft-07) of a `catalog-info.yaml` document, for editors that run
 * yaml-language-server (served at /api/catalog/schema/catalog-info.json, see
 * docs/editor-schema.md). It is built from the same kind definitions as the validator and adds
 * the field-format rules and reference syntax as patterns, so an editor flags what ingestion
 * would reject. Wherever Backstage resolves placeholders, `{$text|$json|$yaml: <path>}` is
 * accepted in place of the value. Known approximations (the validator is the authority):
 * link URLs are only checked for a scheme, and a `file` Location target ending in "/" is not
 * flagged.
 */

type Schema = Record<string, unknown>;

/** A DNS label of at most 63 characters, as long as the label characters that follow run. */
const DNS_LABEL = '(?=[a-z0-9-]{1,63}(?![a-z0-9-]))[a-z0-9]+(?:-+[a-z0-9]+)*';
/** A DNS subdomain of at most 253 characters, followed by "/". */
const DNS_SUBDOMAIN_PREFIX = `(?=[a-z0-9.-]{1,253}/)${DNS_LABEL}(?:\\.${DNS_LABEL})*/`;
const OBJECT_NAME = '(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';

export const PATTERNS = {
  name: `^(?=[^\\n]{1,63}$)${OBJECT_NAME}$`,
  namespace: `^(?=[^\\n]{1,63}$)[a-z0-9]+(?:-+[a-z0-9]+)*$`,
  key: `^(?:${DNS_SUBDOMAIN_PREFIX})?(?=[^/\\n]{1,63}$)${OBJECT_NAME}$`,
  labelValue: `^(?:(?=[^\\n]{1,63}$)${OBJECT_NAME})?$`,
  tag: '^(?=[^\\n]{1,63}$)[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*$',
  /** A scheme, as the URL parser finds it (it drops leading controls and spaces, and tabs and newlines). */
  urlScheme: '^[\\u0000-\\u0020]*[A-Za-z][A-Za-z0-9+.\\t\\n\\r-]*:',
  notBlank: '\\S',
  /** `[<kind>:][<namespace>/]<name>` with every present part non-empty. */
  ref: '^(?:[^:/]+:[^/]+(?:/[\\s\\S]+)?|[^:/]+(?:/[\\s\\S]+)?)$',
  /** The same with the kind required. */
  refWithKind: '^[^:/]+:[^/]+(?:/[\\s\\S]+)?$',
} as const;

const placeholder: Schema = {
  type: 'object',
  description:
    'replaced by the content of a file: {$text: ./file.md}, {$json: ./data.json} or {$yaml: ./data.yaml}',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  patternProperties: { '^\\$(?:text|json|yaml)$': { type: 'string', minLength: 1 } },
};

function orPlaceholder(schema: Schema): Schema {
  const description = schema.description;
  return {
    ...(typeof description === 'string' ? { description } : {}),
    anyOf: [schema, { $ref: '#/definitions/placeholder' }],
  };
}

function withPattern(schema: Schema, pattern: string): Schema {
  return { ...schema, pattern };
}

const compoundRef: Schema = {
  type: 'object',
  required: ['kind', 'name'],
  properties: {
    kind: { type: 'string', minLength: 1 },
    namespace: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1 },
  },
};

function referenceSchema(schema: Schema, reference: ReferenceField | undefined): Schema {
  switch (reference) {
    case 'ref':
      return withPattern(schema, PATTERNS.ref);
    case 'refs':
      return { ...schema, items: withPattern(schema.items as Schema, PATTERNS.ref) };
    case 'refs-with-kind':
      return { ...schema, items: withPattern(schema.items as Schema, PATTERNS.refWithKind) };
    case 'any-refs-with-kind': {
      // Not in Backstage's schema: the relation processor reads a reference or a list of them
      // (strings with a kind, or {kind, namespace?, name}), and skips empty values.
      const one: Schema = { anyOf: [{ type: 'string', pattern: PATTERNS.refWithKind }, compoundRef] };
      return {
        description: 'references with an explicit kind, e.g. "component:checkout"',
        anyOf: [one, { type: 'array', items: one }, { enum: [null, '', false, 0] }],
      };
    }
    default:
      return schema;
  }
}

function capitalise(schema: unknown): unknown {
  if (Array.isArray(schema)) {
    return schema.map(capitalise);
  }
  if (schema && typeof schema === 'object') {
    const result: Schema = {};
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'description' && typeof value === 'string') {
        result[key] = value.charAt(0).toUpperCase() + value.slice(1);
      } else if (key === 'properties' || key === 'patternProperties' || key === 'definitions') {
        result[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, capitalise(v)]));
      } else {
        result[key] = capitalise(value);
      }
    }
    return result;
  }
  return schema;
}

function kindSpec(kind: (typeof KIND_DEFINITIONS)[number]): Schema {
  const spec = kind.spec as { properties: Record<string, Schema> };
  const properties: Record<string, Schema> = {};
  for (const [field, schema] of Object.entries(spec.properties)) {
    properties[field] = orPlaceholder(referenceSchema(schema, kind.references[field]));
  }
  if (kind.references.dependencyOf && !properties.dependencyOf) {
    properties.dependencyOf = referenceSchema({}, 'any-refs-with-kind');
  }
  return { ...kind.spec, properties };
}

function metadataSchema(): Schema {
  const base = entityMetaSchema as { properties: Record<string, Schema> };
  const p = base.properties;
  const link = (p.links?.items ?? {}) as { properties: Record<string, Schema> };
  return {
    ...entityMetaSchema,
    description: 'identity and descriptive data of the entity',
    properties: {
      ...Object.fromEntries(
        ['uid', 'etag', 'title', 'description'].map((k) => [k, orPlaceholder(p[k] as Schema)]),
      ),
      name: withPattern({ ...p.name, maxLength: 63 }, PATTERNS.name),
      namespace: withPattern({ ...p.namespace, maxLength: 63 }, PATTERNS.namespace),
      labels: orPlaceholder({
        type: 'object',
        description: p.labels?.description,
        propertyNames: { pattern: PATTERNS.key },
        additionalProperties: orPlaceholder({ type: 'string', pattern: PATTERNS.labelValue }),
      }),
      annotations: {
        description: p.annotations?.description,
        anyOf: [
          {
            type: 'object',
            propertyNames: { pattern: PATTERNS.key },
            additionalProperties: orPlaceholder({ type: 'string' }),
          },
          { $ref: '#/definitions/placeholder' },
          // The file reader replaces an empty value with the annotations it writes.
          { enum: [null, '', 0, false] },
        ],
      },
      tags: orPlaceholder({
        type: 'array',
        description: p.tags?.description,
        items: orPlaceholder({ type: 'string', pattern: PATTERNS.tag }),
      }),
      links: orPlaceholder({
        type: 'array',
        description: p.links?.description,
        items: {
          type: 'object',
          required: ['url'],
          properties: {
            url: orPlaceholder(withPattern(link.properties.url as Schema, PATTERNS.urlScheme)),
            title: orPlaceholder(withPattern(link.properties.title as Schema, PATTERNS.notBlank)),
            icon: orPlaceholder(withPattern(link.properties.icon as Schema, PATTERNS.notBlank)),
            type: orPlaceholder(link.properties.type as Schema),
          },
        },
      }),
    },
  };
}

function buildSchema(): Schema {
  const kinds = KIND_DEFINITIONS.map((k) => k.kind);
  const apiVersions = [...new Set(KIND_DEFINITIONS.flatMap((k) => k.apiVersions))];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Backstage catalog-info.yaml',
    description: 'one entity of the Backstage software catalog, as Paved and Backstage ingest it',
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    additionalProperties: false,
    definitions: { placeholder },
    properties: {
      apiVersion: { type: 'string', description: 'the version of the format', enum: apiVersions },
      kind: { type: 'string', description: 'the kind of entity (case-sensitive)', enum: kinds },
      metadata: metadataSchema(),
      spec: { description: 'the kind-specific data' },
    },
    allOf: KIND_DEFINITIONS.map((kind) => ({
      if: { properties: { kind: { const: kind.kind } }, required: ['kind'] },
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword
      then: {
        description: kind.description,
        properties: {
          apiVersion: { enum: [...kind.apiVersions] },
          spec: orPlaceholder({ ...kindSpec(kind), description: kind.description }),
        },
      },
    })),
  };
}

export const catalogInfoJsonSchema: object = capitalise(buildSchema()) as object;
