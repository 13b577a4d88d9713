import { describe, expect, it } from 'vitest';
import { storeKinds } from '../src/testing/databases.ts';
import type { TestPaved } from '../src/testing/paved.ts';
import {
  annotation,
  component,
  componentDoc,
  getEntity,
  listErrors,
  locationDoc,
  mustGetEntity,
  refresh,
  sourceLocationRef,
  startForTest,
  type Tree,
  treeForTest,
  waitFor,
  yamlFile,
} from './fixtures/ingestion/harness.ts';

// One ref, several declarations: who serves it, what is reported, and that moves and renames
// never leave a stuck conflict (Backstage #14042) or an invisible entity (#26093).

const LOCATION = 'backstage.io/managed-by-location';

/** Registers a file source through the API, as a user would; returns its id. */
async function register(paved: TestPaved, target: string): Promise<string> {
  const response = await paved.post('/api/catalog/locations', { type: 'file', target });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  await paved.settle();
  return (response.body as { location: { id: string } }).location.id;
}

/** Two folders declaring the same Component; `a` registered first, then `b`. */
async function twoSources(store: 'pglite' | 'postgres') {
  const tree = await treeForTest({
    'a/catalog-info.yaml': component('shared', 'from a'),
    'b/catalog-info.yaml': yamlFile(
      componentDoc('shared', {}, { description: 'from b' }),
      componentDoc('only-b'),
    ),
  });
  const paved = await startForTest(tree, { store, catalog: [tree.path('a/catalog-info.yaml')] });
  await mustGetEntity(paved, 'component', 'shared');
  const b = await register(paved, tree.path('b/catalog-info.yaml'));
  const a = (await paved.get('/api/catalog/locations')).body.find(
    (l: { data: { target: string } }) => l.data.target === tree.path('a/catalog-info.yaml'),
  ).data.id as string;
  return { tree, paved, a, b };
}

async function expectServedFrom(
  paved: TestPaved,
  tree: Tree,
  name: string,
  file: string,
  description: string,
) {
  const entity = await mustGetEntity(paved, 'component', name);
  expect(annotation(entity, LOCATION)).toBe(`file:${tree.path(file)}`);
  expect(entity.metadata.description).toBe(description);
  return entity;
}

for (const { kind: store, skip } of storeKinds) {
  describe.skipIf(skip)(`conflicts, moves and renames (${store})`, () => {
    it('lets the first source keep an entity declared by two, and reports a conflict naming both files', async () => {
      const { tree, paved } = await twoSources(store);

      await expectServedFrom(paved, tree, 'shared', 'a/catalog-info.yaml', 'from a');
      await mustGetEntity(paved, 'component', 'only-b');
      const errors = await listErrors(paved);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        kind: 'conflict',
        entityRef: 'component:default/shared',
        location: `file:${tree.path('b/catalog-info.yaml')}`,
        served: false,
      });
      const message = errors[0]!.errors[0]!.message;
      expect(message).toContain(tree.path('a/catalog-info.yaml'));
      expect(message).toContain(tree.path('b/catalog-info.yaml'));

      // Reading either source again does not flip the winner.
      await refresh(paved, await sourceLocationRef(paved, 'b/catalog-info.yaml'));
      await refresh(paved, await sourceLocationRef(paved, 'a/catalog-info.yaml'));
      await expectServedFrom(paved, tree, 'shared', 'a/catalog-info.yaml', 'from a');
      expect(await listErrors(paved)).toHaveLength(1);
    });

    it('hands the entity to the second source when the first is removed', async () => {
      const { tree, paved, a } = await twoSources(store);

      const removed = await paved.del(`/api/catalog/locations/${a}`);
      expect(removed.status).toBe(204);
      await paved.settle();

      await expectServedFrom(paved, tree, 'shared', 'b/catalog-info.yaml', 'from b');
      expect(await listErrors(paved)).toEqual([]);
    });

    const moves = [
      { order: 'removed from A, then added to B', steps: [['a'], ['b']] },
      { order: 'added to B, then removed from A', steps: [['b'], ['a']] },
      { order: 'removed from A and added to B in the same refresh', steps: [['a', 'b']] },
    ] as const;
    for (const { order, steps } of moves) {
      it(`serves an entity moved between two files of a source from its new file, with no error left (#14042): ${order}`, async () => {
        const tree = await treeForTest({
          'a.yaml': yamlFile(componentDoc('mover', {}, { description: 'in a' }), componentDoc('stays-in-a')),
          'b.yaml': component('stays-in-b'),
        });
        const paved = await startForTest(tree, { store, catalog: [tree.path('*.yaml')] });
        const before = await expectServedFrom(paved, tree, 'mover', 'a.yaml', 'in a');
        const sourceRef = await sourceLocationRef(paved, '*.yaml');
        const edits = {
          a: () => tree.write('a.yaml', component('stays-in-a')),
          b: () =>
            tree.write(
              'b.yaml',
              yamlFile(componentDoc('stays-in-b'), componentDoc('mover', {}, { description: 'in b' })),
            ),
        };
        for (const step of steps) {
          for (const file of step) await edits[file]();
          await refresh(paved, sourceRef);
        }

        const after = await expectServedFrom(paved, tree, 'mover', 'b.yaml', 'in b');
        expect(await listErrors(paved)).toEqual([]);
        await mustGetEntity(paved, 'component', 'stays-in-a');
        if (steps.length === 1) expect(after.metadata.uid).toBe(before.metadata.uid);
        // Nothing is stuck: a later re-read changes nothing.
        await refresh(paved, sourceRef);
        await expectServedFrom(paved, tree, 'mover', 'b.yaml', 'in b');
        expect(await listErrors(paved)).toEqual([]);
      });
    }

    it('serves an entity moved between files from its new file when the watcher sees the edits one at a time (#14042)', async () => {
      const tree = await treeForTest({
        'a.yaml': yamlFile(componentDoc('mover', {}, { description: 'in a' }), componentDoc('stays-in-a')),
        'b.yaml': component('stays-in-b'),
      });
      const paved = await startForTest(tree, { store, catalog: [tree.path('*.yaml')], watch: true });
      await expectServedFrom(paved, tree, 'mover', 'a.yaml', 'in a');

      // Added to B first: for a moment two files declare it, and A keeps it.
      await tree.write(
        'b.yaml',
        yamlFile(componentDoc('stays-in-b'), componentDoc('mover', {}, { description: 'in b' })),
      );
      await waitFor(
        async () => ((await listErrors(paved)).some((e) => e.kind === 'conflict') ? true : undefined),
        {
          timeoutMs: 3000,
          what: 'the transient conflict to be reported',
        },
      );
      await tree.write('a.yaml', component('stays-in-a'));
      await waitFor(
        async () => {
          const mover = await getEntity(paved, 'component', 'mover');
          const errors = await listErrors(paved);
          return annotation(mover, LOCATION) === `file:${tree.path('b.yaml')}` && errors.length === 0
            ? true
            : undefined;
        },
        { timeoutMs: 3000, what: 'mover to be served from b.yaml with no error left' },
      );
      expect((await mustGetEntity(paved, 'component', 'mover')).metadata.description).toBe('in b');
    });

    it('serves the entities of a renamed file from the new name, keeping their uid, with no error left', async () => {
      const tree = await treeForTest({
        'old-name.yaml': component('renamed', 'v1'),
        'other.yaml': component('other'),
      });
      const paved = await startForTest(tree, { store, catalog: [tree.path('*.yaml')] });
      const before = await expectServedFrom(paved, tree, 'renamed', 'old-name.yaml', 'v1');

      await tree.rename('old-name.yaml', 'new-name.yaml');
      await refresh(paved, await sourceLocationRef(paved, '*.yaml'));

      const after = await expectServedFrom(paved, tree, 'renamed', 'new-name.yaml', 'v1');
      expect(after.metadata.uid).toBe(before.metadata.uid);
      expect(await listErrors(paved)).toEqual([]);
    });

    it('serves the entities of a renamed file from the new name when the Location target is renamed with it', async () => {
      const tree = await treeForTest({
        'catalog-info.yaml': yamlFile(locationDoc('root', ['./old-name.yaml'])),
        'old-name.yaml': component('renamed', 'v1'),
      });
      const paved = await startForTest(tree, {
        store,
        catalog: [tree.path('catalog-info.yaml')],
        watch: true,
      });
      await expectServedFrom(paved, tree, 'renamed', 'old-name.yaml', 'v1');

      await tree.rename('old-name.yaml', 'new-name.yaml');
      await tree.write('catalog-info.yaml', yamlFile(locationDoc('root', ['./new-name.yaml'])));
      await waitFor(
        async () => {
          const entity = await getEntity(paved, 'component', 'renamed');
          const errors = await listErrors(paved);
          return annotation(entity, LOCATION) === `file:${tree.path('new-name.yaml')}` && errors.length === 0
            ? true
            : undefined;
        },
        { timeoutMs: 3000, what: 'renamed to be served from new-name.yaml with no error left' },
      );
    });

    it('lists an entity that never validated in /errors with served: false (#26093), and forgets it once fixed or removed (#15521)', async () => {
      const invalid = yamlFile(
        componentDoc('good'),
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'never-valid' },
          spec: { type: 'service', lifecycle: 'production' },
        },
        componentDoc('also-never-valid', { dependsOn: ['no-kind-given'] }),
      );
      const tree = await treeForTest({ 'catalog-info.yaml': invalid });
      const paved = await startForTest(tree, { store, catalog: [tree.path('catalog-info.yaml')] });

      await mustGetEntity(paved, 'component', 'good');
      expect(await getEntity(paved, 'component', 'never-valid')).toBeUndefined();
      const errors = await listErrors(paved);
      const item = errors.find((e) => e.entityRef === 'component:default/never-valid');
      expect(item).toMatchObject({
        kind: 'entity',
        served: false,
        document: 1,
        location: `file:${tree.path('catalog-info.yaml')}`,
      });
      expect(item!.errors[0]).toMatchObject({ path: 'spec.owner', line: expect.any(Number) });
      expect(item!.errors[0]!.message).toMatch(/owner/);
      expect(errors.find((e) => e.entityRef === 'component:default/also-never-valid')).toMatchObject({
        served: false,
        errors: [expect.objectContaining({ path: expect.stringContaining('dependsOn') })],
      });

      // Fixed: served, error gone. Removed: its error goes with it.
      await tree.write('catalog-info.yaml', yamlFile(componentDoc('good'), componentDoc('never-valid')));
      await refresh(paved, 'component:default/good');
      await mustGetEntity(paved, 'component', 'never-valid');
      expect(await listErrors(paved)).toEqual([]);
      expect(await getEntity(paved, 'component', 'also-never-valid')).toBeUndefined();
    });

    it('does not hide a valid declaration behind an earlier one that never validated', async () => {
      const tree = await treeForTest({
        'a/catalog-info.yaml': yamlFile({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'contested' },
          spec: { type: 'service', lifecycle: 'production' },
        }),
        'b/catalog-info.yaml': component('contested', 'valid in b'),
      });
      const paved = await startForTest(tree, { store, catalog: [tree.path('a/catalog-info.yaml')] });
      await register(paved, tree.path('b/catalog-info.yaml'));

      // Either the valid declaration is served, or the user is told why it is not.
      const served = await getEntity(paved, 'component', 'contested');
      const conflict = (await listErrors(paved)).find(
        (e) => e.kind === 'conflict' && e.location === `file:${tree.path('b/catalog-info.yaml')}`,
      );
      if (served) expect(served.metadata.description).toBe('valid in b');
      else {
        expect(conflict, 'a conflict error on b/catalog-info.yaml').toBeDefined();
        expect(conflict!.errors[0]!.message).toContain(tree.path('a/catalog-info.yaml'));
      }
      // Either way the invalid declaration's own errors stay listed, and it is not what is served.
      expect(
        (await listErrors(paved)).find(
          (e) => e.kind === 'entity' && e.location === `file:${tree.path('a/catalog-info.yaml')}`,
        ),
      ).toMatchObject({ entityRef: 'component:default/contested', served: false });
    });
  });
}
