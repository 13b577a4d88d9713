import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTemporaryFolders, writeProject } from './docs.testing.ts';
import { buildSite, DocsConfigError } from './index.ts';

/** Every input here is treated as hostile: the site comes from whoever can push to a repository. */

afterEach(removeTemporaryFolders);

const project = (files: Record<string, string>) => writeProject(files, 'hostile');

async function configError(dir: string): Promise<DocsConfigError> {
  const error = await buildSite(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocsConfigError);
  return error as DocsConfigError;
}

describe('mkdocs.yml', () => {
  it('reports broken YAML with file, line and column', async () => {
    const dir = await project({
      'mkdocs.yml': 'site_name: x\nnav:\n  - Home: index.md\n   - bad: [\n',
      'docs/index.md': '# x',
    });
    const error = await configError(dir);
    expect(error).toMatchObject({ file: 'mkdocs.yml', line: 4 });
    expect(error.column).toBeGreaterThan(0);
    expect(error.message).toMatch(/^mkdocs.yml is not valid YAML/);
  });

  it('stops YAML alias bombs', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'site_name: boom',
    ].join('\n');
    const dir = await project({ 'mkdocs.yml': bomb, 'docs/index.md': '# x' });
    const started = performance.now();
    const error = await configError(dir);
    expect(error.message).toMatch(/alias/i);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('says what it expected when a key has the wrong shape', async () => {
    const dir = await project({
      'mkdocs.yml': 'site_name: x\nnav:\n  - Home: index.md\n  - 42\n',
      'docs/index.md': '# x',
    });
    const error = await configError(dir);
    expect(error).toMatchObject({ file: 'mkdocs.yml', line: 4, column: 5 });
    expect(error.message).toMatch(/expected a nav entry/);
    const notList = await project({ 'mkdocs.yml': 'site_name: x\nnav: index.md\n', 'docs/index.md': '# x' });
    expect(await configError(notList)).toMatchObject({
      line: 2,
      message: expect.stringMatching(/nav must be a list/),
    });
  });

  it('rejects docs_dir outside the source folder, also through a symbolic link', async () => {
    const dir = await project({ 'mkdocs.yml': 'site_name: x\ndocs_dir: ../elsewhere\n' });
    expect(await configError(dir)).toMatchObject({
      line: 2,
      message: expect.stringMatching(/docs_dir must be a folder inside/),
    });
    const outside = await project({ 'secret.md': '# secret' });
    const linked = await project({ 'mkdocs.yml': 'site_name: x\ndocs_dir: docs\n' });
    await symlink(outside, path.join(linked, 'docs'));
    expect(await configError(linked)).toMatchObject({
      message: expect.stringMatching(/outside the source folder/),
    });
  });

  it('keeps unknown tags (!!python/name, !ENV) without failing', async () => {
    const dir = await project({
      'mkdocs.yml':
        'site_name: x\nextra:\n  key: !ENV [KEY, none]\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n',
      'docs/index.md': '# x',
    });
    const site = await buildSite(dir);
    expect(site.warnings).toEqual([]);
  });
});

describe('files', () => {
  it('ignores symbolic links that leave the source folder, and link loops', async () => {
    const outside = await project({ 'passwd.md': '# root:x:0:0', 'leak.png': 'x' });
    const dir = await project({ 'mkdocs.yml': 'site_name: x\n', 'docs/index.md': '# Home' });
    await symlink(path.join(outside, 'passwd.md'), path.join(dir, 'docs/passwd.md'));
    await symlink(outside, path.join(dir, 'docs/outside'));
    await symlink(path.join(dir, 'docs'), path.join(dir, 'docs/loop'));
    const site = await buildSite(dir);
    expect(site.pages.map((p) => p.path)).toEqual(['index.md']);
    expect(site.assets).toEqual([]);
    expect(site.warnings.map((w) => w.file).sort()).toEqual(['docs/outside', 'docs/passwd.md']);
    expect(site.warnings[0]!.message).toMatch(/symbolic link leads outside the source folder/);
  });

  it('does not render a page over the size limit, and says so', async () => {
    const dir = await project({
      'mkdocs.yml': 'site_name: x\n',
      'docs/index.md': '# Home',
      'docs/huge.md': `# Huge\n\n${'lorem ipsum '.repeat(200_000)}`,
    });
    const site = await buildSite(dir, { limits: { maxFileBytes: 1024 * 1024 } });
    const huge = site.pages.find((p) => p.path === 'huge.md')!;
    expect(huge.html).toContain('Page not rendered');
    expect(site.warnings).toContainEqual({
      file: 'docs/huge.md',
      message: expect.stringMatching(/2400008 bytes, more than the limit of 1048576; not rendered/),
    });
  });

  it('renders big and deeply nested pages in reasonable time', async () => {
    const dir = await project({
      'mkdocs.yml': 'site_name: x\n',
      'docs/index.md': `${'> '.repeat(5000)}deep\n\n${'['.repeat(50_000)}\n\n${'!!! note\n    '.repeat(1)}${'*a '.repeat(50_000)}\n\n${'++x '.repeat(20_000)}${'^^y '.repeat(20_000)}`,
      'docs/big.md': Array.from(
        { length: 20_000 },
        (_, i) => `## Heading ${i}\n\nText with [a link](index.md) and \`code\`.\n`,
      ).join('\n'),
    });
    const started = performance.now();
    const site = await buildSite(dir);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(site.pages.find((p) => p.path === 'big.md')!.toc).toHaveLength(20_000);
  });

  it('limits the number of pages and the total bytes read', async () => {
    const files: Record<string, string> = { 'mkdocs.yml': 'site_name: x\n' };
    for (let i = 0; i < 20; i++)
      files[`docs/p${String(i).padStart(2, '0')}.md`] = `# Page ${i}\n${'x'.repeat(100)}`;
    const dir = await project(files);
    const few = await buildSite(dir, { limits: { maxPages: 5 } });
    expect(few.pages).toHaveLength(5);
    expect(few.warnings[0]!.message).toMatch(/20 pages; only the first 5 are built/);
    const small = await buildSite(dir, { limits: { maxTotalBytes: 1000 } });
    expect(small.pages.length).toBeLessThan(20);
    expect(small.warnings.some((w) => /bytes of Markdown/.test(w.message))).toBe(true);
  });
});

describe('snippets', () => {
  it('refuses snippets outside the source folder: ../, absolute paths and symbolic links', async () => {
    const outside = await project({ 'secret.txt': 'TOP SECRET' });
    const dir = await project({
      'mkdocs.yml': 'site_name: x\n',
      'docs/index.md': [
        '# Home',
        `--8<-- "../${path.basename(outside)}/secret.txt"`,
        `--8<-- "${path.join(outside, 'secret.txt')}"`,
        '--8<-- "docs/leak.txt"',
        '--8<-- "https://example.com/remote.md"',
        '--8<-- "docs/none.md"',
      ].join('\n'),
    });
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'docs/leak.txt'));
    const site = await buildSite(dir);
    expect(site.pages[0]!.html).not.toContain('TOP SECRET');
    expect(site.warnings).toContainEqual({
      file: 'docs/leak.txt',
      message: 'symbolic link leads outside the source folder; ignored',
    });
    const messages = site.warnings
      .filter((w) => w.file === 'docs/index.md')
      .map((w) => `${w.line}: ${w.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^2: snippet .*secret.txt: leads outside the snippet folder/),
      expect.stringMatching(/^3: snippet .*secret.txt: leads outside the snippet folder/),
      '4: snippet docs/leak.txt: leads outside the source folder (symbolic link); not included',
      '5: snippet https://example.com/remote.md: URLs are not fetched',
      '6: snippet docs/none.md: no such file',
    ]);
  });

  it('stops snippets that include themselves', async () => {
    const dir = await project({
      'mkdocs.yml': 'site_name: x\n',
      'docs/index.md': '--8<-- "docs/a.md"',
      'docs/a.md': 'A\n--8<-- "docs/b.md"',
      'docs/b.md': 'B\n--8<-- "docs/a.md"',
    });
    const site = await buildSite(dir);
    const index = site.pages.find((p) => p.path === 'index.md')!;
    expect(index.html).toContain('A\nB');
    expect(site.warnings.some((w) => w.file === 'docs/index.md' && /includes itself/.test(w.message))).toBe(
      true,
    );
  });

  it('stops a snippet bomb: few small files that include each other many times', async () => {
    // Four levels of 60 includes each of a 1 KB file would be 13 GB of page: the budget stops it.
    const includes = (name: string) =>
      Array.from({ length: 60 }, () => `--8<-- "docs/${name}.md"`).join('\n');
    const dir = await project({
      'mkdocs.yml': 'site_name: x\n',
      'docs/index.md': `# Bomb\n\n${includes('b')}`,
      'docs/b.md': includes('c'),
      'docs/c.md': includes('d'),
      'docs/d.md': includes('e'),
      'docs/e.md': 'x'.repeat(1024),
    });
    const site = await buildSite(dir);
    const index = site.pages.find((p) => p.path === 'index.md')!;
    expect(index.html.length).toBeLessThan(8 * 1024 * 1024);
    expect(
      site.warnings.filter(
        (w) => w.file === 'docs/index.md' && /would exceed 1000 snippets or 4 MiB/.test(w.message),
      ),
    ).toHaveLength(1);
  });

  it('never makes an edit link of anything but a web URL', async () => {
    const dir = await project({
      'mkdocs.yml':
        'site_name: x\nrepo_url: https://git.example.com/acme/handbook\nedit_uri_template: "javascript:alert(1)//{path}"\n',
      'docs/index.md': '# Home\n',
    });
    const site = await buildSite(dir);
    expect(site.pages[0]?.editUrl).toBeUndefined();
  });

  it('keeps escaped snippet lines as text', async () => {
    const dir = await project({ 'mkdocs.yml': 'site_name: x\n', 'docs/index.md': ';--8<-- "docs/index.md"' });
    const site = await buildSite(dir);
    expect(site.pages[0]!.html).toContain('--8&lt;-- &quot;docs/index.md&quot;');
  });
});

describe('script injection', () => {
  it('strips scripts from pages and from snippets they include', async () => {
    const dir = await project({
      'mkdocs.yml': 'site_name: x\n',
      'docs/index.md':
        '# Home\n\n--8<-- "docs/evil.html"\n\n[x](javascript:alert(1)) ![y](javascript:alert(2))\n\n<svg onload=alert(3)></svg>\n\n<p style="background:url(javascript:alert(4))">s</p>\n\n<form action="https://evil"><input name=q></form>',
      'docs/evil.html': '<script>alert("snippet")</script><img src=x onerror=alert(5)>',
    });
    const site = await buildSite(dir);
    const html = site.pages.find((p) => p.path === 'index.md')!.html;
    expect(html).not.toMatch(/<script|onerror|onload|(href|src)="javascript:|<svg|<form|style=|alert\(5\)/i);
    // markdown-it leaves a javascript: link as text.
    expect(html).toContain('<p>[x](javascript:alert(1))');
    expect(html).toContain('<img src="x"');
  });
});
