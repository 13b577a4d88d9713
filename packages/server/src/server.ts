import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSite, ENGINE_VERSION } from '@paved/docs';
import { type Entity, stringifyEntityRef } from '@paved/model';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { authRoutes, createAccessService, createSessionTokens, type ResolveUser } from './access/index.ts';
import { createCatalogModule } from './catalog/index.ts';
import { DEMO_CATALOGS, type PavedConfig } from './config/config.ts';
import { createDocsModule } from './docs/index.ts';
import { createHttpApp } from './http/app.ts';
import { createPortal } from './portal/index.ts';
import { createLogger, openStore } from './prestart.ts';
import {
  type ActionEntity,
  type ActionServices,
  createScaffolderModule,
  gitHostingRoutes,
} from './scaffolder/index.ts';
import { createSearchModule } from './search/index.ts';
import type { Database } from './store/index.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface RunningPaved {
  url: string;
  app: FastifyInstance;
  db: Database;
  /** Resolves when every configured source has been read once. */
  initialRead: Promise<void>;
  /** Waits for reads in flight and publishes what they wrote (tests, benchmarks). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

async function getSetting(db: Database, key: string): Promise<unknown> {
  const { rows } = await db.query<{ value: unknown }>('SELECT value FROM paved_settings WHERE key = $1', [
    key,
  ]);
  return rows[0]?.value;
}

async function setSetting(db: Database, key: string, value: unknown): Promise<void> {
  await db.query(
    `INSERT INTO paved_settings (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}

/**
 * The secret that signs session tokens: made once per installation (and shared by every replica
 * of it), kept in paved_settings. Deleting the row ends every session at the next start.
 */
async function sessionSecret(db: Database): Promise<Buffer> {
  // Two replicas starting together: the first insert wins and both read the same secret.
  await db.query(
    `INSERT INTO paved_settings (key, value) VALUES ('session_secret', $1) ON CONFLICT (key) DO NOTHING`,
    [JSON.stringify(randomBytes(32).toString('base64'))],
  );
  const value = await getSetting(db, 'session_secret');
  if (typeof value !== 'string' || Buffer.from(value, 'base64').length < 32) {
    throw new Error(
      'paved_settings.session_secret is not a base64 secret of 32 bytes or more; delete the row to make a new one',
    );
  }
  return Buffer.from(value, 'base64');
}

/** Opens the store, loads the catalog, serves the API; the order of shutdown mirrors start-up. */
export async function startPaved(
  config: PavedConfig,
  /** `db`: an open, migrated store to use instead of the configured one (opened early, tests). */
  options: { log?: Logger; db?: Database } = {},
): Promise<RunningPaved> {
  const log = options.log ?? createLogger(config);
  const db = options.db ?? (await openStore(config, log));
  log.info({ store: db.kind, dataDir: config.databaseUrl ? undefined : config.dataDir }, 'store open');
  // Access identifies requests by catalog Users, and the catalog audits through access: the
  // catalog is handed to access here, once built, instead of either module importing the other.
  let findUser: ResolveUser = () => undefined;
  const access = createAccessService({
    db,
    sessions: createSessionTokens({ secret: await sessionSecret(db) }),
    resolveUser: (userRef) => findUser(userRef),
  });
  const catalog = await createCatalogModule({
    db,
    log,
    access,
    config: config.catalog,
    gitCacheDir: join(config.dataDir, '..', 'git'),
    followChanges: db.kind === 'postgres',
  });
  findUser = catalog.findUser;
  // The API comes first on this thread: background work (thousands of docs builds after a large
  // import) waits while requests come and go, but never more than a second per step. (Requests
  // in flight are not counted: a long-lived one, such as a task's event stream, would hold it.)
  let lastRequestAt = 0;
  const backgroundTurn = async (): Promise<void> => {
    const until = performance.now() + 1000;
    await new Promise((resolve) => setImmediate(resolve));
    while (performance.now() < until && performance.now() - lastRequestAt < 20) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  // Docs of entities with backstage.io/techdocs-ref: built from their sources, served from the store.
  const docs = createDocsModule({
    db,
    log,
    access,
    catalog: {
      watchEntities: (listener) => catalog.watchEntities(listener),
      // Sources being read come first: a docs build waits until the catalog has settled (a first
      // read of 100k entities would otherwise share its thread with thousands of docs builds).
      locateEntityFile: async (entityRef) => {
        await catalog.readsSettled();
        return catalog.locateEntityFile(entityRef);
      },
      getByRef: (entityRef) => catalog.service.getByRef(entityRef),
    },
    build: buildSite,
    engineVersion: ENGINE_VERSION,
    watch: config.catalog.watch,
    fileRoots: config.catalog.fileRoots,
    // url: refs clone only from hosts the catalog already reads, and those configured.
    allowedHosts: () => catalog.allowedHosts(),
    gitCacheDir: join(config.dataDir, '..', 'docs-git'),
    urlRefreshMs: config.catalog.gitRefreshMs,
    shared: db.kind === 'postgres',
    backgroundTurn,
  });
  const search = createSearchModule({
    providers: [catalog.searchProvider],
    asyncProviders: [docs.searchProvider],
    onProviderError: (error) => log.warn({ err: error }, 'docs search failed'),
  });
  // Paved hosts the repositories templates publish with `paved://owner/name` (embedded mode);
  // their clone URLs need the address the server listens on, known once it listens.
  const gitHosting = { root: join(config.dataDir, '..', 'repositories'), baseUrl: '' };
  const actionServices: ActionServices = {
    gitHosting,
    async getEntityByRef(ref) {
      const json = catalog.service.getByRef(ref);
      return json === undefined ? undefined : (JSON.parse(json) as ActionEntity);
    },
    async registerLocation(location, { createdBy }) {
      const input = { type: location.type, target: location.target, presence: location.presence };
      const by = createdBy ?? 'scaffolder';
      await catalog.service.createLocation(input, { dryRun: false, onConflict: 'refresh', createdBy: by });
      // As Backstage's catalog:register answers entityRef: what the registered file declares.
      const preview = await catalog.service.createLocation(input, { dryRun: true, createdBy: by });
      return { entityRefs: preview.entities.map((e) => stringifyEntityRef(e)) };
    },
  };
  const scaffolder = createScaffolderModule({
    actionServices,
    db,
    access,
    findEntity: (entityRef) => {
      const json = catalog.service.getByRef(entityRef);
      return json === undefined ? undefined : (JSON.parse(json) as Entity);
    },
    findUserEntity: (userRef) => catalog.findUser(userRef)?.entity,
    // Templates from git sources are read in the catalog's checkout of their repository.
    locateEntityFile: (entityRef) => catalog.locateEntityFile(entityRef),
    taskDirectory: join(config.dataDir, '..', 'workspaces'),
    log,
  });
  const portal = createPortal({ dir: config.portalDir, log });

  // Configured sources: register new ones; drop those no longer configured (Backstage parity).
  await catalog.reconcileConfiguredSources(config.catalog.locations);
  // Each demo source once per installation (marked only once registered).
  if (config.catalog.demo) await registerDemoSources(db, catalog);

  let ready = false;
  const app = await createHttpApp({
    log,
    access,
    bodyLimit: config.bodyLimit,
    version: VERSION,
    isReady: () => ready,
    modules: [
      { prefix: '/api/catalog', register: catalog.register },
      { prefix: '/api/search', register: search.register },
      { prefix: '/api/docs', register: docs.register },
      { prefix: '/api/scaffolder', register: scaffolder.register },
      { prefix: '/api/auth', register: (scoped) => authRoutes(scoped, { access }) },
      { prefix: '', register: (scoped) => gitHostingRoutes(scoped, { root: gitHosting.root }) },
    ],
    portal,
  });
  app.server.on('request', (_request, response) => {
    lastRequestAt = performance.now();
    response.once('close', () => {
      lastRequestAt = performance.now();
    });
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  gitHosting.baseUrl = url;
  ready = true;
  log.info({ url }, 'Paved is serving');
  const initialRead = catalog.start();
  scaffolder.start();
  await docs.start();

  let closed = false;
  return {
    url,
    app,
    db,
    initialRead,
    async settle() {
      await catalog.settle();
      await docs.settle();
    },
    async close() {
      if (closed) return;
      closed = true;
      ready = false;
      // First: tasks in flight end (as interrupted) and event streams close, or app.close() waits on them.
      await scaffolder.stop();
      await app.close();
      await docs.stop();
      await catalog.stop();
      await db.close();
    },
  };
}

/**
 * Registers the demo sources this installation has not had yet. The first version marked only
 * `demo_loaded` (the examples), so that one counts as the examples.
 */
async function registerDemoSources(
  db: Database,
  catalog: { registerDemo(target: string): Promise<void> },
): Promise<void> {
  const stored = await getSetting(db, 'demo_sources_loaded');
  const loaded = new Set(Array.isArray(stored) ? stored.filter((id) => typeof id === 'string') : []);
  if (await getSetting(db, 'demo_loaded')) loaded.add('examples');
  for (const source of DEMO_CATALOGS) {
    if (loaded.has(source.id)) continue;
    await catalog.registerDemo(source.target);
    loaded.add(source.id);
    await setSetting(db, 'demo_sources_loaded', [...loaded]);
  }
}
