import { parseRef } from './refs.ts';
import type {
  AddLocationResponse,
  AnalyzeLocationResponse,
  CatalogError,
  DocsListItem,
  DocsPage,
  DocsRebuildResult,
  DocsSite,
  DryRunRequest,
  DryRunResult,
  EntitiesQuery,
  EntitiesQueryResponse,
  Entity,
  EntityFilter,
  EntitySource,
  FacetsResponse,
  Identity,
  ListTasksQuery,
  Provenance,
  ScaffolderTask,
  SearchResponse,
  SourcesResponse,
  TaskList,
  TemplateParameterError,
  TemplateParameterSchema,
} from './types.ts';

export interface PavedClientOptions {
  /** `http://localhost:7007`; empty for same-origin requests from the portal. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Sent as `Authorization: Bearer …` when given. */
  token?: () => string | undefined;
}

/** An HTTP error from Paved, with the message of its Backstage-shaped error body. */
export class PavedHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorName: string | undefined,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'PavedHttpError';
  }
}

/** An error reaching Paved at all (refused, DNS, aborted): not an HTTP answer. */
export class PavedUnreachableError extends Error {
  constructor(
    readonly baseUrl: string,
    cause: unknown,
  ) {
    const reason = (cause as Error)?.cause ?? (cause as Error)?.message ?? String(cause);
    super(`cannot reach Paved at ${baseUrl || 'this origin'} (${String(reason)})`);
    this.name = 'PavedUnreachableError';
  }
}

function entityPath(ref: string): string {
  const { kind, namespace, name } = parseRef(ref, { kind: 'component' });
  return `${encodeURIComponent(kind)}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

function templatePath(ref: string): string {
  const { kind, namespace, name } = parseRef(ref, { kind: 'template' });
  return `${encodeURIComponent(namespace)}/${encodeURIComponent(kind)}/${encodeURIComponent(name)}`;
}

/** The per-field errors of a 400 from {@link PavedClient.createTask}, or undefined for any other error. */
export function templateErrorsOf(error: unknown): TemplateParameterError[] | undefined {
  if (!(error instanceof PavedHttpError) || error.status !== 400) return undefined;
  const errors = (error.body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? (errors as TemplateParameterError[]) : undefined;
}

/** As a filter value: the key must exist, whatever its value (Backstage's symbol, shared through Symbol.for). */
export const CATALOG_FILTER_EXISTS = Symbol.for('CATALOG_FILTER_EXISTS');

function filterParam(filter: EntityFilter): string {
  return Object.entries(filter)
    .flatMap(([key, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'symbol' ? key : `${key}=${v}`)),
    )
    .join(',');
}

/**
 * The typed client of Paved's API, for the CLI (Node) and the portal (browser). Every method
 * answers the parsed body or throws {@link PavedHttpError} / {@link PavedUnreachableError}.
 */
export function createPavedClient(options: PavedClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  async function request<T>(
    method: string,
    path: string,
    init: { body?: unknown; query?: URLSearchParams; signal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = options.token?.();
    if (token) headers.authorization = `Bearer ${token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const query = init.query?.toString();
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}${query ? `?${query}` : ''}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      throw new PavedUnreachableError(baseUrl, error);
    }
    const text = await response.text();
    if (!response.ok) {
      let body: unknown = text;
      let message = text || response.statusText;
      let errorName: string | undefined;
      try {
        body = JSON.parse(text);
        const error = (body as { error?: { message?: string; name?: string } }).error;
        if (error?.message) message = error.message;
        errorName = error?.name;
      } catch {
        // not Backstage-shaped: keep the text
      }
      throw new PavedHttpError(response.status, message, errorName, body);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async function orUndefined<T>(promise: Promise<T>): Promise<T | undefined> {
    try {
      return await promise;
    } catch (error) {
      if (error instanceof PavedHttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  return {
    baseUrl,

    /** An entity by ref (`component:default/checkout`; kind defaults to component); undefined if absent. */
    getEntityByRef(ref: string, signal?: AbortSignal): Promise<Entity | undefined> {
      return orUndefined(
        request<Entity>('GET', `/api/catalog/entities/by-name/${entityPath(ref)}`, { signal }),
      );
    },

    getEntitiesByRefs(refs: string[], fields?: string[]): Promise<{ items: (Entity | null)[] }> {
      return request('POST', '/api/catalog/entities/by-refs', {
        body: { entityRefs: refs, ...(fields ? { fields } : {}) },
      });
    },

    /** `GET /entities/by-query`: filters, full text, order and cursor paging. */
    queryEntities(q: EntitiesQuery, signal?: AbortSignal): Promise<EntitiesQueryResponse> {
      const params = new URLSearchParams();
      if (q.cursor) {
        params.set('cursor', q.cursor);
      } else {
        for (const f of q.filter ?? []) {
          const value = filterParam(f);
          if (value) params.append('filter', value);
        }
        if (q.fullTextFilter?.term) {
          params.set('fullTextFilterTerm', q.fullTextFilter.term);
          if (q.fullTextFilter.fields?.length)
            params.set('fullTextFilterFields', q.fullTextFilter.fields.join(','));
        }
        for (const o of q.orderFields ?? []) params.append('orderField', `${o.field},${o.order}`);
      }
      if (q.fields?.length) params.set('fields', q.fields.join(','));
      if (q.limit !== undefined) params.set('limit', String(q.limit));
      return request('GET', '/api/catalog/entities/by-query', { query: params, signal });
    },

    /** Distinct values and counts of fields, over the entities matching `filter`. */
    getFacets(facets: string[], filter?: EntityFilter[], signal?: AbortSignal): Promise<FacetsResponse> {
      const params = new URLSearchParams();
      for (const f of facets) params.append('facet', f);
      for (const f of filter ?? []) {
        const value = filterParam(f);
        if (value) params.append('filter', value);
      }
      return request('GET', '/api/catalog/entity-facets', { query: params, signal });
    },

    getAncestry(
      ref: string,
    ): Promise<{ rootEntityRef: string; items: { entity: Entity; parentEntityRefs: string[] }[] }> {
      return request('GET', `/api/catalog/entities/by-name/${entityPath(ref)}/ancestry`);
    },

    /** The descriptor document an entity was read from, as written. */
    getEntitySource(ref: string): Promise<EntitySource | undefined> {
      return orUndefined(
        request<EntitySource>('GET', `/api/catalog/entities/by-name/${entityPath(ref)}/source`),
      );
    },

    listErrors(filter: { entityRef?: string; location?: string } = {}): Promise<{ items: CatalogError[] }> {
      const params = new URLSearchParams();
      if (filter.entityRef) params.set('entityRef', filter.entityRef);
      if (filter.location) params.set('location', filter.location);
      return request('GET', '/api/catalog/errors', { query: params });
    },

    listSources(): Promise<SourcesResponse> {
      return request('GET', '/api/catalog/sources');
    },

    analyzeLocation(location: { type: string; target: string }): Promise<AnalyzeLocationResponse> {
      return request('POST', '/api/catalog/analyze-location', { body: { location } });
    },

    addLocation(
      location: { type: string; target: string },
      opts: { dryRun?: boolean } = {},
    ): Promise<AddLocationResponse> {
      const query = opts.dryRun ? new URLSearchParams({ dryRun: 'true' }) : undefined;
      return request('POST', '/api/catalog/locations', { body: location, ...(query ? { query } : {}) });
    },

    deleteLocation(id: string): Promise<void> {
      return request('DELETE', `/api/catalog/locations/${encodeURIComponent(id)}`);
    },

    /** Reads the entity's source again now. */
    refreshEntity(entityRef: string): Promise<void> {
      return request('POST', '/api/catalog/refresh', { body: { entityRef } });
    },

    /** Every entity with docs, and the state of its build. */
    async listDocs(signal?: AbortSignal): Promise<DocsListItem[]> {
      const body = await request<{ items: DocsListItem[] }>('GET', '/api/docs', { signal });
      return body.items;
    },

    /** An entity's docs site: name, nav, warnings, last build. */
    getDocsSite(entityRef: string, signal?: AbortSignal): Promise<DocsSite> {
      return request('GET', `/api/docs/${docsPath(entityRef)}`, { signal });
    },

    /** One page of an entity's docs by its URL inside the site ('' is the index page). */
    getDocsPage(entityRef: string, url: string, signal?: AbortSignal): Promise<DocsPage> {
      const page = url.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
      return request('GET', `/api/docs/${docsPath(entityRef)}/pages/${page}`, { signal });
    },

    /** Builds an entity's docs now, even when its sources did not change. */
    rebuildDocs(entityRef: string): Promise<DocsRebuildResult> {
      return request('POST', `/api/docs/${docsPath(entityRef)}/rebuild`);
    },

    /** The global search: entities, and pages of docs beside them. */
    search(
      term: string,
      opts: { limit?: number; kinds?: string[] } = {},
      signal?: AbortSignal,
    ): Promise<SearchResponse> {
      const params = new URLSearchParams({ term });
      if (opts.limit !== undefined) params.set('limit', String(opts.limit));
      for (const kind of opts.kinds ?? []) params.append('kind', kind);
      return request('GET', '/api/search', { query: params, signal });
    },

    /** A template's form: title, description and one JSON Schema per page. */
    getParameterSchema(templateRef: string, signal?: AbortSignal): Promise<TemplateParameterSchema> {
      return request('GET', `/api/scaffolder/v2/templates/${templatePath(templateRef)}/parameter-schema`, {
        signal,
      });
    },

    /** Checks form values on the server (all pages, or only `page`); nothing is created. */
    validateTemplateValues(
      templateRef: string,
      values: Record<string, unknown>,
      page?: number,
      signal?: AbortSignal,
    ): Promise<{ errors: TemplateParameterError[] }> {
      return request('POST', `/api/scaffolder/v2/templates/${templatePath(templateRef)}/validate`, {
        body: { values, ...(page !== undefined ? { page } : {}) },
        signal,
      });
    },

    /**
     * Runs a template. Values the parameters refuse throw a 400 {@link PavedHttpError} whose body
     * holds `errors` (see {@link templateErrorsOf}).
     */
    createTask(request_: {
      templateRef: string;
      values: Record<string, unknown>;
      secrets?: Record<string, string>;
    }): Promise<{ id: string }> {
      return request('POST', '/api/scaffolder/v2/tasks', { body: request_ });
    },

    getTask(id: string, signal?: AbortSignal): Promise<ScaffolderTask> {
      return request('GET', `/api/scaffolder/v2/tasks/${encodeURIComponent(id)}`, { signal });
    },

    /** Tasks, newest first: a user's history with `createdBy: [userRef]`. */
    listTasks(query: ListTasksQuery = {}, signal?: AbortSignal): Promise<TaskList> {
      const params = new URLSearchParams();
      for (const ref of query.createdBy ?? []) params.append('createdBy', ref);
      for (const status of query.status ?? []) params.append('status', status);
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      if (query.offset !== undefined) params.set('offset', String(query.offset));
      if (query.order) params.set('order', query.order);
      return request('GET', '/api/scaffolder/v2/tasks', { query: params, signal });
    },

    /**
     * Runs a template with no side effects and answers the rendered files, log and output. Values
     * the parameters refuse throw a 400 {@link PavedHttpError} whose body holds `errors`.
     */
    dryRun(request_: DryRunRequest, signal?: AbortSignal): Promise<DryRunResult> {
      return request('POST', '/api/scaffolder/v2/dry-run', { body: request_, signal });
    },

    /** Which template made an entity: the latest run that registered it; undefined when none did. */
    async getProvenance(entityRef: string, signal?: AbortSignal): Promise<Provenance | undefined> {
      const { items } = await request<{ items: Provenance[] }>('GET', '/api/scaffolder/v2/provenance', {
        query: new URLSearchParams({ entityRef }),
        signal,
      });
      return items[0];
    },

    cancelTask(id: string): Promise<{ status: string }> {
      return request('POST', `/api/scaffolder/v2/tasks/${encodeURIComponent(id)}/cancel`);
    },

    /** Runs a failed or cancelled task again; answers the id of the task (the same one). */
    retryTask(id: string, secrets?: Record<string, string>): Promise<{ id: string }> {
      return request('POST', `/api/scaffolder/v2/tasks/${encodeURIComponent(id)}/retry`, {
        body: secrets ? { secrets } : {},
      });
    },

    /** Where a task's server-sent events are read (for an EventSource). */
    taskEventStreamUrl(id: string): string {
      return `${baseUrl}/api/scaffolder/v2/tasks/${encodeURIComponent(id)}/eventstream`;
    },

    me(): Promise<Identity> {
      return request('GET', '/api/auth/me');
    },

    /** Embedded mode: act as a catalog User (a session cookie is set). */
    signIn(userRef: string): Promise<Identity> {
      return request('POST', '/api/auth/sign-in', { body: { userRef } });
    },

    signOut(): Promise<void> {
      return request('POST', '/api/auth/sign-out');
    },
  };
}

export type PavedClient = ReturnType<typeof createPavedClient>;

/** `<namespace>/<kind>/<name>` of an entity ref, as /api/docs paths name it. */
function docsPath(entityRef: string): string {
  const { kind, namespace, name } = parseRef(entityRef);
  return [namespace, kind, name].map((part) => encodeURIComponent(part.toLowerCase())).join('/');
}
