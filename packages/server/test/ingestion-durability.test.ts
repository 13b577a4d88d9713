import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Entity } from '@paved/model';
import { REVERSE_RELATION } from '@paved/model';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { type RunningPaved, startPaved } from '../src/server.ts';
import { createTestDatabase, storeKinds } from '../src/testing/databases.ts';
import {
  type Api,
  apiClient,
  componentDoc,
  listEntities,
  listErrors,
  locationDoc,
  mustGetEntity,
  refOf,
  servedRefs,
  treeForTest,
  waitFor,
  yamlFile,
} from './fixtures/ingestion/harness.ts';

// What survives a stop and a crash: the store is the truth, the in-memory index is rebuilt from
// it, and a first read killed half-way is finished by the next start (ADR 0004).

const REPOSITORY = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = join(REPOSITORY, 'packages/cli/bin/paved.js');
const GENERATOR = '/work/shared/bench/gen-catalog.mjs';
const GENERATED_ENTITIES = 3000;

const REVERSE = REVERSE_RELATION;

/** Every relation between two served entities is served from both ends; returns the ones that are not. */
function unstitched(entities: Entity[]): string[] {
  const byRef = new Map(entities.map((e) => [refOf(e), e]));
  const missing: string[] = [];
  for (const entity of entities) {
    const ref = refOf(entity);
    for (const relation of entity.relations ?? []) {
      const target = byRef.get(relation.targetRef);
      const reverse = REVERSE[relation.type];
      if (!target || !reverse) continue;
      if (!target.relations?.some((r) => r.type === reverse && r.targetRef === ref)) {
        missing.push(`${relation.targetRef} lacks ${reverse} ${ref}`);
      }
    }
  }
  return missing;
}

/** A store both runs of a test share: a PGlite data folder, or one PostgreSQL database. */
async function sharedStore(store: 'pglite' | 'postgres', dataDir: string) {
  if (store === 'pglite') return { dataDir, databaseUrl: undefined };
  // Created empty: each start migrates it, as `paved start` does with DATABASE_URL.
  const database = await createTestDatabase('postgres', { migrate: false });
  onTestFinished(() => database.dispose());
  return { dataDir, databaseUrl: database.url };
}

interface Launched {
  child: ChildProcess;
  api: Api;
  output(): string;
  exited: Promise<number | null>;
}

/** `paved start` as an operator runs it; resolves once it serves. */
async function launchCli(args: string[], env: NodeJS.ProcessEnv): Promise<Launched> {
  const child = spawn(process.execPath, [CLI, 'start', ...args], { cwd: REPOSITORY, env, stdio: 'pipe' });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const { value: url } = await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`paved start exited with ${child.exitCode}:\n${output}`);
      return /Paved is serving on (http:\/\/\S+)/.exec(output)?.[1];
    },
    { timeoutMs: 90_000, intervalMs: 50, what: 'paved start to serve' },
  );
  return { child, api: apiClient(url), output: () => output, exited };
}

interface SourcesBody {
  items: { status: string; refreshedAt: string | null }[];
  counts: { entities: number; files: number; stitchQueue: number };
}

for (const { kind: store, skip } of storeKinds) {
  describe.skipIf(skip)(`durability (${store})`, () => {
    it('removes at start a source that is no longer configured, with its entities, and keeps the others', async () => {
      const tree = await treeForTest({
        'kept.yaml': yamlFile(componentDoc('kept-service')),
        'dropped.yaml': yamlFile(componentDoc('dropped-service')),
      });
      const { dataDir, databaseUrl } = await sharedStore(store, tree.path('.paved/data'));
      const log = pino({ level: 'silent' });
      const start = async (catalog: string[]) => {
        const config = loadConfig(
          { port: 0, dataDir, databaseUrl, catalog, demo: false, watch: false, workers: 0 },
          {},
          tree.dir,
        );
        const paved = await startPaved(config, { log });
        onTestFinished(() => paved.close());
        await paved.initialRead;
        await paved.settle();
        return paved;
      };
      const names = async (url: string) =>
        (await listEntities(apiClient(url)))
          .filter((e) => e.kind === 'Component')
          .map((e) => e.metadata.name);

      const first = await start([tree.path('kept.yaml'), tree.path('dropped.yaml')]);
      expect((await names(first.url)).sort()).toEqual(['dropped-service', 'kept-service']);
      const keptUid = (await listEntities(apiClient(first.url))).find(
        (e) => e.metadata.name === 'kept-service',
      )?.metadata.uid;
      await first.close();

      const second = await start([tree.path('kept.yaml')]);
      expect(await names(second.url)).toEqual(['kept-service']);
      const sources = (await (await fetch(`${second.url}/api/catalog/sources`)).json()) as {
        items: { target: string }[];
      };
      expect(sources.items.map((s) => s.target)).toEqual([tree.path('kept.yaml')]);
      // The source that stayed was not read from scratch: same entity, same uid.
      expect(
        (await listEntities(apiClient(second.url))).find((e) => e.metadata.name === 'kept-service')?.metadata
          .uid,
      ).toBe(keptUid);
    });

    it('serves the same entities, uids and etags after a restart, before re-reading, then catches up with edits made while stopped', async () => {
      const tree = await treeForTest({
        'catalog-info.yaml': yamlFile(locationDoc('root', ['./a.yaml', './org.yaml'])),
        'a.yaml': yamlFile(
          componentDoc('alpha', { owner: 'team-x' }),
          componentDoc('beta', { owner: 'team-x' }),
        ),
        'org.yaml': yamlFile(
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'team-x' },
            spec: { type: 'team', children: [] },
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'ann' },
            spec: { memberOf: ['team-x'] },
          },
        ),
      });
      const { dataDir, databaseUrl } = await sharedStore(store, tree.path('.paved/data'));
      const config = loadConfig(
        {
          port: 0,
          dataDir,
          databaseUrl,
          catalog: [tree.path('catalog-info.yaml')],
          demo: false,
          watch: false,
          workers: 0,
        },
        {},
        tree.dir,
      );
      const log = pino({ level: 'silent' });
      const start = async () => {
        const paved = await startPaved(config, { log });
        onTestFinished(() => paved.close());
        return paved;
      };
      const first = await start();
      await first.initialRead;
      await first.settle();
      const before = new Map((await listEntities(apiClient(first.url))).map((e) => [refOf(e), e]));
      expect(before.get('group:default/team-x')?.relations).toContainEqual({
        type: 'hasMember',
        targetRef: 'user:default/ann',
      });
      await first.close();

      await tree.write(
        'a.yaml',
        yamlFile(
          componentDoc('alpha', { owner: 'team-x' }),
          componentDoc('beta', {}, { description: 'edited while stopped' }),
        ),
      );
      const second: RunningPaved = await start();
      const api = apiClient(second.url);
      // Served from the store at once, before the sources are read again.
      expect(await servedRefs(api)).toEqual([...before.keys()].sort());
      await second.initialRead;
      await second.settle();

      const after = new Map((await listEntities(api)).map((e) => [refOf(e), e]));
      for (const ref of before.keys())
        expect(after.get(ref)?.metadata.uid, ref).toBe(before.get(ref)?.metadata.uid);
      // Untouched and unrelated to the edit: byte for byte the same document.
      for (const ref of ['component:default/alpha', 'user:default/ann']) {
        expect(after.get(ref)?.metadata.etag, ref).toBe(before.get(ref)?.metadata.etag);
      }
      const beta = await mustGetEntity(api, 'component', 'beta');
      expect(beta.metadata.uid).toBe(before.get('component:default/beta')?.metadata.uid);
      expect(beta.metadata.description).toBe('edited while stopped');
      expect(beta.relations).toEqual([{ type: 'ownedBy', targetRef: 'group:default/team-a' }]);
      expect((await mustGetEntity(api, 'group', 'team-x')).relations).not.toContainEqual({
        type: 'ownerOf',
        targetRef: 'component:default/beta',
      });
      expect(await listErrors(api)).toEqual([]);
    });

    it(`finishes a first read of ${GENERATED_ENTITIES.toLocaleString('en-US')} entities killed half-way: every entity served once, relations stitched`, async () => {
      const tree = await treeForTest();
      await promisify(execFile)(process.execPath, [
        GENERATOR,
        '--entities',
        String(GENERATED_ENTITIES),
        '--out',
        tree.path('catalog'),
      ]);
      const counts = JSON.parse(await readFile(tree.path('catalog/counts.json'), 'utf8')) as Record<
        string,
        number
      >;
      const { dataDir, databaseUrl } = await sharedStore(store, tree.path('data'));
      const env: NodeJS.ProcessEnv = { ...process.env, PAVED_LOG_LEVEL: 'warn' };
      delete env.DATABASE_URL;
      if (databaseUrl) env.DATABASE_URL = databaseUrl;
      const args = [
        '--data',
        dataDir,
        '--port',
        '0',
        '--no-demo',
        '--no-watch',
        '--catalog',
        tree.path('catalog/catalog-info.yaml'),
      ];

      const first = await launchCli(args, env);
      const { value: killedAt } = await waitFor(
        async () => {
          const sources = await first.api.get('/api/catalog/sources');
          const body = sources.body as SourcesBody;
          if (body.counts.files === 0) return undefined;
          first.child.kill('SIGKILL');
          return { status: body.items[0]?.status, ...body.counts };
        },
        { timeoutMs: 90_000, intervalMs: 20, what: 'the first batch of files to be written' },
      );
      await first.exited;
      // The kill landed during the first read, after some of it was written.
      expect(killedAt.status, first.output()).toBe('pending');

      const second = await launchCli(args, env);
      await waitFor(
        async () => {
          const body = (await second.api.get('/api/catalog/sources')).body as SourcesBody;
          return body.items[0]?.status !== 'pending' && body.counts.stitchQueue === 0 ? body : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 100, what: 'the restarted read to finish' },
      );

      const entities = await listEntities(second.api);
      const refs = entities.map(refOf);
      // Generated entities (counts.total includes its root Location) plus the registration's Location.
      expect(refs.length, second.output()).toBe(counts.total! + 1);
      expect(new Set(refs).size).toBe(refs.length);
      expect(new Set(entities.map((e) => e.metadata.uid)).size).toBe(refs.length);
      for (const kind of ['Group', 'User', 'Domain', 'System', 'Component', 'API', 'Resource']) {
        expect(
          entities.filter((e) => e.kind === kind),
          kind,
        ).toHaveLength(counts[kind]!);
      }
      const query = await second.api.get('/api/catalog/entities/by-query?limit=1');
      expect(query.body.totalItems).toBe(refs.length);
      expect(await listErrors(second.api)).toEqual([]);
      expect(unstitched(entities)).toEqual([]);
      const users = entities.filter((e) => e.kind === 'User');
      expect(users.every((u) => u.relations?.some((r) => r.type === 'memberOf'))).toBe(true);
      const components = entities.filter((e) => e.kind === 'Component');
      expect(components.every((c) => c.relations?.some((r) => r.type === 'ownedBy'))).toBe(true);

      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      console.info(
        `[ingestion-durability:${store}] killed with ${killedAt.files} files / ${killedAt.entities} entities written; after restart ${refs.length} served`,
      );
    }, 240_000);
  });
}
