/**
 * The HTTP semantics of the catalog API (reference/catalog.md §5) on both stores: filters,
 * projection, paging, cursors, facets, by-refs, locations, validation, errors, schema, audit.
 */
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { storeKinds } from '../src/testing/databases.ts';
import { startTestPaved, type TestPaved } from '../src/testing/paved.ts';
import {
  type CatalogWorkspace,
  createCatalogWorkspace,
  DEMO_ENTITY_COUNT,
} from './fixtures/api/workspace.ts';

interface Served {
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string; [key: string]: unknown };
  spec?: Record<string, unknown>;
  relations?: { type: string; targetRef: string }[];
}

interface QueryPage {
  items: Served[];
  totalItems: number;
  pageInfo: { nextCursor?: string; prevCursor?: string };
}

const refOf = (e: Served) =>
  `${e.kind}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`.toLowerCase();

for (const { kind: store, skip } of storeKinds) {
  describe.skipIf(skip)(`catalog API on ${store}`, () => {
    let workspace: CatalogWorkspace;
    let paved: TestPaved;

    beforeAll(async () => {
      workspace = await createCatalogWorkspace();
      paved = await startTestPaved({ store, catalog: [workspace.demo], cwd: workspace.root, watch: false });
    });

    afterAll(async () => {
      await paved?.close();
      await workspace?.dispose();
    });

    const get = (path: string) => paved.get(`/api/catalog${path}`);
    const post = (path: string, body: unknown) => paved.post(`/api/catalog${path}`, body);
    const del = (path: string) => paved.del(`/api/catalog${path}`);

    /** `kind:name` of every entity a GET /entities query answers, sorted. */
    async function list(query: string): Promise<string[]> {
      const { status, body } = await get(`/entities?${query}&fields=kind,metadata.name`);
      expect(status).toBe(200);
      return (body as Served[]).map((e) => `${e.kind}:${e.metadata.name}`.toLowerCase()).sort();
    }

    async function audit(): Promise<{ actor: string; action: string; resource: string; outcome: string }[]> {
      const { rows } = await paved.db.query<{
        actor: string;
        action: string;
        resource: string;
        outcome: string;
      }>('SELECT actor, action, resource, outcome FROM audit_log ORDER BY id');
      return rows;
    }

    describe('filters (§5.4)', () => {
      it('ORs repeated filter parameters and ANDs the statements of one', async () => {
        expect(await list('filter=kind=domain&filter=kind=system,spec.type=platform')).toEqual([
          'domain:orders',
          'domain:platform',
          'domain:shopping',
          'system:developer-platform',
        ]);
        expect(await list('filter=kind=component,spec.type=website')).toEqual(['component:web-storefront']);
      });

      it('ORs the values of the same key within one filter', async () => {
        expect(await list('filter=kind=domain,kind=system')).toHaveLength(8);
      });

      it('tests existence with a bare key, and the empty string with key=', async () => {
        const withEmail = await list('filter=spec.profile.email');
        expect(withEmail).toHaveLength(17);
        expect(withEmail.every((r) => r.startsWith('group:') || r.startsWith('user:'))).toBe(true);
        expect(await list('filter=kind=user,spec.profile.email')).toHaveLength(8);
        expect(await list('filter=spec.type=')).toEqual([]);
      });

      it('matches keys and values case-insensitively', async () => {
        expect(await list('filter=KIND=Component,Spec.Type=WEBSITE')).toEqual(['component:web-storefront']);
      });

      it('filters on relations, tags and annotation keys', async () => {
        expect(await list('filter=relations.ownedby=group:default/checkout-team')).toEqual([
          'api:checkout-api',
          'api:payments-api',
          'component:checkout-service',
          'component:payment-gateway',
          'resource:checkout-redis',
          'system:checkout',
        ]);
        const pci = [
          'api:payments-api',
          'component:checkout-service',
          'component:payment-gateway',
          'system:checkout',
        ];
        expect(await list('filter=metadata.tags.pci-dss')).toEqual(pci);
        expect(await list('filter=metadata.tags.PCI-DSS=true')).toEqual(pci);
        expect(await list('filter=metadata.tags=pci-dss')).toEqual(pci);
        expect(await list('filter=metadata.tags.java')).toEqual([]);
        expect(
          await list('filter=metadata.annotations.github.com/project-slug=acme-retail/checkout-service'),
        ).toEqual(['component:checkout-service']);
      });
    });

    describe('fields projection (§5.6)', () => {
      it('keeps only the selected subtrees, keys with dots included, and leaves out missing paths', async () => {
        const { body } = await get(
          '/entities?filter=metadata.name=checkout-service&fields=kind,metadata.name&fields=metadata.annotations.backstage.io/techdocs-ref,spec.nothing',
        );
        expect(body).toEqual([
          {
            kind: 'Component',
            metadata: { name: 'checkout-service', annotations: { 'backstage.io/techdocs-ref': 'dir:.' } },
          },
        ]);
      });
    });

    describe('GET /entities paging (§5.3)', () => {
      it('returns everything in one array without paging parameters, and no Link header', async () => {
        const { status, body, headers } = await get('/entities');
        expect(status).toBe(200);
        expect(body).toHaveLength(DEMO_ENTITY_COUNT);
        expect(headers.get('link')).toBeNull();
      });

      it('follows Link rel="next" to the end, in entity-ref order, keeping the other parameters', async () => {
        const all = ((await get('/entities?fields=kind,metadata.name,metadata.namespace')).body as Served[])
          .map(refOf)
          .sort();
        const seen: string[] = [];
        let path: string | undefined =
          '/api/catalog/entities?fields=kind,metadata.name,metadata.namespace&limit=20';
        let pages = 0;
        while (path) {
          const response = await paved.get(path);
          expect(response.status).toBe(200);
          for (const e of response.body as Served[]) {
            expect(Object.keys(e).sort()).toEqual(['kind', 'metadata']);
            seen.push(refOf(e));
          }
          pages++;
          const link = response.headers.get('link');
          path = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
          if (path) {
            expect(new URL(path, paved.url).searchParams.get('fields')).toBe(
              'kind,metadata.name,metadata.namespace',
            );
            expect(new URL(path, paved.url).searchParams.get('after')).toEqual(expect.any(String));
          }
        }
        expect(pages).toBe(3);
        expect(seen).toEqual(all);
      });

      it('honours offset, and orders by a field with entities lacking it last', async () => {
        const all = ((await get('/entities?fields=kind,metadata.name,metadata.namespace')).body as Served[])
          .map(refOf)
          .sort();
        const { body } = await get(
          '/entities?offset=10&limit=5&fields=kind,metadata.name,metadata.namespace',
        );
        expect((body as Served[]).map(refOf)).toEqual(all.slice(10, 15));

        const ordered = (
          await get('/entities?order=desc:spec.lifecycle&limit=100&fields=kind,spec.lifecycle')
        ).body as Served[];
        const lifecycles = ordered.map((e) => e.spec?.lifecycle as string | undefined);
        expect(lifecycles.slice(0, 18).every((l) => typeof l === 'string')).toBe(true);
        expect(lifecycles.slice(18).every((l) => l === undefined)).toBe(true);
        const present = lifecycles.slice(0, 18) as string[];
        expect(present).toEqual([...present].sort().reverse());
      });
    });

    describe('GET and POST /entities/by-query (§5.3)', () => {
      it('walks cursors to the end and back with prevCursor; totalItems on every page', async () => {
        const forward: string[][] = [];
        let page = (await get('/entities/by-query?orderField=metadata.name,asc&limit=7&fields=metadata.name'))
          .body as QueryPage;
        expect(page.pageInfo.prevCursor).toBeUndefined();
        for (;;) {
          expect(page.totalItems).toBe(DEMO_ENTITY_COUNT);
          forward.push(page.items.map((e) => e.metadata.name));
          if (!page.pageInfo.nextCursor) break;
          const cursor = encodeURIComponent(page.pageInfo.nextCursor);
          page = (await get(`/entities/by-query?cursor=${cursor}&limit=7&fields=metadata.name`))
            .body as QueryPage;
          expect(page.pageInfo.prevCursor).toEqual(expect.any(String));
        }
        expect(forward.map((p) => p.length)).toEqual([7, 7, 7, 7, 7, 7, 7, DEMO_ENTITY_COUNT - 49]);
        const names = forward.flat();
        expect(names).toEqual([...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
        expect(new Set(names).size).toBe(DEMO_ENTITY_COUNT);

        const backward: string[][] = [page.items.map((e) => e.metadata.name)];
        while (page.pageInfo.prevCursor) {
          const cursor = encodeURIComponent(page.pageInfo.prevCursor);
          page = (await get(`/entities/by-query?cursor=${cursor}&limit=7&fields=metadata.name`))
            .body as QueryPage;
          backward.unshift(page.items.map((e) => e.metadata.name));
        }
        expect(backward).toEqual(forward);
      });

      it('ignores filter and orderField next to a cursor', async () => {
        const first = (await get('/entities/by-query?filter=kind=api&orderField=metadata.name,asc&limit=3'))
          .body as QueryPage;
        const cursor = encodeURIComponent(first.pageInfo.nextCursor as string);
        const plain = (await get(`/entities/by-query?cursor=${cursor}&limit=3`)).body as QueryPage;
        const noisy = (
          await get(
            `/entities/by-query?cursor=${cursor}&limit=3&filter=kind=group&orderField=metadata.uid,desc`,
          )
        ).body as QueryPage;
        expect(noisy.items.map(refOf)).toEqual(plain.items.map(refOf));
        expect(plain.items.every((e) => e.kind === 'API')).toBe(true);
      });

      it('counts, excludes the count, and answers limit=0 with the count only', async () => {
        const counted = (await get('/entities/by-query?filter=kind=component&limit=2')).body as QueryPage;
        expect(counted.totalItems).toBe(10);
        expect(counted.items).toHaveLength(2);
        const excluded = (await get('/entities/by-query?filter=kind=component&totalItems=exclude'))
          .body as QueryPage;
        expect(excluded.totalItems).toBe(0);
        expect(excluded.items).toHaveLength(10);
        const none = (await get('/entities/by-query?filter=kind=component&limit=0')).body as QueryPage;
        expect(none).toMatchObject({ items: [], totalItems: 10 });
      });

      it('leaves out entities lacking the sort field, from items and from totalItems', async () => {
        const page = (await get('/entities/by-query?orderField=spec.lifecycle,desc&limit=100&fields=kind'))
          .body as QueryPage;
        expect(page.totalItems).toBe(18);
        expect(new Set(page.items.map((e) => e.kind))).toEqual(new Set(['API', 'Component']));
      });

      it('filters on full text: the given fields, else the sort field, else only the uid', async () => {
        const inFields = (
          await get(
            '/entities/by-query?fullTextFilterTerm=CHECKOUT&fullTextFilterFields=metadata.name&orderField=metadata.name,asc',
          )
        ).body as QueryPage;
        expect(inFields.items.map((e) => e.metadata.name)).toEqual([
          'checkout',
          'checkout-api',
          'checkout-redis',
          'checkout-service',
          'checkout-team',
        ]);
        const bySortField = (
          await get('/entities/by-query?fullTextFilterTerm=checkout&orderField=metadata.name,asc')
        ).body as QueryPage;
        expect(bySortField.totalItems).toBe(5);
        const byUid = (await get('/entities/by-query?fullTextFilterTerm=checkout')).body as QueryPage;
        expect(byUid.totalItems).toBe(0);
        const uid = (inFields.items[0] as Served).metadata.uid as string;
        const oneUid = (await get(`/entities/by-query?fullTextFilterTerm=${uid.slice(0, 13)}`))
          .body as QueryPage;
        expect(oneUid.items.map((e) => e.metadata.name)).toEqual(['checkout']);
      });

      it('answers predicate queries (POST) with $all, $any, $not, $in, $exists, $hasPrefix, $contains', async () => {
        const names = async (body: unknown) => {
          const { status, body: page } = await post('/entities/by-query', body);
          expect(status).toBe(200);
          return (page as QueryPage).items.map((e) => e.metadata.name).sort();
        };
        expect(
          await names({
            query: { $all: [{ kind: 'Component' }, { 'spec.type': { $in: ['website', 'LIBRARY'] } }] },
          }),
        ).toEqual(['acme-service-kit', 'web-storefront']);
        expect(
          await names({ query: { $all: [{ kind: 'domain' }, { $not: { 'metadata.name': 'orders' } }] } }),
        ).toEqual(['platform', 'shopping']);
        expect(
          await names({
            query: { $any: [{ 'metadata.name': { $hasPrefix: 'CHECKOUT-S' } }, { kind: 'nope' }] },
          }),
        ).toEqual(['checkout-service']);
        expect(
          await names({
            query: {
              kind: 'component',
              relations: { $contains: { type: 'ownedBy', targetRef: 'group:default/search-team' } },
            },
          }),
        ).toEqual(['recommendations-engine', 'search-service']);
        expect(await names({ query: { kind: 'user', 'spec.profile.email': { $exists: false } } })).toEqual(
          [],
        );
        expect(await names({ query: { 'metadata.tags': { $contains: 'pci-dss' }, kind: 'system' } })).toEqual(
          ['checkout'],
        );
        expect(await names({ query: { $any: [] } })).toEqual([]);
        expect(await names({ query: { $all: [] }, limit: 500 })).toHaveLength(DEMO_ENTITY_COUNT);
      });

      it('pages a predicate query with orderBy and cursors', async () => {
        const seen: string[] = [];
        let page = (
          await post('/entities/by-query', {
            query: { kind: 'component' },
            orderBy: [{ field: 'metadata.name', order: 'desc' }],
            limit: 4,
            fields: ['metadata.name'],
          })
        ).body as QueryPage;
        for (;;) {
          expect(page.totalItems).toBe(10);
          seen.push(...page.items.map((e) => e.metadata.name));
          if (!page.pageInfo.nextCursor) break;
          page = (await post('/entities/by-query', { cursor: page.pageInfo.nextCursor, limit: 4 }))
            .body as QueryPage;
        }
        expect(seen).toHaveLength(10);
        expect(seen).toEqual([...seen].sort().reverse());
      });
    });

    describe('entity facets (§5.8)', () => {
      it('keys facets as given, counts in original case, and filters (GET)', async () => {
        const { status, body } = await get(
          '/entity-facets?facet=Kind&facet=metadata.tags&filter=kind=component',
        );
        expect(status).toBe(200);
        expect(Object.keys(body.facets).sort()).toEqual(['Kind', 'metadata.tags']);
        expect(body.facets.Kind).toEqual([{ value: 'Component', count: 10 }]);
        expect(body.facets['metadata.tags']).toEqual(
          expect.arrayContaining([
            { value: 'go', count: 5 },
            { value: 'tier-1', count: 7 },
          ]),
        );
      });

      it('takes a predicate (POST)', async () => {
        const { body } = await post('/entity-facets', {
          facets: ['kind'],
          query: { 'spec.type': 'openapi' },
        });
        expect(body).toEqual({ facets: { kind: [{ value: 'API', count: 4 }] } });
      });
    });

    describe('POST /entities/by-refs', () => {
      it('keeps order and length, null for missing, filtered-out or non-canonical refs', async () => {
        const { status, body } = await post('/entities/by-refs?filter=kind=component&fields=kind', {
          entityRefs: [
            'component:default/checkout-service',
            'component:default/nope',
            'api:default/checkout-api',
            'Component:default/checkout-service',
            'component:default/order-service',
          ],
          fields: ['metadata.name'],
        });
        expect(status).toBe(200);
        expect(body.items).toEqual([
          { kind: 'Component', metadata: { name: 'checkout-service' } },
          null,
          null,
          null,
          { kind: 'Component', metadata: { name: 'order-service' } },
        ]);
      });

      it('ANDs the body query with the filter parameter', async () => {
        const { body } = await post('/entities/by-refs?filter=kind=component', {
          entityRefs: ['component:default/checkout-service', 'component:default/web-storefront'],
          query: { 'spec.type': 'website' },
          fields: ['metadata.name'],
        });
        expect(body.items).toEqual([null, { metadata: { name: 'web-storefront' } }]);
      });
    });

    describe('single entities', () => {
      it('finds an entity by name case-insensitively, and by uid', async () => {
        const { status, body } = await get('/entities/by-name/COMPONENT/Default/Checkout-Service');
        expect(status).toBe(200);
        expect(body.metadata.name).toBe('checkout-service');
        const byUid = await get(`/entities/by-uid/${body.metadata.uid}`);
        expect(byUid.body).toEqual(body);
      });

      it('answers 404 in the error shape for what it does not have', async () => {
        const byName = await get('/entities/by-name/component/default/nope');
        expect(byName.status).toBe(404);
        expect(byName.body).toMatchObject({
          error: { name: 'NotFoundError', message: expect.stringContaining('component:default/nope') },
          request: { method: 'GET', url: '/api/catalog/entities/by-name/component/default/nope' },
          response: { statusCode: 404 },
        });
        expect((await get('/entities/by-uid/00000000-0000-4000-8000-000000000000')).status).toBe(404);
        expect((await get('/entities/by-name/component/default/nope/ancestry')).status).toBe(404);
      });

      it('returns the ancestry, root first, through the Location files', async () => {
        const { body } = await get('/entities/by-name/component/default/order-service/ancestry');
        expect(body.rootEntityRef).toBe('component:default/order-service');
        const chain = (body.items as { entity: Served; parentEntityRefs: string[] }[]).map((i) => [
          refOf(i.entity),
          i.parentEntityRefs,
        ]);
        expect(chain).toEqual([
          ['component:default/order-service', ['location:default/acme-demo']],
          ['location:default/acme-demo', [expect.stringMatching(/^location:default\/generated-/)]],
          [expect.stringMatching(/^location:default\/generated-/), []],
        ]);
      });
    });

    describe('locations, registration and removal (in order)', () => {
      let extraTarget: string;
      let extraId: string;

      beforeAll(() => {
        extraTarget = workspace.fixture('extra', 'catalog-info.yaml');
      });

      it('GET /locations lists the registered location; by id and by entity find it', async () => {
        const { status, body } = await get('/locations');
        expect(status).toBe(200);
        expect(body).toEqual([
          {
            data: {
              id: expect.any(String),
              type: 'file',
              target: workspace.demo,
              entityRef: expect.stringMatching(/^location:default\/generated-[0-9a-f]{40}$/),
            },
          },
        ]);
        const location = body[0].data;
        expect((await get(`/locations/${location.id}`)).body).toEqual(location);
        expect((await get('/locations/by-entity/component/default/checkout-service')).body).toEqual(location);
        expect((await get('/locations/by-entity/component/default/nope')).status).toBe(404);
        expect((await get('/locations/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      });

      it('POST /locations?dryRun=true lists the entities and stores nothing', async () => {
        const { status, body } = await post('/locations?dryRun=true', { type: 'file', target: extraTarget });
        expect(status).toBe(201);
        expect(body.exists).toBe(false);
        expect(body.location).toMatchObject({ id: `file:${extraTarget}`, type: 'file', target: extraTarget });
        expect((body.entities as Served[]).map(refOf)).toEqual(
          expect.arrayContaining(['component:default/extra-widget', 'group:default/extra-team']),
        );
        expect((await get('/locations')).body).toHaveLength(1);
        expect((await get('/entities/by-name/component/default/extra-widget')).status).toBe(404);
      });

      it('POST /locations registers (201), and its entities are served once read', async () => {
        const { status, body } = await post('/locations', { type: 'file', target: extraTarget });
        expect(status).toBe(201);
        expect(body).toEqual({
          location: {
            id: expect.any(String),
            type: 'file',
            target: extraTarget,
            entityRef: expect.any(String),
          },
          entities: [],
        });
        extraId = body.location.id;
        await paved.settle();
        const widget = await get('/entities/by-name/component/default/extra-widget');
        expect(widget.status).toBe(200);
        expect(widget.body.metadata.name).toBe('Extra-Widget');
        expect(await list('filter=metadata.tags.java')).toEqual(['component:extra-widget']);
        expect((await get('/locations/by-entity/component/default/extra-widget')).body.id).toBe(extraId);
        expect((await get('/locations')).body).toHaveLength(2);
      });

      it('answers 409 for a duplicate, and the existing location with onConflict=refresh', async () => {
        const duplicate = await post('/locations', { type: 'file', target: extraTarget });
        expect(duplicate.status).toBe(409);
        expect(duplicate.body).toMatchObject({
          error: { name: 'ConflictError' },
          response: { statusCode: 409 },
        });
        const refreshed = await post('/locations?onConflict=refresh', { type: 'file', target: extraTarget });
        expect(refreshed.status).toBe(201);
        expect(refreshed.body.location.id).toBe(extraId);
        expect(
          (await post('/locations?dryRun=true', { type: 'file', target: extraTarget })).body.exists,
        ).toBe(true);
      });

      it('refuses location types it cannot read, and url targets that name no repository file', async () => {
        const svn = await post('/locations', { type: 'svn', target: 'svn://example.invalid/repo' });
        expect(svn.status).toBe(400);
        expect(svn.body.error).toMatchObject({
          name: 'InputError',
          message: expect.stringContaining('file, git, url'),
        });
        const url = await post('/locations', { type: 'url', target: 'https://example.invalid/a.yaml' });
        expect(url.status).toBe(400);
        expect(url.body.error).toMatchObject({
          name: 'InputError',
          message: expect.stringContaining('does not name a file in a repository'),
        });
      });

      it('POST /analyze-location tells registered files apart, or generates a skeleton', async () => {
        const existing = await post('/analyze-location', {
          location: { type: 'file', target: workspace.fixture('extra') },
        });
        expect(existing.status).toBe(200);
        expect(
          (
            existing.body.existingEntityFiles as {
              entity: Served;
              isRegistered: boolean;
              location: unknown;
            }[]
          ).map((f) => [refOf(f.entity), f.isRegistered, f.location]),
        ).toEqual([
          ['component:default/extra-widget', true, { type: 'file', target: extraTarget }],
          ['group:default/extra-team', true, { type: 'file', target: extraTarget }],
        ]);
        const lonely = await post('/analyze-location', {
          location: { type: 'file', target: workspace.fixture('lonely') },
        });
        expect(lonely.body).toEqual({
          existingEntityFiles: [],
          generateEntities: [
            {
              entity: expect.objectContaining({
                kind: 'Component',
                metadata: expect.objectContaining({ name: 'lonely' }),
                spec: { type: 'other', lifecycle: 'unknown' },
              }),
              fields: [],
            },
          ],
        });
      });

      it('POST /refresh reads the source again (200, empty), 404 for an unknown entity', async () => {
        const ok = await post('/refresh', { entityRef: 'component:default/extra-widget' });
        expect(ok.status).toBe(200);
        expect(ok.body).toBeUndefined();
        const unknown = await post('/refresh', { entityRef: 'component:default/nope' });
        expect(unknown.status).toBe(404);
        expect(unknown.body.error.name).toBe('NotFoundError');
      });

      it('DELETE /entities/by-uid answers 204; the entity returns when its source is read again', async () => {
        const uid = (await get('/entities/by-name/group/default/extra-team')).body.metadata.uid as string;
        const deleted = await del(`/entities/by-uid/${uid}`);
        expect(deleted.status).toBe(204);
        expect(deleted.body).toBeUndefined();
        await vi.waitFor(
          async () => {
            await paved.settle();
            const back = await get('/entities/by-name/group/default/extra-team');
            expect(back.status).toBe(200);
            // Re-created, as in Backstage: a new entity with a new uid; the deleted uid is gone.
            expect(back.body.metadata.uid).not.toBe(uid);
          },
          { timeout: 10_000, interval: 200 },
        );
        expect((await get(`/entities/by-uid/${uid}`)).status).toBe(404);
        expect((await del('/entities/by-uid/00000000-0000-4000-8000-000000000000')).status).toBe(204);
      });

      it('GET /locations/by-entity and ancestry go through a nested Location', async () => {
        const { body } = await post('/locations', {
          type: 'file',
          target: workspace.fixture('nested', 'catalog-info.yaml'),
        });
        await paved.settle();
        expect((await get('/locations/by-entity/component/default/nested-leaf')).body.id).toBe(
          body.location.id,
        );
        const ancestry = await get('/entities/by-name/component/default/nested-leaf/ancestry');
        expect((ancestry.body.items as { entity: Served }[]).map((i) => refOf(i.entity))).toEqual([
          'component:default/nested-leaf',
          'location:default/nested-root',
          body.location.entityRef,
        ]);
      });

      it('DELETE /locations/:id answers 204 and removes what it provided; again is 404', async () => {
        expect((await del(`/locations/${extraId}`)).status).toBe(204);
        expect((await get('/entities/by-name/component/default/extra-widget')).status).toBe(404);
        expect((await get('/entities/by-name/group/default/extra-team')).status).toBe(404);
        expect(
          ((await get('/locations')).body as { data: { id: string } }[]).map((l) => l.data.id),
        ).not.toContain(extraId);
        expect((await get('/entities/by-name/component/default/checkout-service')).status).toBe(200);
        expect((await del(`/locations/${extraId}`)).status).toBe(404);
      });

      it('writes an audit record for every mutation, succeeded or failed', async () => {
        const records = await audit();
        expect(records.every((r) => r.actor === 'user:default/guest')).toBe(true);
        expect(records).toEqual(
          expect.arrayContaining([
            {
              actor: expect.any(String),
              action: 'catalog.location.create',
              resource: `file:${extraTarget}`,
              outcome: 'succeeded',
            },
            {
              actor: expect.any(String),
              action: 'catalog.location.create',
              resource: `file:${extraTarget}`,
              outcome: 'failed',
            },
            {
              actor: expect.any(String),
              action: 'catalog.location.create',
              resource: 'svn:svn://example.invalid/repo',
              outcome: 'failed',
            },
            {
              actor: expect.any(String),
              action: 'catalog.location.create',
              resource: 'url:https://example.invalid/a.yaml',
              outcome: 'failed',
            },
            {
              actor: expect.any(String),
              action: 'catalog.entity.refresh',
              resource: 'component:default/extra-widget',
              outcome: 'succeeded',
            },
            {
              actor: expect.any(String),
              action: 'catalog.entity.refresh',
              resource: 'component:default/nope',
              outcome: 'failed',
            },
            {
              actor: expect.any(String),
              action: 'catalog.entity.delete',
              resource: expect.any(String),
              outcome: 'succeeded',
            },
            {
              actor: expect.any(String),
              action: 'catalog.location.delete',
              resource: extraId,
              outcome: 'succeeded',
            },
            {
              actor: expect.any(String),
              action: 'catalog.location.delete',
              resource: extraId,
              outcome: 'failed',
            },
          ]),
        );
      });
    });

    describe('validation, errors and schema', () => {
      const entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'new-service' },
        spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
      };
      const location = 'url:https://git.example/acme/new-service/blob/main/catalog-info.yaml';

      it('POST /validate-entity: 200 empty when valid, 400 {errors} when not', async () => {
        const ok = await post('/validate-entity', { location, entity });
        expect(ok.status).toBe(200);
        expect(ok.body).toBeUndefined();
        const bad = await post('/validate-entity', {
          location,
          entity: { ...entity, spec: { type: 'service' } },
        });
        expect(bad.status).toBe(400);
        expect(bad.body).toEqual({
          errors: expect.arrayContaining([
            expect.objectContaining({ name: 'InputError', message: expect.stringContaining('lifecycle') }),
            expect.objectContaining({ name: 'InputError', message: expect.stringContaining('owner') }),
          ]),
        });
      });

      it('POST /validate-entity: 400 {errors} for a location that is not url:, or a body without one', async () => {
        const file = await post('/validate-entity', { location: 'file:/tmp/catalog-info.yaml', entity });
        expect(file.status).toBe(400);
        expect(file.body).toEqual({
          errors: [{ name: 'InputError', message: expect.stringContaining('url:') }],
        });
        const missing = await post('/validate-entity', { entity });
        expect(missing.status).toBe(400);
        expect(missing.body).toEqual({
          errors: [{ name: 'InputError', message: expect.stringContaining('location') }],
        });
      });

      it('GET /errors lists the entity that failed validation, and filters by entity', async () => {
        const registered = await post('/locations', {
          type: 'file',
          target: workspace.fixture('broken', 'catalog-info.yaml'),
        });
        expect(registered.status).toBe(201);
        await paved.settle();
        expect((await get('/entities/by-name/component/default/fine-service')).status).toBe(200);
        expect((await get('/entities/by-name/component/default/ownerless-service')).status).toBe(404);
        const { status, body } = await get('/errors');
        expect(status).toBe(200);
        // fine-service's owner is not in the catalog: that is a `dangling` warning, not a problem.
        const problems = (items: { kind: string }[]) => items.filter((i) => i.kind !== 'dangling');
        expect(problems(body.items)).toEqual([
          expect.objectContaining({
            sourceId: registered.body.location.id,
            entityRef: 'component:default/ownerless-service',
            kind: 'entity',
            served: false,
            errors: [
              expect.objectContaining({ path: 'spec.owner', message: expect.stringContaining('owner') }),
            ],
          }),
        ]);
        expect((await get('/errors?entityRef=Component:default/ownerless-service')).body.items).toHaveLength(
          1,
        );
        const fine = (await get('/errors?entityRef=component:default/fine-service')).body.items;
        expect(problems(fine)).toEqual([]);
        expect(fine.map((i: { kind: string }) => i.kind)).toEqual(['dangling']);
      });

      it('GET /schema/catalog-info.json is a JSON Schema that ajv compiles and that tells entities apart', async () => {
        const { status, body, headers } = await get('/schema/catalog-info.json');
        expect(status).toBe(200);
        expect(headers.get('content-type')).toContain('application/json');
        const validate = new Ajv({ strict: false, allErrors: true }).compile(body);
        expect(validate(entity)).toBe(true);
        expect(validate({ ...entity, relations: [] })).toBe(false);
        expect(validate({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component' })).toBe(false);
      });
    });

    /**
     * The deleted ref itself must leave the in-memory view at once, not only when the source's
     * re-read replaces it (a race the test could otherwise win by chance).
     */
    describe('deleting by uid', () => {
      it('DELETE /entities/by-uid stops serving the entity at once, also one that originates no relations', async () => {
        const { body } = await post('/locations', {
          type: 'file',
          target: workspace.fixture('extra', 'catalog-info.yaml'),
        });
        await paved.settle();
        try {
          // extra-team declares no parent, children or members: it is only the target of relations.
          const uid = (await get('/entities/by-name/group/default/extra-team')).body.metadata.uid as string;
          expect((await del(`/entities/by-uid/${uid}`)).status).toBe(204);
          expect((await get(`/entities/by-uid/${uid}`)).status).toBe(404);
          expect(await list(`filter=metadata.uid=${uid}`)).toEqual([]);
        } finally {
          await del(`/locations/${body.location.id}`);
        }
      });
    });
  });
}
