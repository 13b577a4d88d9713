import type { MarkdownIt, StateBlock } from 'markdown-it';
import { escapeHtml } from '../escape.ts';

/*
 * Python-Markdown's indented containers, which no markdown-it plugin reproduces (markdown-it-container
 * wants closing fences): `!!! type "Title"` admonitions, `???`/`???+` collapsible details
 * (pymdownx.details) and `=== "Tab"` content tabs (pymdownx.tabbed, alternate_style). Their bodies
 * are the following lines indented by 4 more columns, parsed as Markdown.
 */

const HEADER = /^(!!!|\?\?\?\+?)[ \t]+([A-Za-z][\w-]*(?:[ \t]+[A-Za-z][\w-]*)*)?[ \t]*(?:"(.*)")?[ \t]*$/;
const TAB = /^===([!+]{0,2})[ \t]+"(.*)"[ \t]*$/;

function lineText(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]);
}

/** The line after the last one indented by at least `indent` columns (blank lines in between belong too). */
function bodyEnd(state: StateBlock, from: number, endLine: number, indent: number): number {
  let last = from - 1;
  for (let line = from; line < endLine; line++) {
    if (state.isEmpty(line)) continue;
    if (state.sCount[line]! < indent) break;
    last = line;
  }
  return last + 1;
}

function tokenizeBody(state: StateBlock, from: number, to: number, indent: number, parentType: string): void {
  const oldParent = state.parentType;
  const oldLineMax = state.lineMax;
  const oldIndent = state.blkIndent;
  // parentType is typed as a closed union but only compared by rules; a custom name is harmless.
  state.parentType = parentType as typeof state.parentType;
  state.lineMax = to;
  state.blkIndent = indent;
  state.md.block.tokenize(state, from, to);
  state.parentType = oldParent;
  state.lineMax = oldLineMax;
  state.blkIndent = oldIndent;
}

/** Titles are Markdown; one holding raw HTML makes the whole page go through the sanitiser. */
function renderTitle(state: StateBlock, title: string): string {
  if (title.includes('<')) (state.env as { rawHtml?: boolean }).rawHtml = true;
  return state.md.renderInline(title, state.env);
}

function titleCase(type: string): string {
  return type.charAt(0).toUpperCase() + type.slice(1);
}

function admonition(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const first = state.src.charCodeAt(state.bMarks[startLine]! + state.tShift[startLine]!);
  if (first !== 0x21 /* ! */ && first !== 0x3f /* ? */) return false;
  const match = HEADER.exec(lineText(state, startLine));
  if (!match?.[2] && match?.[3] === undefined) return false;
  if (silent) return true;
  const marker = match[1]!;
  const classes = (match[2] ?? 'note').split(/[ \t]+/).map((c) => c.toLowerCase());
  const type = classes[0]!;
  const title = match[3] ?? titleCase(type);
  const indent = state.sCount[startLine]! + 4;
  const end = bodyEnd(state, startLine + 1, endLine, indent);
  const classAttr = escapeHtml(classes.join(' '));
  const titleHtml = renderTitle(state, title);

  const open = state.push('paved_html', '', 0);
  open.map = [startLine, end];
  if (marker === '!!!') {
    open.content = `<div class="admonition ${classAttr}">\n${title ? `<p class="admonition-title">${titleHtml}</p>\n` : ''}`;
  } else {
    open.content = `<details class="${classAttr}"${marker === '???+' ? ' open' : ''}>\n<summary>${titleHtml || escapeHtml(titleCase(type))}</summary>\n`;
  }
  tokenizeBody(state, startLine + 1, end, indent, 'admonition');
  const close = state.push('paved_html', '', 0);
  close.content = marker === '!!!' ? '</div>\n' : '</details>\n';
  state.line = end;
  return true;
}

function tabbed(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  if (state.src.charCodeAt(state.bMarks[startLine]! + state.tShift[startLine]!) !== 0x3d /* = */)
    return false;
  if (!TAB.test(lineText(state, startLine))) return false;
  if (silent) return true;

  const env = state.env as { tabSets?: number };
  env.tabSets = (env.tabSets ?? 0) + 1;
  const set = env.tabSets;
  const indent = state.sCount[startLine]! + 4;
  const tabs: { title: string; from: number; to: number; selected: boolean }[] = [];
  let line = startLine;
  while (line < endLine) {
    const match = TAB.exec(lineText(state, line));
    if (!match || state.sCount[line] !== indent - 4) break;
    // `===!` starts a new set of tabs.
    if (tabs.length && match[1]!.includes('!')) break;
    const to = bodyEnd(state, line + 1, endLine, indent);
    tabs.push({ title: match[2]!, from: line + 1, to, selected: match[1]!.includes('+') });
    line = to;
    while (line < endLine && state.isEmpty(line)) line++;
  }
  const end = tabs[tabs.length - 1]!.to;
  const chosen = Math.max(
    0,
    tabs.findIndex((t) => t.selected),
  );
  let head = `<div class="tabbed-set tabbed-alternate" data-tabs="${set}:${tabs.length}">`;
  for (const [index] of tabs.entries()) {
    head += `<input${index === chosen ? ' checked' : ''} id="__tabbed_${set}_${index + 1}" name="__tabbed_${set}" type="radio">`;
  }
  head += '<div class="tabbed-labels">';
  for (const [index, tab] of tabs.entries()) {
    head += `<label for="__tabbed_${set}_${index + 1}">${renderTitle(state, tab.title)}</label>`;
  }
  head += '</div>\n<div class="tabbed-content">\n';
  const open = state.push('paved_html', '', 0);
  open.map = [startLine, end];
  open.content = head;
  for (const tab of tabs) {
    const block = state.push('paved_html', '', 0);
    block.content = '<div class="tabbed-block">\n';
    tokenizeBody(state, tab.from, tab.to, indent, 'tabbed');
    const blockClose = state.push('paved_html', '', 0);
    blockClose.content = '</div>\n';
  }
  const close = state.push('paved_html', '', 0);
  close.content = '</div>\n</div>\n';
  state.line = end;
  return true;
}

export function containersPlugin(md: MarkdownIt): void {
  md.block.ruler.before('fence', 'admonition', admonition, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
  md.block.ruler.before('fence', 'tabbed', tabbed, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
}
