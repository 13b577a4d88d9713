import type { Entity } from '@paved/model';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AccessService } from '../access/index.ts';
import { createGitCheckouts } from '../catalog/git/index.ts';
import type { EntityChange } from '../catalog/index.ts';
import type { Database } from '../store/index.ts';
import { type BuildSite, createDocsBuilder } from './docs.builder.ts';
import { hashDocsInputs } from './docs.inputs.ts';
import { docsRoutes } from './docs.routes.ts';
import { createDocsService } from './docs.service.ts';
import { type LocateEntityFile, resolveDocsSource, TECHDOCS_REF } from './docs.sources.ts';
import { createDocsStore } from './docs.store.ts';
import { createDocsSearch } from './docs-search.ts';

export type { BuildSite, DocsBuildOutcome } from './docs.builder.ts';
export type { DocsService } from './docs.service.ts';

/** How often sites that are not watched (git checkouts) are checked for changes. */
const DEFAULT_RECHECK_MS = 60_000;

/** What the docs module needs of the catalog. */
export interface DocsCatalogPort {
  /** Every served entity now, then every change (catalog `watchEntities`). */
  watchEntities(listener: (change: EntityChange) => void): () => void;
  locateEntityFile: LocateEntityFile;
  /** The served JSON of an entity. */
  getByRef(entityRef: string): string | undefined;
}

/**
 * Docs as code: renders the mkdocs sites of entities with `backstage.io/techdocs-ref`, keeps them
 * in the store (pages indexed for the global search) and serves them under /api/docs. The
 * module's only door.
 */
export function createDocsModule(options: {
  db: Database;
  log: Logger;
  access: AccessService;
  catalog: DocsCatalogPort;
  /** The renderer (`buildSite` of @paved/docs). */
  build: BuildSite;
  /** Watch local docs folders and rebuild on edits. */
  watch: boolean;
  /** Folders local (`file://`) repositories of `url:` refs may be in. */
  fileRoots: string[];
  /** Hosts remote repositories of `url:` refs may be on. */
  allowedHosts: () => Promise<string[]>;
  /** Where `url:` repositories are checked out. */
  gitCacheDir: string;
  /** Several replicas share the store: cached answers expire, since another may build a site. */
  shared: boolean;
  /** Part of every input hash: a new renderer builds every site again. */
  engineVersion: string;
  recheckMs?: number;
  /** How often repositories of `url:` refs are fetched again (the catalog's git refresh). */
  urlRefreshMs?: number;
  /** Resolves when background builds may take the thread again (after API requests). */
  backgroundTurn?: () => Promise<void>;
}) {
  const { engineVersion } = options;
  const { db, log, catalog } = options;
  const store = createDocsStore(db);
  const checkouts = createGitCheckouts({ cacheDir: options.gitCacheDir, log, timeoutMs: 60_000 });
  /**
   * The techdocs-ref of every documented entity, by ref. Only the ref: keeping each parsed
   * entity too held tens of thousands of object trees (every component of a large import)
   * beside the catalog's own JSON, for requests that can parse the one they need.
   */
  const documented = new Map<string, string>();
  const isDocumented = (entityRef: string) => documented.has(entityRef);

  const builder = createDocsBuilder({
    store,
    build: options.build,
    log,
    watch: options.watch,
    backgroundTurn: options.backgroundTurn,
    techdocsRefOf: (entityRef) => documented.get(entityRef),
    resolveSource: (entityRef, techdocsRef) =>
      resolveDocsSource(entityRef, techdocsRef, {
        locate: catalog.locateEntityFile,
        checkouts,
        fileRoots: options.fileRoots,
        allowedHosts: options.allowedHosts,
      }),
    // A new engine renders differently: every site is built again once.
    hashInputs: (dir, salt) => hashDocsInputs(dir, stamps, `${engineVersion}\0${salt}`),
    onStored: (entityRef) => service.forget(entityRef),
  });
  const stamps = new Map<string, { size: number; mtimeMs: number; ctimeMs: number; hash: string }>();
  const service = createDocsService({
    store,
    builder,
    isDocumented,
    entityOf: (entityRef) => {
      const json = catalog.getByRef(entityRef);
      return json === undefined ? undefined : (JSON.parse(json) as Entity);
    },
    cacheTtlMs: options.shared ? 5_000 : undefined,
  });

  let started = false;
  let unsubscribe: (() => void) | undefined;
  let recheck: NodeJS.Timeout | undefined;

  function onChange(change: EntityChange): void {
    const entityRef = change.ref;
    const techdocsRef = change.entity?.metadata.annotations?.[TECHDOCS_REF];
    if (change.entity && typeof techdocsRef === 'string' && techdocsRef.trim() !== '') {
      documented.set(entityRef, techdocsRef);
    } else if (!documented.delete(entityRef)) {
      return;
    }
    // The build checks the input hash: an entity edit that leaves its docs alone builds nothing.
    if (started) builder.scheduleSoon(entityRef);
  }

  return {
    service,
    /** The docs' part of the global search (GET /api/search). */
    searchProvider: createDocsSearch({ store, isDocumented }),

    async register(app: FastifyInstance): Promise<void> {
      await docsRoutes(app, { docs: service, access: options.access });
    },

    /** Follows the catalog and builds what changed since the last run, in the background. */
    async start(): Promise<void> {
      unsubscribe = catalog.watchEntities(onChange);
      started = true;
      const stored = await store.listRefs();
      for (const entityRef of new Set([...documented.keys(), ...stored])) builder.scheduleSoon(entityRef);
      // Sites in watched local folders are rebuilt by their watchers, never re-hashed on a timer
      // (with thousands of documented entities that kept the server busy for good). Others are:
      // unwatched folders and the catalog's own checkouts often (cheap); sites of their own
      // repository (url:) only as often as git sources are fetched.
      const fetchedAt = new Map<string, number>();
      recheck = setInterval(() => {
        const now = Date.now();
        for (const [entityRef, techdocsRef] of documented) {
          if (builder.isWatched(entityRef)) continue;
          if (techdocsRef.trim().startsWith('url:')) {
            if (now - (fetchedAt.get(entityRef) ?? 0) < (options.urlRefreshMs ?? 0)) continue;
            fetchedAt.set(entityRef, now);
          }
          builder.scheduleSoon(entityRef);
        }
      }, options.recheckMs ?? DEFAULT_RECHECK_MS);
      recheck.unref();
    },

    /** Resolves when no build is queued or running (tests). */
    settle: () => builder.idle(),

    async stop(): Promise<void> {
      started = false;
      unsubscribe?.();
      if (recheck) clearInterval(recheck);
      await builder.stop();
    },
  };
}
