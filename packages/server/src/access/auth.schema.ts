import { type Static, Type } from '@sinclair/typebox';

/** Request and response schemas of /api/auth; they also feed /api/openapi.json. */
export const IdentitySchema = Type.Object(
  {
    userRef: Type.String({
      description: 'user:default/jane (canonical, lower-cased), or user:default/guest when nobody signed in',
    }),
    kind: Type.Union([Type.Literal('guest'), Type.Literal('user'), Type.Literal('service')]),
    ownershipRefs: Type.Array(Type.String(), {
      description: 'The user and the groups it is a member of: what counts as "mine"',
    }),
    entity: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'The catalog User entity, when signed in' }),
    ),
  },
  { description: 'Who the request acts as' },
);
export type IdentityBody = Static<typeof IdentitySchema>;

export const SignInBodySchema = Type.Object(
  {
    userRef: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: 'The catalog User to act as: user:default/jane (jane alone implies kind and namespace)',
    }),
  },
  { additionalProperties: false },
);
