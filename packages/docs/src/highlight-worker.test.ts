/**
 * Highlighting on a worker thread (`paved docs build`) gives the same site as in this thread: the
 * same pages, HTML, search text and warnings, grammars loaded page after page in the same order.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporaryFolders, temporaryFolder, writeProject } from './docs.testing.ts';
import { createHighlightWorker } from './highlight.ts';
import { buildPages, buildSite, type DocsSite, writeStaticSite } from './index.ts';

afterAll(removeTemporaryFolders);

const FILES = {
  'mkdocs.yml': 'site_name: Code\nnav:\n  - Home: index.md\n  - a.md\n  - b.md\n  - raw.md\n',
  'docs/index.md': [
    '# Home',
    '',
    '```python hl_lines="2"',
    'def f(x):',
    '    return x * 2  # twice',
    '```',
    '',
    '```go linenums="3"',
    'package main',
    '',
    'func main() {}',
    '```',
    '',
    'Inline `#!js const a = "<b>";` and `#!nosuch x`, plain `code`.',
    '',
    '```text',
    'not <highlighted>',
    '```',
    '',
    '=== "TypeScript"',
    '    ```ts title="a.ts"',
    "    const x: string = 'tab';",
    '    ```',
    '',
    '```mermaid',
    'graph LR',
    '```',
    '',
  ].join('\n'),
  // A fence whose language the page scan does not see ("title" comes first): not highlighted
  // until a page has loaded its grammar, on a worker as in this thread.
  'docs/a.md': '# A\n\n```title="x.rb" ruby\nputs 1\n```\n',
  'docs/b.md':
    '# B\n\n```ruby\nputs 2\n```\n\n```title="y.rb" ruby\nputs 3\n```\n\n```yaml hl_lines="1"\nk: v\n```\n',
  'docs/raw.md':
    '# Raw\n\n<div class="note">Raw <b>HTML</b> <script>alert(1)</script></div>\n\n```bash\necho "$HOME" <in\n```\n\n```\nno language <x>\n```\n\n```title="t" rust linenums="1"\nfn main() {}\n```\n',
};

const comparable = (site: DocsSite) => ({
  pages: site.pages.map(({ path, url, title, html, text, toc, headings, warnings }) => ({
    path,
    url,
    title,
    html,
    text,
    toc,
    headings,
    warnings,
  })),
  warnings: site.warnings,
  nav: site.nav,
  hash: site.hash,
});

describe('highlighting on a worker thread', () => {
  it('builds the same site as highlighting in this thread', async () => {
    const dir = await writeProject(FILES, 'worker');
    // This thread's highlighter starts empty in this file, as the worker does.
    const here = await buildSite(dir);
    const there = await buildSite(dir, { highlightWorker: true });
    expect(comparable(there)).toEqual(comparable(here));
    const home = there.pages.find((p) => p.path === 'index.md')!.html;
    expect(home).toContain('<pre class="shiki" tabindex="0"><code class="language-python">');
    expect(home).toContain('<span class="line hll">');
    expect(home).toContain('<pre class="shiki linenums" style="counter-reset:line 2" tabindex="0">');
    expect(home).toContain('<code class="highlight language-js"><span style="--shiki-light:');
    expect(home).toContain('<code class="language-nosuch">x</code>');
    expect(home).toContain('<code class="language-text">not &lt;highlighted&gt;</code>');
    const a = there.pages.find((p) => p.path === 'a.md')!.html;
    expect(a).not.toContain('shiki');
    const b = there.pages.find((p) => p.path === 'b.md')!.html;
    expect(b.match(/class="shiki"/g)).toHaveLength(3);
    const raw = there.pages.find((p) => p.path === 'raw.md')!.html;
    expect(raw).not.toContain('<script');
    expect(raw).toContain('<code class="language-bash"><span class="line"><span style=');
  });

  it('writes each page once its code is highlighted, the same files as from a finished build', async () => {
    const dir = await writeProject(FILES, 'worker-write');
    const out = await temporaryFolder('worker-out');
    const building = await buildPages(dir, { highlightWorker: true });
    // Titles, nav and warnings are there at once; HTML and search text follow the worker's answers.
    const home = building.site.pages.find((p) => p.path === 'index.md')!;
    expect(home.title).toBe('Home');
    const completion = building.pageCompleted(home);
    expect(completion).toBeInstanceOf(Promise);
    await completion;
    expect(home.html).toContain('class="shiki"');
    const written = await writeStaticSite(building.site, path.join(out, 'streamed'), {
      pageCompleted: building.pageCompleted,
    });
    await building.completed;
    // (A worker of its own: this thread's highlighter has grammars from the test above.)
    const finished = await buildSite(dir, { highlightWorker: true });
    await writeStaticSite(finished, path.join(out, 'finished'));
    expect(written.pages).toBe(4);
    for (const file of written.files.filter((f) => f !== 'techdocs_metadata.json')) {
      expect(await readFile(path.join(out, 'streamed', file), 'utf8')).toBe(
        await readFile(path.join(out, 'finished', file), 'utf8'),
      );
    }
  });

  it('answers page after page, and rejects what is pending once closed', async () => {
    const worker = createHighlightWorker();
    worker.warm();
    const first = worker.highlight(['py'], [['x = 1', 'py']]);
    const unknown = worker.highlight([], [['y', 'nosuch']]);
    expect((await first)[0]).toMatch(/^<span class="line"><span style="--shiki-light:/);
    expect(await unknown).toEqual([undefined]);
    const pending = expect(worker.highlight(['go'], [['package main', 'go']])).rejects.toThrow(/closed/);
    await worker.close();
    await pending;
    await expect(worker.highlight([], [['z', 'py']])).rejects.toThrow(/closed/);
  });
});
