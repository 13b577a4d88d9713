/**
 * Templates read from git repositories run with their own files: the catalog's checkout of the
 * repository is the template's base, and relative URLs may reach anything in it (a skeleton
 * shared by several templates), as in Backstage for templates read by URL.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Backstage template expressions
import { describe, expect, it } from 'vitest';
import { createTestRepository } from '../src/catalog/git/git.testing.ts';
import { type Api, startForTest, treeForTest } from './fixtures/ingestion/harness.ts';

const TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: shared-skeleton
  title: Shared skeleton
spec:
  type: service
  owner: group:default/platform
  parameters:
    - title: Service
      required: [name]
      properties:
        name: { type: string }
  steps:
    - id: fetch
      action: fetch:template
      input:
        url: ../../shared/skeleton
        values:
          name: \${{ parameters.name }}
    - id: own
      action: fetch:plain:file
      input:
        url: ./NOTICE
        targetPath: NOTICE
    - id: list
      action: fs:readdir
      input:
        paths: ['.']
  output:
    files: \${{ steps.list.output.files | length }}
`;

async function waitForTask(paved: Api, id: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { body } = await paved.get(`/api/scaffolder/v2/tasks/${id}`);
    if (['completed', 'failed', 'cancelled'].includes(body.status) || Date.now() > deadline) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('templates from git sources', () => {
  it("runs a task and a dry-run with the files of the template's repository", async () => {
    const tree = await treeForTest({});
    const repo = await createTestRepository(tree.dir);
    await repo.commit(
      {
        'templates/svc/template.yaml': TEMPLATE,
        'templates/svc/NOTICE': 'from the template folder\n',
        'shared/skeleton/README.md': '# ${{ values.name }}\n',
      },
      'templates',
    );
    const paved = await startForTest(tree, { catalog: [`${repo.url}#main:templates/svc/template.yaml`] });
    await paved.settle();

    const created = await paved.post('/api/scaffolder/v2/tasks', {
      templateRef: 'template:default/shared-skeleton',
      values: { name: 'billing' },
    });
    expect(created.status).toBe(201);
    const task = await waitForTask(paved, created.body.id);
    expect(task.status, JSON.stringify(task.error)).toBe('completed');
    expect(task.output.files).toBe(2);

    const dry = await paved.post('/api/scaffolder/v2/dry-run', {
      templateRef: 'template:default/shared-skeleton',
      values: { name: 'billing' },
    });
    expect(dry.body.status).toBe('completed');
    const readme = dry.body.directoryContents.find((f: { path: string }) => f.path === 'README.md');
    expect(Buffer.from(readme.base64Content, 'base64').toString()).toBe('# billing\n');

    // An edited copy sent by a client (the template editor) reads the template's folder only:
    // its steps are the client's, and must not read the rest of the repository.
    const catalogCopy = (await paved.get('/api/catalog/entities/by-name/template/default/shared-skeleton'))
      .body;
    const edited = await paved.post('/api/scaffolder/v2/dry-run', {
      templateRef: 'template:default/shared-skeleton',
      template: catalogCopy,
      values: { name: 'billing' },
    });
    expect(edited.body.status).toBe('failed');
    expect(edited.body.error.message).toMatch(/leaves the template's folder/);

    // Reaching out of the repository is refused, naming the rule.
    await repo.commit({
      'templates/svc/template.yaml': TEMPLATE.replace('../../shared/skeleton', '../../../'),
    });
    await paved.post('/api/catalog/refresh', { entityRef: 'template:default/shared-skeleton' });
    await paved.settle();
    const outside = await paved.post('/api/scaffolder/v2/dry-run', {
      templateRef: 'template:default/shared-skeleton',
      values: { name: 'billing' },
    });
    expect(outside.body.status).toBe('failed');
    expect(outside.body.error.message).toMatch(/leaves the template's repository/);
  });
});
