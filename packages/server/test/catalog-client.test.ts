/**
 * @backstage/catalog-client, unchanged, against a running Paved holding the demo organisation:
 * every public method of CatalogClient, with what a user of the client would notice.
 */
import { CATALOG_FILTER_EXISTS, CatalogClient } from '@backstage/catalog-client';
import type { Entity } from '@backstage/catalog-model';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestPaved, type TestPaved } from '../src/testing/paved.ts';
import {
  type CatalogWorkspace,
  createCatalogWorkspace,
  DEMO_ENTITY_COUNT,
} from './fixtures/api/workspace.ts';

let workspace: CatalogWorkspace;
let paved: TestPaved;
let client: CatalogClient;

beforeAll(async () => {
  workspace = await createCatalogWorkspace();
  paved = await startTestPaved({ catalog: [workspace.demo], cwd: workspace.root, watch: false });
  client = new CatalogClient({ discoveryApi: { getBaseUrl: async () => `${paved.url}/api/catalog` } });
});

afterAll(async () => {
  await paved?.close();
  await workspace?.dispose();
});

/** `kind:namespace/name`, lower-cased, of an entity as served. */
function refOf(entity: Entity | undefined): string | undefined {
  if (!entity) return undefined;
  return `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`.toLowerCase();
}

function namesOf(entities: (Entity | undefined)[]): (string | undefined)[] {
  return entities.map((e) => e?.metadata.name);
}

const COMPONENT_NAMES = [
  'acme-service-kit',
  'checkout-service',
  'erp-order-export',
  'order-service',
  'payment-gateway',
  'product-catalog-service',
  'recommendations-engine',
  'search-service',
  'storefront-bff',
  'web-storefront',
];

describe('getEntities', () => {
  it('lists the whole catalog, with uid, etag and relations on every entity', async () => {
    const { items } = await client.getEntities();
    expect(items).toHaveLength(DEMO_ENTITY_COUNT);
    for (const entity of items) {
      expect(entity.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(entity.metadata.etag).toEqual(expect.any(String));
      expect(Array.isArray(entity.relations)).toBe(true);
    }
    expect(new Set(items.map(refOf)).size).toBe(DEMO_ENTITY_COUNT);
  });

  it('ORs filter sets and the values of one key, case-insensitively', async () => {
    const { items } = await client.getEntities({
      filter: [{ kind: ['API', 'domain'] }, { 'metadata.name': 'ACME-RETAIL' }],
    });
    const kinds = items.map((e) => e.kind).sort();
    expect(kinds.filter((k) => k === 'API')).toHaveLength(8);
    expect(kinds.filter((k) => k === 'Domain')).toHaveLength(3);
    expect(items.filter((e) => e.kind === 'Group').map((e) => e.metadata.name)).toEqual(['acme-retail']);
    expect(items).toHaveLength(12);
  });

  it('filters on the existence of a key with CATALOG_FILTER_EXISTS', async () => {
    const { items } = await client.getEntities({
      filter: { kind: 'user', 'spec.profile.email': CATALOG_FILTER_EXISTS },
    });
    expect(items.map((e) => e.metadata.name).sort()).toEqual([
      'amara.okafor',
      'jonas.weber',
      'kenji.tanaka',
      'lucia.fernandez',
      'marco.rossi',
      'mei.chen',
      'priya.raman',
      'rachel.adeyemi',
    ]);
  });

  it('returns only the requested fields', async () => {
    const { items } = await client.getEntities({
      filter: { kind: 'system' },
      fields: ['kind', 'metadata.name'],
    });
    expect(items).toHaveLength(5);
    for (const entity of items) {
      expect(Object.keys(entity).sort()).toEqual(['kind', 'metadata']);
      expect(Object.keys(entity.metadata)).toEqual(['name']);
    }
  });

  it('orders by a field', async () => {
    const { items } = await client.getEntities({
      filter: { kind: 'system' },
      order: { field: 'metadata.name', order: 'desc' },
      fields: ['metadata.name'],
    });
    expect(namesOf(items)).toEqual([
      'storefront',
      'product-discovery',
      'order-fulfilment',
      'developer-platform',
      'checkout',
    ]);
  });

  it('pages with offset and limit in entity-ref order', async () => {
    const all = (await client.getEntities({ fields: ['kind', 'metadata.name', 'metadata.namespace'] })).items
      .map(refOf)
      .sort();
    const { items } = await client.getEntities({
      offset: 20,
      limit: 10,
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    });
    expect(items.map(refOf)).toEqual(all.slice(20, 30));
  });
});

describe('getEntitiesByRefs', () => {
  const refs = [
    'component:default/checkout-service',
    'component:default/does-not-exist',
    'api:default/checkout-api',
  ];

  it('answers in the order asked, with undefined for refs it does not have', async () => {
    const { items } = await client.getEntitiesByRefs({ entityRefs: refs });
    expect(items.map(refOf)).toEqual([
      'component:default/checkout-service',
      undefined,
      'api:default/checkout-api',
    ]);
  });

  it('applies fields and filter', async () => {
    const { items } = await client.getEntitiesByRefs({
      entityRefs: refs,
      fields: ['metadata.name'],
      filter: { kind: 'component' },
    });
    expect(items).toEqual([{ metadata: { name: 'checkout-service' } }, undefined, undefined]);
  });

  it('applies a predicate query', async () => {
    const { items } = await client.getEntitiesByRefs({
      entityRefs: refs,
      query: { 'spec.type': { $in: ['openapi', 'grpc'] } },
    });
    expect(items.map(refOf)).toEqual([undefined, undefined, 'api:default/checkout-api']);
  });

  it('answers more refs than the client sends in one request (it splits them in chunks of 1000)', async () => {
    const every = (
      await client.getEntities({ fields: ['kind', 'metadata.name', 'metadata.namespace'] })
    ).items.map((e) => refOf(e) as string);
    const many = Array.from({ length: 1200 }, (_, i) => every[i % every.length] as string);
    const { items } = await client.getEntitiesByRefs({ entityRefs: many, fields: ['kind', 'metadata.name'] });
    expect(items).toHaveLength(1200);
    expect(items.map(refOf)).toEqual(many);
  });
});

describe('queryEntities', () => {
  it('walks cursor pages forward and back, keeping totalItems and the order', async () => {
    const pages: string[][] = [];
    let response = await client.queryEntities({
      filter: { kind: 'component' },
      orderFields: { field: 'metadata.name', order: 'asc' },
      limit: 4,
      fields: ['metadata.name'],
    });
    expect(response.pageInfo.prevCursor).toBeUndefined();
    for (;;) {
      expect(response.totalItems).toBe(10);
      pages.push(namesOf(response.items) as string[]);
      if (!response.pageInfo.nextCursor) break;
      response = await client.queryEntities({
        cursor: response.pageInfo.nextCursor,
        limit: 4,
        fields: ['metadata.name'],
      });
    }
    expect(pages.map((p) => p.length)).toEqual([4, 4, 2]);
    expect(pages.flat()).toEqual(COMPONENT_NAMES);

    const back: string[][] = [namesOf(response.items) as string[]];
    while (response.pageInfo.prevCursor) {
      response = await client.queryEntities({
        cursor: response.pageInfo.prevCursor,
        limit: 4,
        fields: ['metadata.name'],
      });
      back.unshift(namesOf(response.items) as string[]);
    }
    expect(back).toEqual(pages);
  });

  it('pages a predicate query (POST) with its cursors, descending', async () => {
    const names: string[] = [];
    let response = await client.queryEntities({
      query: { $any: [{ kind: 'api' }, { kind: 'domain' }] },
      orderFields: [{ field: 'metadata.name', order: 'desc' }],
      limit: 5,
    });
    for (;;) {
      expect(response.totalItems).toBe(11);
      names.push(...(namesOf(response.items) as string[]));
      if (!response.pageInfo.nextCursor) break;
      response = await client.queryEntities({ cursor: response.pageInfo.nextCursor, limit: 5 });
    }
    expect(names).toHaveLength(11);
    expect(names).toEqual([...names].sort().reverse());
    expect(names).toContain('shopping');
    expect(names).toContain('checkout-api');
  });

  it('filters on full text in the given fields', async () => {
    const { items, totalItems } = await client.queryEntities({
      fullTextFilter: { term: 'Checkout', fields: ['metadata.name', 'metadata.title'] },
      orderFields: { field: 'metadata.name', order: 'asc' },
    });
    expect(namesOf(items)).toEqual([
      'checkout',
      'checkout-api',
      'checkout-redis',
      'checkout-service',
      'checkout-team',
    ]);
    expect(totalItems).toBe(5);
  });

  it('skips the count with totalItems: exclude, and honours offset', async () => {
    const excluded = await client.queryEntities({ filter: { kind: 'component' }, totalItems: 'exclude' });
    expect(excluded.totalItems).toBe(0);
    expect(excluded.items).toHaveLength(10);

    const { items } = await client.queryEntities({
      filter: { kind: 'component' },
      orderFields: { field: 'metadata.name', order: 'asc' },
      offset: 3,
      limit: 2,
    });
    expect(namesOf(items)).toEqual(COMPONENT_NAMES.slice(3, 5));
  });
});

describe('streamEntities', () => {
  it('yields every entity once, one page at a time', async () => {
    const sizes: number[] = [];
    const uids = new Set<string>();
    for await (const page of client.streamEntities({ pageSize: 20 })) {
      sizes.push(page.length);
      for (const entity of page) uids.add(entity.metadata.uid as string);
    }
    expect(sizes).toEqual([20, 20, DEMO_ENTITY_COUNT - 40]);
    expect(uids.size).toBe(DEMO_ENTITY_COUNT);
  });

  it('streams a filtered, ordered selection', async () => {
    const names: string[] = [];
    for await (const page of client.streamEntities({
      filter: { kind: 'component' },
      orderFields: { field: 'metadata.name', order: 'asc' },
      fields: ['metadata.name'],
      pageSize: 3,
    })) {
      expect(page.length).toBeLessThanOrEqual(3);
      names.push(...(namesOf(page) as string[]));
    }
    expect(names).toEqual(COMPONENT_NAMES);
  });
});

describe('getEntityByRef and getEntityByName', () => {
  it('returns the entity with its relations in both directions', async () => {
    const entity = await client.getEntityByRef('component:default/checkout-service');
    expect(entity?.spec).toMatchObject({ type: 'service', lifecycle: 'production', owner: 'checkout-team' });
    expect(entity?.relations).toEqual(
      expect.arrayContaining([
        { type: 'ownedBy', targetRef: 'group:default/checkout-team' },
        { type: 'partOf', targetRef: 'system:default/checkout' },
        { type: 'providesApi', targetRef: 'api:default/checkout-api' },
        { type: 'consumesApi', targetRef: 'api:default/payments-api' },
        { type: 'dependsOn', targetRef: 'component:default/payment-gateway' },
        { type: 'dependencyOf', targetRef: 'component:default/storefront-bff' },
      ]),
    );
    expect(entity?.metadata.annotations?.['backstage.io/managed-by-origin-location']).toBe(
      `file:${workspace.demo}`,
    );
  });

  it('matches kind, namespace and name case-insensitively, also in compound form', async () => {
    const byString = await client.getEntityByRef('component:default/checkout-service');
    const byCompound = await client.getEntityByRef({
      kind: 'Component',
      namespace: 'Default',
      name: 'Checkout-Service',
    });
    expect(byCompound?.metadata.uid).toBe(byString?.metadata.uid);
  });

  it('returns undefined for an entity it does not have', async () => {
    await expect(client.getEntityByRef('component:default/does-not-exist')).resolves.toBeUndefined();
  });

  it('still answers the deprecated getEntityByName', async () => {
    const group = await client.getEntityByName({
      kind: 'Group',
      namespace: 'default',
      name: 'checkout-team',
    });
    expect(group?.relations).toEqual(
      expect.arrayContaining([
        { type: 'childOf', targetRef: 'group:default/digital-commerce' },
        { type: 'hasMember', targetRef: 'user:default/kenji.tanaka' },
        { type: 'ownerOf', targetRef: 'component:default/checkout-service' },
      ]),
    );
    await expect(
      client.getEntityByName({ kind: 'Group', namespace: 'default', name: 'nobody' }),
    ).resolves.toBeUndefined();
  });
});

describe('getEntityAncestors', () => {
  it('returns the chain of Locations that led to the entity', async () => {
    const { rootEntityRef, items } = await client.getEntityAncestors({
      entityRef: 'component:default/checkout-service',
    });
    expect(rootEntityRef).toBe('component:default/checkout-service');
    const [component, demo, generated] = items;
    expect(items).toHaveLength(3);
    expect(refOf(component?.entity)).toBe('component:default/checkout-service');
    expect(component?.parentEntityRefs).toEqual(['location:default/acme-demo']);
    expect(refOf(demo?.entity)).toBe('location:default/acme-demo');
    expect(demo?.parentEntityRefs).toEqual([refOf(generated?.entity)]);
    expect(generated?.entity.kind).toBe('Location');
    expect(generated?.parentEntityRefs).toEqual([]);
  });

  it('throws NotFoundError for an entity it does not have', async () => {
    await expect(
      client.getEntityAncestors({ entityRef: 'component:default/does-not-exist' }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      body: { error: { name: 'NotFoundError' } },
    });
  });
});

describe('getEntityFacets', () => {
  it('counts values per facet, keyed as asked, in original case (GET with filter)', async () => {
    const { facets } = await client.getEntityFacets({
      facets: ['kind', 'spec.lifecycle'],
      filter: { kind: ['component', 'api'] },
    });
    expect(Object.keys(facets).sort()).toEqual(['kind', 'spec.lifecycle']);
    expect(facets.kind).toEqual([
      { value: 'API', count: 8 },
      { value: 'Component', count: 10 },
    ]);
    expect(facets['spec.lifecycle']?.reduce((sum, f) => sum + f.count, 0)).toBe(18);
  });

  it('counts each element of an array field (POST with a predicate)', async () => {
    const { facets } = await client.getEntityFacets({
      facets: ['metadata.tags'],
      query: { kind: 'component' },
    });
    expect(facets['metadata.tags']).toEqual(
      expect.arrayContaining([
        { value: 'go', count: 5 },
        { value: 'tier-1', count: 7 },
      ]),
    );
  });
});

describe('locations', () => {
  it('getLocations, getLocationById, getLocationByRef and getLocationByEntity agree', async () => {
    const { items } = await client.getLocations();
    expect(items).toEqual([
      {
        id: expect.any(String),
        type: 'file',
        target: workspace.demo,
        entityRef: expect.stringMatching(/^location:default\/generated-[0-9a-f]{40}$/),
      },
    ]);
    const location = items[0];
    await expect(client.getLocationById(location?.id as string)).resolves.toEqual(location);
    await expect(client.getLocationByRef(`file:${workspace.demo}`)).resolves.toEqual(location);
    await expect(client.getLocationByEntity('component:default/checkout-service')).resolves.toEqual(location);
    await expect(client.getEntityByRef(location?.entityRef as string)).resolves.toMatchObject({
      kind: 'Location',
    });
  });

  it('returns undefined for locations it does not have', async () => {
    await expect(client.getLocationById('00000000-0000-4000-8000-000000000000')).resolves.toBeUndefined();
    await expect(client.getLocationByRef('file:/nowhere/catalog-info.yaml')).resolves.toBeUndefined();
    await expect(client.getLocationByEntity('component:default/does-not-exist')).resolves.toBeUndefined();
  });

  it('queryLocations filters on type and target', async () => {
    const all = await client.queryLocations();
    expect(all).toMatchObject({ totalItems: 1, pageInfo: {} });
    const byPrefix = await client.queryLocations({
      query: { type: 'FILE', target: { $hasPrefix: workspace.root } },
    });
    expect(byPrefix.items.map((l) => l.target)).toEqual([workspace.demo]);
    const none = await client.queryLocations({ query: { type: 'url' } });
    expect(none).toEqual({ items: [], totalItems: 0, pageInfo: {} });
  });
});

describe('validateEntity and analyzeLocation', () => {
  const valid: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'new-service' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };

  it('accepts a valid entity', async () => {
    await expect(
      client.validateEntity(valid, 'url:https://git.example/acme/new/catalog-info.yaml'),
    ).resolves.toEqual({
      valid: true,
    });
  });

  it('lists every problem of an invalid entity', async () => {
    const result = await client.validateEntity(
      { ...valid, metadata: { name: 'not a name!' }, spec: { type: 'service', lifecycle: 'production' } },
      'url:https://git.example/acme/new/catalog-info.yaml',
    );
    expect(result.valid).toBe(false);
    const messages = result.valid ? [] : result.errors.map((e) => e.message).join('\n');
    expect(messages).toContain('metadata.name');
    expect(messages).toContain('owner');
  });

  it('says why a location that is not url: is refused', async () => {
    const result = await client.validateEntity(valid, 'file:/tmp/catalog-info.yaml');
    expect(result.valid).toBe(false);
    expect(result.valid ? [] : result.errors.map((e) => e.message)).toEqual([
      expect.stringContaining('url:'),
    ]);
  });

  it('analyzeLocation finds existing catalog files, or generates a skeleton', async () => {
    const existing = await client.analyzeLocation({
      location: { type: 'file', target: workspace.fixture('extra') },
    });
    expect(existing.generateEntities).toEqual([]);
    expect(existing.existingEntityFiles.map((f) => [refOf(f.entity as Entity), f.isRegistered])).toEqual([
      ['component:default/extra-widget', false],
      ['group:default/extra-team', false],
    ]);

    const lonely = await client.analyzeLocation({
      location: { type: 'file', target: workspace.fixture('lonely') },
    });
    expect(lonely.existingEntityFiles).toEqual([]);
    expect(lonely.generateEntities).toEqual([
      {
        entity: expect.objectContaining({
          kind: 'Component',
          metadata: expect.objectContaining({ name: 'lonely' }),
        }),
        fields: [],
      },
    ]);
  });
});

describe('registering, refreshing and removing (in order)', () => {
  let target: string;
  let locationId: string;

  beforeAll(() => {
    target = workspace.fixture('extra', 'catalog-info.yaml');
  });

  it('addLocation with dryRun lists what would be added and stores nothing', async () => {
    const result = await client.addLocation({ type: 'file', target, dryRun: true });
    expect(result.exists).toBe(false);
    expect(result.location).toMatchObject({ id: `file:${target}`, type: 'file', target });
    expect(result.entities.map(refOf)).toEqual(
      expect.arrayContaining(['component:default/extra-widget', 'group:default/extra-team']),
    );
    await expect(client.getEntityByRef('component:default/extra-widget')).resolves.toBeUndefined();
    expect((await client.getLocations()).items).toHaveLength(1);
  });

  it('addLocation registers the location; its entities follow', async () => {
    const result = await client.addLocation({ type: 'file', target });
    expect(result.entities).toEqual([]);
    expect(result.location).toMatchObject({
      type: 'file',
      target,
      entityRef: expect.stringMatching(/^location:/),
    });
    locationId = result.location.id;
    await paved.settle();
    const widget = await client.getEntityByRef('component:default/extra-widget');
    expect(widget?.metadata.name).toBe('Extra-Widget');
    expect(widget?.relations).toContainEqual({ type: 'ownedBy', targetRef: 'group:default/extra-team' });
    await expect(client.getLocationByEntity('component:default/extra-widget')).resolves.toMatchObject({
      id: locationId,
    });
    const analysis = await client.analyzeLocation({
      location: { type: 'file', target: workspace.fixture('extra') },
    });
    expect(analysis.existingEntityFiles.every((f) => f.isRegistered)).toBe(true);
  });

  it('addLocation of a registered location is a conflict, unless onConflict is refresh', async () => {
    await expect(client.addLocation({ type: 'file', target })).rejects.toMatchObject({
      statusCode: 409,
      body: { error: { name: 'ConflictError' } },
    });
    const again = await client.addLocation({ type: 'file', target, onConflict: 'refresh' });
    expect(again.location.id).toBe(locationId);
    const dryRun = await client.addLocation({ type: 'file', target, dryRun: true });
    expect(dryRun.exists).toBe(true);
  });

  it('addLocation without a type (the client defaults to url) needs a file of a repository, and says so', async () => {
    // A url location is read through git (catalog-url-locations.test.ts registers one against a
    // loopback git server); one that names no repository file is refused before any fetch.
    await expect(
      client.addLocation({ target: 'https://git.invalid/catalog-info.yaml' }),
    ).rejects.toMatchObject({
      statusCode: 400,
      body: {
        error: {
          name: 'InputError',
          message: expect.stringContaining('expected …/<owner>/<repo>/blob/<ref>/<path>'),
        },
      },
    });
  });

  it('queryLocations and streamLocations page through locations by id', async () => {
    const first = await client.queryLocations({ limit: 1 });
    expect(first.totalItems).toBe(2);
    expect(first.items).toHaveLength(1);
    expect(first.pageInfo.nextCursor).toEqual(expect.any(String));
    const second = await client.queryLocations({ cursor: first.pageInfo.nextCursor as string });
    expect(second.items).toHaveLength(1);
    expect(second.pageInfo.nextCursor).toBeUndefined();
    const ids = [...first.items, ...second.items].map((l) => l.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain(locationId);

    const pages = [];
    for await (const page of client.streamLocations({ limit: 1 })) pages.push(page.map((l) => l.id));
    expect(pages).toEqual(ids.map((id) => [id]));
  });

  it('refreshEntity reads the source again; an unknown entity is NotFound', async () => {
    await expect(client.refreshEntity('component:default/extra-widget')).resolves.toBeUndefined();
    await expect(client.refreshEntity('component:default/does-not-exist')).rejects.toMatchObject({
      statusCode: 404,
      body: { error: { name: 'NotFoundError' } },
    });
  });

  it('removeEntityByUid removes the entity; its source, still declaring it, brings it back', async () => {
    const before = await client.getEntityByRef('component:default/extra-widget');
    const uid = before?.metadata.uid as string;
    await client.removeEntityByUid(uid);
    expect((await paved.get(`/api/catalog/entities/by-uid/${uid}`)).status).toBe(404);
    await vi.waitFor(
      async () => {
        await paved.settle();
        expect(await client.getEntityByRef('component:default/extra-widget')).toMatchObject({
          metadata: { name: 'Extra-Widget' },
        });
      },
      { timeout: 10_000, interval: 200 },
    );
    // It came back as a new entity, as in Backstage: the deleted uid stays gone.
    expect((await paved.get(`/api/catalog/entities/by-uid/${uid}`)).status).toBe(404);
  });

  it('removeLocationById unregisters the location and removes its entities', async () => {
    await client.removeLocationById(locationId);
    await expect(client.getLocationById(locationId)).resolves.toBeUndefined();
    await expect(client.getEntityByRef('component:default/extra-widget')).resolves.toBeUndefined();
    await expect(client.getEntityByRef('group:default/extra-team')).resolves.toBeUndefined();
    expect((await client.getLocations()).items.map((l) => l.target)).toEqual([workspace.demo]);
    await expect(client.removeLocationById(locationId)).rejects.toMatchObject({ statusCode: 404 });
  });
});

/**
 * Gaps reported to the lead: these fail until the code outside the API layer supports them
 * (see the final report of the API compatibility task).
 */
describe('behaviours once missing (PUT /locations, generated namespace, delete by uid)', () => {
  it('updateLocation changes the target of a location, keeping its id and entity ref', async () => {
    const { location } = await client.addLocation({
      type: 'file',
      target: workspace.fixture('broken', 'catalog-info.yaml'),
    });
    try {
      const updated = await client.updateLocation(location.id, {
        type: 'file',
        target: workspace.fixture('nested', 'catalog-info.yaml'),
      });
      expect(updated).toEqual({
        id: location.id,
        type: 'file',
        target: workspace.fixture('nested', 'catalog-info.yaml'),
        entityRef: location.entityRef,
      });
    } finally {
      await client.removeLocationById(location.id).catch(() => undefined);
    }
  });

  it('the Location generated for a registration has metadata.namespace, as every served entity does', async () => {
    const [location] = (await client.getLocations()).items;
    const entity = await client.getEntityByRef(location?.entityRef as string);
    expect(entity?.metadata.namespace).toBe('default');
  });
});
