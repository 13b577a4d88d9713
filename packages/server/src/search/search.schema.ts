import { Type } from '@sinclair/typebox';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from './search.service.ts';

/** Request and response schemas of /api/search; they also feed /api/openapi.json. */
export const SearchQuerySchema = Type.Object({
  term: Type.Optional(
    Type.String({
      maxLength: 500,
      description: 'Words to find (case- and accent-insensitive); every word must match. Empty: no results',
    }),
  ),
  limit: Type.Optional(
    Type.String({
      description: `How many results, 1 to ${MAX_SEARCH_LIMIT} (default ${DEFAULT_SEARCH_LIMIT})`,
    }),
  ),
  kind: Type.Optional(
    Type.Union([Type.String(), Type.Array(Type.String())], {
      description: 'Entity kinds to keep: repeat the parameter or separate kinds with commas',
    }),
  ),
});

export const SearchResultSchema = Type.Object({
  type: Type.Literal('entity'),
  ref: Type.String({ description: 'Canonical entity ref, e.g. component:default/checkout' }),
  kind: Type.String(),
  namespace: Type.String(),
  name: Type.String(),
  title: Type.Optional(Type.String()),
  description: Type.Optional(Type.String({ description: 'Shortened to about 300 characters' })),
  tags: Type.Array(Type.String()),
  specType: Type.Optional(Type.String({ description: 'spec.type' })),
  owner: Type.Optional(Type.String({ description: 'Ref of the owner (the ownedBy relation)' })),
  lifecycle: Type.Optional(Type.String()),
  matched: Type.Union(
    [
      Type.Literal('name'),
      Type.Literal('title'),
      Type.Literal('tags'),
      Type.Literal('description'),
      Type.Literal('other'),
    ],
    { description: 'Which field the best match was in' },
  ),
  score: Type.Number({ description: 'Higher is better' }),
});

export const SearchResponseSchema = Type.Object({
  term: Type.String(),
  results: Type.Array(SearchResultSchema),
  totalMatched: Type.Integer({
    description: 'How many documents matched in all; results holds the best limit',
  }),
});
