/**
 * /api/scaffolder/v2: the action list and dry-run, through a real Paved over HTTP.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Backstage template expressions, not JavaScript template literals
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../src/config/config.ts';
import { startTestPaved, type TestPaved } from '../src/testing/paved.ts';

let paved: TestPaved;

beforeAll(async () => {
  paved = await startTestPaved();
});

afterAll(async () => {
  await paved?.close();
});

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'go-service', title: 'Go service' },
  spec: {
    type: 'service',
    parameters: [
      {
        title: 'Service',
        required: ['name'],
        properties: { name: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', 'ui:autofocus': true } },
      },
      {
        title: 'Repository',
        required: ['repoUrl'],
        properties: { repoUrl: { type: 'string', 'ui:field': 'RepoUrlPicker' } },
      },
    ],
    steps: [
      {
        id: 'fetch-base',
        name: 'Fetch skeleton',
        action: 'fetch:template',
        input: {
          url: './skeleton',
          values: { name: '${{ parameters.name }}', slug: '${{ parameters.repoUrl | projectSlug }}' },
        },
      },
      { id: 'log', action: 'debug:log', input: { message: 'token ${{ secrets.token }}' } },
      { id: 'files', action: 'fs:readdir', input: { paths: ['.'], recursive: true } },
    ],
    output: {
      links: [{ title: 'Repository', url: 'https://${{ (parameters.repoUrl | parseRepoUrl).host }}' }],
      fileCount: '${{ steps.files.output.files | length }}',
      by: '${{ user.ref }}',
    },
  },
};

describe('GET /api/scaffolder/v2/actions', () => {
  it("lists the built-in actions with Backstage's ids and their JSON Schemas", async () => {
    const { status, body } = await paved.get('/api/scaffolder/v2/actions');
    expect(status).toBe(200);
    const ids = (body as { id: string }[]).map((a) => a.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'fetch:plain',
        'fetch:plain:file',
        'fetch:template',
        'fetch:template:file',
        'fs:delete',
        'fs:rename',
        'fs:readdir',
        'debug:log',
        'debug:wait',
      ]),
    );
    const fetchTemplate = body.find((a: { id: string }) => a.id === 'fetch:template');
    expect(fetchTemplate.schema.input.required).toEqual(['url']);
    expect(Object.keys(fetchTemplate.schema.input.properties)).toEqual(
      expect.arrayContaining([
        'values',
        'copyWithoutTemplating',
        'cookiecutterCompat',
        'templateFileExtension',
      ]),
    );
    expect(body.find((a: { id: string }) => a.id === 'fs:readdir').schema.output.required).toEqual([
      'files',
      'folders',
    ]);
  });
});

describe('POST /api/scaffolder/v2/dry-run', () => {
  it('answers the rendered files, log, steps and output, with secrets redacted', async () => {
    const { status, body } = await paved.post('/api/scaffolder/v2/dry-run', {
      template,
      values: { name: 'checkout', repoUrl: 'github.com?owner=acme&repo=checkout' },
      secrets: { token: 'hunter2-secret' },
      directoryContents: [
        { path: 'template.yaml', base64Content: b64('# the template itself') },
        { path: 'skeleton/README.md', base64Content: b64('# ${{ values.name }} (${{ values.slug }})') },
        { path: 'skeleton/run.sh', base64Content: b64('#!/bin/sh\n'), executable: true },
      ],
    });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe('completed');
    expect(body.directoryContents).toEqual([
      { path: 'README.md', base64Content: b64('# checkout (acme/checkout)'), executable: false },
      { path: 'run.sh', base64Content: b64('#!/bin/sh\n'), executable: true },
    ]);
    expect(body.output).toEqual({
      links: [{ title: 'Repository', url: 'https://github.com' }],
      fileCount: 2,
      by: 'user:default/guest',
    });
    expect(body.steps.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      ['fetch-base', 'completed'],
      ['log', 'completed'],
      ['files', 'completed'],
    ]);
    const log = JSON.stringify(body.log);
    expect(log).not.toContain('hunter2-secret');
    // The whole input string a secret went into is hidden, as Backstage does.
    expect(
      body.log
        .filter((l: { body: { stepId?: string } }) => l.body.stepId === 'log')
        .map((l: { body: { message: string } }) => l.body.message),
    ).toContain('***');
  });

  it('answers 400 with per-field errors when the values do not match the parameters', async () => {
    const { status, body } = await paved.post('/api/scaffolder/v2/dry-run', {
      template,
      values: { name: 'Not Valid' },
    });
    expect(status).toBe(400);
    expect(body.error.name).toBe('InputError');
    expect(body.errors).toEqual([
      { page: 0, pageTitle: 'Service', path: 'name', message: 'must match the pattern ^[a-z][a-z0-9-]*$' },
      { page: 1, pageTitle: 'Repository', path: 'repoUrl', message: 'is required' },
    ]);
  });

  it('refuses unknown actions and templates that are not v1beta3 Templates with 400', async () => {
    const unknown = await paved.post('/api/scaffolder/v2/dry-run', {
      template: { ...template, spec: { type: 'x', steps: [{ action: 'fetch:cookiecutter' }] } },
      values: {},
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/not registered: fetch:cookiecutter/);
    const wrong = await paved.post('/api/scaffolder/v2/dry-run', {
      template: { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'x' }, spec: {} },
      values: {},
    });
    expect(wrong.status).toBe(400);
  });

  it('reports a failing step in the result, and refuses uploaded files that escape', async () => {
    const failing = await paved.post('/api/scaffolder/v2/dry-run', {
      template: {
        ...template,
        spec: { type: 'x', steps: [{ id: 'f', action: 'fetch:plain', input: { url: '../../' } }] },
      },
      values: {},
    });
    expect(failing.status).toBe(200);
    expect(failing.body.status).toBe('failed');
    expect(failing.body.error.message).toMatch(/leaves the template's folder/);
    expect(failing.body.steps[0].status).toBe('failed');

    const escaping = await paved.post('/api/scaffolder/v2/dry-run', {
      template: { ...template, spec: { type: 'x', steps: [] } },
      values: {},
      directoryContents: [{ path: '../../evil.sh', base64Content: b64('x') }],
    });
    expect(escaping.status).toBe(400);
    expect(escaping.body.error.message).toMatch(/"..\/..\/evil.sh" leaves the template's uploaded files/);
  });

  it("does not read the server's disk through a client-sent location annotation", async () => {
    const { body } = await paved.post('/api/scaffolder/v2/dry-run', {
      template: {
        ...template,
        metadata: {
          name: 'x',
          annotations: { 'backstage.io/managed-by-location': 'file:/etc/template.yaml' },
        },
        spec: {
          type: 'x',
          steps: [{ id: 'f', action: 'fetch:plain:file', input: { url: 'passwd', targetPath: 'p' } }],
        },
      },
      values: {},
    });
    expect(body.status).toBe('failed');
    expect(body.directoryContents).toEqual([]);
  });

  it('runs an edited copy of a catalog template with its own skeleton files (templateRef)', async () => {
    const demo = await startTestPaved({ catalog: [DEMO_CATALOG] });
    try {
      const { body: entity } = await demo.get('/api/catalog/entities/by-name/template/default/hello-service');
      const edited = {
        ...entity,
        spec: {
          ...entity.spec,
          steps: [
            ...entity.spec.steps.filter((s: { action: string }) => s.action === 'fetch:template'),
            { id: 'note', action: 'debug:log', input: { message: 'edited ${{ parameters.name }}' } },
          ],
          output: { text: [{ title: 'Edited', content: 'made ${{ parameters.name }}' }] },
        },
      };
      const values = { name: 'edited-svc', owner: 'group:default/platform-team' };
      const { status, body } = await demo.post('/api/scaffolder/v2/dry-run', {
        templateRef: 'template:default/hello-service',
        template: edited,
        values,
      });
      expect(status).toBe(200);
      expect(body.status).toBe('completed');
      const paths = body.directoryContents.map((f: { path: string }) => f.path);
      expect(paths).toContain('catalog-info.yaml');
      const info = body.directoryContents.find((f: { path: string }) => f.path === 'catalog-info.yaml');
      expect(Buffer.from(info.base64Content, 'base64').toString()).toContain('name: edited-svc');
      expect(body.log.map((l: { body: { message: string } }) => l.body.message)).toContain(
        'edited edited-svc',
      );
      expect(body.output.text[0].content).toBe('made edited-svc');

      // Without an edited copy, the catalog's own template runs.
      const plain = await demo.post('/api/scaffolder/v2/dry-run', { templateRef: 'hello-service', values });
      expect(plain.body.status).toBe('completed');
      expect(plain.body.steps.map((s: { id: string }) => s.id)).toEqual(['fetch', 'publish', 'register']);

      const missing = await demo.post('/api/scaffolder/v2/dry-run', {
        templateRef: 'template:default/nope',
        values,
      });
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toContain('No template template:default/nope');
      const neither = await demo.post('/api/scaffolder/v2/dry-run', { values });
      expect(neither.status).toBe(400);
      expect(neither.body.error.message).toMatch(/needs a template, or the templateRef/);
    } finally {
      await demo.close();
    }
  });
});
