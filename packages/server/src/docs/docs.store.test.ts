import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '../testing/databases.ts';
import { createDocsStore } from './docs.store.ts';

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && postgresSkipReason)(`docs store: opening a site (${kind})`, () => {
    let database: TestDatabase;
    let store: ReturnType<typeof createDocsStore>;

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      store = createDocsStore(database.db);
    });
    afterAll(() => database?.dispose());

    it('records a site not seen before as pending, once, and lists it', async () => {
      const ref = 'component:default/new-site';
      expect(await store.openSite(ref)).toEqual({
        status: 'pending',
        inputHash: null,
        siteHash: null,
        builtAt: null,
      });
      expect(await store.openSite(ref)).toEqual({
        status: 'pending',
        inputHash: null,
        siteHash: null,
        builtAt: null,
      });
      expect((await store.listRefs()).filter((r) => r === ref)).toEqual([ref]);
    });

    it('answers what is stored for a site seen before, without setting it back to pending', async () => {
      const ref = 'component:default/failed-site';
      await store.openSite(ref);
      await store.saveFailure(ref, {
        inputHash: 'abc123',
        error: { message: 'mkdocs.yml not found' },
        warnings: [],
      });
      expect(await store.openSite(ref)).toEqual({
        status: 'failed',
        inputHash: 'abc123',
        siteHash: null,
        builtAt: null,
      });
      expect((await store.getSite(ref))?.status).toBe('failed');
    });
  });
}
