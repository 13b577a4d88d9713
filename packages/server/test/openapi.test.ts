/**
 * /api/openapi.json: a well-formed OpenAPI 3.1 document that lists exactly the API routes the
 * server registered, whose response schemas describe what the server really answers.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPaved, type TestPaved } from '../src/testing/paved.ts';
import { type CatalogWorkspace, createCatalogWorkspace } from './fixtures/api/workspace.ts';

interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

/** The API routes the server registers, as the document must list them. */
const API_OPERATIONS = [
  'GET /api/catalog/entities',
  'GET /api/catalog/entities/by-query',
  'POST /api/catalog/entities/by-query',
  'POST /api/catalog/entities/by-refs',
  'GET /api/catalog/entities/by-uid/{uid}',
  'DELETE /api/catalog/entities/by-uid/{uid}',
  'GET /api/catalog/entities/by-name/{kind}/{namespace}/{name}',
  'GET /api/catalog/entities/by-name/{kind}/{namespace}/{name}/ancestry',
  'GET /api/catalog/entities/by-name/{kind}/{namespace}/{name}/source',
  'GET /api/catalog/entity-facets',
  'POST /api/catalog/entity-facets',
  'POST /api/catalog/refresh',
  'POST /api/catalog/validate-entity',
  'POST /api/catalog/analyze-location',
  'GET /api/catalog/locations',
  'POST /api/catalog/locations',
  'POST /api/catalog/locations/by-query',
  'GET /api/catalog/locations/{id}',
  'PUT /api/catalog/locations/{id}',
  'DELETE /api/catalog/locations/{id}',
  'GET /api/catalog/locations/by-entity/{kind}/{namespace}/{name}',
  'GET /api/catalog/errors',
  'GET /api/catalog/sources',
  'GET /api/catalog/schema/catalog-info.json',
  'GET /api/search',
  'GET /api/docs',
  'GET /api/docs/{namespace}/{kind}/{name}',
  'GET /api/docs/{namespace}/{kind}/{name}/pages',
  'GET /api/docs/{namespace}/{kind}/{name}/pages/{*}',
  'GET /api/docs/{namespace}/{kind}/{name}/assets/{*}',
  'POST /api/docs/{namespace}/{kind}/{name}/rebuild',
  'GET /api/scaffolder/v2/actions',
  'POST /api/scaffolder/v2/dry-run',
  'POST /api/scaffolder/v2/tasks',
  'GET /api/scaffolder/v2/tasks',
  'GET /api/scaffolder/v2/tasks/{taskId}',
  'GET /api/scaffolder/v2/tasks/{taskId}/events',
  'GET /api/scaffolder/v2/tasks/{taskId}/eventstream',
  'POST /api/scaffolder/v2/tasks/{taskId}/cancel',
  'POST /api/scaffolder/v2/tasks/{taskId}/retry',
  'GET /api/scaffolder/v2/templates/{namespace}/{kind}/{name}/parameter-schema',
  'POST /api/scaffolder/v2/templates/{namespace}/{kind}/{name}/validate',
  'GET /api/scaffolder/v2/provenance',
  'POST /api/auth/sign-in',
  'GET /api/auth/me',
  'POST /api/auth/sign-out',
].sort();

/** Operations whose success response carries entities: their schema must use the Entity schema. */
const ENTITY_OPERATIONS: [string, string][] = [
  ['GET /api/catalog/entities', '200'],
  ['GET /api/catalog/entities/by-query', '200'],
  ['POST /api/catalog/entities/by-query', '200'],
  ['POST /api/catalog/entities/by-refs', '200'],
  ['GET /api/catalog/entities/by-uid/{uid}', '200'],
  ['GET /api/catalog/entities/by-name/{kind}/{namespace}/{name}', '200'],
  ['GET /api/catalog/entities/by-name/{kind}/{namespace}/{name}/ancestry', '200'],
  ['POST /api/catalog/locations', '201'],
  ['POST /api/catalog/analyze-location', '200'],
];

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

let workspace: CatalogWorkspace;
let paved: TestPaved;
let doc: OpenApiDocument;

beforeAll(async () => {
  workspace = await createCatalogWorkspace();
  paved = await startTestPaved({ catalog: [workspace.demo], cwd: workspace.root, watch: false });
  // Docs are built in the background: the docs calls below need them.
  await paved.settle();
  const { status, body } = await paved.get('/api/openapi.json');
  expect(status).toBe(200);
  doc = body as OpenApiDocument;
});

afterAll(async () => {
  await paved?.close();
  await workspace?.dispose();
});

function operations(): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, operation]): [string, Operation] => [`${method.toUpperCase()} ${path}`, operation]),
  );
}

function operation(key: string): Operation {
  const [method = '', path = ''] = key.split(' ');
  const found = doc.paths[path]?.[method.toLowerCase()];
  if (!found) throw new Error(`${key} is not in the document`);
  return found;
}

/** Every `$ref` string anywhere in a value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === '$ref' && typeof v === 'string' ? [v] : refsIn(v),
  );
}

/** Resolves a local JSON pointer (`#/components/schemas/Entity`) in the document. */
function resolvePointer(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>(
      (node, part) =>
        node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined,
      doc,
    );
}

/**
 * A schema that points at a response schema inside the document (added to ajv as
 * `openapi.json`), so that its `#/components/...` references resolve against the document.
 */
function responseSchema(key: string, status: string, type = 'application/json'): { $ref: string } {
  const [method = '', path = ''] = key.split(' ');
  const pointer = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1');
  return {
    $ref: `openapi.json#/paths/${pointer(path)}/${method.toLowerCase()}/responses/${status}/content/${pointer(type)}/schema`,
  };
}

/** `GET /api/catalog/entities/by-uid/:uid`-style routes from Fastify's route tree. */
function registeredRoutes(): string[] {
  const tree = paved.app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+) \(([^)]+)\)$/.exec(line);
    if (!match) continue;
    const depth = (match[1] as string).length / 4;
    stack.length = depth;
    const path = `${stack.join('')}${match[2]}`;
    stack.push(match[2] as string);
    for (const method of (match[3] as string).split(', ')) {
      if (method !== 'HEAD') routes.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return routes;
}

describe('the document', () => {
  it('is OpenAPI 3.1 with an info block and operations that all describe their responses', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toEqual(
      expect.objectContaining({ title: expect.any(String), version: expect.any(String) }),
    );
    const ops = operations();
    expect(ops.length).toBeGreaterThan(0);
    const ids = ops.map(([, op]) => op.operationId).filter((id) => id !== undefined);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [key, op] of ops) {
      const responses = Object.entries(op.responses ?? {});
      expect(responses.length, key).toBeGreaterThan(0);
      for (const [status, response] of responses) {
        expect(status, key).toMatch(/^(default|[1-5](\d\d|XX))$/);
        expect(response.description, `${key} ${status}`).toEqual(expect.any(String));
      }
    }
  });

  it('declares every path template parameter as a required path parameter, and no others', () => {
    for (const [key, op] of operations()) {
      const path = key.split(' ')[1] as string;
      const inPath = [...path.matchAll(/\{(\w+|\*)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort(), key).toEqual(inPath);
      expect(
        declared.every((p) => p.required === true),
        key,
      ).toBe(true);
    }
  });

  it('resolves every $ref, and its schemas compile as JSON Schema 2020-12 (the 3.1 dialect)', () => {
    for (const ref of refsIn(doc)) expect(resolvePointer(ref), ref).toBeDefined();
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema(doc, 'openapi.json');
    for (const [key, op] of operations()) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        for (const [type, media] of Object.entries(response.content ?? {})) {
          if (media.schema === undefined) continue;
          expect(
            () => ajv.compile(responseSchema(key, status, type)),
            `${key} ${status} ${type}`,
          ).not.toThrow();
        }
      }
    }
  });
});

describe('no drift between the document and the server', () => {
  it('lists exactly the API routes the server registered', () => {
    const documented = operations()
      .map(([key]) => key)
      .sort();
    expect(documented).toEqual(API_OPERATIONS);
    const registered = registeredRoutes()
      .filter((r) => r.split(' ')[1]?.startsWith('/api/') && r !== 'GET /api/openapi.json')
      .sort();
    // Fastify's route tree prints a wildcard route without its static prefix (`{name}*` for
    // …/{name}/assets/*): those are compared by what the document lists, and called below.
    const plain = (routes: string[]) => routes.filter((r) => !r.includes('*'));
    expect(plain(registered)).toEqual(plain(API_OPERATIONS));
    expect(registered.filter((r) => r.includes('*')).length).toBe(
      API_OPERATIONS.filter((r) => r.includes('*')).length,
    );
  });

  it('describes entity responses with the shared Entity schema, and errors with the Error schema', () => {
    for (const [key, status] of ENTITY_OPERATIONS) {
      const schema = operation(key).responses?.[status]?.content?.['application/json']?.schema;
      expect(refsIn(schema), `${key} ${status}`).toContain('#/components/schemas/Entity');
    }
    for (const key of [
      'GET /api/catalog/entities/by-name/{kind}/{namespace}/{name}',
      'GET /api/catalog/locations/{id}',
      'DELETE /api/catalog/locations/{id}',
      'POST /api/catalog/refresh',
    ]) {
      const schema = operation(key).responses?.['404']?.content?.['application/json']?.schema;
      expect(schema, key).toEqual({ $ref: '#/components/schemas/Error' });
    }
    expect(Object.keys(operation('POST /api/catalog/locations').responses ?? {}).sort()).toEqual([
      '201',
      '400',
      '409',
    ]);
    expect(Object.keys(operation('DELETE /api/catalog/entities/by-uid/{uid}').responses ?? {})).toEqual([
      '204',
    ]);
  });

  it('documents response bodies that match what the server answers', async () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema(doc, 'openapi.json');
    const uid = (await paved.get('/api/catalog/entities/by-name/component/default/checkout-service')).body
      .metadata.uid as string;
    const locationId = (await paved.get('/api/catalog/locations')).body[0].data.id as string;
    const target = workspace.fixture('extra', 'catalog-info.yaml');
    const calls: [string, string, () => ReturnType<TestPaved['get']>][] = [
      ['GET /api/catalog/entities', '200', () => paved.get('/api/catalog/entities')],
      ['GET /api/catalog/entities', '400', () => paved.get('/api/catalog/entities?limit=-1')],
      [
        'GET /api/catalog/entities/by-query',
        '200',
        () => paved.get('/api/catalog/entities/by-query?limit=5'),
      ],
      [
        'POST /api/catalog/entities/by-query',
        '200',
        () => paved.post('/api/catalog/entities/by-query', { limit: 5 }),
      ],
      [
        'POST /api/catalog/entities/by-refs',
        '200',
        () =>
          paved.post('/api/catalog/entities/by-refs', {
            entityRefs: ['component:default/checkout-service', 'x:y/z'],
          }),
      ],
      [
        'GET /api/catalog/entities/by-uid/{uid}',
        '200',
        () => paved.get(`/api/catalog/entities/by-uid/${uid}`),
      ],
      [
        'GET /api/catalog/entities/by-name/{kind}/{namespace}/{name}',
        '404',
        () => paved.get('/api/catalog/entities/by-name/component/default/nope'),
      ],
      [
        'GET /api/catalog/entities/by-name/{kind}/{namespace}/{name}/ancestry',
        '200',
        () => paved.get('/api/catalog/entities/by-name/component/default/checkout-service/ancestry'),
      ],
      ['GET /api/catalog/entity-facets', '200', () => paved.get('/api/catalog/entity-facets?facet=kind')],
      [
        'POST /api/catalog/entity-facets',
        '200',
        () => paved.post('/api/catalog/entity-facets', { facets: ['kind'] }),
      ],
      ['GET /api/catalog/locations', '200', () => paved.get('/api/catalog/locations')],
      ['GET /api/catalog/locations/{id}', '200', () => paved.get(`/api/catalog/locations/${locationId}`)],
      [
        'GET /api/catalog/locations/by-entity/{kind}/{namespace}/{name}',
        '200',
        () => paved.get('/api/catalog/locations/by-entity/component/default/checkout-service'),
      ],
      [
        'POST /api/catalog/locations/by-query',
        '200',
        () => paved.post('/api/catalog/locations/by-query', {}),
      ],
      [
        'POST /api/catalog/locations',
        '201',
        () => paved.post('/api/catalog/locations?dryRun=true', { type: 'file', target }),
      ],
      [
        'POST /api/catalog/analyze-location',
        '200',
        () => paved.post('/api/catalog/analyze-location', { location: { type: 'file', target } }),
      ],
      [
        'POST /api/catalog/validate-entity',
        '400',
        () =>
          paved.post('/api/catalog/validate-entity', {
            location: 'url:https://x.example/a.yaml',
            entity: {},
          }),
      ],
      ['GET /api/catalog/errors', '200', () => paved.get('/api/catalog/errors')],
      [
        'GET /api/catalog/entities/by-name/{kind}/{namespace}/{name}/source',
        '200',
        () => paved.get('/api/catalog/entities/by-name/component/default/checkout-service/source'),
      ],
      [
        'GET /api/catalog/entities/by-name/{kind}/{namespace}/{name}/source',
        '404',
        () => paved.get('/api/catalog/entities/by-name/component/default/nope/source'),
      ],
      ['GET /api/search', '200', () => paved.get('/api/search?term=checkout&limit=5')],
      ['GET /api/search', '400', () => paved.get('/api/search?term=checkout&limit=500')],
      ['GET /api/docs', '200', () => paved.get('/api/docs')],
      [
        'GET /api/docs/{namespace}/{kind}/{name}',
        '200',
        () => paved.get('/api/docs/default/component/checkout-service'),
      ],
      ['GET /api/docs/{namespace}/{kind}/{name}', '404', () => paved.get('/api/docs/default/component/nope')],
      [
        'GET /api/docs/{namespace}/{kind}/{name}/pages',
        '200',
        () => paved.get('/api/docs/default/component/checkout-service/pages'),
      ],
      [
        'GET /api/docs/{namespace}/{kind}/{name}/pages/{*}',
        '200',
        () => paved.get('/api/docs/default/component/checkout-service/pages/runbook/'),
      ],
      [
        'GET /api/docs/{namespace}/{kind}/{name}/pages/{*}',
        '404',
        () => paved.get('/api/docs/default/component/checkout-service/pages/nowhere/'),
      ],
      [
        'GET /api/docs/{namespace}/{kind}/{name}/pages/{*}',
        '400',
        () => paved.get('/api/docs/default/component/checkout-service/pages/..%2F..%2Fx'),
      ],
      [
        'POST /api/docs/{namespace}/{kind}/{name}/rebuild',
        '200',
        () => paved.post('/api/docs/default/component/checkout-service/rebuild', {}),
      ],
      ['GET /api/scaffolder/v2/actions', '200', () => paved.get('/api/scaffolder/v2/actions')],
      [
        'POST /api/scaffolder/v2/dry-run',
        '200',
        () =>
          paved.post('/api/scaffolder/v2/dry-run', {
            template: {
              apiVersion: 'scaffolder.backstage.io/v1beta3',
              kind: 'Template',
              metadata: { name: 't' },
              spec: {
                type: 'service',
                steps: [{ id: 'log', action: 'debug:log', input: { message: 'hi' } }],
                output: { text: [{ title: 'Name', content: 'x' }] },
              },
            },
            values: { name: 'x' },
            directoryContents: [{ path: 'a.txt', base64Content: 'YQ==' }],
          }),
      ],
      [
        'POST /api/scaffolder/v2/dry-run',
        '400',
        () =>
          paved.post('/api/scaffolder/v2/dry-run', {
            template: {
              apiVersion: 'scaffolder.backstage.io/v1beta3',
              kind: 'Template',
              metadata: { name: 't' },
              spec: { type: 'service', parameters: { required: ['name'] }, steps: [] },
            },
            values: {},
          }),
      ],
      [
        'GET /api/scaffolder/v2/tasks',
        '200',
        () => paved.get('/api/scaffolder/v2/tasks?status=open&limit=5'),
      ],
      ['GET /api/scaffolder/v2/tasks', '400', () => paved.get('/api/scaffolder/v2/tasks?limit=x')],
      ['GET /api/scaffolder/v2/tasks/{taskId}', '404', () => paved.get('/api/scaffolder/v2/tasks/nope')],
      [
        'POST /api/scaffolder/v2/tasks',
        '404',
        () => paved.post('/api/scaffolder/v2/tasks', { templateRef: 'template:default/nope', values: {} }),
      ],
      [
        'GET /api/scaffolder/v2/templates/{namespace}/{kind}/{name}/parameter-schema',
        '404',
        () => paved.get('/api/scaffolder/v2/templates/default/template/nope/parameter-schema'),
      ],
      [
        'POST /api/scaffolder/v2/templates/{namespace}/{kind}/{name}/validate',
        '404',
        () => paved.post('/api/scaffolder/v2/templates/default/template/nope/validate', { values: {} }),
      ],
      [
        'GET /api/scaffolder/v2/provenance',
        '200',
        () => paved.get('/api/scaffolder/v2/provenance?entityRef=component:default/checkout-service'),
      ],
      ['GET /api/auth/me', '200', () => paved.get('/api/auth/me')],
      ['POST /api/auth/sign-in', '200', () => paved.post('/api/auth/sign-in', { userRef: 'jonas.weber' })],
      [
        'POST /api/auth/sign-in',
        '400',
        () => paved.post('/api/auth/sign-in', { userRef: 'group:default/x' }),
      ],
      ['POST /api/auth/sign-in', '404', () => paved.post('/api/auth/sign-in', { userRef: 'nobody' })],
    ];
    for (const [key, status, call] of calls) {
      const answer = await call();
      expect(String(answer.status), key).toBe(status);
      const schema = operation(key).responses?.[status]?.content?.['application/json']?.schema;
      expect(schema, `${key} ${status} documents a body`).toBeDefined();
      const validate = ajv.compile(responseSchema(key, status));
      expect(validate(answer.body), `${key} ${status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });
});

describe("Backstage's endpoint list", () => {
  it("documents every endpoint of Backstage's catalog API (reference §5.2)", () => {
    const backstage = [
      'GET /api/catalog/entities',
      'GET /api/catalog/entities/by-query',
      'POST /api/catalog/entities/by-query',
      'POST /api/catalog/entities/by-refs',
      'GET /api/catalog/entities/by-uid/{uid}',
      'DELETE /api/catalog/entities/by-uid/{uid}',
      'GET /api/catalog/entities/by-name/{kind}/{namespace}/{name}',
      'GET /api/catalog/entities/by-name/{kind}/{namespace}/{name}/ancestry',
      'GET /api/catalog/entity-facets',
      'POST /api/catalog/entity-facets',
      'POST /api/catalog/refresh',
      'POST /api/catalog/validate-entity',
      'POST /api/catalog/locations',
      'GET /api/catalog/locations',
      'POST /api/catalog/locations/by-query',
      'GET /api/catalog/locations/{id}',
      'PUT /api/catalog/locations/{id}',
      'DELETE /api/catalog/locations/{id}',
      'GET /api/catalog/locations/by-entity/{kind}/{namespace}/{name}',
      'POST /api/catalog/analyze-location',
    ];
    const documented = new Set(operations().map(([key]) => key));
    expect(backstage.filter((key) => !documented.has(key))).toEqual([]);
  });
});
