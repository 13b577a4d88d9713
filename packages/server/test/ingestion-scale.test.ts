import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, storeKinds } from '../src/testing/databases.ts';
import {
  componentDoc,
  listErrors,
  listWarnings,
  mustGetEntity,
  refresh,
  startForTest,
  treeForTest,
  yamlFile,
} from './fixtures/ingestion/harness.ts';

// Big groups (Backstage #14789: the heap ran out stitching ~6k hasMember relations) and dangling
// relation targets (allowed by design, reference/catalog.md §2.3).

const MEMBERS = 10_000;
const USERS_PER_FILE = 1_000;
const BUDGET_MS = 60_000;

function usersFile(from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++) {
    text += `---\napiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: user-${i}\nspec:\n  memberOf: [big]\n`;
  }
  return text;
}

function groupFile(description: string): string {
  let text = `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: big\n  description: ${description}\nspec:\n  type: organization\n  children: []\n  members:\n`;
  for (let i = 0; i < MEMBERS; i++) text += `    - user-${i}\n`;
  return text;
}

for (const { kind: store, skip } of storeKinds) {
  describe.skipIf(skip)(`ingestion at scale (${store})`, () => {
    // The first PGlite of a test file builds the migrated template; keep that out of the figure.
    beforeAll(async () => {
      await (await createTestDatabase(store)).dispose();
    });

    it(
      `serves a Group with ${MEMBERS.toLocaleString('en-US')} members as ${MEMBERS.toLocaleString('en-US')} hasMember relations (#14789)`,
      async () => {
        const files: Record<string, string> = { 'group.yaml': groupFile('v1') };
        for (let from = 0; from < MEMBERS; from += USERS_PER_FILE) {
          files[`users/users-${from / USERS_PER_FILE}.yaml`] = usersFile(from, from + USERS_PER_FILE);
        }
        const tree = await treeForTest(files);

        const started = performance.now();
        const paved = await startForTest(tree, {
          store,
          catalog: [tree.path('group.yaml'), tree.path('users/*.yaml')],
        });
        const group = await mustGetEntity(paved, 'group', 'big');
        const ingestMs = Math.round(performance.now() - started);

        // Both sides declare the membership; the served relations hold each member once.
        const members = (group.relations ?? []).filter((r) => r.type === 'hasMember').map((r) => r.targetRef);
        expect(members).toHaveLength(MEMBERS);
        expect(new Set(members).size).toBe(MEMBERS);
        expect(members).toContain(`user:default/user-${MEMBERS - 1}`);
        const user = await mustGetEntity(paved, 'user', 'user-4242');
        expect(user.relations).toEqual([{ type: 'memberOf', targetRef: 'group:default/big' }]);
        const byRelation = await paved.get(
          '/api/catalog/entities/by-query?filter=kind=user,relations.memberof=group:default/big&limit=1',
        );
        expect(byRelation.body.totalItems).toBe(MEMBERS);
        expect(await listErrors(paved)).toEqual([]);

        // Editing the group re-stitches it whole.
        await tree.write('group.yaml', groupFile('v2'));
        const edited = performance.now();
        await refresh(paved, 'group:default/big');
        const again = await mustGetEntity(paved, 'group', 'big');
        const editMs = Math.round(performance.now() - edited);
        expect(again.metadata.description).toBe('v2');
        expect((again.relations ?? []).filter((r) => r.type === 'hasMember')).toHaveLength(MEMBERS);

        console.info(
          `[ingestion-scale:${store}] ${MEMBERS} users + group: start to served ${ingestMs} ms; group edit re-served in ${editMs} ms`,
        );
        expect(ingestMs).toBeLessThan(BUDGET_MS);
      },
      2 * BUDGET_MS,
    );

    it('serves relations to targets that do not exist, and reports them as warnings, not errors', async () => {
      const tree = await treeForTest({
        'catalog-info.yaml': yamlFile(
          componentDoc('lonely', {
            owner: 'ghost-team',
            dependsOn: ['resource:default/nowhere'],
            system: 'vapour',
          }),
        ),
      });
      const paved = await startForTest(tree, { store, catalog: [tree.path('catalog-info.yaml')] });

      const lonely = await mustGetEntity(paved, 'component', 'lonely');
      expect(lonely.relations).toEqual([
        { type: 'dependsOn', targetRef: 'resource:default/nowhere' },
        { type: 'ownedBy', targetRef: 'group:default/ghost-team' },
        { type: 'partOf', targetRef: 'system:default/vapour' },
      ]);
      expect(lonely.status).toBeUndefined();
      expect(await listErrors(paved)).toEqual([]);
      const warnings = await listWarnings(paved);
      expect(warnings).toEqual([
        expect.objectContaining({
          kind: 'dangling',
          entityRef: 'component:default/lonely',
          location: `file:${tree.path('catalog-info.yaml')}`,
          served: true,
        }),
      ]);
      const messages = warnings[0]!.errors.map((e) => e.message).join('\n');
      for (const target of [
        'group:default/ghost-team',
        'resource:default/nowhere',
        'system:default/vapour',
      ]) {
        expect(messages).toContain(target);
      }
      const source = ((await paved.get('/api/catalog/sources')).body.items as { status: string }[])[0]!;
      expect(source.status).toBe('ok');
      // What the API does expose: the targets are not served, so a client can tell they dangle.
      const targets = await paved.post('/api/catalog/entities/by-refs', {
        entityRefs: lonely.relations!.map((r) => r.targetRef),
      });
      expect(targets.status).toBe(200);
      expect(targets.body.items).toEqual([null, null, null]);
      const owned = await paved.get(
        '/api/catalog/entities/by-query?filter=relations.ownedby=group:default/ghost-team',
      );
      expect(owned.body.items.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual([
        'lonely',
      ]);

      // The target appears later: it is served with the reverse relation, and the warning narrows.
      await tree.write(
        'catalog-info.yaml',
        yamlFile(
          componentDoc('lonely', {
            owner: 'ghost-team',
            dependsOn: ['resource:default/nowhere'],
            system: 'vapour',
          }),
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'ghost-team' },
            spec: { type: 'team', children: [] },
          },
        ),
      );
      await refresh(paved, 'component:default/lonely');
      const ghost = await mustGetEntity(paved, 'group', 'ghost-team');
      expect(ghost.relations).toEqual([{ type: 'ownerOf', targetRef: 'component:default/lonely' }]);
      const remaining = (await listWarnings(paved)).flatMap((w) => w.errors.map((e) => e.message)).join('\n');
      expect(remaining).not.toContain('group:default/ghost-team');
      expect(remaining).toContain('resource:default/nowhere');
    });
  });
}
