/**
 * The envelope, entity and metadata JSON schemas, with the same constraints as Backstage's
 * (`EntityEnvelope`, `Entity`, `EntityMeta` and `shared/common` in catalog-model 1.10.1),
 * written for Paved. The differential test checks that they accept and reject exactly what
 * Backstage's do. Descriptions are ours and feed messages and the editor schema.
 */

type Schema = Record<string, unknown>;

export const nonEmptyString = (description: string): Schema => ({
  type: 'string',
  minLength: 1,
  description,
});
export const nonEmptyStrings = (description: string): Schema => ({
  type: 'array',
  description,
  items: { type: 'string', minLength: 1 },
});

/** `EntityEnvelope.schema.json`: what must hold before anything else is looked at. */
export const entityEnvelopeSchema: Schema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  additionalProperties: true,
  properties: {
    apiVersion: { type: 'string', minLength: 1 },
    kind: { type: 'string', minLength: 1 },
    metadata: {
      type: 'object',
      required: ['name'],
      additionalProperties: true,
      properties: {
        name: { type: 'string', minLength: 1 },
        namespace: { type: 'string', minLength: 1 },
      },
    },
  },
};

const linkSchema: Schema = {
  type: 'object',
  required: ['url'],
  properties: {
    url: nonEmptyString('an absolute URL, e.g. "https://grafana.example.com/d/checkout"'),
    title: nonEmptyString('a display name for the link, e.g. "Dashboard"'),
    icon: nonEmptyString('the key of an icon, e.g. "dashboard"'),
    type: nonEmptyString('a category for the link, e.g. "runbook"'),
  },
};

/** `EntityMeta.schema.json`. */
export const entityMetaSchema: Schema = {
  type: 'object',
  required: ['name'],
  additionalProperties: true,
  properties: {
    uid: nonEmptyString('a non-empty string (normally set by the catalog)'),
    etag: nonEmptyString('a non-empty string (normally set by the catalog)'),
    name: nonEmptyString(
      'the name of the entity, unique for its kind and namespace (case-insensitively), e.g. "checkout"',
    ),
    namespace: nonEmptyString('the namespace of the entity, "default" when absent'),
    title: nonEmptyString('a display name shown instead of the name, e.g. "Checkout Service"'),
    description: { type: 'string', description: 'a short description, typically one line' },
    labels: {
      type: 'object',
      description: 'identifying key/value pairs, e.g. {team: payments}',
      additionalProperties: true,
      patternProperties: { '^.+$': { type: 'string' } },
    },
    annotations: {
      type: 'object',
      description:
        'key/value pairs read by the catalog and plugins, e.g. {"backstage.io/techdocs-ref": "dir:."}',
      additionalProperties: true,
      patternProperties: { '^.+$': { type: 'string' } },
    },
    tags: {
      type: 'array',
      description: 'a list of single-valued classifiers, e.g. [java, tier:1]',
      items: { type: 'string', minLength: 1 },
    },
    links: {
      type: 'array',
      description: 'a list of links, each with a url, e.g. [{url: "https://example.com", title: Docs}]',
      items: linkSchema,
    },
  },
};

/** `Entity.schema.json` with `EntityMeta` and `common` inlined (SchemaValidEntityPolicy). */
export const entitySchema: Schema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  additionalProperties: false,
  definitions: {
    reference: {
      type: 'object',
      required: ['kind', 'namespace', 'name'],
      additionalProperties: false,
      properties: {
        kind: { type: 'string', minLength: 1 },
        namespace: { type: 'string', minLength: 1 },
        name: { type: 'string', minLength: 1 },
      },
    },
    relation: {
      type: 'object',
      required: ['type', 'targetRef'],
      additionalProperties: false,
      properties: {
        type: { type: 'string', minLength: 1, pattern: '^\\w+$' },
        target: { $ref: '#/definitions/reference' },
        targetRef: { type: 'string', minLength: 1 },
      },
    },
    status: {
      type: 'object',
      additionalProperties: true,
      properties: { items: { type: 'array', items: { $ref: '#/definitions/statusItem' } } },
    },
    statusItem: {
      type: 'object',
      required: ['type', 'level', 'message'],
      additionalProperties: true,
      properties: {
        type: { type: 'string', minLength: 1 },
        level: { type: 'string', enum: ['info', 'warning', 'error'] },
        message: { type: 'string' },
        error: { $ref: '#/definitions/error' },
      },
    },
    error: {
      type: 'object',
      required: ['name', 'message'],
      additionalProperties: true,
      properties: {
        name: { type: 'string', minLength: 1 },
        message: { type: 'string' },
        code: { type: 'string' },
        stack: { type: 'string' },
      },
    },
  },
  properties: {
    apiVersion: { type: 'string', minLength: 1 },
    kind: { type: 'string', minLength: 1 },
    metadata: entityMetaSchema,
    spec: { type: 'object' },
    relations: { type: 'array', items: { $ref: '#/definitions/relation' } },
    status: { $ref: '#/definitions/status' },
  },
};
