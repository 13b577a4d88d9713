import { type Static, Type } from '@sinclair/typebox';

/** Request and response schemas of the catalog API; they also feed /api/openapi.json. */
export const EntitySchema = Type.Object(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    metadata: Type.Object(
      { name: Type.String(), namespace: Type.Optional(Type.String()), uid: Type.Optional(Type.String()) },
      { additionalProperties: true },
    ),
    spec: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    relations: Type.Optional(Type.Array(Type.Object({ type: Type.String(), targetRef: Type.String() }))),
    status: Type.Optional(Type.Object({ items: Type.Optional(Type.Array(Type.Unknown())) })),
  },
  { $id: 'Entity', additionalProperties: true, description: 'A catalog entity in Backstage form' },
);

export const LocationSchema = Type.Object(
  { id: Type.String(), type: Type.String(), target: Type.String(), entityRef: Type.Optional(Type.String()) },
  { $id: 'Location' },
);

export const LocationInputSchema = Type.Object(
  {
    type: Type.String({
      description: 'file (a path or glob on the server) or git (<clone-url>#<ref>:<path>)',
    }),
    target: Type.String({ minLength: 1, maxLength: 4096 }),
    presence: Type.Optional(Type.Union([Type.Literal('required'), Type.Literal('optional')])),
  },
  { additionalProperties: false },
);
export type LocationInput = Static<typeof LocationInputSchema>;

export const EntityNameParams = Type.Object({
  kind: Type.String({ minLength: 1 }),
  namespace: Type.String({ minLength: 1 }),
  name: Type.String({ minLength: 1 }),
});

/**
 * References to the shared schemas above. `catalogRoutes` registers the schemas once per scope
 * (`addSchema`); the OpenAPI document then names them under components.schemas. The Error schema
 * is the HTTP shell's, shared by every module.
 */
export const EntityRef = Type.Unsafe<Record<string, unknown>>({ $ref: 'Entity#' });
export const LocationRef = Type.Unsafe<Static<typeof LocationSchema>>({ $ref: 'Location#' });
export { ErrorRef, ErrorResponseSchema, errorResponses, NoContent } from '../http/schemas.ts';

export const AncestryResponseSchema = Type.Object({
  rootEntityRef: Type.String(),
  items: Type.Array(Type.Object({ entity: EntityRef, parentEntityRefs: Type.Array(Type.String()) })),
});

export const CreateLocationResponseSchema = Type.Object({
  location: LocationRef,
  entities: Type.Array(EntityRef, {
    description: 'Empty unless dryRun=true: then every entity the location would add',
  }),
  exists: Type.Optional(Type.Boolean({ description: 'Dry run only: whether the location is registered' })),
});

/** `POST /locations/by-query` (Backstage's `queryLocations`). */
export const LocationQueryBodySchema = Type.Object({
  query: Type.Optional(
    Type.Unknown({ description: 'A predicate over id, type, target and entityRef (case-insensitive)' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'Page size, 1000 by default' })),
  cursor: Type.Optional(Type.String({ description: 'pageInfo.nextCursor of the previous page' })),
});

export const LocationQueryResponseSchema = Type.Object({
  items: Type.Array(LocationRef),
  totalItems: Type.Integer(),
  pageInfo: Type.Object({ nextCursor: Type.Optional(Type.String()) }),
});

export const AnalyzeLocationResponseSchema = Type.Object({
  existingEntityFiles: Type.Array(
    Type.Object({
      entity: EntityRef,
      isRegistered: Type.Boolean(),
      location: Type.Object({ type: Type.String(), target: Type.String() }),
    }),
  ),
  generateEntities: Type.Array(
    Type.Object({
      entity: Type.Record(Type.String(), Type.Unknown(), { description: 'A partial entity to fill in' }),
      fields: Type.Array(Type.Unknown()),
    }),
  ),
});

/** 400 of `POST /validate-entity`: every problem, serialised (Backstage's shape, not Error). */
export const ValidationErrorsSchema = Type.Object({
  errors: Type.Array(
    Type.Object({ name: Type.String(), message: Type.String() }, { additionalProperties: true }),
  ),
});

export const DescriptorErrorSchema = Type.Object({
  message: Type.String(),
  path: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer()),
  column: Type.Optional(Type.Integer()),
});

export const CatalogErrorSchema = Type.Object({
  sourceId: Type.String(),
  sourceTarget: Type.String(),
  location: Type.String(),
  entityRef: Type.Union([Type.String(), Type.Null()]),
  document: Type.Union([Type.Integer(), Type.Null()]),
  served: Type.Boolean(),
  kind: Type.Union(
    [Type.Literal('file'), Type.Literal('entity'), Type.Literal('conflict'), Type.Literal('dangling')],
    { description: 'dangling is a warning: a relation to an entity that is not in the catalog' },
  ),
  errors: Type.Array(DescriptorErrorSchema),
});

/** `GET /entities/by-name/:kind/:namespace/:name/source` (Paved extension). */
export const EntitySourceSchema = Type.Object({
  location: Type.String({
    description: 'The file: file:/abs/path, url:https://… or git:<clone-url>#<ref>:<path>',
  }),
  line: Type.Integer({ minimum: 1, description: '1-based line of the first line of yaml in that file' }),
  yaml: Type.String({ description: "The entity's YAML document as written, comments included" }),
  viewUrl: Type.Optional(Type.String({ description: 'Browser URL of the file (backstage.io/view-url)' })),
});
