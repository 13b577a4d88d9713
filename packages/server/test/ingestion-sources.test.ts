import { rename, symlink, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createTestRepository } from '../src/catalog/git/git.testing.ts';
import { storeKinds } from '../src/testing/databases.ts';
import {
  annotation,
  component,
  componentDoc,
  getEntity,
  listErrors,
  locationDoc,
  mustGetEntity,
  refresh,
  servedRefs,
  sourceLocationRef,
  startForTest,
  treeForTest,
  waitFor,
  yamlFile,
} from './fixtures/ingestion/harness.ts';

// What a user sees through the API after pointing Paved at files, globs, Location trees and git
// repositories (reference/catalog.md §1.5, §4.5).

const LOCATION = 'backstage.io/managed-by-location';
const ORIGIN = 'backstage.io/managed-by-origin-location';

for (const { kind: store, skip } of storeKinds) {
  describe.skipIf(skip)(`ingestion sources (${store})`, () => {
    it('serves local files and globs, every document of a multi-document file', async () => {
      const tree = await treeForTest({
        'one.yaml': yamlFile(componentDoc('first'), componentDoc('second')),
        'more/b.yaml': component('b-service'),
        'more/deeper/c.yaml': component('not-matched-by-single-star'),
        'more/d.yml': component('not-matched-by-extension'),
      });
      const paved = await startForTest(tree, {
        store,
        catalog: [tree.path('one.yaml'), tree.path('more/*.yaml')],
      });

      const refs = (await servedRefs(paved)).filter((r) => !r.startsWith('location:'));
      expect(refs).toEqual([
        'component:default/b-service',
        'component:default/first',
        'component:default/second',
      ]);
      const b = await mustGetEntity(paved, 'component', 'b-service');
      expect(annotation(b, LOCATION)).toBe(`file:${tree.path('more/b.yaml')}`);
      expect(annotation(b, ORIGIN)).toBe(`file:${tree.path('more/*.yaml')}`);
      const second = await mustGetEntity(paved, 'component', 'second');
      expect(annotation(second, LOCATION)).toBe(`file:${tree.path('one.yaml')}`);
      expect(await listErrors(paved)).toEqual([]);
    });

    it('follows relative targets, a glob target and nested Locations, and stitches relations across files', async () => {
      const tree = await treeForTest({}, 'tree');
      const paved = await startForTest(tree, { store, catalog: [tree.path('catalog-info.yaml')] });

      const refs = await servedRefs(paved);
      expect(refs).toEqual(
        expect.arrayContaining([
          'location:default/tree-root',
          'location:default/nested',
          'location:default/deeper',
          'group:default/team-a',
          'group:default/team-b',
          'user:default/alice',
          'component:default/payments',
          'component:default/search',
          'component:default/legacy',
          'api:default/payments-api',
        ]),
      );
      // 10 declared entities plus the Location generated for the registration.
      expect(refs).toHaveLength(11);

      const legacy = await mustGetEntity(paved, 'component', 'legacy');
      expect(annotation(legacy, LOCATION)).toBe(`file:${tree.path('nested/deeper/components/legacy.yaml')}`);
      expect(annotation(legacy, ORIGIN)).toBe(`file:${tree.path('catalog-info.yaml')}`);
      const ancestry = await paved.get('/api/catalog/entities/by-name/component/default/legacy/ancestry');
      expect(ancestry.status).toBe(200);
      const chain = (ancestry.body as { items: { entity: { metadata: { name: string } } }[] }).items.map(
        (i) => i.entity.metadata.name,
      );
      expect(chain.slice(0, 4)).toEqual(['legacy', 'deeper', 'nested', 'tree-root']);

      const teamA = await mustGetEntity(paved, 'group', 'team-a');
      expect(teamA.relations).toContainEqual({ type: 'hasMember', targetRef: 'user:default/alice' });
      expect(teamA.relations).toContainEqual({ type: 'ownerOf', targetRef: 'component:default/payments' });
      const api = await mustGetEntity(paved, 'api', 'payments-api');
      expect(api.relations).toContainEqual({
        type: 'apiProvidedBy',
        targetRef: 'component:default/payments',
      });
      expect(api.relations).toContainEqual({ type: 'apiConsumedBy', targetRef: 'component:default/search' });
      expect(await listErrors(paved)).toEqual([]);
    });

    it('resolves $text, $json and $yaml placeholders relative to the file that holds them', async () => {
      const tree = await treeForTest({}, 'tree');
      const paved = await startForTest(tree, { store, catalog: [tree.path('catalog-info.yaml')] });

      const api = await mustGetEntity(paved, 'api', 'payments-api');
      const { readFile } = await import('node:fs/promises');
      expect(api.spec?.definition).toBe(await readFile(tree.path('services/payments/openapi.yaml'), 'utf8'));
      const search = await mustGetEntity(paved, 'component', 'search');
      expect(search.metadata.links).toEqual([
        { url: 'https://grafana.example.com/d/search', title: 'Dashboard' },
      ]);
      expect(search.metadata.labels).toEqual({ tier: 'gold', region: 'eu-west-1' });
    });

    it('refuses a $text placeholder that leaves the source root, naming the root, and still serves the rest of the file', async () => {
      const tree = await treeForTest({
        'catalog-info.yaml': yamlFile(
          componentDoc('good-neighbour'),
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'API',
            metadata: { name: 'leaky' },
            spec: {
              type: 'openapi',
              lifecycle: 'production',
              owner: 'team-a',
              definition: { $text: '../../etc/passwd' },
            },
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'API',
            metadata: { name: 'leaky-link' },
            spec: {
              type: 'openapi',
              lifecycle: 'production',
              owner: 'team-a',
              definition: { $text: './passwd-link' },
            },
          },
        ),
      });
      await symlink('/etc/passwd', tree.path('passwd-link'));
      const paved = await startForTest(tree, { store, catalog: [tree.path('catalog-info.yaml')] });

      await mustGetEntity(paved, 'component', 'good-neighbour');
      expect(await getEntity(paved, 'api', 'leaky')).toBeUndefined();
      expect(await getEntity(paved, 'api', 'leaky-link')).toBeUndefined();
      const errors = await listErrors(paved);
      for (const ref of ['api:default/leaky', 'api:default/leaky-link']) {
        const item = errors.find((e) => e.entityRef === ref);
        expect(item, `an error for ${ref}`).toMatchObject({ kind: 'entity', served: false });
        const message = item!.errors.map((e) => e.message).join('\n');
        expect(message).toContain(tree.dir);
        expect(message).toMatch(/outside the source root/);
        expect(item!.errors[0]).toMatchObject({ path: 'spec.definition', line: expect.any(Number) });
      }
      const everything = JSON.stringify((await paved.get('/api/catalog/entities')).body);
      expect(everything).not.toContain('root:x:0:0');
      expect(JSON.stringify(errors)).not.toContain('root:x:0:0');
    });

    it('refuses Location targets that leave the source root, naming the root, while sibling targets are still read (#7884)', async () => {
      const tree = await treeForTest({
        'root/catalog-info.yaml': yamlFile(
          locationDoc('escapes', [
            '../outside/catalog-info.yaml',
            '../*/catalog-info.yaml',
            '/etc/passwd',
            './link.yaml',
            './missing.yaml',
            './broken.yaml',
            './ok.yaml',
          ]),
        ),
        'root/ok.yaml': component('inside'),
        'root/broken.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: [name: oops\n',
        'outside/catalog-info.yaml': component('outsider'),
      });
      await symlink(tree.path('outside/catalog-info.yaml'), tree.path('root/link.yaml'));
      const paved = await startForTest(tree, { store, catalog: [tree.path('root/catalog-info.yaml')] });

      await mustGetEntity(paved, 'component', 'inside');
      await mustGetEntity(paved, 'location', 'escapes');
      expect(await getEntity(paved, 'component', 'outsider')).toBeUndefined();

      const messages = (await listErrors(paved)).flatMap((item) => item.errors.map((e) => e.message));
      const root = tree.path('root');
      for (const needle of ['outside/catalog-info.yaml', '*/catalog-info.yaml', '/etc/passwd', 'link.yaml']) {
        const about = messages.filter((m) => m.includes(needle) && m.includes(root));
        expect(
          about,
          `an error naming ${needle} and the root ${root} in ${JSON.stringify(messages)}`,
        ).not.toEqual([]);
      }
      expect(messages.some((m) => m.includes('missing.yaml'))).toBe(true);
      const broken = (await listErrors(paved)).find(
        (e) => e.location === `file:${tree.path('root/broken.yaml')}`,
      );
      expect(broken?.errors[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    });

    it('reads each file once when Locations point at each other in a cycle', async () => {
      const tree = await treeForTest({
        'catalog-info.yaml': yamlFile(locationDoc('top', ['./loop/catalog-info.yaml'])),
        'loop/catalog-info.yaml': yamlFile(locationDoc('loop', ['../catalog-info.yaml', './component.yaml'])),
        'loop/component.yaml': component('in-the-loop'),
      });
      const paved = await startForTest(tree, { store, catalog: [tree.path('catalog-info.yaml')] });

      await mustGetEntity(paved, 'component', 'in-the-loop');
      expect((await servedRefs(paved)).filter((r) => !r.includes('generated-'))).toEqual([
        'component:default/in-the-loop',
        'location:default/loop',
        'location:default/top',
      ]);
      expect(await listErrors(paved)).toEqual([]);
    });

    it('accepts a 10 MB descriptor file, refuses one over the limit with a clear error, and keeps serving', async () => {
      const padding = 'x'.repeat(10_000);
      const documents = Array.from({ length: 1000 }, (_, i) =>
        componentDoc(`bulky-${i}`, {}, { description: `${i} ${padding}` }),
      );
      const big = yamlFile(...documents);
      expect(big.length).toBeGreaterThan(10_000_000);
      const tree = await treeForTest({ 'big.yaml': big, 'small.yaml': component('small') });
      // Over the 16 MiB limit: refused from its size alone.
      await writeFile(tree.path('huge.yaml'), Buffer.alloc(17 * 1024 * 1024, 0x20));
      const started = performance.now();
      const paved = await startForTest(tree, {
        store,
        catalog: [tree.path('big.yaml'), tree.path('small.yaml'), tree.path('huge.yaml')],
      });
      const ms = Math.round(performance.now() - started);

      await mustGetEntity(paved, 'component', 'small');
      const bulky = await mustGetEntity(paved, 'component', 'bulky-999');
      expect(bulky.metadata.description).toHaveLength(`999 ${padding}`.length);
      const query = await paved.get('/api/catalog/entities/by-query?filter=kind=component&limit=1');
      expect(query.status).toBe(200);
      expect(query.body.totalItems).toBe(1001);

      const huge = (await listErrors(paved)).find((e) => e.location === `file:${tree.path('huge.yaml')}`);
      expect(huge?.errors[0]?.message).toMatch(/bytes/);
      expect(huge?.errors[0]?.message).toMatch(String(16 * 1024 * 1024));
      expect((await paved.get('/healthz')).status).toBe(200);
      console.info(`[ingestion-sources:${store}] 10 MB file (1,000 entities) ingested in ${ms} ms`);
    });

    it('reads a git repository through file:// at a branch and a path, and serves a new commit after POST /refresh', async () => {
      const tree = await treeForTest();
      const repo = await createTestRepository(tree.dir);
      await repo.commit({ 'deploy/catalog-info.yaml': component('shop', 'from main') }, 'main');
      await repo.git('checkout', '--quiet', '-b', 'release');
      const first = await repo.commit({ 'deploy/catalog-info.yaml': component('shop', 'release v1') }, 'v1');
      await repo.git('checkout', '--quiet', 'main');
      const target = `${repo.url}#release:deploy/catalog-info.yaml`;
      const paved = await startForTest(tree, { store, catalog: [target] });

      const shop = await mustGetEntity(paved, 'component', 'shop');
      expect(shop.metadata.description).toBe('release v1');
      expect(annotation(shop, LOCATION)).toBe(`git:${target}`);
      const sources = (await paved.get('/api/catalog/sources')).body.items as {
        target: string;
        revision: string;
      }[];
      expect(sources.find((s) => s.target === target)?.revision).toBe(first);

      await repo.git('checkout', '--quiet', 'release');
      const second = await repo.commit({ 'deploy/catalog-info.yaml': component('shop', 'release v2') }, 'v2');
      await repo.git('checkout', '--quiet', 'main');
      await refresh(paved, 'component:default/shop');

      expect((await mustGetEntity(paved, 'component', 'shop')).metadata.description).toBe('release v2');
      const after = (await paved.get('/api/catalog/sources')).body.items as {
        target: string;
        revision: string;
      }[];
      expect(after.find((s) => s.target === target)?.revision).toBe(second);
      expect(await listErrors(paved)).toEqual([]);
    });

    it('fetches a git source again on its schedule, without a refresh request', async () => {
      const tree = await treeForTest();
      const repo = await createTestRepository(tree.dir);
      await repo.commit({ 'catalog-info.yaml': component('scheduled', 'first commit') });
      const paved = await startForTest(tree, { store, catalog: [repo.url], gitRefreshSeconds: 1 });
      expect((await mustGetEntity(paved, 'component', 'scheduled')).metadata.description).toBe(
        'first commit',
      );

      await repo.commit({ 'catalog-info.yaml': component('scheduled', 'second commit') });
      const { ms } = await waitFor(
        async () =>
          (await getEntity(paved, 'component', 'scheduled'))?.metadata.description === 'second commit'
            ? true
            : undefined,
        { timeoutMs: 20_000, intervalMs: 100, what: 'the scheduled fetch to serve the new commit' },
      );
      // One interval (1 s) plus the fetch and read, with room for a loaded machine; nobody asked for
      // it. (The wait above allows 20 s only so that a slow schedule fails here, saying how slow.)
      expect(ms).toBeLessThan(10_000);
    });

    it('keeps serving what a git source provided when its repository becomes unreachable, and says why', async () => {
      const tree = await treeForTest();
      const repo = await createTestRepository(tree.dir);
      await repo.commit({ 'catalog-info.yaml': component('kept') });
      const paved = await startForTest(tree, { store, catalog: [repo.url] });
      const before = await mustGetEntity(paved, 'component', 'kept');

      await rename(repo.dir, `${repo.dir}-moved`);
      const response = await paved.post('/api/catalog/refresh', { entityRef: 'component:default/kept' });
      expect(response.status).toBeGreaterThanOrEqual(400);
      await paved.settle();

      const after = await mustGetEntity(paved, 'component', 'kept');
      expect(after.metadata.uid).toBe(before.metadata.uid);
      expect(annotation(after, 'backstage.io/orphan')).toBeUndefined();
      const source = (
        (await paved.get('/api/catalog/sources')).body.items as { status: string; error: string }[]
      )[0]!;
      expect(source.status).toBe('error');
      expect(source.error).toContain(repo.dir);
    });

    it('reads catalog-info.yaml on the default branch of a bare git URL, and a glob in a repository follows commits', async () => {
      const tree = await treeForTest();
      const repo = await createTestRepository(tree.dir);
      await repo.commit({
        'catalog-info.yaml': component('home'),
        'services/a/catalog-info.yaml': component('svc-a'),
        'services/b/catalog-info.yaml': component('svc-b'),
      });
      const glob = `${repo.url}#main:services/*/catalog-info.yaml`;
      const paved = await startForTest(tree, { store, catalog: [repo.url, glob] });

      await mustGetEntity(paved, 'component', 'home');
      await mustGetEntity(paved, 'component', 'svc-a');
      await mustGetEntity(paved, 'component', 'svc-b');

      await repo.commit({
        'services/b/catalog-info.yaml': null,
        'services/c/catalog-info.yaml': component('svc-c'),
      });
      await refresh(paved, await sourceLocationRef(paved, glob));

      await mustGetEntity(paved, 'component', 'svc-c');
      expect(await getEntity(paved, 'component', 'svc-b')).toBeUndefined();
      // The other source of the same repository was not asked to refresh and is untouched.
      await mustGetEntity(paved, 'component', 'home');
      expect(await listErrors(paved)).toEqual([]);
    });
  });
}
