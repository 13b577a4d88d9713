import { mkdir, writeFile } from 'node:fs/promises';
import { processDescriptorFile } from '@paved/model';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { storeKinds } from '../src/testing/databases.ts';
import type { TestPaved } from '../src/testing/paved.ts';
import {
  annotation,
  type CatalogError,
  component,
  componentDoc,
  getEntity,
  listErrors,
  locationDoc,
  mustGetEntity,
  refresh,
  startForTest,
  treeForTest,
  waitFor,
  yamlFile,
} from './fixtures/ingestion/harness.ts';

// Re-reads and the watcher: what changes, what does not, and how fast (ADR 0004 "last good
// version"; reference/catalog.md §4.10 for what Backstage does with deleted and broken files).

// Counts parses without changing them: with `workers: 0` (startTestPaved's default) files are
// parsed on this thread, through this module.
vi.mock('@paved/model', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@paved/model')>();
  return { ...actual, processDescriptorFile: vi.fn(actual.processDescriptorFile) };
});
const parsed = () => vi.mocked(processDescriptorFile).mock.calls.map(([options]) => options.location.target);

/** What the user is promised: an edit is served within about a second. */
const EDIT_DEADLINE_MS = 2000;

async function description(paved: TestPaved, name: string): Promise<string | undefined> {
  return (await getEntity(paved, 'component', name))?.metadata.description;
}

function waitForDescription(paved: TestPaved, name: string, expected: string, timeoutMs = EDIT_DEADLINE_MS) {
  return waitFor(async () => ((await description(paved, name)) === expected ? true : undefined), {
    timeoutMs,
    what: `component ${name} to be served with description "${expected}"`,
  });
}

function waitForErrors(paved: TestPaved, accept: (items: CatalogError[]) => boolean, what: string) {
  return waitFor(
    async () => {
      const items = await listErrors(paved);
      return accept(items) ? items : undefined;
    },
    { timeoutMs: EDIT_DEADLINE_MS, what },
  );
}

for (const { kind: store, skip } of storeKinds) {
  describe.skipIf(skip)(`incremental ingestion (${store})`, () => {
    beforeEach(() => {
      vi.mocked(processDescriptorFile).mockClear();
    });

    it('parses only the files that changed on a re-read; untouched entities keep their etag and uid', async () => {
      const tree = await treeForTest({
        'services/a.yaml': component('a'),
        'services/b.yaml': component('b'),
        'services/c.yaml': component('c'),
      });
      const paved = await startForTest(tree, { store, catalog: [tree.path('services/*.yaml')] });
      const before = {
        a: await mustGetEntity(paved, 'component', 'a'),
        b: await mustGetEntity(paved, 'component', 'b'),
        c: await mustGetEntity(paved, 'component', 'c'),
      };
      expect(parsed().sort()).toEqual(['a', 'b', 'c'].map((n) => tree.path(`services/${n}.yaml`)));

      vi.mocked(processDescriptorFile).mockClear();
      await refresh(paved, 'component:default/a');
      expect(parsed(), 'nothing changed, nothing parsed').toEqual([]);

      await tree.write('services/b.yaml', component('b', 'edited'));
      await refresh(paved, 'component:default/a');
      expect(parsed()).toEqual([tree.path('services/b.yaml')]);

      const a = await mustGetEntity(paved, 'component', 'a');
      const b = await mustGetEntity(paved, 'component', 'b');
      const c = await mustGetEntity(paved, 'component', 'c');
      expect(a.metadata.etag).toBe(before.a.metadata.etag);
      expect(c.metadata.etag).toBe(before.c.metadata.etag);
      expect(a.metadata.uid).toBe(before.a.metadata.uid);
      expect(b.metadata.uid).toBe(before.b.metadata.uid);
      expect(b.metadata.etag).not.toBe(before.b.metadata.etag);
      expect(b.metadata.description).toBe('edited');
    });

    it('serves an edit within about a second through the watcher', async () => {
      const tree = await treeForTest({
        'services/a.yaml': component('a'),
        'services/b.yaml': component('b'),
      });
      const paved = await startForTest(tree, { store, catalog: [tree.path('services/*.yaml')], watch: true });
      const uid = (await mustGetEntity(paved, 'component', 'a')).metadata.uid;

      const latencies: number[] = [];
      for (const version of ['one', 'two', 'three']) {
        await tree.write('services/a.yaml', component('a', version));
        const { ms } = await waitForDescription(paved, 'a', version);
        latencies.push(ms);
        expect(ms).toBeLessThanOrEqual(EDIT_DEADLINE_MS);
      }
      expect((await mustGetEntity(paved, 'component', 'a')).metadata.uid).toBe(uid);
      console.info(
        `[ingestion-incremental:${store}] watcher edit→served latencies: ${latencies.map((ms) => `${Math.round(ms)} ms`).join(', ')}`,
      );
    });

    it('serves a file added under a glob target, also in a folder created before the file', async () => {
      const tree = await treeForTest({ 'services/a/catalog-info.yaml': component('a') });
      const paved = await startForTest(tree, {
        store,
        catalog: [tree.path('services/*/catalog-info.yaml')],
        watch: true,
      });

      await tree.write('services/b/catalog-info.yaml', component('b'));
      const added = await waitForDescription(paved, 'b', 'Component b');

      // An editor or a scaffolder often creates the folder first and the file a moment later.
      await mkdir(tree.path('services/c'));
      await new Promise((resolve) => setTimeout(resolve, 500));
      await tree.write('services/c/catalog-info.yaml', component('c'));
      const late = await waitForDescription(paved, 'c', 'Component c');
      console.info(
        `[ingestion-incremental:${store}] new file→served: ${Math.round(added.ms)} ms; file in a folder made earlier: ${Math.round(late.ms)} ms`,
      );
    });

    it("serves a file added in a new folder under a Location's glob target", async () => {
      const tree = await treeForTest({}, 'tree');
      const paved = await startForTest(tree, {
        store,
        catalog: [tree.path('catalog-info.yaml')],
        watch: true,
      });
      await mustGetEntity(paved, 'component', 'payments');

      // The root Location reads ./services/*/catalog-info.yaml; services/ itself holds no file.
      await tree.write('services/billing/catalog-info.yaml', component('billing'));
      const { ms } = await waitForDescription(paved, 'billing', 'Component billing');
      console.info(
        `[ingestion-incremental:${store}] new folder under a Location glob→served: ${Math.round(ms)} ms`,
      );
    });

    it('removes the entities of a file deleted under a glob (orphan policy delete)', async () => {
      const tree = await treeForTest({
        'services/a.yaml': component('a'),
        'services/b.yaml': component('b'),
      });
      const paved = await startForTest(tree, { store, catalog: [tree.path('services/*.yaml')], watch: true });
      await mustGetEntity(paved, 'component', 'b');

      await tree.remove('services/b.yaml');
      await waitFor(
        async () => ((await getEntity(paved, 'component', 'b')) === undefined ? true : undefined),
        {
          timeoutMs: EDIT_DEADLINE_MS,
          what: 'component b to be removed',
        },
      );
      await mustGetEntity(paved, 'component', 'a');
      expect(await listErrors(paved)).toEqual([]);
    });

    it('keeps the entities of a file deleted under a glob marked as orphans (orphan policy keep), until it returns', async () => {
      const tree = await treeForTest({
        'services/a.yaml': yamlFile(componentDoc('a'), componentDoc('a2')),
        'services/b.yaml': component('b'),
      });
      const paved = await startForTest(tree, {
        store,
        catalog: [tree.path('services/*.yaml')],
        watch: true,
        orphanPolicy: 'keep',
      });
      const before = await mustGetEntity(paved, 'component', 'b');
      expect(annotation(before, 'backstage.io/orphan')).toBeUndefined();

      await tree.remove('services/b.yaml');
      const { value: orphan } = await waitFor(
        async () => {
          const b = await getEntity(paved, 'component', 'b');
          return annotation(b, 'backstage.io/orphan') === 'true' ? b : undefined;
        },
        { timeoutMs: EDIT_DEADLINE_MS, what: 'component b to be marked orphan' },
      );
      expect(orphan.metadata.uid).toBe(before.metadata.uid);
      const query = await paved.get('/api/catalog/entities/by-query?filter=kind=component');
      expect(query.body.totalItems).toBe(3);

      await tree.write('services/b.yaml', component('b', 'back again'));
      await waitForDescription(paved, 'b', 'back again');
      expect(annotation(await getEntity(paved, 'component', 'b'), 'backstage.io/orphan')).toBeUndefined();

      // Removed from a file that stays: kept as well.
      await tree.write('services/a.yaml', yamlFile(componentDoc('a')));
      await waitFor(
        async () =>
          annotation(await getEntity(paved, 'component', 'a2'), 'backstage.io/orphan') === 'true'
            ? true
            : undefined,
        { timeoutMs: EDIT_DEADLINE_MS, what: 'component a2 to be marked orphan' },
      );
      expect(annotation(await getEntity(paved, 'component', 'a'), 'backstage.io/orphan')).toBeUndefined();
    });

    it('keeps the entities of a required glob whose whole folder vanishes, reporting the missing target', async () => {
      const tree = await treeForTest({
        'catalog-info.yaml': yamlFile(locationDoc('root', ['./mounted/*.yaml', './local.yaml'])),
        'mounted/a.yaml': component('a'),
        'mounted/b.yaml': component('b'),
        'local.yaml': component('local'),
      });
      const paved = await startForTest(tree, { store, catalog: [tree.path('catalog-info.yaml')] });
      const before = await mustGetEntity(paved, 'component', 'a');

      // A network mount or a checkout in progress: nothing matches for a while.
      await tree.rename('mounted', 'elsewhere');
      await refresh(paved, 'location:default/root');

      expect((await listErrors(paved)).flatMap((e) => e.errors.map((x) => x.message)).join('\n')).toMatch(
        /mounted\/\*\.yaml/,
      );
      const a = await mustGetEntity(paved, 'component', 'a');
      expect(a.metadata.uid).toBe(before.metadata.uid);
      await mustGetEntity(paved, 'component', 'b');

      await tree.rename('elsewhere', 'mounted');
      await tree.remove('mounted/b.yaml');
      await refresh(paved, 'location:default/root');
      expect(await getEntity(paved, 'component', 'b')).toBeUndefined();
      expect(await listErrors(paved)).toEqual([]);
    });

    it('still removes a deleted file under a glob while a sibling target of the same Location is missing (#7884)', async () => {
      const tree = await treeForTest({
        'catalog-info.yaml': yamlFile(locationDoc('root', ['./typo.yaml', './services/*.yaml'])),
        'services/a.yaml': component('a'),
        'services/b.yaml': component('b'),
      });
      const paved = await startForTest(tree, { store, catalog: [tree.path('catalog-info.yaml')] });
      await mustGetEntity(paved, 'component', 'b');

      await tree.remove('services/b.yaml');
      await refresh(paved, 'location:default/root');

      expect(await getEntity(paved, 'component', 'b')).toBeUndefined();
      await mustGetEntity(paved, 'component', 'a');
      const messages = (await listErrors(paved)).flatMap((e) => e.errors.map((x) => x.message));
      expect(messages).toEqual([expect.stringContaining('typo.yaml')]);
    });

    it('still removes a deleted file under a glob while another file of the glob is too big to read', async () => {
      const tree = await treeForTest({ 'a.yaml': component('a'), 'b.yaml': component('b') });
      await writeFile(tree.path('huge.yaml'), Buffer.alloc(17 * 1024 * 1024, 0x20));
      const paved = await startForTest(tree, { store, catalog: [tree.path('*.yaml')] });
      await mustGetEntity(paved, 'component', 'b');

      await tree.remove('b.yaml');
      await refresh(paved, 'component:default/a');

      expect(await getEntity(paved, 'component', 'b')).toBeUndefined();
      expect((await listErrors(paved)).map((e) => e.location)).toEqual([`file:${tree.path('huge.yaml')}`]);
    });

    it('keeps what a deleted Location file led to, reporting the missing file, as Backstage does', async () => {
      const tree = await treeForTest({
        'catalog-info.yaml': yamlFile(locationDoc('root', ['./team/catalog-info.yaml'])),
        'team/catalog-info.yaml': yamlFile(locationDoc('team', ['./service.yaml'])),
        'team/service.yaml': component('service'),
      });
      const paved = await startForTest(tree, { store, catalog: [tree.path('catalog-info.yaml')] });
      await mustGetEntity(paved, 'component', 'service');

      await tree.remove('team/catalog-info.yaml');
      await refresh(paved, 'location:default/root');

      const missing = (await listErrors(paved)).find(
        (e) => e.location === `file:${tree.path('team/catalog-info.yaml')}`,
      );
      expect(missing?.errors[0]?.message).toMatch(/does not exist/);
      await mustGetEntity(paved, 'location', 'team');
      const service = await mustGetEntity(paved, 'component', 'service');
      expect(annotation(service, 'backstage.io/orphan')).toBeUndefined();
    });

    it('keeps serving the last good entities when an edit breaks the YAML, reports line and column, and clears the error once fixed', async () => {
      const tree = await treeForTest({
        'services/a.yaml': component('a', 'good'),
        'services/b.yaml': component('b'),
      });
      const paved = await startForTest(tree, { store, catalog: [tree.path('services/*.yaml')], watch: true });
      const good = await mustGetEntity(paved, 'component', 'a');

      await tree.write(
        'services/a.yaml',
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n  description: "unterminated\nspec:\n  type: service\n',
      );
      const location = `file:${tree.path('services/a.yaml')}`;
      const { value: items } = await waitForErrors(
        paved,
        (all) => all.some((e) => e.location === location),
        'a file error for services/a.yaml',
      );
      const item = items.find((e) => e.location === location)!;
      expect(item.kind).toBe('file');
      expect(item.errors[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
      expect(item.errors[0]!.line).toBeGreaterThanOrEqual(5);

      const served = await mustGetEntity(paved, 'component', 'a');
      expect(served.metadata.description).toBe('good');
      expect(served.metadata.etag).toBe(good.metadata.etag);
      expect(annotation(served, 'backstage.io/orphan')).toBeUndefined();

      await tree.write('services/a.yaml', component('a', 'fixed'));
      await waitForDescription(paved, 'a', 'fixed');
      await waitForErrors(paved, (all) => all.length === 0, 'no errors after the fix');
    });

    it("reports a source's status in /sources as error while a watched edit is broken, and ok once fixed", async () => {
      const tree = await treeForTest({
        'services/a.yaml': component('a'),
        'services/b.yaml': component('b'),
      });
      const paved = await startForTest(tree, { store, catalog: [tree.path('services/*.yaml')], watch: true });
      const status = async () => {
        const items = (await paved.get('/api/catalog/sources')).body.items as {
          status: string;
          error: string | null;
        }[];
        return items[0]!;
      };
      expect(await status()).toMatchObject({ status: 'ok', error: null });

      await tree.write('services/a.yaml', 'kind: [broken\n');
      await waitForErrors(paved, (all) => all.length > 0, 'the broken file to be reported');
      await waitFor(async () => ((await status()).status === 'error' ? true : undefined), {
        timeoutMs: EDIT_DEADLINE_MS,
        what: `the source status to be error (it is ${JSON.stringify(await status())})`,
      });

      await tree.write('services/a.yaml', component('a', 'fixed'));
      await waitForDescription(paved, 'a', 'fixed');
      await waitFor(async () => ((await status()).status === 'ok' ? true : undefined), {
        timeoutMs: EDIT_DEADLINE_MS,
        what: 'the source status to be ok again',
      });
      expect((await status()).error).toBeNull();
    });

    it('keeps a source in error across a re-read while a file that did not change still has errors', async () => {
      const tree = await treeForTest({
        'services/a.yaml': yamlFile({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'a' },
          spec: { type: 'service', lifecycle: 'production' },
        }),
        'services/b.yaml': component('b'),
      });
      const paved = await startForTest(tree, { store, catalog: [tree.path('services/*.yaml')] });
      const status = async () =>
        ((await paved.get('/api/catalog/sources')).body.items as { status: string }[])[0]!;
      expect((await listErrors(paved)).map((e) => e.entityRef)).toEqual(['component:default/a']);
      expect(await status()).toMatchObject({ status: 'error' });

      await tree.write('services/b.yaml', component('b', 'edited'));
      await refresh(paved, 'component:default/b');
      expect((await listErrors(paved)).map((e) => e.entityRef)).toEqual(['component:default/a']);
      expect(await status()).toMatchObject({ status: 'error' });
    });

    it('keeps the last valid version of an entity whose edit is invalid, with status.items describing the error', async () => {
      const tree = await treeForTest({ 'services/a.yaml': component('a', 'valid') });
      const paved = await startForTest(tree, { store, catalog: [tree.path('services/a.yaml')], watch: true });

      await tree.write(
        'services/a.yaml',
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n  description: no owner\nspec:\n  type: service\n  lifecycle: production\n',
      );
      const { value: entity } = await waitFor(
        async () => {
          const a = await getEntity(paved, 'component', 'a');
          return a?.status?.items?.length ? a : undefined;
        },
        { timeoutMs: EDIT_DEADLINE_MS, what: 'component a to carry status.items' },
      );
      expect(entity.metadata.description).toBe('valid');
      expect(entity.spec?.owner).toBe('team-a');
      expect(entity.status?.items).toEqual([
        expect.objectContaining({ level: 'error', type: 'backstage.io/catalog-processing' }),
      ]);
      expect(entity.status?.items?.[0]?.message).toMatch(/owner/);
      const errors = await listErrors(paved);
      expect(errors).toEqual([
        expect.objectContaining({ kind: 'entity', entityRef: 'component:default/a', served: true }),
      ]);
      expect(errors[0]!.errors[0]).toMatchObject({ path: 'spec.owner', line: expect.any(Number) });

      await tree.write('services/a.yaml', component('a', 'valid again'));
      await waitForDescription(paved, 'a', 'valid again');
      expect((await mustGetEntity(paved, 'component', 'a')).status).toBeUndefined();
      expect(await listErrors(paved)).toEqual([]);
    });

    it('keeps the children of a Location file whose edit breaks the YAML (no orphaning, no deletion)', async () => {
      const tree = await treeForTest({
        'catalog-info.yaml': yamlFile(locationDoc('root', ['./a.yaml', './b.yaml'])),
        'a.yaml': component('a'),
        'b.yaml': component('b'),
      });
      const paved = await startForTest(tree, {
        store,
        catalog: [tree.path('catalog-info.yaml')],
        watch: true,
      });
      await mustGetEntity(paved, 'component', 'b');

      await tree.write(
        'catalog-info.yaml',
        'apiVersion: backstage.io/v1alpha1\nkind: Location\nspec: [oops\n',
      );
      const location = `file:${tree.path('catalog-info.yaml')}`;
      await waitForErrors(
        paved,
        (all) => all.some((e) => e.location === location),
        'the Location file error',
      );
      // An edit to a sibling still reaches the catalog while the Location is broken.
      await tree.write('b.yaml', component('b', 'edited while the Location is broken'));
      await waitForDescription(paved, 'b', 'edited while the Location is broken');
      const a = await mustGetEntity(paved, 'component', 'a');
      expect(annotation(a, 'backstage.io/orphan')).toBeUndefined();
      await mustGetEntity(paved, 'location', 'root');
    });

    it('serves the new content of a file pulled in by $text when only that file is edited', async () => {
      const tree = await treeForTest({
        'catalog-info.yaml': yamlFile({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'API',
          metadata: { name: 'petstore' },
          spec: {
            type: 'openapi',
            lifecycle: 'production',
            owner: 'team-a',
            definition: { $text: './openapi.yaml' },
          },
        }),
        'openapi.yaml': 'openapi: 3.0.0\ninfo:\n  title: v1\n',
      });
      const paved = await startForTest(tree, {
        store,
        catalog: [tree.path('catalog-info.yaml')],
        watch: true,
      });
      expect((await mustGetEntity(paved, 'api', 'petstore')).spec?.definition).toContain('title: v1');

      await tree.write('openapi.yaml', 'openapi: 3.0.0\ninfo:\n  title: v2\n');
      await waitFor(
        async () => {
          const api = await getEntity(paved, 'api', 'petstore');
          return String(api?.spec?.definition).includes('title: v2') ? true : undefined;
        },
        { timeoutMs: EDIT_DEADLINE_MS, what: 'the API definition to show the edited openapi.yaml' },
      );
      // And without the watcher's help: an explicit refresh must not skip it either.
      await tree.write('openapi.yaml', 'openapi: 3.0.0\ninfo:\n  title: v3\n');
      await refresh(paved, 'api:default/petstore');
      expect((await mustGetEntity(paved, 'api', 'petstore')).spec?.definition).toContain('title: v3');
    });
  });
}
