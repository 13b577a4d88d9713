/**
 * JSON schemas with the same constraints as Backstage's (`packages/catalog-model/src/schema/**`
 * in catalog-model 1.10.1 and `plugins/scaffolder-common/src/Template.v1beta3.schema.json` in
 * scaffolder-common 2.3.0), written for Paved. The differential test checks that they accept and
 * reject exactly what Backstage's do. Descriptions are ours and feed the editor schema.
 */

type Schema = Record<string, unknown>;

const nonEmptyString = (description: string): Schema => ({ type: 'string', minLength: 1, description });
const nonEmptyStrings = (description: string): Schema => ({
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
    name: nonEmptyString('the name of the entity, unique for its kind and namespace (case-insensitively), e.g. "checkout"'),
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
      description: 'key/value pairs read by the catalog and plugins, e.g. {"backstage.io/techdocs-ref": "dir:."}',
      additionalProperties: true,
      patternProperties: { '^.+$': { type: 'string' } },
    },
    tags: {
      type: 'array',
      description: 'a list of single-valued classifiers, e.g. [java, tier:1]',
      items: { type: 'string', minLength: 1 },
    },
    links: { type: 'array', description: 'a list of links, each with a url, e.g. [{url: "https://example.com", title: Docs}]', items: linkSchema },
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

const profileSchema: Schema = {
  type: 'object',
  description: 'display information; every field is optional',
  properties: {
    displayName: nonEmptyString('a display name, e.g. "Jenny Doe"'),
    email: nonEmptyString('an email address, e.g. "jdoe@example.com"'),
    picture: nonEmptyString('the URL of a picture'),
  },
};

const permissionTags: Schema = {
  type: 'object',
  properties: { tags: { type: 'array', items: { type: 'string' } } },
};

const conditionSchema: Schema = { type: ['string', 'boolean'] };

/** How a field of a kind's spec refers to other entities (for the editor schema's patterns). */
export type ReferenceField = 'ref' | 'refs' | 'refs-with-kind' | 'any-refs-with-kind';

export interface KindDefinition {
  kind: string;
  apiVersions: readonly string[];
  description: string;
  /** The constraints on `spec`, exactly those of the kind's Backstage schema. */
  spec: Schema;
  /** Spec fields holding entity references, with how the relation processor parses them. */
  references: Record<string, ReferenceField>;
}

export const BACKSTAGE_API_VERSIONS = ['backstage.io/v1alpha1', 'backstage.io/v1beta1'] as const;
export const TEMPLATE_API_VERSION = 'scaffolder.backstage.io/v1beta3';

/** The built-in kinds, in the order BuiltinKindsEntityProcessor tries its validators, then Template. */
export const KIND_DEFINITIONS: readonly KindDefinition[] = [
  {
    kind: 'API',
    apiVersions: BACKSTAGE_API_VERSIONS,
    description: 'an interface a component exposes: OpenAPI, AsyncAPI, GraphQL, gRPC, …',
    references: { owner: 'ref', system: 'ref' },
    spec: {
      type: 'object',
      required: ['type', 'lifecycle', 'owner', 'definition'],
      properties: {
        type: nonEmptyString('the API format, e.g. "openapi", "asyncapi", "graphql", "grpc"'),
        lifecycle: nonEmptyString('e.g. "experimental", "production", "deprecated"'),
        owner: nonEmptyString('a reference to the owner, a Group by default, e.g. "team-a" or "user:jdoe"'),
        system: nonEmptyString('a reference to the System it belongs to'),
        definition: nonEmptyString('the definition itself; use {$text: ./openapi.yaml} to read it from a file'),
      },
    },
  },
  {
    kind: 'Component',
    apiVersions: BACKSTAGE_API_VERSIONS,
    description: 'a piece of software: a service, website or library',
    references: {
      owner: 'ref',
      system: 'ref',
      subcomponentOf: 'ref',
      providesApis: 'refs',
      consumesApis: 'refs',
      dependsOn: 'refs-with-kind',
      dependencyOf: 'any-refs-with-kind',
    },
    spec: {
      type: 'object',
      required: ['type', 'lifecycle', 'owner'],
      properties: {
        type: nonEmptyString('e.g. "service", "website", "library"'),
        lifecycle: nonEmptyString('e.g. "experimental", "production", "deprecated"'),
        owner: nonEmptyString('a reference to the owner, a Group by default, e.g. "team-a" or "user:jdoe"'),
        system: nonEmptyString('a reference to the System it belongs to'),
        subcomponentOf: nonEmptyString('a reference to the Component it is part of'),
        providesApis: nonEmptyStrings('references to the APIs it provides'),
        consumesApis: nonEmptyStrings('references to the APIs it consumes'),
        dependsOn: nonEmptyStrings('references with an explicit kind, e.g. "resource:orders-db"'),
      },
    },
  },
  {
    kind: 'Resource',
    apiVersions: BACKSTAGE_API_VERSIONS,
    description: 'infrastructure a component needs at run time: a database, a bucket, a queue',
    references: { owner: 'ref', system: 'ref', dependsOn: 'refs-with-kind', dependencyOf: 'any-refs-with-kind' },
    spec: {
      type: 'object',
      required: ['type', 'owner'],
      properties: {
        type: nonEmptyString('e.g. "database", "s3-bucket"'),
        owner: nonEmptyString('a reference to the owner, a Group by default'),
        dependsOn: nonEmptyStrings('references with an explicit kind, e.g. "resource:network"'),
        system: nonEmptyString('a reference to the System it belongs to'),
      },
    },
  },
  {
    kind: 'Group',
    apiVersions: BACKSTAGE_API_VERSIONS,
    description: 'a team or other organisational unit',
    references: { parent: 'ref', children: 'refs', members: 'refs' },
    spec: {
      type: 'object',
      required: ['type', 'children'],
      properties: {
        type: nonEmptyString('e.g. "team", "business-unit", "organization"'),
        profile: profileSchema,
        parent: nonEmptyString('a reference to the parent Group'),
        children: nonEmptyStrings('references to child Groups; may be empty but must be present'),
        members: nonEmptyStrings('references to member Users'),
      },
    },
  },
  {
    kind: 'Location',
    apiVersions: BACKSTAGE_API_VERSIONS,
    description: 'points at more descriptor files to read',
    references: {},
    spec: {
      type: 'object',
      required: [],
      properties: {
        type: nonEmptyString('the location type; defaults to the type of the file this entity is in'),
        target: nonEmptyString('a file path or glob (relative paths start with "."), or a URL'),
        targets: nonEmptyStrings('several targets'),
        presence: { type: 'string', enum: ['required', 'optional'], description: 'whether a missing target is an error' },
      },
    },
  },
  {
    kind: 'User',
    apiVersions: BACKSTAGE_API_VERSIONS,
    description: 'a person',
    references: { memberOf: 'refs' },
    spec: {
      type: 'object',
      required: ['memberOf'],
      properties: {
        profile: profileSchema,
        memberOf: nonEmptyStrings('references to the Groups the user is a direct member of; may be empty'),
      },
    },
  },
  {
    kind: 'System',
    apiVersions: BACKSTAGE_API_VERSIONS,
    description: 'a collection of components, APIs and resources that work together',
    references: { owner: 'ref', domain: 'ref' },
    spec: {
      type: 'object',
      required: ['owner'],
      properties: {
        owner: nonEmptyString('a reference to the owner, a Group by default'),
        domain: nonEmptyString('a reference to the Domain it belongs to'),
        type: nonEmptyString('e.g. "product", "service"'),
      },
    },
  },
  {
    kind: 'Domain',
    apiVersions: BACKSTAGE_API_VERSIONS,
    description: 'a business area grouping systems',
    references: { owner: 'ref', subdomainOf: 'ref' },
    spec: {
      type: 'object',
      required: ['owner'],
      properties: {
        owner: nonEmptyString('a reference to the owner, a Group by default'),
        subdomainOf: nonEmptyString('a reference to the parent Domain'),
        type: nonEmptyString('e.g. "product-area"'),
      },
    },
  },
  {
    kind: 'Template',
    apiVersions: [TEMPLATE_API_VERSION],
    description: 'a software template (golden path) run by the scaffolder',
    references: { owner: 'ref' },
    spec: {
      type: 'object',
      required: ['type', 'steps'],
      properties: {
        type: nonEmptyString('what the template creates, e.g. "service"'),
        owner: nonEmptyString('a reference to the owner, a Group by default'),
        lifecycle: nonEmptyString('e.g. "production"'),
        parameters: {
          description: 'the form: one JSON Schema object, or a list of them (one per page)',
          oneOf: [
            { type: 'object', properties: { 'backstage:permissions': permissionTags } },
            {
              type: 'array',
              items: { type: 'object', properties: { 'backstage:permissions': permissionTags } },
            },
          ],
        },
        secrets: { type: 'object', properties: { schema: { type: 'object' } } },
        presentation: {
          type: 'object',
          properties: {
            buttonLabels: {
              type: 'object',
              properties: {
                backButtonText: { type: 'string' },
                createButtonText: { type: 'string' },
                reviewButtonText: { type: 'string' },
              },
            },
          },
        },
        EXPERIMENTAL_recovery: {
          type: 'object',
          properties: { EXPERIMENTAL_strategy: { type: 'string' } },
        },
        formDecorators: {
          type: 'array',
          items: { type: 'object', properties: { id: { type: 'string' }, input: { type: 'object' } } },
        },
        EXPERIMENTAL_formDecorators: {
          type: 'array',
          items: { type: 'object', properties: { id: { type: 'string' }, input: { type: 'object' } } },
        },
        steps: {
          type: 'array',
          description: 'the actions to run, in order',
          items: {
            type: 'object',
            required: ['action'],
            properties: {
              id: { type: 'string' },
              name: { type: 'string' },
              action: { type: 'string', description: 'e.g. "fetch:template", "publish:github"' },
              input: { type: 'object' },
              if: conditionSchema,
              'backstage:permissions': permissionTags,
            },
          },
        },
        output: {
          type: 'object',
          properties: {
            links: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  if: conditionSchema,
                  url: nonEmptyString('a URL to show when the task is done'),
                  entityRef: nonEmptyString('an entity to link to'),
                  title: nonEmptyString('link text'),
                  icon: nonEmptyString('icon key'),
                },
              },
            },
            text: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  if: conditionSchema,
                  title: nonEmptyString('title'),
                  icon: nonEmptyString('icon key'),
                  content: { type: 'string' },
                },
              },
            },
          },
          additionalProperties: { type: 'string' },
        },
      },
    },
  },
];
