import { cp, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTemporaryFolders, temporaryFolder } from './docs.testing.ts';
import { buildSite, type DocsNavItem } from './index.ts';

const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
afterEach(removeTemporaryFolders);

async function copyFixture(name: string): Promise<string> {
  const dir = await temporaryFolder(name);
  await cp(path.join(fixtures, name), dir, { recursive: true });
  return dir;
}

const titles = (items: DocsNavItem[]): unknown =>
  items.map((i) => (i.children ? { [i.title]: titles(i.children) } : `${i.title} -> ${i.url}`));

describe('buildSite on a TechDocs-style project', () => {
  it('reads mkdocs.yml: site name, nav with sections and external links, edit URLs', async () => {
    const site = await buildSite(path.join(fixtures, 'techdocs'));
    expect(site.siteName).toBe('Checkout service');
    expect(site.siteDescription).toBe('How the checkout service works.');
    expect(titles(site.nav)).toEqual([
      'Overview -> ',
      { Guides: ['Setup -> guides/setup/', 'Deploying -> guides/deploy/'] },
      'Status page -> https://status.example.com',
    ]);
    expect(site.nav[2]).toMatchObject({ external: true });
    const setup = site.pages.find((p) => p.path === 'guides/setup.md')!;
    expect(setup).toMatchObject({ url: 'guides/setup/', title: 'Setup' });
    expect(setup.editUrl).toBe('https://github.com/example/checkout/edit/main/docs/guides/setup.md');
    expect(setup.lastModified).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(site.pages.map((p) => p.path)).toEqual([
      'index.md',
      'guides/setup.md',
      'guides/deploy.md',
      'includes/abbreviations.md',
      'includes/steps.md',
    ]);
    expect(site.assets).toEqual([
      expect.objectContaining({ path: 'img/arch.svg', contentType: 'image/svg+xml' }),
    ]);
  });

  it('warns about a nav entry to a missing file with the line of mkdocs.yml', async () => {
    const site = await buildSite(path.join(fixtures, 'techdocs'));
    expect(site.warnings).toContainEqual({
      file: 'mkdocs.yml',
      line: 11,
      column: 9,
      message: 'nav entry "Missing" points to guides/missing.md, which is not a page in the docs folder',
    });
  });

  it('warns about links to missing pages and links leaving the docs folder, with their lines', async () => {
    const site = await buildSite(path.join(fixtures, 'techdocs'));
    const setup = site.warnings.filter((w) => w.file === 'docs/guides/setup.md');
    expect(setup).toEqual([
      {
        file: 'docs/guides/setup.md',
        line: 9,
        message: 'link nowhere.md points to guides/nowhere.md, which is not a page of this site',
      },
      {
        file: 'docs/guides/setup.md',
        line: 9,
        message: 'link ../../../secret.md leads outside the docs folder; removed',
      },
    ]);
    const html = site.pages.find((p) => p.path === 'guides/setup.md')!.html;
    expect(html).toContain('<a>escape</a>');
  });

  it('includes snippets (sections too) from the base paths', async () => {
    const site = await buildSite(path.join(fixtures, 'techdocs'));
    const index = site.pages.find((p) => p.path === 'index.md')!;
    expect(index.html).toContain('<abbr title="Hyper Text Markup Language">HTML</abbr>');
    const setup = site.pages.find((p) => p.path === 'guides/setup.md')!;
    expect(setup.html).toContain('<li>Run <code>make install</code>.</li>');
    expect(setup.html).not.toContain('Intro that is not included');
    expect(setup.html).not.toContain('8&lt;');
  });

  it('rewrites links for the portal with basePath and assetBasePath', async () => {
    const site = await buildSite(path.join(fixtures, 'techdocs'), {
      basePath: '/docs/default/component/checkout/',
      assetBasePath: '/api/docs/default/component/checkout/assets/',
    });
    const index = site.pages.find((p) => p.path === 'index.md')!;
    expect(index.html).toContain('href="/docs/default/component/checkout/guides/deploy/#rollback"');
    expect(index.html).toContain('src="/api/docs/default/component/checkout/assets/img/arch.svg"');
  });

  it('collects the toc and the search text', async () => {
    const site = await buildSite(path.join(fixtures, 'techdocs'));
    const deploy = site.pages.find((p) => p.path === 'guides/deploy.md')!;
    expect(deploy.toc).toEqual([
      { level: 1, id: 'deploy', text: 'Deploy' },
      { level: 2, id: 'rollback', text: 'Rollback' },
    ]);
    expect(deploy.headings).toBe('Deploy\nRollback');
    expect(deploy.text).toBe('Deploy Rollback Go home.');
  });
});

describe('buildSite on projects written like public MkDocs sites', () => {
  it('renders a readthedocs-style handbook (tabs holding numbered steps, def_list) without warnings', async () => {
    const site = await buildSite(path.join(fixtures, 'handbook'));
    expect(site.warnings).toEqual([]);
    expect(site.siteName).toBe('Parcel Handbook');
    // No nav in mkdocs.yml: index first, then pages, then folders as sections.
    expect(titles(site.nav)).toEqual([
      'Parcel Handbook -> ',
      {
        Basics: [
          'Basics -> basics/',
          'First launch -> basics/first-launch/',
          'Shortcuts -> basics/shortcuts/',
        ],
      },
      { Details: ['The cache -> details/cache/', 'Sharing -> details/sharing/'] },
    ]);
    const launch = site.pages.find((p) => p.path === 'basics/first-launch.md')!;
    expect(launch.html).toContain('<label for="__tabbed_1_2">Windows</label>');
    expect(launch.html).toMatch(
      /<ol>\s*<li>[\s\S]*language-shell[\s\S]*<img src="..\/..\/img\/screens\/download.png"/,
    );
    expect(launch.html).toContain('href="../../details/cache/"');
    expect(site.pages.find((p) => p.path === 'basics/shortcuts.md')!.html).toContain('<dt>Alias</dt>');
    expect(site.assets.map((a) => a.path)).toEqual([
      'img/logo.png',
      'img/screens/catalog.png',
      'img/screens/download.png',
      'style.css',
    ]);
  });

  it('renders an mkdocs-material-style guide (README index, front matter, python tags, quoted nav)', async () => {
    const site = await buildSite(path.join(fixtures, 'writing-guide'));
    expect(site.repoUrl).toBe('https://github.com/example/writing-guide/');
    expect(titles(site.nav)).toEqual([
      'Home -> ',
      {
        'User Guide': [
          'Writing your docs -> user-guide/writing-your-docs/',
          'Styling -> user-guide/styling/',
        ],
      },
      { About: ['License -> about/license/', 'Release Notes -> about/release-notes/'] },
      'Issue tracker -> https://github.com/example/writing-guide/issues',
    ]);
    const home = site.pages.find((p) => p.path === 'README.md')!;
    expect(home).toMatchObject({ url: '', title: 'Welcome' });
    expect(home.html).not.toContain('summary');
    expect(home.editUrl).toBe('https://github.com/example/writing-guide/blob/main/docs/README.md');
    const writing = site.pages.find((p) => p.path === 'user-guide/writing-your-docs.md')!;
    expect(writing.html).toContain('<a class="headerlink" href="#file-layout" title="Permanent link">#</a>');
    expect(writing.html).toContain('href="../../about/license/#docs_dir"');
    expect(writing.html).toContain('href="../styling/"');
    expect(writing.html).toContain('<pre class="mermaid">');
    expect(writing.html).toContain('width="300"');
    expect(site.pages.some((p) => p.path.includes('.hidden'))).toBe(false);
    // Only the deliberately broken link warns.
    expect(site.warnings).toEqual([
      {
        file: 'docs/about/release-notes.md',
        line: 5,
        message:
          'link ../user-guide/missing-page.md points to user-guide/missing-page.md, which is not a page of this site',
      },
    ]);
    expect(site.pages.find((p) => p.path === 'about/release-notes.md')!.toc[1]).toEqual({
      level: 2,
      id: 'v1.1',
      text: 'Version 1.1 (2024-01-02)',
    });
  });

  it('names the site after the folder and reads docs/ when there is no mkdocs.yml', async () => {
    const dir = await copyFixture('handbook');
    await rm(path.join(dir, 'mkdocs.yml'));
    const site = await buildSite(dir);
    expect(site.siteName).toBe(path.basename(dir));
    expect(site.pages).toHaveLength(6);
  });
});

describe('incremental builds', () => {
  it('re-renders only the changed page and changes the site hash iff something changed', async () => {
    const dir = await copyFixture('techdocs');
    const first = await buildSite(dir);
    expect(first.stats).toMatchObject({ rendered: 5, reused: 0 });
    const same = await buildSite(dir, { previous: first });
    expect(same.stats).toMatchObject({ rendered: 0, reused: 5 });
    expect(same.hash).toBe(first.hash);

    await writeFile(path.join(dir, 'docs/guides/deploy.md'), '# Deploy\n\n## Rollback\n\nChanged.\n');
    const changed = await buildSite(dir, { previous: same });
    expect(changed.stats).toMatchObject({ rendered: 1, reused: 4 });
    expect(changed.hash).not.toBe(first.hash);
    expect(changed.pages.find((p) => p.path === 'guides/deploy.md')!.html).toContain('Changed.');
  });

  it('re-renders pages whose snippet changed, even with the same page file', async () => {
    const dir = await copyFixture('techdocs');
    const first = await buildSite(dir);
    await writeFile(
      path.join(dir, 'docs/includes/steps.md'),
      '--8<-- [start:install]\n1. Run `make all`.\n--8<-- [end:install]\n',
    );
    const next = await buildSite(dir, { previous: first });
    const setup = next.pages.find((p) => p.path === 'guides/setup.md')!;
    expect(setup.html).toContain('make all');
    expect(setup.sourceHash).not.toBe(first.pages.find((p) => p.path === 'guides/setup.md')!.sourceHash);
  });

  it('re-reads a file whose mtime changed but keeps it when its content did not', async () => {
    const dir = await copyFixture('techdocs');
    const first = await buildSite(dir);
    const later = new Date(Date.now() + 5000);
    await utimes(path.join(dir, 'docs/guides/deploy.md'), later, later);
    const next = await buildSite(dir, { previous: first });
    expect(next.stats).toMatchObject({ rendered: 0, reused: 5 });
    expect(next.hash).toBe(first.hash);
  });

  it('parses an unchanged mkdocs.yml once, but each build has its own warnings', async () => {
    const dir = await copyFixture('techdocs');
    await writeFile(path.join(dir, 'mkdocs.yml'), 'nav:\n  - Missing: missing.md\n  - index.md\n');
    const first = await buildSite(dir);
    const expected = [
      expect.objectContaining({ message: expect.stringContaining('site_name is missing') }),
      expect.objectContaining({ line: 2, message: expect.stringContaining('missing.md') }),
    ];
    expect(first.warnings).toEqual(expect.arrayContaining(expected));
    first.warnings.length = 0;
    const second = await buildSite(dir, { previous: first });
    expect(second.warnings).toEqual(expect.arrayContaining(expected));
    expect(second.nav).toEqual(first.nav);
    // The same text in another folder is that folder's config (its name is the site's name).
    const other = await copyFixture('techdocs');
    await writeFile(path.join(other, 'mkdocs.yml'), 'nav:\n  - Missing: missing.md\n  - index.md\n');
    expect((await buildSite(other)).siteName).toBe(path.basename(other));
  });

  it('changes the hash when an asset or the config changes', async () => {
    const dir = await copyFixture('techdocs');
    const first = await buildSite(dir);
    await writeFile(path.join(dir, 'docs/img/arch.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const asset = await buildSite(dir, { previous: first });
    expect(asset.hash).not.toBe(first.hash);
    await writeFile(path.join(dir, 'mkdocs.yml'), 'site_name: Renamed\n');
    const config = await buildSite(dir, { previous: asset });
    expect(config.siteName).toBe('Renamed');
    expect(config.stats.rendered).toBe(5);
  });
});
