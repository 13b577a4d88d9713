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

export const DocsSearchResultSchema = Type.Object({
  type: Type.Literal('docs'),
  entityRef: Type.String({ description: 'The documented entity, e.g. component:default/checkout' }),
  url: Type.String({ description: "The page's URL inside the site ('' is the index page)" }),
  title: Type.String({ description: 'The page title' }),
  siteName: Type.String(),
  snippet: Type.String({
    description: 'Text around the match, HTML: matches in <mark>, everything else escaped text',
  }),
  score: Type.Number({ description: 'Higher is better (comparable between pages only)' }),
});

export const SearchResponseSchema = Type.Object({
  term: Type.String(),
  results: Type.Array(SearchResultSchema),
  totalMatched: Type.Integer({
    description: 'How many entities matched in all; results holds the best limit',
  }),
  docs: Type.Array(DocsSearchResultSchema, {
    description: 'Pages of docs matching every word (the last one as a prefix), best first',
  }),
  docsTotalMatched: Type.Integer({ description: 'How many pages matched in all' }),
  partial: Type.Boolean({
    description: 'True when docs search did not answer in time (or failed): docs may be missing',
  }),
});
