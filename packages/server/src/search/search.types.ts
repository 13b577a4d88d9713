/** Which field of a document the best match of a search was in. */
export type MatchedField = 'name' | 'title' | 'tags' | 'description' | 'other';

/** One hit of the global search, as `GET /api/search` answers it. */
export interface SearchResult {
  /** What was found; entities now, docs pages and templates later. */
  type: 'entity';
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string | undefined;
  /** The description, shortened to a line or two for a result list. */
  description?: string | undefined;
  tags: string[];
  /** spec.type */
  specType?: string | undefined;
  owner?: string | undefined;
  lifecycle?: string | undefined;
  matched: MatchedField;
  /** Higher is better; comparable across providers (every provider ranks through TextIndex). */
  score: number;
}

/** A search as providers receive it: the term already split into folded words. */
export interface SearchQuery {
  /** Lower-cased, accent-free words of the term; a document matches when it contains every one. */
  words: string[];
  /** Lower-cased kinds to keep; empty keeps every kind. */
  kinds: string[];
  /** How many of the best results to return. */
  limit: number;
}

/**
 * A source of search results: the catalog now, docs pages and templates later. Providers keep
 * their own in-memory documents up to date and answer synchronously, so a keystroke costs no I/O.
 */
export interface SearchProvider {
  /** Its best `query.limit` results, best first, and how many documents matched in all. */
  search(query: SearchQuery): { results: SearchResult[]; totalMatched: number };
}

/** One page of an entity's docs found by the global search (`docs` of GET /api/search). */
export interface PageSearchResult {
  type: 'docs';
  /** The documented entity. */
  entityRef: string;
  /** The page's pretty URL inside the site ('' is the index). */
  url: string;
  /** The page title. */
  title: string;
  siteName: string;
  /** Text around the match; matches are wrapped in <mark>, everything else is escaped text. */
  snippet: string;
  /** Higher is better; comparable between pages only. */
  score: number;
}

/**
 * A source of results that are not in memory (docs pages, in the database). Asked in parallel
 * with the in-memory providers and waited for only as long as the search's budget allows.
 */
export interface AsyncSearchProvider {
  search(query: SearchQuery): Promise<{ results: PageSearchResult[]; totalMatched: number }>;
}
