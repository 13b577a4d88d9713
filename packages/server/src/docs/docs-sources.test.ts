import { describe, expect, it } from 'vitest';
import { hostOfUrl as cloneHost } from '../catalog/git/index.ts';
import { docsDirOf } from './docs.inputs.ts';
import { pageUrlOf } from './docs.service.ts';
import { parseDocsRepository, resolveDocsSource } from './docs.sources.ts';
import { MARK_END, MARK_START } from './docs.store.ts';
import { lexemesOf, snippetHtml } from './docs-search.ts';

describe('parseDocsRepository', () => {
  it('reads hosting services’ folder URLs and clone URLs with a ref and path', () => {
    expect(parseDocsRepository('https://github.com/acme/handbook/tree/main/site')).toEqual({
      cloneUrl: 'https://github.com/acme/handbook',
      ref: 'main',
      path: 'site',
    });
    expect(parseDocsRepository('https://gitlab.example.com/group/sub/handbook/-/tree/v2')).toEqual({
      cloneUrl: 'https://gitlab.example.com/group/sub/handbook',
      ref: 'v2',
      path: '.',
    });
    expect(parseDocsRepository('https://git.example.com/handbook.git#main:docs-site')).toEqual({
      cloneUrl: 'https://git.example.com/handbook.git',
      ref: 'main',
      path: 'docs-site',
    });
    expect(parseDocsRepository('https://git.example.com/handbook.git')).toMatchObject({ path: '.' });
  });

  it('refuses remote helpers, options and paths out of the repository', () => {
    expect(() => parseDocsRepository('ext::sh -c touch% /tmp/pwned')).toThrow(/remote helper|refused/);
    expect(() => parseDocsRepository('fd::17')).toThrow();
    expect(() => parseDocsRepository('-uhttps://x.example/r.git')).toThrow();
    expect(() => parseDocsRepository('https://git.example.com/r.git#main:../../etc')).toThrow();
  });
});

describe('url: techdocs-refs and hosts (SSRF)', () => {
  it('reads the host of every clone URL form', () => {
    expect(cloneHost('https://GitHub.com/acme/handbook')).toBe('github.com');
    expect(cloneHost('ssh://git@git.internal:2222/acme/secret.git')).toBe('git.internal');
    expect(cloneHost('git@git.internal:acme/secret.git')).toBe('git.internal');
    expect(cloneHost('http://[fd00::1]/x.git')).toBe('[fd00::1]');
  });

  it('never clones from a host the catalog does not read and nobody allowed, naming it', async () => {
    const synced: string[] = [];
    const deps = {
      locate: async () => undefined,
      checkouts: {
        sync: async (url: string) => {
          synced.push(url);
          throw new Error('stop here');
        },
        remove: async () => undefined,
        dirOf: () => '',
      },
      fileRoots: ['/nowhere'],
      allowedHosts: async () => ['git.example.com'],
    };
    await expect(
      resolveDocsSource('component:default/x', 'url:ssh://git@git.internal/secret.git#main:.', deps),
    ).rejects.toThrow(
      /on git\.internal, which Paved does not clone docs from.*PAVED_ALLOWED_HOSTS.*git\.example\.com/,
    );
    await expect(
      resolveDocsSource('component:default/x', 'url:http://169.254.169.254/latest#main:.', deps),
    ).rejects.toThrow(/on 169\.254\.169\.254/);
    expect(synced).toEqual([]);
    await expect(
      resolveDocsSource('component:default/x', 'url:https://git.example.com/handbook.git', deps),
    ).rejects.toThrow('stop here');
    expect(synced).toEqual(['https://git.example.com/handbook.git']);
  });
});

describe('pageUrlOf', () => {
  it('turns what a request names into a pretty URL', () => {
    expect(pageUrlOf('')).toBe('');
    expect(pageUrlOf('index.html')).toBe('');
    expect(pageUrlOf('guides/setup')).toBe('guides/setup/');
    expect(pageUrlOf('/guides/setup/')).toBe('guides/setup/');
    expect(pageUrlOf('guides/index.html')).toBe('guides/');
    expect(pageUrlOf('guides/setup.html')).toBe('guides/setup/');
  });

  it('refuses paths that leave the site', () => {
    for (const bad of ['../x', 'a/../../b', 'a\\..\\b', 'a/./b', 'a\u0000b']) {
      expect(() => pageUrlOf(bad), bad).toThrow(/stay inside the site/);
    }
  });
});

describe('snippetHtml', () => {
  it('escapes the page text and marks only the matches', () => {
    const headline = `run ${MARK_START}npm${MARK_END} <script>alert("x")</script> & ${MARK_START}setup${MARK_END}`;
    expect(snippetHtml(headline)).toBe(
      'run <mark>npm</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>setup</mark>',
    );
    expect(snippetHtml(`${MARK_START}open`)).toBe('<mark>open</mark>');
  });

  it('keeps only letters and digits for the query', () => {
    expect(lexemesOf(['npm:*', "o'reilly", 'a&b|c', '!'])).toEqual(['npm', 'o', 'reilly', 'a', 'b', 'c']);
  });
});

describe('docsDirOf', () => {
  it('reads docs_dir without parsing Python tags, defaulting to docs', () => {
    expect(docsDirOf('site_name: x\n')).toBe('docs');
    expect(docsDirOf("site_name: x\ndocs_dir: 'site docs' # here\n")).toBe('site docs');
    expect(docsDirOf('docs_dir: handbook\nx: !!python/name:foo.bar\n')).toBe('handbook');
  });
});
