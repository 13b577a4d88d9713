/**
 * The whole paved road through a real Paved (embedded store): a template from the catalog runs as
 * a task — fetch:template, then publish:git to a repository Paved hosts itself, then
 * catalog:register — and the created service can be cloned over git's smart HTTP and is served
 * by the catalog, read from that repository.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Backstage template expressions
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPaved, type TestPaved } from '../src/testing/paved.ts';

const TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: tiny-service
  title: Tiny service
spec:
  type: service
  owner: group:default/platform
  parameters:
    - title: Service
      required: [name, owner]
      properties:
        name: { type: string, pattern: '^[a-z][a-z0-9-]*$' }
        owner: { type: string }
  steps:
    - id: fetch
      action: fetch:template
      input:
        url: ./skeleton
        values:
          name: \${{ parameters.name }}
          owner: \${{ parameters.owner }}
    - id: publish
      action: publish:git
      input:
        repoUrl: paved://acme/\${{ parameters.name }}
        gitCommitMessage: Created from tiny-service
    - id: register
      action: catalog:register
      input:
        repoContentsUrl: \${{ steps.publish.output.repoContentsUrl }}
        catalogInfoPath: /catalog-info.yaml
  output:
    links:
      - title: Repository
        url: \${{ steps.publish.output.remoteUrl }}
    entityRef: \${{ steps.register.output.entityRef }}
`;

const SKELETON_CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: \${{ values.name }}
spec:
  type: service
  lifecycle: experimental
  owner: \${{ values.owner }}
`;

describe('a template run end to end: publish to Paved-hosted git, register, clone', () => {
  let dir: string;
  let paved: TestPaved;

  beforeAll(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'paved-golden-'));
    await fs.mkdir(join(dir, 'skeleton'));
    await fs.writeFile(join(dir, 'skeleton', 'catalog-info.yaml'), SKELETON_CATALOG_INFO);
    await fs.writeFile(join(dir, 'skeleton', 'README.md'), '# ${{ values.name }}\n');
    await fs.writeFile(join(dir, 'template.yaml'), TEMPLATE);
    paved = await startTestPaved({ catalog: [join(dir, 'template.yaml')], watch: false });
    await paved.settle();
  });

  afterAll(async () => {
    await paved?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('creates the repository, registers its catalog-info.yaml, and the service is served and clonable', async () => {
    const created = await paved.post('/api/scaffolder/v2/tasks', {
      templateRef: 'template:default/tiny-service',
      values: { name: 'ledger', owner: 'group:default/platform' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    let task: { status: string; output?: { links?: { url: string }[]; entityRef?: string }; error?: unknown };
    const deadline = Date.now() + 60_000;
    for (;;) {
      task = (await paved.get(`/api/scaffolder/v2/tasks/${id}`)).body;
      if (!['open', 'processing', 'running'].includes(task.status) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(task.status, JSON.stringify(task.error)).toBe('completed');
    const remoteUrl = task.output?.links?.[0]?.url as string;
    expect(remoteUrl).toBe(`${paved.url}/git/acme/ledger.git`);
    expect(task.output?.entityRef).toBe('component:default/ledger');

    await paved.settle();
    const entity = await paved.get('/api/catalog/entities/by-name/component/default/ledger');
    expect(entity.status).toBe(200);
    expect(entity.body.spec.owner).toBe('group:default/platform');
    expect(entity.body.metadata.annotations['backstage.io/managed-by-location']).toBe(
      `git:${remoteUrl}#main:catalog-info.yaml`,
    );

    const clone = join(dir, 'clone');
    await promisify(execFile)('git', ['clone', '--quiet', remoteUrl, clone]);
    expect(await fs.readFile(join(clone, 'README.md'), 'utf8')).toBe('# ledger\n');

    // Provenance: the entity records which template, at which version, with which values made it.
    const provenance = await paved.get('/api/scaffolder/v2/provenance?entityRef=component:default/ledger');
    expect(provenance.status).toBe(200);
    expect(provenance.body.items).toHaveLength(1);
    expect(provenance.body.items[0]).toMatchObject({
      entityRef: 'component:default/ledger',
      templateRef: 'template:default/tiny-service',
      values: { name: 'ledger', owner: 'group:default/platform' },
      taskId: id,
    });
    expect(provenance.body.items[0].templateVersion).toMatch(/^[0-9a-f]{12}$/);
    const none = await paved.get('/api/scaffolder/v2/provenance?entityRef=group:default/platform');
    expect(none).toMatchObject({ status: 200, body: { items: [] } });
  });
});
