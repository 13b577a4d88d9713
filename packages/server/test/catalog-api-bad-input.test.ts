/**
 * What the catalog API answers to bad requests: the status and Backstage's error body
 * (`{error: {name, message}, request: {method, url}, response: {statusCode}}`), and that the
 * catalog keeps serving afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPaved, type TestPaved } from '../src/testing/paved.ts';
import {
  type CatalogWorkspace,
  createCatalogWorkspace,
  DEMO_ENTITY_COUNT,
} from './fixtures/api/workspace.ts';

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

interface Answer {
  status: number;
  body: unknown;
}

/** Sends a raw request: any method, body and content type. */
async function send(
  method: string,
  path: string,
  options: { body?: string; contentType?: string } = {},
): Promise<Answer> {
  const response = await fetch(`${paved.url}${path}`, {
    method,
    headers: options.contentType ? { 'content-type': options.contentType } : {},
    body: options.body,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: the assertion on the shape will say so
  }
  return { status: response.status, body };
}

const getRaw = (path: string) => send('GET', `/api/catalog${path}`);
const postJson = (path: string, body: unknown) =>
  send('POST', `/api/catalog${path}`, { body: JSON.stringify(body), contentType: 'application/json' });

/** Asserts Backstage's error body for this status and error name, echoing the request. */
function expectError(
  answer: Answer,
  status: number,
  name: string,
  request: { method: string; url: string },
  message: string | RegExp = /\S/,
): void {
  expect(answer.status).toBe(status);
  expect(answer.body).toEqual({
    error: expect.objectContaining({
      name,
      message:
        typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message),
    }),
    request,
    response: { statusCode: status },
  });
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe('bodies', () => {
  it('answers 413 with the error body to a body over the limit (1 MiB)', async () => {
    const entityRefs = Array.from({ length: 40_000 }, (_, i) => `component:default/service-number-${i}`);
    const answer = await postJson('/entities/by-refs', { entityRefs });
    expectError(answer, 413, 'PayloadTooLargeError', {
      method: 'POST',
      url: '/api/catalog/entities/by-refs',
    });
    const target = `${workspace.root}/${'x'.repeat(1_200_000)}`;
    expect((await postJson('/locations', { type: 'file', target })).status).toBe(413);
  });

  it('answers 400 to JSON that does not parse, and to a body that is not an object', async () => {
    const request = { method: 'POST', url: '/api/catalog/entities/by-query' };
    expectError(
      await send('POST', request.url, { body: '{"query": {', contentType: 'application/json' }),
      400,
      'InputError',
      request,
      'not valid JSON',
    );
    expectError(await postJson('/entities/by-query', []), 400, 'InputError', request, 'body must be object');
    expectError(
      await postJson('/entities/by-refs', {}),
      400,
      'InputError',
      { method: 'POST', url: '/api/catalog/entities/by-refs' },
      'entityRefs',
    );
  });

  it('answers 415 to a body that is not JSON', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const answer = await send('POST', '/api/catalog/refresh', {
        body: 'entityRef=component:default/checkout-service',
        contentType,
      });
      expectError(
        answer,
        415,
        'UnsupportedMediaTypeError',
        { method: 'POST', url: '/api/catalog/refresh' },
        contentType,
      );
    }
  });

  it('refuses POST /locations bodies with unknown, missing or wrong fields', async () => {
    const request = { method: 'POST', url: '/api/catalog/locations' };
    const target = workspace.fixture('extra', 'catalog-info.yaml');
    expectError(
      await postJson('/locations', { type: 'file', target, owner: 'me' }),
      400,
      'InputError',
      request,
    );
    expectError(await postJson('/locations', { type: 'file' }), 400, 'InputError', request, 'target');
    expectError(await postJson('/locations', { type: 'file', target: '' }), 400, 'InputError', request);
    expectError(
      await postJson('/locations', { type: 'file', target, presence: 'sometimes' }),
      400,
      'InputError',
      request,
      'presence',
    );
  });
});

describe('filters, predicates and parameters', () => {
  it('refuses filter statements without a key, or with an operator for a key', async () => {
    for (const filter of ['=', '=component', 'kind=api,=x', '$foo=1', ' =x']) {
      const query = `filter=${encodeURIComponent(filter)}`;
      for (const path of ['/entities', '/entities/by-query', '/entity-facets']) {
        const url = `${path}?${query}${path === '/entity-facets' ? '&facet=kind' : ''}`;
        expectError(
          await getRaw(url),
          400,
          'InputError',
          { method: 'GET', url: `/api/catalog${url}` },
          'Invalid filter',
        );
      }
      const refs = await postJson(`/entities/by-refs?${query}`, {
        entityRefs: ['component:default/checkout-service'],
      });
      expect(refs.status).toBe(400);
    }
  });

  it('ignores empty statements, as Backstage does', async () => {
    const plain = await getRaw('/entities?filter=kind=api&fields=metadata.name');
    const withEmpties = await getRaw('/entities?filter=kind=api,,%20,&fields=metadata.name');
    expect(withEmpties.status).toBe(200);
    expect(withEmpties.body).toEqual(plain.body);
    expect(plain.body).toHaveLength(8);
  });

  it('refuses invalid predicates on every route that takes one, naming the problem', async () => {
    const predicates: unknown[] = [
      { $foo: 1 },
      { kind: { $not: 'api' } },
      { $all: {} },
      { $any: [1] },
      { $not: 1 },
      { kind: null },
      { kind: { $in: [{}] } },
      { kind: 'api', $not: { kind: 'x' } },
      { relations: { $contains: { type: 1 } } },
      'kind=api',
      [{ kind: 'api' }],
    ];
    for (const query of predicates) {
      for (const [path, body] of [
        ['/entities/by-query', { query }],
        ['/entity-facets', { facets: ['kind'], query }],
        ['/entities/by-refs', { entityRefs: ['component:default/checkout-service'], query }],
        ['/locations/by-query', { query }],
      ] as const) {
        expectError(
          await postJson(path, body),
          400,
          'InputError',
          { method: 'POST', url: `/api/catalog${path}` },
          'Invalid query',
        );
      }
    }
  });

  it('refuses location predicates on fields a location does not have', async () => {
    expectError(
      await postJson('/locations/by-query', { query: { kind: 'location' } }),
      400,
      'InputError',
      { method: 'POST', url: '/api/catalog/locations/by-query' },
      'id, type, target and entityRef',
    );
  });

  it('refuses malformed, tampered and empty cursors', async () => {
    const first = await getRaw('/entities/by-query?orderField=metadata.name,asc&limit=5');
    const real = (first.body as { pageInfo: { nextCursor: string } }).pageInfo.nextCursor;
    const decoded = JSON.parse(Buffer.from(real, 'base64').toString('utf8')) as Record<string, unknown>;
    const cursors = [
      'abc',
      '%%%',
      b64([1, 2]),
      b64({ orderFields: 'x' }),
      b64({ ...decoded, isPrevious: 'no' }),
      b64({ ...decoded, orderFieldValues: [1, 2] }),
      b64({ ...decoded, orderFields: [{ field: 'metadata.name', order: 'sideways' }] }),
      b64({ ...decoded, query: { $foo: 1 } }),
      b64({ ...decoded, totalItems: 'many' }),
    ];
    for (const cursor of cursors) {
      const url = `/entities/by-query?cursor=${encodeURIComponent(cursor)}`;
      expectError(
        await getRaw(url),
        400,
        'InputError',
        { method: 'GET', url: `/api/catalog${url}` },
        /cursor/i,
      );
      expectError(
        await postJson('/entities/by-query', { cursor }),
        400,
        'InputError',
        { method: 'POST', url: '/api/catalog/entities/by-query' },
        /cursor/i,
      );
    }
    expectError(await getRaw('/entities/by-query?cursor='), 400, 'InputError', {
      method: 'GET',
      url: '/api/catalog/entities/by-query?cursor=',
    });
    for (const cursor of ['abc', b64({ limit: 0 }), b64({ limit: 2, afterId: 7 }), b64('x')]) {
      expectError(
        await postJson('/locations/by-query', { cursor }),
        400,
        'InputError',
        { method: 'POST', url: '/api/catalog/locations/by-query' },
        'Malformed cursor',
      );
    }
  });

  it('refuses malformed and empty `after` cursors of GET /entities', async () => {
    for (const after of [
      'abc',
      b64({ limit: -5 }),
      b64({ offset: 'x' }),
      b64({ limit: 1.5 }),
      b64([1]),
      '',
    ]) {
      const url = `/entities?after=${encodeURIComponent(after)}`;
      expectError(
        await getRaw(url),
        400,
        'InputError',
        { method: 'GET', url: `/api/catalog${url}` },
        /after/i,
      );
    }
  });

  it('refuses limits and offsets that are not whole numbers in range', async () => {
    for (const url of [
      '/entities?limit=-1',
      '/entities?limit=abc',
      '/entities?limit=1.5',
      '/entities?limit=0',
      '/entities?offset=-1',
      '/entities/by-query?limit=-1',
      '/entities/by-query?limit=abc',
      '/entities/by-query?offset=-3',
    ]) {
      expectError(
        await getRaw(url),
        400,
        'InputError',
        { method: 'GET', url: `/api/catalog${url}` },
        /limit|offset/,
      );
    }
    for (const body of [{ limit: -1 }, { limit: 'abc' }, { offset: -1 }, { limit: 2.5 }]) {
      expect((await postJson('/entities/by-query', body)).status).toBe(400);
    }
    expect((await postJson('/locations/by-query', { limit: 0 })).status).toBe(400);
  });

  it('refuses other malformed parameters with a message naming them', async () => {
    const cases: [string, string][] = [
      ['/entities/by-query?orderField=metadata.name,sideways', 'asc or desc'],
      ['/entities/by-query?orderField=,asc', 'orderField'],
      ['/entities?order=up:metadata.name', 'order'],
      ['/entities/by-query?totalItems=maybe', 'totalItems'],
      ['/entities?fields=metadata.tags[0]', 'array'],
      ['/entity-facets', 'facet'],
    ];
    for (const [url, message] of cases) {
      expectError(
        await getRaw(url),
        400,
        'InputError',
        { method: 'GET', url: `/api/catalog${url}` },
        message,
      );
    }
    expect((await postJson('/entity-facets', { facets: [] })).status).toBe(400);
  });
});

describe('unknown routes', () => {
  it('answers 404 in the same error shape, inside and outside the catalog', async () => {
    const cases: [string, string][] = [
      ['GET', '/api/catalog/nope'],
      ['DELETE', '/api/catalog/entities'],
      ['PATCH', '/api/catalog/locations/123'],
      ['GET', '/api/nope'],
      ['GET', '/nope?x=1'],
    ];
    for (const [method, url] of cases) {
      expectError(
        await send(method, url),
        404,
        'NotFoundError',
        { method, url },
        url.split('?')[0] as string,
      );
    }
  });
});

describe('locations outside the allowed folder', () => {
  it('refuses targets that leave the server folder, naming the folder that is allowed', async () => {
    const targets = [
      '../../etc/passwd',
      '/etc/passwd',
      `${workspace.root}/../../../etc/passwd`,
      `${workspace.root}/fixtures/../../outside/catalog-info.yaml`,
      `${workspace.root}-evil/catalog-info.yaml`,
      '/etc/*',
      '/**/catalog-info.yaml',
    ];
    for (const target of targets) {
      for (const path of ['/locations', '/locations?dryRun=true']) {
        expectError(
          await postJson(path, { type: 'file', target }),
          400,
          'InputError',
          { method: 'POST', url: `/api/catalog${path}` },
          workspace.root,
        );
      }
    }
    expectError(
      await postJson('/analyze-location', { location: { type: 'file', target: '/etc' } }),
      400,
      'InputError',
      { method: 'POST', url: '/api/catalog/analyze-location' },
      workspace.root,
    );
    expectError(
      await postJson('/locations', { type: 'git', target: 'file:///etc#main:catalog-info.yaml' }),
      400,
      'InputError',
      { method: 'POST', url: '/api/catalog/locations' },
      workspace.root,
    );
  });

  it('refuses NUL characters in bodies and URLs with 400, not a store failure', async () => {
    for (const [path, body] of [
      ['/locations', { type: 'file', target: `${workspace.root}/x\u0000/catalog-info.yaml` }],
      ['/locations?dryRun=true', { type: 'file', target: `${workspace.root}/x\u0000/catalog-info.yaml` }],
      ['/refresh', { entityRef: 'component:default/x\u0000y' }],
      ['/entities/by-refs', { entityRefs: ['component:default/x\u0000y'] }],
    ] as const) {
      expectError(
        await postJson(path, body),
        400,
        'InputError',
        { method: 'POST', url: `/api/catalog${path}` },
        'NUL',
      );
    }
    const url = '/api/catalog/entities/by-name/component/default/x%00y';
    expectError(await send('GET', url), 400, 'InputError', { method: 'GET', url }, 'NUL');
  });
});

describe('after all of the above', () => {
  it('still serves the catalog, unchanged', async () => {
    const all = await getRaw('/entities?fields=metadata.name');
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(DEMO_ENTITY_COUNT);
    const one = await getRaw('/entities/by-name/component/default/checkout-service');
    expect(one.status).toBe(200);
    expect((one.body as { spec: { owner: string } }).spec.owner).toBe('checkout-team');
    const locations = await getRaw('/locations');
    expect((locations.body as { data: { target: string } }[]).map((l) => l.data.target)).toEqual([
      workspace.demo,
    ]);
    expect((await getRaw('/errors')).body).toEqual({ items: [] });
    const page = await postJson('/entities/by-query', { query: { kind: 'component' }, limit: 3 });
    expect(page.status).toBe(200);
    expect((page.body as { totalItems: number }).totalItems).toBe(10);
  });
});
