import { nonEmptyString, nonEmptyStrings } from './entitySchemas.ts';

/**
 * The built-in kinds: the constraints on `spec` of each, the same as Backstage's kind schemas
 * (`packages/catalog-model/src/schema/kinds/*.v1alpha1.schema.json` in catalog-model 1.10.1 and
 * `Template.v1beta3.schema.json` in scaffolder-common 2.3.0), written for Paved, with which spec
 * fields hold references. Descriptions are ours and feed messages and the editor schema.
 */

type Schema = Record<string, unknown>;

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
        definition: nonEmptyString(
          'the definition itself; use {$text: ./openapi.yaml} to read it from a file',
        ),
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
    references: {
      owner: 'ref',
      system: 'ref',
      dependsOn: 'refs-with-kind',
      dependencyOf: 'any-refs-with-kind',
    },
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
        presence: {
          type: 'string',
          enum: ['required', 'optional'],
          description: 'whether a missing target is an error',
        },
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
