/// <reference path="../modules.d.ts" />
import { abbr, attrs, deflist, footnote, MarkdownIt, mark, sub, sup } from '../dependencies.ts';
import { escapeHtml } from '../escape.ts';
import { highlight } from '../highlight.ts';
import { containersPlugin } from './blocks.ts';
import { corePlugin, type RenderEnv } from './core.ts';
import { inlineExtrasPlugin } from './inline.ts';
import { type LinkEnv, linksPlugin } from './links.ts';

type Markdown = ReturnType<typeof MarkdownIt>;

/** What one render collects; `slots` hold trusted highlighted code put back after sanitising. */
export interface PageEnv extends RenderEnv, LinkEnv {
  slots: string[];
}

/**
 * Highlighted code is trusted (escaped by us, coloured with CSS variables) and big; it is kept out
 * of the sanitiser, which would otherwise parse every style attribute. It travels as NUL-delimited
 * numbers: markdown-it replaces NUL in its input, so a page cannot forge one.
 */
const NUL = String.fromCharCode(0);
export const SLOT = new RegExp(`${NUL}(\\d+)${NUL}`, 'g');

function slot(env: PageEnv, html: string): string {
  env.slots.push(html);
  return `\u0000${env.slots.length - 1}\u0000`;
}

export interface FenceInfo {
  lang: string;
  title?: string;
  classes: string[];
  /** hl_lines="1 3-4": 1-based line numbers to emphasise. */
  highlightLines: Set<number>;
  /** linenums="N": number the lines from N. */
  lineStart?: number;
}

/** Fence info as superfences writes it: `python title="a.py"`, `{ .python .no-copy }`, `.python`. */
export function parseFenceInfo(info: string): FenceInfo {
  const text = info
    .trim()
    .replace(/^\{\s*/, '')
    .replace(/\s*\}$/, '');
  const words = text.match(/[\w.#+-]+="[^"]*"|[\w.#+-]+=\S+|\S+/g) ?? [];
  const result: FenceInfo = { lang: '', classes: [], highlightLines: new Set() };
  for (const word of words) {
    const attr = /^([\w-]+)="?([^"]*)"?$/.exec(word);
    if (attr) {
      if (attr[1] === 'title') result.title = attr[2]!;
      if (attr[1] === 'linenums' && /^\d{1,6}$/.test(attr[2]!)) result.lineStart = Number(attr[2]);
      if (attr[1] === 'hl_lines') {
        for (const range of attr[2]!.split(/\s+/)) {
          const [from, to] = range.split('-').map(Number);
          if (!from) continue;
          for (let line = from; line <= Math.min(to || from, from + 10_000); line++)
            result.highlightLines.add(line);
        }
      }
      continue;
    }
    const name = word.replace(/^\./, '');
    if (!result.lang) result.lang = name;
    else if (word.startsWith('.')) result.classes.push(name);
  }
  return result;
}

/**
 * The Markdown parser with every extension. Two of them are costly on every text token and only
 * needed when a page has their marker, so the renderer keeps variants without them:
 * markdown-it-attrs (needs a '{') and markdown-it-emoji (needs ':name:').
 */
export type EmojiPlugin = (md: Markdown, options?: { shortcuts?: Record<string, string | string[]> }) => void;

/** `emoji` is markdown-it-emoji's plugin, passed in so that its large table loads only when a page needs it. */
export function createMarkdown(withAttributes: boolean, emoji?: EmojiPlugin): Markdown {
  const md = new MarkdownIt({ html: true, linkify: true, typographer: false });
  md.use(containersPlugin)
    .use(inlineExtrasPlugin)
    .use(footnote)
    .use(deflist)
    .use(abbr)
    .use(mark)
    .use(sub)
    .use(sup);
  // No ASCII shortcuts: ':)' stays ':)' as in pymdownx.emoji.
  if (emoji) md.use(emoji, { shortcuts: {} });
  if (withAttributes) {
    // attr_list's `{: #id .class }`: the colon is accepted and dropped; only harmless attributes pass.
    md.use(attrs, {
      leftDelimiter: '{',
      rightDelimiter: '}',
      allowedAttributes: [
        'id',
        'class',
        'title',
        'width',
        'height',
        'align',
        'lang',
        'target',
        'rel',
        /^data-/,
      ],
    });
  }
  md.use(corePlugin).use(linksPlugin);
  // HTML made by Paved's own rules from escaped text: not the page's raw HTML.
  md.renderer.rules.paved_html = (tokens, index) => tokens[index]!.content;

  md.renderer.rules.fence = (tokens, index, _options, environment) => {
    const env = environment as unknown as PageEnv;
    const token = tokens[index]!;
    const info = parseFenceInfo(token.info);
    // markdown-it-attrs moves `{ .lang }` fence info to a class attribute.
    const attrClasses = String(token.attrGet('class') ?? '')
      .split(/\s+/)
      .filter(Boolean);
    if (!info.lang && attrClasses.length) info.lang = attrClasses.shift()!;
    info.classes.push(...attrClasses);
    const code = token.content.replace(/\n$/, '');
    // superfences custom fence for Mermaid: the portal draws it in the browser.
    if (info.lang === 'mermaid') return `<pre class="mermaid">${escapeHtml(code)}</pre>\n`;
    const title = info.title ? `<span class="filename">${escapeHtml(info.title)}</span>` : '';
    const classes = ['highlight', ...info.classes].map(escapeHtml).join(' ');
    const highlighted = info.lang ? highlight(code, info.lang) : undefined;
    const langClass = info.lang ? ` class="language-${escapeHtml(info.lang)}"` : '';
    const decorated = info.highlightLines.size > 0 || info.lineStart !== undefined;
    if (highlighted === undefined && !decorated) {
      return `<div class="${classes}">${title}<pre><code${langClass}>${escapeHtml(code)}</code></pre></div>\n`;
    }
    let lines =
      highlighted ??
      code
        .split('\n')
        .map((line) => `<span class="line">${escapeHtml(line)}</span>`)
        .join('\n');
    if (info.highlightLines.size) {
      let number = 0;
      lines = lines.replace(/<span class="line">/g, () =>
        info.highlightLines.has(++number) ? '<span class="line hll">' : '<span class="line">',
      );
    }
    const numbered =
      info.lineStart !== undefined ? ` linenums" style="counter-reset:line ${info.lineStart - 1}` : '';
    const preClass = `${highlighted === undefined ? 'plain' : 'shiki'}${numbered}`;
    return `${slot(env, `<div class="${classes}">${title}<pre class="${preClass}" tabindex="0"><code${langClass}>${lines}</code></pre></div>`)}\n`;
  };
  md.renderer.rules.code_block = (tokens, index) =>
    `<div class="highlight"><pre><code>${escapeHtml(tokens[index]!.content.replace(/\n$/, ''))}</code></pre></div>\n`;
  // pymdownx.inlinehilite: `#!python x = 1` is highlighted inline.
  md.renderer.rules.code_inline = (tokens, index, _options, environment) => {
    const env = environment as unknown as PageEnv;
    const content = tokens[index]!.content;
    const match = /^#!([\w+#-]+)[ \t]+([\s\S]*)$/.exec(content);
    if (match) {
      const highlighted = highlight(match[2]!, match[1]!);
      if (highlighted !== undefined) {
        const inner = highlighted.replace(/^<span class="line">|<\/span>$/g, '');
        return slot(env, `<code class="highlight language-${escapeHtml(match[1]!)}">${inner}</code>`);
      }
      return `<code class="language-${escapeHtml(match[1]!)}">${escapeHtml(match[2]!)}</code>`;
    }
    return `<code>${escapeHtml(content)}</code>`;
  };
  return md;
}

/** Fence and inline-highlight language names used in a page, to load their grammars first. */
export function languagesIn(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const match of markdown.matchAll(/^[ \t>]*(?:`{3,}|~{3,})[ \t]*\{?[ \t]*\.?([\w+#-]+)/gm))
    names.add(match[1]!);
  for (const match of markdown.matchAll(/`#!([\w+#-]+)/g)) names.add(match[1]!);
  return names;
}
