/**
 * Shiki is loaded only for pages with code to highlight, and grammars as pages need them (this
 * file runs in its own module graph, so the highlighter starts unloaded).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporaryFolders, writeProject } from './docs.testing.ts';
import { highlighterLoaded } from './highlight.ts';
import { buildSite } from './index.ts';

afterAll(removeTemporaryFolders);

/** A site named Code with these pages in docs/. */
const site = (pages: Record<string, string>) =>
  writeProject(
    {
      'mkdocs.yml': 'site_name: Code\n',
      ...Object.fromEntries(Object.entries(pages).map(([name, text]) => [`docs/${name}`, text])),
    },
    'highlight',
  );

describe('highlighting on demand', () => {
  it('does not load Shiki for pages without code in a known language', async () => {
    const dir = await site({
      'index.md': '# Plain\n\nNo code here.\n',
      'text.md': '# Text\n\n```text\nnot highlighted\n```\n\n```\nno language\n```\n\n    indented\n',
      'diagram.md': '# Diagram\n\n```mermaid\ngraph LR\n  a --> b\n```\n',
    });
    const built = await buildSite(dir);
    expect(built.pages).toHaveLength(3);
    expect(built.pages.find((p) => p.path === 'text.md')!.html).toContain(
      '<code class="language-text">not highlighted</code>',
    );
    expect(highlighterLoaded()).toBe(false);
  });

  it('highlights a block whose language first appears in a later edit, and a second language after that', async () => {
    const dir = await site({ 'index.md': '# Home\n\nNothing yet.\n', 'other.md': '# Other\n' });
    const first = await buildSite(dir);
    expect(first.pages.find((p) => p.path === 'index.md')!.html).not.toContain('shiki');

    await writeFile(path.join(dir, 'docs/index.md'), '# Home\n\n```python\nprint("hi")\n```\n');
    const second = await buildSite(dir, { previous: first });
    expect(second.stats).toMatchObject({ rendered: 1, reused: 1 });
    const home = second.pages.find((p) => p.path === 'index.md')!.html;
    expect(home).toContain('<pre class="shiki" tabindex="0"><code class="language-python">');
    expect(home).toMatch(/<span style="--shiki-light:#[0-9A-F]{6};--shiki-dark:#[0-9A-F]{6}">print<\/span>/i);
    expect(highlighterLoaded()).toBe(true);

    // Another grammar, loaded into the highlighter that exists now; inline `#!lang` code too.
    await writeFile(
      path.join(dir, 'docs/other.md'),
      '# Other\n\n```go\npackage main\n```\n\nInline `#!rust let x = 1;` code.\n',
    );
    const third = await buildSite(dir, { previous: second });
    expect(third.stats).toMatchObject({ rendered: 1, reused: 1 });
    const other = third.pages.find((p) => p.path === 'other.md')!.html;
    expect(other).toContain('<code class="language-go"><span class="line"><span style="--shiki-light:');
    expect(other).toContain('<code class="highlight language-rust"><span style="--shiki-light:');
  });
});
