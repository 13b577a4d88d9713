/**
 * Docs as code against a real Paved, on both stores: sites built on start from a local folder,
 * rebuilt on edits (and only then), the last good build kept when mkdocs.yml breaks, pages and
 * assets served from the store without leaving the site, and pages found by the global search.
 */
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeKinds } from '../src/testing/databases.ts';
import { startTestPaved, type TestPaved } from '../src/testing/paved.ts';

const HANDBOOK = '/api/docs/default/component/handbook';

const MKDOCS = `site_name: Handbook
site_description: How the handbook service works
repo_url: https://github.com/acme/handbook
edit_uri: edit/main/docs/
nav:
  - Home: index.md
  - Guides:
      - Setting up: guides/setup.md
  - Status page: https://status.example.com
`;

const PAGES: Record<string, string> = {
  'index.md': `# Handbook\n\nThe handbook explains the quarterly gooseberry inventory.\n\n## Owners\n\nThe platform team.\n`,
  'guides/setup.md': `# Setting up\n\nInstall the tangerine compressor before anything else.\n\n## Requirements\n\n\`\`\`bash\nnpm run setup\n\`\`\`\n\n![diagram](../images/diagram.svg)\n`,
};

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';

async function writeSite(dir: string): Promise<void> {
  await mkdir(join(dir, 'docs', 'guides'), { recursive: true });
  await mkdir(join(dir, 'docs', 'images'), { recursive: true });
  await writeFile(
    join(dir, 'catalog-info.yaml'),
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: handbook
  title: Handbook service
  annotations:
    backstage.io/techdocs-ref: dir:.
spec:
  type: service
  lifecycle: production
  owner: group:default/platform
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: escapee
  annotations:
    backstage.io/techdocs-ref: dir:../..
spec:
  type: service
  lifecycle: production
  owner: group:default/platform
`,
  );
  await writeFile(join(dir, 'mkdocs.yml'), MKDOCS);
  for (const [path, text] of Object.entries(PAGES)) await writeFile(join(dir, 'docs', path), text);
  await writeFile(join(dir, 'docs', 'images', 'diagram.svg'), SVG);
  // Files a hostile repository could hold: a page and a script served on the portal's origin.
  await writeFile(join(dir, 'docs', 'images', 'steal.html'), '<script>fetch("/api/auth/me")</script>');
  await writeFile(join(dir, 'docs', 'images', 'steal.js'), 'fetch("/api/auth/me")');
}

/** Polls `check` until it returns true; fails after `timeoutMs`. */
async function until(check: () => Promise<boolean>, timeoutMs = 5000): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - started;
}

describe.each(storeKinds)('docs over HTTP ($kind)', ({ kind, skip }) => {
  let root: string;
  let site: string;
  let paved: TestPaved;

  beforeAll(async () => {
    if (skip) return;
    root = await mkdtemp(join(tmpdir(), 'paved-docs-'));
    site = join(root, 'handbook');
    await writeSite(site);
    paved = await startTestPaved({
      store: kind,
      catalog: [join(site, 'catalog-info.yaml')],
      cwd: root,
      watch: true,
    });
    await paved.settle();
  }, 60_000);

  afterAll(async () => {
    await paved?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it.skipIf(skip)('builds the docs of an entity with a techdocs-ref on start and lists them', async () => {
    const list = await paved.get('/api/docs');
    expect(list.status).toBe(200);
    const handbook = list.body.items.find(
      (i: { entityRef: string }) => i.entityRef === 'component:default/handbook',
    );
    expect(handbook).toMatchObject({
      title: 'Handbook service',
      siteName: 'Handbook',
      status: 'built',
      owner: 'group:default/platform',
      warnings: expect.any(Number),
    });
    expect(Date.parse(handbook.builtAt)).toBeGreaterThan(Date.now() - 120_000);

    const { status, body } = await paved.get(HANDBOOK);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      siteName: 'Handbook',
      status: 'built',
      repoUrl: 'https://github.com/acme/handbook',
    });
    expect(body.nav).toEqual([
      { title: 'Home', url: '' },
      { title: 'Guides', children: [{ title: 'Setting up', url: 'guides/setup/' }] },
      { title: 'Status page', url: 'https://status.example.com', external: true },
    ]);
  });

  it.skipIf(skip)(
    'serves pages by pretty URL with their table of contents, edit link and links inside the site',
    async () => {
      const index = await paved.get(`${HANDBOOK}/pages/`);
      expect(index.status).toBe(200);
      expect(index.body).toMatchObject({ url: '', title: 'Handbook', path: 'index.md' });
      expect(index.body.html).toContain('gooseberry');
      expect(index.body.toc).toContainEqual(expect.objectContaining({ level: 2, text: 'Owners' }));

      const setup = await paved.get(`${HANDBOOK}/pages/guides/setup/`);
      expect(setup.status).toBe(200);
      expect(setup.body.title).toBe('Setting up');
      expect(setup.body.editUrl).toBe('https://github.com/acme/handbook/edit/main/docs/guides/setup.md');
      expect(setup.body.html).toContain('/api/docs/default/component/handbook/assets/images/diagram.svg');
      // Without the trailing slash, and as MkDocs' file name, the same page.
      expect((await paved.get(`${HANDBOOK}/pages/guides/setup`)).body.url).toBe('guides/setup/');

      const missing = await paved.get(`${HANDBOOK}/pages/guides/nowhere/`);
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toContain("no page 'guides/nowhere/'");
    },
  );

  it.skipIf(skip)(
    'serves assets with their type, nosniff, under a policy that runs nothing; HTML and scripts only as downloads',
    async () => {
      const response = await fetch(`${paved.url}${HANDBOOK}/assets/images/diagram.svg`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('image/svg+xml');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await response.text()).toBe(SVG);
      // HTML and scripts are never rendered or run from the portal's origin: downloaded, sandboxed.
      for (const file of ['steal.html', 'steal.js']) {
        const hostile = await fetch(`${paved.url}${HANDBOOK}/assets/images/${file}`);
        expect(hostile.status, file).toBe(200);
        expect(hostile.headers.get('content-type'), file).toBe('application/octet-stream');
        expect(hostile.headers.get('content-disposition'), file).toBe('attachment');
        expect(hostile.headers.get('content-security-policy'), file).toMatch(/default-src 'none'.*sandbox/);
      }
    },
  );

  it.skipIf(skip)('refuses paths that leave the site, for pages and assets', async () => {
    for (const path of [
      `${HANDBOOK}/assets/../../../../catalog-info.yaml`,
      `${HANDBOOK}/assets/%2e%2e/%2e%2e/mkdocs.yml`,
      `${HANDBOOK}/assets/..%2F..%2Fmkdocs.yml`,
      `${HANDBOOK}/assets/%2Fetc%2Fpasswd`,
      `${HANDBOOK}/pages/..%2F..%2Fetc/passwd`,
      `${HANDBOOK}/assets/images%5C..%5C..%5Cmkdocs.yml`,
    ]) {
      const response = await fetch(`${paved.url}${path}`);
      expect([400, 404], path).toContain(response.status);
      expect(await response.text()).not.toContain('site_name');
    }
    // A techdocs-ref leading out of the entity's source is refused and reported, not read.
    const escapee = await paved.get('/api/docs/default/component/escapee');
    expect(escapee.body.status).toBe('failed');
    expect(escapee.body.error.message).toMatch(/outside/);
  });

  it.skipIf(skip)('rebuilds a page after an edit and serves it well under a second later', async () => {
    const before = await paved.get(HANDBOOK);
    const started = performance.now();
    await writeFile(
      join(site, 'docs', 'guides', 'setup.md'),
      `${PAGES['guides/setup.md']}\nNow with a marmalade valve.\n`,
    );
    await until(async () =>
      (await paved.get(`${HANDBOOK}/pages/guides/setup/`)).body.html.includes('marmalade'),
    );
    const elapsed = performance.now() - started;
    console.log(`[docs] ${kind}: edit → rebuilt and served in ${elapsed.toFixed(1)} ms`);
    expect(elapsed).toBeLessThan(1000);
    await paved.settle();
    const after = await paved.get(HANDBOOK);
    expect(after.body.builtAt).not.toBe(before.body.builtAt);
    // The page that did not change was reused.
    const rebuild = await paved.post(`${HANDBOOK}/rebuild`, {});
    expect(rebuild.status).toBe(200);
    expect(rebuild.body).toMatchObject({ result: 'built', rendered: 0 });
    expect(rebuild.body.reused).toBeGreaterThanOrEqual(2);
  });

  it.skipIf(skip)('does not rebuild when the sources are touched but unchanged', async () => {
    await paved.settle();
    const before = (await paved.get(HANDBOOK)).body.builtAt;
    const now = new Date();
    await utimes(join(site, 'docs', 'index.md'), now, now);
    await writeFile(join(site, 'mkdocs.yml'), MKDOCS);
    await new Promise((r) => setTimeout(r, 200));
    await paved.settle();
    expect((await paved.get(HANDBOOK)).body.builtAt).toBe(before);
  });

  it.skipIf(skip)('keeps the last good build when mkdocs.yml breaks, and reports where', async () => {
    await writeFile(join(site, 'mkdocs.yml'), `site_name: Handbook\nnav:\n  - Home: index.md\n   - bad: [\n`);
    await until(async () => (await paved.get(HANDBOOK)).body.status === 'failed');
    const broken = (await paved.get(HANDBOOK)).body;
    expect(broken.error).toMatchObject({
      file: 'mkdocs.yml',
      line: expect.any(Number),
      column: expect.any(Number),
    });
    expect(broken.nav.length).toBe(3);
    expect((await paved.get(`${HANDBOOK}/pages/`)).body.html).toContain('gooseberry');
    const list = await paved.get('/api/docs');
    expect(list.body.items.find((i: { name: string }) => i.name === 'handbook')).toMatchObject({
      status: 'failed',
      error: expect.any(String),
    });

    await writeFile(join(site, 'mkdocs.yml'), MKDOCS);
    await until(async () => (await paved.get(HANDBOOK)).body.status === 'built');
    expect((await paved.get(HANDBOOK)).body.error).toBeUndefined();
  });

  it.skipIf(skip)(
    'finds a phrase of any page with the global search, the match marked in the snippet',
    async () => {
      await paved.settle();
      for (const [term, url] of [
        ['gooseberry inventory', ''],
        ['tangerine compressor', 'guides/setup/'],
        ['marmal', 'guides/setup/'],
      ] as const) {
        const { status, body } = await paved.get(`/api/search?term=${encodeURIComponent(term)}`);
        expect(status).toBe(200);
        const hit = body.docs.find((d: { entityRef: string; url: string }) => d.url === url);
        expect(hit, term).toMatchObject({
          type: 'docs',
          entityRef: 'component:default/handbook',
          siteName: 'Handbook',
        });
        expect(hit.snippet).toMatch(/<mark>[^<]+<\/mark>/);
        expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
      }
      // Entities still come first and unchanged.
      const { body } = await paved.get('/api/search?term=handbook');
      expect(body.results[0]).toMatchObject({ ref: 'component:default/handbook' });
      expect(body.partial).toBe(false);
      // Kinds narrow docs pages too: the handbook is a Component's.
      const groups = await paved.get('/api/search?term=tangerine&kind=group');
      expect(groups.body.docs).toEqual([]);
      const components = await paved.get('/api/search?term=tangerine&kind=component');
      expect(components.body.docs.length).toBeGreaterThan(0);
    },
  );

  it.skipIf(skip)('serves a page again from memory, the same as the first time', async () => {
    // Speed is measured by npm run bench:docs (Paved server section), not here.
    const first = await paved.get(`${HANDBOOK}/pages/guides/setup/`);
    const again = await paved.get(`${HANDBOOK}/pages/guides/setup/`);
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });
});
