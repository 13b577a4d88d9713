import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedCatalog } from './catalog.ts';
import { catalogEndpoints, type Endpoint, load, verifyEndpoint } from './latency.ts';

const catalog = { components: Array.from({ length: 150 }, (_, i) => `c-${i}`) } as GeneratedCatalog;
const endpoints = Object.fromEntries(catalogEndpoints(catalog).map((e) => [e.name, e]));
const component = (name: string, type = 'service') => ({
  kind: 'Component',
  metadata: { name },
  spec: { type },
});

describe('answers fit to measure', () => {
  it('by-name must be payment-svc-0', () => {
    expect(endpoints['by-name']!.unfit(component('payment-svc-0'))).toBeUndefined();
    expect(endpoints['by-name']!.unfit({ error: 'NotFound' })).toMatch(/not the entity/);
  });

  it('lists must be non-empty, within the limit and match the filter', () => {
    const kindType = endpoints['by-query-kind-type']!;
    expect(kindType.unfit({ items: [component('a'), component('b')] })).toBeUndefined();
    expect(kindType.unfit({ items: [] })).toBe('no items');
    expect(kindType.unfit({ items: [component('a', 'library')] })).toMatch(/does not match/);
    expect(endpoints['by-query-kind']!.unfit({ items: Array(21).fill(component('a')) })).toMatch(
      /more than limit/,
    );
    expect(endpoints['full-text']!.unfit({ items: [component('checkout-svc-1')] })).toMatch(/does not match/);
  });

  it('facets must count services', () => {
    expect(
      endpoints.facets!.unfit({ facets: { 'spec.type': [{ value: 'service', count: 3 }] } }),
    ).toBeUndefined();
    expect(endpoints.facets!.unfit({ facets: { 'spec.type': [] } })).toMatch(/no spec.type facet/);
  });

  it('by-refs sends 100 refs and must find every one', () => {
    const refs = JSON.parse(endpoints['by-refs-100']!.body!).entityRefs as string[];
    expect(refs).toHaveLength(100);
    expect(refs[0]).toBe('component:default/c-0');
    const found = refs.map((r) => component(r.split('/')[1]!));
    expect(endpoints['by-refs-100']!.unfit({ items: found })).toBeUndefined();
    expect(endpoints['by-refs-100']!.unfit({ items: [...found.slice(1), null] })).toMatch(/not found/);
  });
});

describe('load', () => {
  let server: Server;
  let port: number;
  let calls = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      calls++;
      res.statusCode = req.url === '/fail' && calls % 20 === 0 ? 503 : 200;
      res.end('{"ok":true}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((done) => server.close(done)));

  const endpoint = (path: string): Endpoint => ({
    name: 'x',
    method: 'GET',
    path,
    goalP99Ms: 10,
    unfit: () => undefined,
  });

  it('records every response time, with sub-millisecond resolution', async () => {
    const before = calls;
    const run = await load(port, endpoint('/ok'), 2, 0.5);
    expect(run.samples).toBeGreaterThan(50);
    expect(run.samples).toBeLessThanOrEqual(calls - before);
    expect(run.connections).toBe(2);
    expect(run.p50Ms).toBeLessThanOrEqual(run.p99Ms);
    // Whole milliseconds everywhere would mean autocannon's histogram was read instead.
    expect([run.p50Ms, run.p99Ms, run.meanMs].every(Number.isInteger)).toBe(false);
    expect(run.reqPerSec).toBeGreaterThan(0);
  });

  it('fails when any answer is not 2xx', async () => {
    await expect(load(port, endpoint('/fail'), 1, 0.5)).rejects.toThrow(/non-2xx answers.*"503"/);
  });

  it('verification refuses a 200 answer that is unfit to measure', async () => {
    await expect(verifyEndpoint(port, { ...endpoint('/ok'), unfit: () => 'empty' })).rejects.toThrow(
      /unfit to measure: empty/,
    );
  });
});
