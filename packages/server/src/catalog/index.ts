import type { Entity } from '@paved/model';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AccessService } from '../access/index.ts';
import type { CatalogConfig } from '../config/config.ts';
import type { Database } from '../store/index.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { createCatalogService } from './catalog.service.ts';
import { createCatalogStore } from './catalog.store.ts';
import { createCatalogView } from './catalog.view.ts';
import { entityQueryRoutes } from './entities.routes.ts';
import { createEntitySearch } from './entity-search.ts';
import { entitySourceRoutes } from './entity-source.routes.ts';
import { createEntitySourceReader } from './entity-source.service.ts';
import { createGitCheckouts, parseGitTarget } from './git/index.ts';
import { createIngestionService } from './ingestion/ingestion.service.ts';
import { createParsePool } from './ingestion/parse-pool.ts';
import { buildSearchDocument, EntityIndex } from './query/index.ts';

export type { CatalogService } from './catalog.service.ts';

/** A served entity added or changed (`entity` set), or gone (`entity` undefined). */
export interface EntityChange {
  ref: string;
  entity?: Entity | undefined;
}

/**
 * The catalog module: its store, ingestion, in-memory query index and routes, wired from the
 * ports it needs. The module's only door.
 */
export async function createCatalogModule(options: {
  db: Database;
  log: Logger;
  access: AccessService;
  config: CatalogConfig;
  gitCacheDir: string;
  /** Poll the change feed for writes made by other replicas (PostgreSQL). */
  followChanges: boolean;
}) {
  const { db, log, config } = options;
  const store = createCatalogStore(db);
  const index = new EntityIndex();
  // Other modules (docs) learn of served entities through `watchEntities`.
  const changeListeners = new Set<(change: EntityChange) => void>();
  const refOfUid = new Map<string, string>();
  const notify = (change: EntityChange) => {
    for (const listener of changeListeners) listener(change);
  };
  // Results are read from the view, which exists before any search runs.
  const search = createEntitySearch({ served: (ref) => view.getByRef(ref) });
  const view = createCatalogView({
    store,
    log,
    index: {
      upsert: (entity) => {
        // First: the query index may refuse an entity (the view logs it); search takes every one.
        search.upsert(entity);
        index.upsert({ uid: entity.uid, ref: entity.ref, search: buildSearchDocument(entity.entity) });
        refOfUid.set(entity.uid, entity.ref);
        notify({ ref: entity.ref, entity: entity.entity });
      },
      remove: (uid) => {
        search.remove(uid);
        index.remove(uid);
        const ref = refOfUid.get(uid);
        refOfUid.delete(uid);
        // A ref served again under a new uid is removed, then upserted: listeners see both.
        if (ref !== undefined) notify({ ref });
      },
    },
  });
  const pool = createParsePool({ workers: config.workers });
  const checkouts = createGitCheckouts({ cacheDir: options.gitCacheDir, log });
  const ingestion = createIngestionService({
    store,
    pool,
    log,
    git: {
      parseTarget: parseGitTarget,
      sync: (url, ref) => checkouts.sync(url, ref),
      dirOf: (url, ref) => checkouts.dirOf(url, ref),
    },
    orphanPolicy: config.orphanPolicy,
    fileRoots: config.fileRoots,
    watch: config.watch,
    gitRefreshMs: config.gitRefreshMs,
    allowedHosts: config.allowedHosts,
    onWrite: (publish) => view.stitchAndPublish(publish),
  });
  const service = createCatalogService({ store, ingestion, view });
  const source = createEntitySourceReader({ store, view, locateFile: ingestion.locateFile });

  const loadStarted = performance.now();
  await view.load();
  // Whatever a previous run left queued (a crash between processing and stitching, or during a
  // source's first read) is finished now.
  await store.finishDeferredReads(config.orphanPolicy);
  await view.stitchAndPublish();
  log.info({ entities: view.size, ms: Math.round(performance.now() - loadStarted) }, 'catalog loaded');

  return {
    service,
    index,
    view,
    /** The catalog's part of the global search (GET /api/search). */
    searchProvider: search.provider,
    /**
     * Calls `listener` for every served entity now, then for every change (after it is served).
     * Returns the function that stops it.
     */
    watchEntities(listener: (change: EntityChange) => void): () => void {
      for (const ref of new Set(refOfUid.values())) {
        const json = view.getByRef(ref);
        if (json !== undefined) listener({ ref, entity: JSON.parse(json) as Entity });
      }
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },

    /**
     * The file an entity is declared in, and the folder of its source (a local tree or the git
     * checkout as last synced) that reads must stay inside. Undefined for generated entities.
     */
    async locateEntityFile(
      entityRef: string,
    ): Promise<{ root: string; path: string; sourceType: string } | undefined> {
      const declared = await store.fileOf(entityRef);
      if (!declared || declared.location.startsWith('registration:')) return undefined;
      const source = { type: declared.sourceType, target: declared.sourceTarget };
      const file = await ingestion.locateFile(source, declared.location).catch(() => undefined);
      return file && { ...file, sourceType: declared.sourceType };
    },

    /**
     * Hosts descriptors may name repositories on (Location targets elsewhere, docs of their own):
     * those of registered git and url sources, and the configured ones. Never any host at all.
     */
    allowedHosts: () => ingestion.allowedHosts(),

    /** A catalog User by canonical ref, for sign-in and identifying requests. */
    findUser: (userRef: string) => service.findUser(userRef),
    async register(app: FastifyInstance): Promise<void> {
      await catalogRoutes(app, { catalog: service, access: options.access });
      await entityQueryRoutes(app, { catalog: service, index });
      await entitySourceRoutes(app, { source });
    },

    /** Registers configured sources and removes config sources that are no longer configured. */
    async reconcileConfiguredSources(locations: { type: string; target: string }[]): Promise<void> {
      const wanted = new Set(locations.map((l) => `${l.type}:${l.target}`));
      for (const source of await store.listSources()) {
        if (source.origin === 'config' && !wanted.has(`${source.type}:${source.target}`)) {
          log.info({ source: `${source.type}:${source.target}` }, 'source no longer configured; removing it');
          await ingestion.unregister(source.id);
        }
      }
      for (const l of locations) await ingestion.register({ ...l, origin: 'config', onConflict: 'return' });
    },

    /** Registers the demo organisation (a file source of origin `demo`, never reconciled away). */
    async registerDemo(target: string): Promise<void> {
      await ingestion.register({ type: 'file', target, origin: 'demo', onConflict: 'return' });
    },

    /** Reads every source once (in the background of serving), then follows changes. */
    async start(): Promise<void> {
      ingestion.startSchedules();
      if (options.followChanges) view.follow(1000, () => !ingestion.reading());
      await ingestion.refreshAll();
    },

    async settle(): Promise<void> {
      await ingestion.idle();
      await view.stitchAndPublish();
    },

    /** Resolves when no source is being read (cheap when none is: no query). */
    readsSettled: (): Promise<void> => ingestion.idle(),

    async stop(): Promise<void> {
      view.stop();
      await ingestion.stop();
      await pool.close();
    },
  };
}
