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

export const ErrorResponseSchema = Type.Object(
  {
    error: Type.Object({ name: Type.String(), message: Type.String(), code: Type.Optional(Type.String()) }),
    request: Type.Object({ method: Type.String(), url: Type.String() }),
    response: Type.Object({ statusCode: Type.Integer() }),
  },
  { $id: 'Error' },
);

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
  kind: Type.Union([Type.Literal('file'), Type.Literal('entity'), Type.Literal('conflict')]),
  errors: Type.Array(DescriptorErrorSchema),
});
