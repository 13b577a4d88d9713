import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../index.ts';

// Void elements are written `<x>` by markdown-it and `<x />` by the sanitiser (pages with raw HTML).
const render = async (markdown: string, options: { path?: string; basePath?: string } = {}) =>
  (await renderMarkdown(markdown, options)).html.replaceAll(' />', '>');

describe('admonitions', () => {
  it('renders !!! type "title" with an indented Markdown body', async () => {
    const html = await render(
      '!!! warning "Mind the gap"\n    Body with **bold**.\n\n    Second paragraph.\n\nAfter.',
    );
    expect(html).toContain('<div class="admonition warning">');
    expect(html).toContain('<p class="admonition-title">Mind the gap</p>');
    expect(html).toContain('<p>Body with <strong>bold</strong>.</p>\n<p>Second paragraph.</p>\n</div>');
    expect(html).toContain('<p>After.</p>');
  });

  it('titles an admonition after its type, and leaves it untitled with ""', async () => {
    expect(await render('!!! tip\n    x')).toContain('<p class="admonition-title">Tip</p>');
    expect(await render('!!! tip ""\n    x')).not.toContain('admonition-title');
  });

  it('renders ??? as closed and ???+ as open details', async () => {
    const closed = await render('??? question "Why?"\n    Because.');
    expect(closed).toContain(
      '<details class="question">\n<summary>Why?</summary>\n<p>Because.</p>\n</details>',
    );
    expect(await render('???+ note\n    Open')).toContain('<details class="note" open>');
  });

  it('nests admonitions, lists and fences', async () => {
    const html = await render(
      '!!! note\n    - item\n\n    !!! danger\n        inner\n\n    ```python\n    x = 1\n    ```',
    );
    expect(html).toMatch(
      /<div class="admonition note">[\s\S]*<li>item<\/li>[\s\S]*<div class="admonition danger">[\s\S]*inner[\s\S]*language-python/,
    );
  });
});

describe('superfences', () => {
  it('emits Mermaid as an escaped pre.mermaid for the browser to draw', async () => {
    const html = await render('```mermaid\ngraph LR\n  a --> b <script>\n```');
    expect(html).toContain('<pre class="mermaid">graph LR\n  a --&gt; b &lt;script&gt;</pre>');
  });

  it('highlights code at build time with light and dark colours as CSS variables', async () => {
    const html = await render('```python\ndef f():\n    return 1\n```');
    expect(html).toContain('<pre class="shiki"');
    expect(html).toMatch(/<span style="--shiki-light:#[0-9A-F]{6};--shiki-dark:#[0-9A-F]{6}">def<\/span>/i);
  });

  it('prints unknown languages as escaped plain text', async () => {
    const html = await render('```no-highlight\n<b>x</b>\n```');
    expect(html).toContain('<code class="language-no-highlight">&lt;b&gt;x&lt;/b&gt;</code>');
  });

  it('shows a fence title and accepts { .lang } info', async () => {
    const html = await render('```yaml title="mkdocs.yml"\nsite_name: x\n```\n\n``` { .json }\n{}\n```');
    expect(html).toContain('<span class="filename">mkdocs.yml</span>');
    expect(html).toContain('language-json');
  });

  it('emphasises hl_lines and numbers lines from linenums', async () => {
    const html = await render(
      '```python hl_lines="2 4-5" linenums="3"\na\nb\nc\nd\ne\n```\n\n```text hl_lines="1"\n<x>\n```',
    );
    expect(html).toContain('<pre class="shiki linenums" style="counter-reset:line 2" tabindex="0">');
    expect(html.match(/<span class="line hll">/g)).toHaveLength(4);
    expect(html).toContain(
      '<pre class="plain" tabindex="0"><code class="language-text"><span class="line hll">&lt;x&gt;</span></code></pre>',
    );
  });

  it('keeps fences inside list items', async () => {
    const html = await render('1.  Step\n\n    ```shell\n    run it\n    ```');
    expect(html).toMatch(/<li>[\s\S]*language-shell[\s\S]*<\/li>/);
  });
});

describe('content tabs', () => {
  it('groups consecutive === tabs into one set (alternate style)', async () => {
    const html = await render('=== "Go"\n    go code\n\n=== "Rust"\n    rust code\n\nAfter');
    expect(html).toContain('<div class="tabbed-set tabbed-alternate" data-tabs="1:2">');
    expect(html).toContain('<input checked id="__tabbed_1_1" name="__tabbed_1" type="radio">');
    expect(html).toContain('<label for="__tabbed_1_2">Rust</label>');
    expect(html).toContain('<div class="tabbed-block">\n<p>rust code</p>\n</div>');
    expect(html).toMatch(/<\/div>\n<\/div>\n<p>After<\/p>/);
  });

  it('starts a new set with ===! and selects a tab with ===+', async () => {
    const html = await render('=== "A"\n    a\n\n===! "B"\n    b\n\n===+ "C"\n    c');
    expect(html.match(/tabbed-set/g)).toHaveLength(2);
    expect(html).toContain('<input checked id="__tabbed_2_2"');
  });
});

describe('inline extensions', () => {
  it('renders task lists as disabled checkboxes', async () => {
    const html = await render('- [x] done\n- [ ] todo');
    expect(html).toContain('<ul class="task-list">');
    expect(html).toContain(
      '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled checked><span class="task-list-indicator"></span></label> done</li>',
    );
    expect(html).toMatch(/<input type="checkbox" disabled>.*todo/);
  });

  it('renders emoji shortcodes and degrades unknown icons to a labelled span', async () => {
    const html = await render(':smile: :material-check: :material-account-circle: :)');
    expect(html).toContain('😄');
    expect(html).toContain('<span class="twemoji icon" title="check" data-icon="material-check">✓</span>');
    expect(html).toContain('title="account-circle" data-icon="material-account-circle"></span>');
    expect(html).toContain(':)');
  });

  it('highlights inline code that starts with #!lang', async () => {
    const html = await render('Call `#!python print("x")` or `#!nosuch x<y`.');
    expect(html).toMatch(
      /<code class="highlight language-python"><span style="--shiki-light:[^"]+">print<\/span>/,
    );
    expect(html).toContain('<code class="language-nosuch">x&lt;y</code>');
  });

  it('renders keys as kbd elements', async () => {
    const html = await render('Press ++ctrl+alt+del++ or ++"My Key"++.');
    expect(html).toContain(
      '<span class="keys"><kbd class="key-control">Ctrl</kbd><span>+</span><kbd class="key-alt">Alt</kbd><span>+</span><kbd class="key-delete">Del</kbd></span>',
    );
    expect(html).toContain('<kbd>My Key</kbd>');
  });

  it('renders mark, tilde and caret', async () => {
    const html = await render('==marked== ~~gone~~ H~2~O ^^inserted *em*^^ x^2^');
    expect(html).toContain('<mark>marked</mark>');
    expect(html).toContain('<s>gone</s>');
    expect(html).toContain('H<sub>2</sub>O');
    expect(html).toContain('<ins>inserted <em>em</em></ins>');
    expect(html).toContain('x<sup>2</sup>');
  });
});

describe('Python-Markdown extra', () => {
  it('renders tables with alignment', async () => {
    const html = await render('| a | b |\n|:--|--:|\n| 1 | 2 |');
    expect(html).toContain('<th style="text-align:left">a</th>');
    expect(html).toContain('<td style="text-align:right">2</td>');
  });

  it('renders footnotes', async () => {
    const html = await render('Text[^n].\n\n[^n]: The note.');
    expect(html).toContain('<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>');
    expect(html).toContain('The note.');
  });

  it('renders abbreviations', async () => {
    const html = await render('The HTML spec.\n\n*[HTML]: Hyper Text Markup Language');
    expect(html).toContain('<abbr title="Hyper Text Markup Language">HTML</abbr>');
  });

  it('renders definition lists', async () => {
    const html = await render('Term\n:   Definition\n\n    More.');
    expect(html).toContain('<dt>Term</dt>');
    expect(html).toMatch(/<dd>[\s\S]*Definition[\s\S]*More\.[\s\S]*<\/dd>/);
  });

  it('applies attr_list { : #id .class } and drops unsafe attributes', async () => {
    const html = await render(
      '## Title {: #custom .wide }\n\nText {: .lead onclick="x()" }\n\n![i](a.png){: width="20" }',
    );
    expect(html).toContain('<h2 id="custom" class="wide">');
    expect(html).toContain('<p class="lead">');
    expect(html).not.toContain('onclick');
    expect(html).toContain('width="20"');
  });

  it('turns GitHub alerts into admonitions', async () => {
    const html = await render('> [!WARNING]\n> Careful now.\n\n> [!TIP]\n> Title line\n\n> plain quote');
    expect(html).toContain(
      '<div class="admonition warning">\n<p class="admonition-title">Warning</p>\n<p>Careful now.</p>\n</div>',
    );
    expect(html).toContain('<div class="admonition tip">');
    expect(html).toContain('<blockquote>\n<p>plain quote</p>\n</blockquote>');
  });
});

describe('headings and table of contents', () => {
  it('gives headings MkDocs slugs, _n for repeats, and permalinks', async () => {
    const result = await renderMarkdown('# Café Setup!\n\n## Install\n\n## Install\n\n### Deep `code`');
    expect(result.title).toBe('Café Setup!');
    expect(result.toc).toEqual([
      { level: 1, id: 'cafe-setup', text: 'Café Setup!' },
      { level: 2, id: 'install', text: 'Install' },
      { level: 2, id: 'install_1', text: 'Install' },
      { level: 3, id: 'deep-code', text: 'Deep code' },
    ]);
    expect(result.html).toContain(
      '<h2 id="install_1">Install<a class="headerlink" href="#install_1" title="Permanent link">¶</a></h2>',
    );
  });
});

describe('links and images', () => {
  it('turns relative .md links into pretty URLs relative to the page', async () => {
    const html = await render('[a](setup.md#x) [b](../index.md) [c](sub/index.md) [d](#local)', {
      path: 'guides/intro.md',
    });
    expect(html).toContain('<a href="../setup/#x">a</a>');
    expect(html).toContain('<a href="../../">b</a>');
    expect(html).toContain('<a href="../sub/">c</a>');
    expect(html).toContain('<a href="#local">d</a>');
  });

  it('prefixes basePath when given', async () => {
    const html = await render('[a](setup.md#x) [home](../index.md)', {
      path: 'guides/intro.md',
      basePath: '/docs/default/component/x/',
    });
    expect(html).toContain('<a href="/docs/default/component/x/guides/setup/#x">a</a>');
    expect(html).toContain('<a href="/docs/default/component/x/">home</a>');
  });

  it('addresses images from the page URL', async () => {
    const html = await render('![s](img/s.png)', { path: 'guides/intro.md' });
    expect(html).toContain('<img src="../img/s.png" alt="s">');
  });

  it('adds rel=noopener to external links and drops links leaving the docs folder', async () => {
    const html = await render('[x](https://example.com) [y](../../etc/passwd)', { path: 'a.md' });
    expect(html).toContain('<a href="https://example.com" rel="noopener">x</a>');
    expect(html).toContain('<a>y</a>');
  });
});

describe('raw HTML', () => {
  it('keeps harmless HTML and strips scripts, handlers and javascript: URLs', async () => {
    const html = await render(
      '<div class="grid" onmouseover="steal()">\n\n**md inside**\n\n</div>\n\n<script>alert(1)</script>\n\n<a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)> <iframe src="https://evil"></iframe> <a href="JaVaScRiPt&colon;alert(1)">y</a>',
    );
    expect(html).toContain('<div class="grid">');
    expect(html).toContain('<strong>md inside</strong>');
    expect(html).not.toMatch(/script|onmouseover|onerror|iframe|javascript/i);
  });

  it('rewrites links in raw HTML too', async () => {
    const html = await render('<a href="other.md">o</a> <img src="img/a.png">', { path: 'guides/x.md' });
    expect(html).toContain('<a href="../other/">o</a>');
    expect(html).toContain('src="../img/a.png"');
  });

  it('escapes Markdown link text and titles', async () => {
    const html = await render(
      '[<b>x</b>](a.md "t\\"onclick=\\"x")\n\n!!! note "<img src=x onerror=alert(1)>"\n    body',
    );
    expect(html).not.toMatch(/onerror|onclick="x"/);
  });
});
