import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import type { DocsTocEntry } from '../docs.types.ts';
import { escapeHtml } from '../escape.ts';

/** What one render collects; passed as markdown-it's env. */
export interface RenderEnv {
  toc: DocsTocEntry[];
  title?: string;
  permalink: string | false;
  tabSets?: number;
}

const NON_ASCII = /[^\p{ASCII}]/u;

/**
 * Python-Markdown's toc slug (lower case, ASCII, words joined by '-'), so links written for a MkDocs
 * site keep working. markdown-it-anchor is not used: its duplicate suffix is '-1', MkDocs' is '_1'.
 */
export function slugify(text: string): string {
  // NFKD and dropping non-ASCII change nothing in ASCII text, most headings: skipped for it.
  return (NON_ASCII.test(text) ? text.normalize('NFKD').replace(/[^\p{ASCII}]/gu, '') : text)
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-');
}

function inlineText(token: Token): string {
  return (token.children ?? [])
    .filter((c) => c.type === 'text' || c.type === 'code_inline' || c.type === 'emoji')
    .map((c) => c.content)
    .join('');
}

function headings(state: StateCore): void {
  const env = state.env as unknown as RenderEnv;
  const used = new Set<string>();
  for (const token of state.tokens) {
    const id = token.attrGet('id');
    if (token.type === 'heading_open' && id) used.add(String(id));
  }
  for (let i = 0; i < state.tokens.length; i++) {
    const token = state.tokens[i]!;
    if (token.type !== 'heading_open') continue;
    const inline = state.tokens[i + 1];
    if (inline?.type !== 'inline') continue;
    const text = inlineText(inline).trim();
    const level = Number(token.tag.slice(1));
    const existing = token.attrGet('id');
    let id = existing === null ? '' : String(existing);
    if (!id) {
      const base = slugify(text) || '_';
      id = base;
      for (let n = 1; used.has(id); n++) id = `${base}_${n}`;
      used.add(id);
      token.attrSet('id', id);
    }
    if (level === 1 && env.title === undefined) env.title = text;
    env.toc.push({ level, id, text });
    if (env.permalink !== false) {
      const link = new state.Token('paved_html', '', 0);
      link.content = `<a class="headerlink" href="#${escapeHtml(id)}" title="Permanent link">${escapeHtml(env.permalink)}</a>`;
      inline.children?.push(link);
    }
  }
}

/** pymdownx.tasklist: `- [x] done` becomes a disabled checkbox (custom_checkbox markup). */
function taskLists(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 2; i < tokens.length; i++) {
    const inline = tokens[i]!;
    if (inline.type !== 'inline' || tokens[i - 1]!.type !== 'paragraph_open') continue;
    const item = tokens[i - 2]!;
    if (item.type !== 'list_item_open') continue;
    const first = inline.children?.[0];
    const match = first?.type === 'text' ? /^\[([ xX])\][ \t]/.exec(first.content) : null;
    if (!first || !match) continue;
    first.content = first.content.slice(match[0].length);
    const box = new state.Token('paved_html', '', 0);
    box.content = `<label class="task-list-control"><input type="checkbox" disabled${match[1] === ' ' ? '' : ' checked'}><span class="task-list-indicator"></span></label> `;
    inline.children!.unshift(box);
    item.attrJoin('class', 'task-list-item');
    // The list that holds the item gets class task-list too.
    for (let j = i - 3; j >= 0; j--) {
      const t = tokens[j]!;
      if ((t.type === 'bullet_list_open' || t.type === 'ordered_list_open') && t.level === item.level - 1) {
        if (!String(t.attrGet('class') ?? '').includes('task-list')) t.attrJoin('class', 'task-list');
        break;
      }
    }
  }
}

const ALERTS: Record<string, string> = {
  NOTE: 'note',
  TIP: 'tip',
  IMPORTANT: 'important',
  WARNING: 'warning',
  CAUTION: 'caution',
};

/** GitHub alerts (`> [!NOTE]`), which techdocs-core turns into admonitions with gh-admonitions. */
function alerts(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i]!;
    if (open.type !== 'blockquote_open') continue;
    const inline = tokens[i + 2];
    if (tokens[i + 1]?.type !== 'paragraph_open' || inline?.type !== 'inline') continue;
    const first = inline.children?.[0];
    const match =
      first?.type === 'text'
        ? /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*$/i.exec(first.content)
        : null;
    if (!first || !match) continue;
    const type = ALERTS[match[1]!.toUpperCase()]!;
    let close = i + 1;
    for (let depth = 1; close < tokens.length; close++) {
      const t = tokens[close]!;
      if (t.type === 'blockquote_open') depth++;
      else if (t.type === 'blockquote_close' && --depth === 0) break;
    }
    const children = inline.children!;
    children.shift();
    if (children[0]?.type === 'softbreak' || children[0]?.type === 'hardbreak') children.shift();
    open.type = 'paved_html';
    open.content = `<div class="admonition ${type}">\n<p class="admonition-title">${type.charAt(0).toUpperCase()}${type.slice(1)}</p>\n`;
    open.nesting = 0;
    const closing = tokens[close];
    if (closing) {
      closing.type = 'paved_html';
      closing.content = '</div>\n';
      closing.nesting = 0;
    }
    if (children.length === 0) {
      // The marker stood alone in its paragraph: drop the empty paragraph.
      tokens.splice(i + 1, 3);
    }
  }
}

export function corePlugin(md: MarkdownIt): void {
  md.core.ruler.push('paved_alerts', alerts);
  md.core.ruler.push('paved_tasklists', taskLists);
  md.core.ruler.push('paved_headings', headings);
}
