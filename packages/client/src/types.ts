/**
 * The shapes of Paved's HTTP API as its clients see them. The catalog part is Backstage's catalog
 * API (reference/catalog.md §5); the rest are Paved's own endpoints. The server's OpenAPI document
 * (`/api/openapi.json`) is the authority; the CLI and portal tests exercise these against a real
 * server, so a drift shows up as a failing test there.
 */

export interface EntityLink {
  url: string;
  title?: string;
  icon?: string;
  type?: string;
}

export interface EntityRelation {
  type: string;
  targetRef: string;
}

export interface Entity {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    etag?: string;
    title?: string;
    description?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    tags?: string[];
    links?: EntityLink[];
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  relations?: EntityRelation[];
  status?: { items?: { type: string; level: string; message: string }[] };
}

export interface EntitiesQueryResponse {
  items: Entity[];
  totalItems: number;
  pageInfo: { nextCursor?: string; prevCursor?: string };
}

export interface EntityOrder {
  field: string;
  order: 'asc' | 'desc';
}

/**
 * One `filter=` of Backstage's catalog API: its keys ANDed, the values of one key ORed. The value
 * `CATALOG_FILTER_EXISTS` (as in @backstage/catalog-client) asks only that the key exists.
 */
export type EntityFilter = Record<string, string | symbol | (string | symbol)[]>;

export interface EntitiesQuery {
  /** Each inner record is one `filter=` (its keys ANDed); several records are ORed. */
  filter?: EntityFilter[];
  fullTextFilter?: { term: string; fields?: string[] };
  orderFields?: EntityOrder[];
  fields?: string[];
  limit?: number;
  /** Replaces every other option, as in Backstage. */
  cursor?: string;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface FacetsResponse {
  facets: Record<string, FacetCount[]>;
}

export interface DescriptorError {
  message: string;
  path?: string;
  line?: number;
  column?: number;
}

export interface CatalogError {
  sourceId: string;
  sourceTarget: string;
  /** The file (`file:/…`, a git location or a URL) the error is in. */
  location: string;
  entityRef: string | null;
  /** The YAML document within the file, counted from 0. */
  document: number | null;
  /** Whether a previous good version of the entity is still served. */
  served: boolean;
  /** `dangling` is a warning: a relation to an entity that is not in the catalog. */
  kind: 'file' | 'entity' | 'conflict' | 'dangling';
  errors: DescriptorError[];
}

export interface Location {
  id: string;
  type: string;
  target: string;
}

export interface Source extends Location {
  entityRef: string;
  presence: string;
  /** `config` (registered at start), `api` or `demo`. */
  origin: string;
  status: string;
  error: string | null;
  revision: string | null;
  refreshedAt: string | null;
  createdAt: string;
}

export interface SourcesResponse {
  items: Source[];
  counts: { entities: number; sources: number; files: number; stitchQueue: number };
}

export interface AnalyzeLocationResponse {
  existingEntityFiles: {
    entity: Entity;
    isRegistered: boolean;
    location: { type: string; target: string };
  }[];
  generateEntities: { entity: Partial<Entity>; fields: unknown[] }[];
}

export interface AddLocationResponse {
  location: Location;
  entities: Entity[];
  exists?: boolean;
}

/** Who the portal acts as. */
export interface Identity {
  /** `user:default/jane`, or `user:default/guest` when nobody has signed in. */
  userRef: string;
  kind: 'guest' | 'user' | 'service';
  /** The user and the groups it is a member of: what counts as "mine". */
  ownershipRefs: string[];
  /** The catalog User entity, when signed in as one. */
  entity?: Entity;
}

export interface SearchResult {
  type: 'entity';
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  description?: string;
  tags: string[];
  /** spec.type */
  specType?: string;
  owner?: string;
  lifecycle?: string;
  /** Which field the best match was in. */
  matched: 'name' | 'title' | 'tags' | 'description' | 'other';
  score: number;
}

/** A page of docs found by the global search. */
export interface DocsSearchResult {
  type: 'docs';
  /** The documented entity. */
  entityRef: string;
  /** The page's URL inside the site ('' is the index page). */
  url: string;
  /** The page title. */
  title: string;
  siteName: string;
  /** HTML: the text around the match, matches in <mark>; nothing else is markup. */
  snippet: string;
  score: number;
}

export interface SearchResponse {
  term: string;
  results: SearchResult[];
  /** How many documents matched in all (results holds the best `limit`). */
  totalMatched: number;
  /** Pages of docs matching the term, best first. */
  docs: DocsSearchResult[];
  docsTotalMatched: number;
  /** Docs search did not answer in time: docs may be missing. */
  partial: boolean;
}

/** built: served; failed: the last build failed (a previous good one may still be served); pending: not built yet. */
export type DocsStatus = 'built' | 'failed' | 'pending';

/** One entity with docs, as the docs index lists it. */
export interface DocsListItem {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title: string;
  description?: string;
  /** Ref of the owner. */
  owner?: string;
  siteName?: string;
  status: DocsStatus;
  builtAt?: string;
  /** Warnings of the last build. */
  warnings: number;
  /** Why the last build failed. */
  error?: string;
}

/** An entry of a site's navigation (from the mkdocs nav). */
export interface DocsNavItem {
  title: string;
  /** Page URL relative to the site ('' is the index), or an absolute http(s) URL when `external`. */
  url?: string;
  external?: boolean;
  children?: DocsNavItem[];
}

export interface DocsWarning {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface DocsBuildError {
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** An entity's docs site. */
export interface DocsSite {
  entityRef: string;
  /** The entity's title or name. */
  title: string;
  status: DocsStatus;
  siteName: string;
  siteDescription?: string;
  repoUrl?: string;
  nav: DocsNavItem[];
  warnings: DocsWarning[];
  /** When the served build was made. */
  builtAt?: string;
  attemptedAt?: string;
  /** Why the last build failed. */
  error?: DocsBuildError;
}

export interface DocsTocEntry {
  level: number;
  id: string;
  text: string;
}

/** One page of a site. */
export interface DocsPage {
  entityRef: string;
  /** Pretty URL inside the site ('' is the index). */
  url: string;
  /** The Markdown file, relative to docs_dir. */
  path: string;
  title: string;
  /** Sanitised HTML of the article. */
  html: string;
  toc: DocsTocEntry[];
  editUrl?: string;
  lastModified?: string;
}

export interface DocsRebuildResult {
  entityRef: string;
  result: 'built' | 'unchanged' | 'failed' | 'removed';
  durationMs: number;
  rendered?: number;
  reused?: number;
  error?: DocsBuildError;
}

/** An entity's descriptor as written, for the "raw YAML" view. */
export interface EntitySource {
  /** `file:/abs/path`, `url:https://…` or a git location. */
  location: string;
  /** 1-based line of the entity's document in that file. */
  line: number;
  /** The YAML document of the entity, as written in the file. */
  yaml: string;
  /** Browser URL of the file when the source has one (git/url sources). */
  viewUrl?: string;
}

/** One page of a template's form: its JSON Schema with `ui:*` keys. */
export interface TemplateParameterStep {
  title: string;
  description?: string;
  schema: Record<string, unknown>;
}

/** `GET …/templates/:namespace/:kind/:name/parameter-schema`. */
export interface TemplateParameterSchema {
  title: string;
  description?: string;
  'ui:options'?: Record<string, unknown>;
  steps: TemplateParameterStep[];
}

/** A value the template's parameters refuse: its page (0-based), field path and what is accepted. */
export interface TemplateParameterError {
  page: number;
  pageTitle?: string;
  /** `name` or `config.replicas`; empty for the whole form. */
  path: string;
  message: string;
}

export type TaskStatus = 'open' | 'processing' | 'completed' | 'failed' | 'cancelled';
export type TaskStepStatus = 'open' | 'processing' | 'completed' | 'skipped' | 'failed' | 'cancelled';

export interface TaskStep {
  id: string;
  name: string;
  action: string;
  status: TaskStepStatus;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
}

/** What a finished task produced (`spec.output` rendered): links, entityRef, text… */
export interface TaskOutput {
  links?: { title?: string; url?: string; entityRef?: string; icon?: string }[];
  entityRef?: string;
  [key: string]: unknown;
}

/** A scaffolder task (never its secrets). */
export interface ScaffolderTask {
  id: string;
  status: TaskStatus;
  createdAt: string;
  createdBy: string;
  templateRef: string;
  run: number;
  hasSecrets: boolean;
  spec: {
    parameters: Record<string, unknown>;
    templateInfo: { entityRef: string; entity: { metadata: Record<string, unknown> } };
  };
  steps: TaskStep[];
  output?: TaskOutput;
  error?: { name: string; message: string };
  startedAt?: string;
  endedAt?: string;
}

/** Which template run made an entity (the last completed task that registered it). */
export interface Provenance {
  entityRef: string;
  templateRef: string;
  templateTitle?: string;
  /** 12 hex digits of a hash of the template's name and spec when it ran. */
  templateVersion: string;
  /** The values the template was given (never secrets). */
  values: Record<string, unknown>;
  taskId: string;
  createdBy: string;
  createdAt: string;
}

/** A page of tasks, newest first unless asked otherwise. */
export interface TaskList {
  tasks: ScaffolderTask[];
  totalTasks: number;
}

export interface ListTasksQuery {
  /** User refs; only tasks one of them created. */
  createdBy?: string[];
  status?: TaskStatus[];
  limit?: number;
  offset?: number;
  order?: 'asc' | 'desc';
}

/** A file of a dry-run: the template's own (uploaded) or one the run wrote. */
export interface DryRunFile {
  path: string;
  base64Content: string;
  executable?: boolean;
}

export interface DryRunRequest {
  /** The template to run; default: the catalog template `templateRef` names. */
  template?: Record<string, unknown>;
  /** A catalog template whose files (skeletons) relative fetch URLs resolve against. */
  templateRef?: string;
  values: Record<string, unknown>;
  secrets?: Record<string, string>;
  /** The template's own files when it is not from the catalog. */
  directoryContents?: DryRunFile[];
}

export interface DryRunResult {
  status: 'completed' | 'failed';
  error?: { name: string; message: string };
  log: { body: { message: string; stepId?: string; status?: TaskStepStatus }; createdAt: string }[];
  directoryContents: (DryRunFile & { executable: boolean })[];
  output: TaskOutput;
  steps: { id: string; name: string; action: string; status: TaskStepStatus; durationMs?: number }[];
}

/** One event of a task's log, as the event stream sends it. */
export interface TaskEvent {
  id: number;
  taskId: string;
  run: number;
  type: 'log' | 'completion' | 'cancelled' | 'recovered';
  createdAt: string;
  body: {
    message: string;
    stepId?: string;
    status?: TaskStepStatus;
    output?: TaskOutput;
    error?: { name: string; message: string };
  };
}
