/**
 * GET /api/search, the global search of the portal's command palette, over the demo organisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPaved, type TestPaved } from '../src/testing/paved.ts';
import { type CatalogWorkspace, createCatalogWorkspace } from './fixtures/api/workspace.ts';

interface Result {
  type: string;
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  description?: string;
  tags: string[];
  specType?: string;
  owner?: string;
  lifecycle?: string;
  matched: string;
  score: number;
}

let workspace: CatalogWorkspace;
let paved: TestPaved;

beforeAll(async () => {
  workspace = await createCatalogWorkspace();
  paved = await startTestPaved({ catalog: [workspace.demo], cwd: workspace.root, watch: false });
});

afterAll(async () => {
  await paved?.close();
  await workspace?.dispose();
});

async function search(query: string): Promise<{ term: string; results: Result[]; totalMatched: number }> {
  const { status, body } = await paved.get(`/api/search?${query}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

describe('GET /api/search', () => {
  it('finds entities by name first, best first, with what a result list shows', async () => {
    const { term, results, totalMatched } = await search('term=checkout');
    expect(term).toBe('checkout');
    expect(results[0]).toMatchObject({ ref: 'system:default/checkout', matched: 'name' });
    expect(results.map((r) => r.ref)).toContain('component:default/checkout-service');
    expect(totalMatched).toBeGreaterThanOrEqual(results.length);
    const scores = results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const service = results.find((r) => r.ref === 'component:default/checkout-service');
    expect(service).toMatchObject({
      type: 'entity',
      kind: 'Component',
      namespace: 'default',
      name: 'checkout-service',
      title: 'Checkout Service',
      specType: 'service',
      lifecycle: 'production',
      owner: expect.stringMatching(/^group:default\//),
      tags: expect.any(Array),
      description: expect.any(String),
    });
  });

  it('needs every word, in any field, ignoring case and accents', async () => {
    const { results } = await search(`term=${encodeURIComponent('LUCÍA fernandez')}`);
    expect(results.map((r) => r.ref)).toEqual(['user:default/lucia.fernandez']);
    expect(results[0]?.title).toBe('Lucía Fernández');
    expect((await search('term=checkout%20zzzz')).results).toEqual([]);
  });

  it('keeps the asked kinds, repeated or comma-separated, in any case', async () => {
    const one = await search('term=checkout&kind=Component');
    expect(one.results.length).toBeGreaterThan(0);
    expect(one.results.every((r) => r.kind === 'Component')).toBe(true);
    const two = await search('term=checkout&kind=component&kind=system');
    const kinds = new Set(two.results.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['Component', 'System']);
    expect((await search('term=checkout&kind=component,system')).results).toEqual(two.results);
  });

  it('answers at most `limit` results (10 by default) and counts every match', async () => {
    const all = await search('term=e&limit=50');
    expect(all.totalMatched).toBeGreaterThan(10);
    expect((await search('term=e')).results).toEqual(all.results.slice(0, 10));
    const two = await search('term=e&limit=2');
    expect(two.results).toEqual(all.results.slice(0, 2));
    expect(two.totalMatched).toBe(all.totalMatched);
  });

  it('answers an empty term with no results rather than an error', async () => {
    const none = { results: [], totalMatched: 0, docs: [], docsTotalMatched: 0, partial: false };
    expect(await search('term=')).toEqual({ term: '', ...none });
    expect(await search('term=%20%20')).toEqual({ term: '  ', ...none });
    expect(await search('')).toEqual({ term: '', ...none });
  });

  it('refuses a limit that is not a whole number from 1 to 50, saying so', async () => {
    for (const limit of ['0', '51', 'ten', '-1', '2.5']) {
      const { status, body } = await paved.get(`/api/search?term=x&limit=${limit}`);
      expect(status, limit).toBe(400);
      expect(body.error.message, limit).toMatch(/limit must be a whole number from 1 to 50/);
    }
  });

  it('follows the catalog: registered entities are found, unregistered ones no longer', async () => {
    expect((await search('term=widget')).results).toEqual([]);
    const created = await paved.post('/api/catalog/locations', {
      type: 'file',
      target: workspace.fixture('extra', 'catalog-info.yaml'),
    });
    expect(created.status).toBe(201);
    await paved.settle();
    const found = await search('term=widget');
    expect(found.results.map((r) => r.ref)).toEqual(['component:default/extra-widget']);
    expect(found.results[0]).toMatchObject({
      name: 'Extra-Widget',
      tags: ['java', 'extra'],
      matched: 'name',
    });

    expect((await paved.del(`/api/catalog/locations/${created.body.location.id}`)).status).toBe(204);
    await paved.settle();
    expect((await search('term=widget')).results).toEqual([]);
  });
});
