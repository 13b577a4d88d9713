/**
 * Docs read from git: `dir:` in an entity read from a git source (the catalog's checkout), and
 * `url:` naming a repository of its own (a shallow clone of the docs module). Refusals: a
 * remote helper, a repository outside the folders Paved may read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, createTestRepository, type TempDir } from '../src/catalog/git/git.testing.ts';
import { startTestPaved, type TestPaved } from '../src/testing/paved.ts';

const SITE = {
  'mkdocs.yml': 'site_name: Ledger handbook\nnav:\n  - Home: index.md\n',
  'docs/index.md': '# Ledger handbook\n\nReconcile the quince ledger every Friday.\n',
};

function component(name: string, techdocsRef: string): string {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    backstage.io/techdocs-ref: ${techdocsRef}
spec:
  type: service
  lifecycle: production
  owner: group:default/finance
`;
}

describe('docs from git repositories', () => {
  let temp: TempDir;
  let paved: TestPaved;

  beforeAll(async () => {
    temp = await createTempDir('paved-docs-git-');
    const service = await createTestRepository(temp.path, 'ledger');
    await service.commit({ ...SITE, 'catalog-info.yaml': component('ledger', 'dir:.') });
    const handbook = await createTestRepository(temp.path, 'handbook');
    await handbook.commit({
      'site/mkdocs.yml': 'site_name: Shared handbook\n',
      'site/docs/index.md': '# Shared handbook\n\nThe persimmon rota lives here.\n',
    });
    const local = await createTestRepository(temp.path, 'pointers');
    await local.commit({
      'catalog-info.yaml': [
        component('shared-handbook', `url:${handbook.url}#main:site`),
        component('helper', 'url:ext::sh -c touch% /tmp/paved-pwned'),
        component('elsewhere', 'url:file:///etc#main:.'),
      ].join('---\n'),
    });
    paved = await startTestPaved({
      catalog: [`${service.url}#main:catalog-info.yaml`, `${local.url}#main:catalog-info.yaml`],
      cwd: temp.path,
      watch: false,
    });
    await paved.settle();
  }, 120_000);

  afterAll(async () => {
    await paved?.close();
    await temp?.dispose();
  });

  it("builds dir: docs from the catalog's checkout of a git source", async () => {
    const page = await paved.get('/api/docs/default/component/ledger/pages/');
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body.html).toContain('quince ledger');
  });

  it('builds url: docs from a shallow clone of their own repository, in a sub-folder', async () => {
    const site = await paved.get('/api/docs/default/component/shared-handbook');
    expect(site.body).toMatchObject({ status: 'built', siteName: 'Shared handbook' });
    const page = await paved.get('/api/docs/default/component/shared-handbook/pages/');
    expect(page.body.html).toContain('persimmon rota');
  });

  it('refuses remote helpers and repositories outside the folders Paved may read', async () => {
    const helper = await paved.get('/api/docs/default/component/helper');
    expect(helper.body.status).toBe('failed');
    expect(helper.body.error.message).toMatch(/remote helper|refused/);
    const elsewhere = await paved.get('/api/docs/default/component/elsewhere');
    expect(elsewhere.body.status).toBe('failed');
    expect(elsewhere.body.error.message).toMatch(/outside the folders/);
  });
});
