/// <reference path="../modules.d.ts" />
import { abbr, attrs, deflist, footnote, MarkdownIt, mark, sub, sup } from '../dependencies.ts';
import { escapeHtml } from '../escape.ts';
import { highlight, resolveLanguage } from '../highlight.ts';
import { containersPlugin } from './blocks.ts';
import { corePlugin, type RenderEnv } from './core.ts';
import { inlineExtrasPlugin } from './inline.ts';
import { type LinkEnv, linksPlugin } from './links.ts';

type Markdown = ReturnType<typeof MarkdownIt>;

/** What one render collects; `slots` hold trusted highlighted code put back after sanitising. */
export interface PageEnv extends RenderEnv, LinkEnv {
  slots: string[];
  /** Set when a worker highlights the code (highlight.ts): blocks are collected, not highlighted. */
  deferred?: DeferredHighlights;
}

/**
 * Code to highlight later: blocks[i] ([code, fence name]) is highlighted elsewhere, then fill[i]
 * puts the answer (undefined: not highlighted) into its slot. `trusted: false` marks the HTML that
 * markdown-it's output would have held (the plain block), which the sanitiser still has to see on
 * pages with raw HTML.
 */
export interface DeferredHighlights {
  blocks: [code: string, name: string][];
  fill: ((highlighted: string | undefined) => void)[];
  untrusted: Set<number>;
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

/**
 * Highlighted HTML for this code now (this thread's highlighter) or, with env.deferred, a slot
 * that `html` fills once the code is highlighted elsewhere. `html` gets the highlighted lines
 * (undefined when not highlighted) and says whether its result is trusted (kept out of the sanitiser).
 */
function highlighted(
  env: PageEnv,
  code: string,
  name: string,
  html: (highlighted: string | undefined) => { html: string; trusted: boolean },
): string {
  if (!env.deferred || resolveLanguage(name) === undefined) {
    const result = html(highlight(code, name));
    return result.trusted ? slot(env, result.html) : result.html;
  }
  const deferred = env.deferred;
  const index = env.slots.push('') - 1;
  deferred.blocks.push([code, name]);
  deferred.fill.push((lines) => {
    const result = html(lines);
    env.slots[index] = result.html;
    if (!result.trusted) deferred.untrusted.add(index);
  });
  return `\u0000${index}\u0000`;
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

/*
 * markdown-it 15's build makes each Token with eight calls of a transpiler helper (_defineProperty:
 * a `key in this` test and a property definition per field), its costliest function in a cold
 * build (~45 ms of the 500-page bench site's ~150,000 tokens, more under load). FastToken makes the
 * same objects (the same fields in the same order, Token's prototype: `instanceof Token` holds) with
 * plain assignments. The parser states of createMarkdown's instances make their tokens with it:
 * `state.Token` for rules and plugins, and push()/pushPending(), which in markdown-it use the
 * module's own Token, are markdown-it 15.0's own code with FastToken (keep them in step with it).
 * The inline state, made for every paragraph, heading and table cell and the next costliest user
 * of the helper (~35 ms), gets a constructor with plain assignments the same way.
 */
function FastToken(this: Record<string, unknown>, type: string, tag: string, nesting: number): void {
  this.map = null;
  this.level = 0;
  this.children = null;
  this.content = '';
  this.markup = '';
  this.info = '';
  this.block = false;
  this.hidden = false;
  this.type = type;
  this.tag = tag;
  this.attrs = null;
  this.nesting = nesting;
  this.meta = null;
}
FastToken.prototype = MarkdownIt.Token.prototype;
const Token = FastToken as unknown as typeof MarkdownIt.Token;
type Nesting = InstanceType<typeof Token>['nesting'];

export function useFastTokens(md: Markdown): void {
  const { core, block, inline } = md;
  const Core = core.State;
  core.State = class extends Core {
    constructor(...args: ConstructorParameters<typeof Core>) {
      super(...args);
      this.Token = Token;
    }
  };
  const Block = block.State;
  block.State = class extends Block {
    constructor(...args: ConstructorParameters<typeof Block>) {
      super(...args);
      this.Token = Token;
    }
    override push(type: string, tag: string, nesting: Nesting) {
      const token = new Token(type, tag, nesting);
      token.block = true;
      if (nesting < 0) this.level--;
      token.level = this.level;
      if (nesting > 0) this.level++;
      this.tokens.push(token);
      return token;
    }
  };
  // StateInline is made for every inline run (each paragraph, heading, table cell): its constructor
  // is replaced too (markdown-it 15.0's, with plain assignments), not only extended.
  const Inline = inline.State;
  type InlineState = InstanceType<typeof Inline>;
  type Fields = Record<string, unknown>;
  function FastStateInline(this: Fields, src: string, md: unknown, env: unknown, outTokens: unknown[]): void {
    this.pos = 0;
    this.level = 0;
    this.pending = '';
    this.pendingLevel = 0;
    this.cache = {};
    this.backticks = {};
    this.backticksScanned = false;
    this.skipHtmlSpecial = false;
    this.linkLevel = 0;
    this.delimiters = [];
    this._prev_delimiters = [];
    this.Token = Token;
    this.src = src;
    this.env = env;
    this.md = md;
    this.tokens = outTokens;
    this.tokens_meta = Array(outTokens.length);
    this.posMax = src.length;
  }
  const prototype: InlineState = Object.create(Inline.prototype);
  prototype.pushPending = function (this: InlineState) {
    const token = new Token('text', '', 0);
    token.content = this.pending;
    token.level = this.pendingLevel;
    this.tokens.push(token);
    this.pending = '';
    return token;
  };
  prototype.push = function (this: InlineState, type: string, tag: string, nesting: Nesting) {
    if (this.pending) this.pushPending();
    const token = new Token(type, tag, nesting);
    let tokenMeta: InlineState['tokens_meta'][number] | undefined;
    const state = this as unknown as { _prev_delimiters: InlineState['delimiters'][] };
    if (nesting < 0) {
      this.level--;
      this.delimiters = state._prev_delimiters.pop()!;
    }
    token.level = this.level;
    if (nesting > 0) {
      this.level++;
      state._prev_delimiters.push(this.delimiters);
      this.delimiters = [];
      tokenMeta = { delimiters: this.delimiters };
    }
    this.pendingLevel = this.level;
    this.tokens.push(token);
    this.tokens_meta.push(tokenMeta as InlineState['tokens_meta'][number]);
    return token;
  };
  FastStateInline.prototype = prototype;
  inline.State = FastStateInline as unknown as typeof Inline;
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
  useFastTokens(md);
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
    const langClass = info.lang ? ` class="language-${escapeHtml(info.lang)}"` : '';
    const decorated = info.highlightLines.size > 0 || info.lineStart !== undefined;
    const block = (highlighted: string | undefined) => {
      if (highlighted === undefined && !decorated) {
        return {
          html: `<div class="${classes}">${title}<pre><code${langClass}>${escapeHtml(code)}</code></pre></div>`,
          trusted: false,
        };
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
      return {
        html: `<div class="${classes}">${title}<pre class="${preClass}" tabindex="0"><code${langClass}>${lines}</code></pre></div>`,
        trusted: true,
      };
    };
    return `${highlighted(env, code, info.lang, block)}\n`;
  };
  md.renderer.rules.code_block = (tokens, index) =>
    `<div class="highlight"><pre><code>${escapeHtml(tokens[index]!.content.replace(/\n$/, ''))}</code></pre></div>\n`;
  // pymdownx.inlinehilite: `#!python x = 1` is highlighted inline.
  md.renderer.rules.code_inline = (tokens, index, _options, environment) => {
    const env = environment as unknown as PageEnv;
    const content = tokens[index]!.content;
    const match = /^#!([\w+#-]+)[ \t]+([\s\S]*)$/.exec(content);
    if (match) {
      return highlighted(env, match[2]!, match[1]!, (lines) =>
        lines === undefined
          ? {
              html: `<code class="language-${escapeHtml(match[1]!)}">${escapeHtml(match[2]!)}</code>`,
              trusted: false,
            }
          : {
              html: `<code class="highlight language-${escapeHtml(match[1]!)}">${lines.replace(/^<span class="line">|<\/span>$/g, '')}</code>`,
              trusted: true,
            },
      );
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
