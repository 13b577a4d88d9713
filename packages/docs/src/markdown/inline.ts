import type { MarkdownIt, StateInline } from 'markdown-it';
import { escapeHtml } from '../escape.ts';

/*
 * Inline syntax of pymdownx that no installed markdown-it plugin covers: keys (`++ctrl+alt+del++`),
 * caret's insert (`^^text^^`; markdown-it-sup only does `^sup^`) and Material's icon shortcodes
 * (`:material-check:`), which have no SVG set here and degrade to a labelled span.
 */

const KEY_NAMES: Record<string, string> = {
  ctrl: 'Ctrl',
  control: 'Ctrl',
  alt: 'Alt',
  shift: 'Shift',
  cmd: 'Cmd',
  command: 'Cmd',
  meta: 'Meta',
  option: 'Option',
  opt: 'Option',
  win: 'Win',
  windows: 'Win',
  super: 'Super',
  fn: 'Fn',
  del: 'Del',
  delete: 'Del',
  enter: 'Enter',
  return: 'Return',
  esc: 'Esc',
  escape: 'Esc',
  tab: 'Tab',
  space: 'Space',
  backspace: 'Backspace',
  ins: 'Ins',
  insert: 'Ins',
  home: 'Home',
  end: 'End',
  'page-up': 'Page Up',
  pgup: 'Page Up',
  'page-down': 'Page Down',
  pgdn: 'Page Down',
  up: 'Up',
  down: 'Down',
  left: 'Left',
  right: 'Right',
  'arrow-up': '↑',
  'arrow-down': '↓',
  'arrow-left': '←',
  'arrow-right': '→',
  caps: 'Caps Lock',
  'caps-lock': 'Caps Lock',
  plus: '+',
};
const KEY_CLASSES: Record<string, string> = { ctrl: 'control', del: 'delete', cmd: 'command', esc: 'escape' };

function keys(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src.charCodeAt(pos) !== 0x2b || src.charCodeAt(pos + 1) !== 0x2b) return false;
  const end = src.indexOf('++', pos + 2);
  if (end < 0 || end === pos + 2) return false;
  const inner = src.slice(pos + 2, end);
  if (!/^(?:[\w-]+|"[^"]*")(?:\+(?:[\w-]+|"[^"]*"))*$/.test(inner)) return false;
  if (!silent) {
    const parts = inner.match(/"[^"]*"|[\w-]+/g) ?? [];
    const html = parts
      .map((part) => {
        if (part.startsWith('"')) return `<kbd>${escapeHtml(part.slice(1, -1))}</kbd>`;
        const lower = part.toLowerCase();
        const label = KEY_NAMES[lower] ?? (part.length === 1 ? part.toUpperCase() : part);
        const name = KEY_CLASSES[lower] ?? lower;
        return `<kbd class="key-${escapeHtml(name)}">${escapeHtml(label)}</kbd>`;
      })
      .join('<span>+</span>');
    const token = state.push('paved_html', '', 0);
    token.content = `<span class="keys">${html}</span>`;
  }
  state.pos = end + 2;
  return true;
}

function insert(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== 0x5e || src.charCodeAt(pos + 1) !== 0x5e) return false;
  const end = src.indexOf('^^', pos + 2);
  if (end < 0 || end > posMax - 2 || end === pos + 2) return false;
  const inner = src.slice(pos + 2, end);
  if (/^\s|\s$/.test(inner)) return false;
  if (!silent) {
    state.push('ins_open', 'ins', 1);
    const oldMax = state.posMax;
    state.pos = pos + 2;
    state.posMax = end;
    state.md.inline.tokenize(state);
    state.posMax = oldMax;
    state.push('ins_close', 'ins', -1);
  }
  state.pos = end + 2;
  return true;
}

/** A few Material icons people use for ticks and crosses; the rest keep their name as a label. */
const ICON_GLYPHS: Record<string, string> = {
  'material-check': '✓',
  'material-check-bold': '✓',
  'material-close': '✗',
  'material-alert': '⚠',
  'material-information': 'ℹ',
  'material-information-outline': 'ℹ',
  'material-heart': '♥',
  'octicons-check-16': '✓',
  'octicons-x-16': '✗',
  'fontawesome-solid-check': '✓',
  'fontawesome-solid-xmark': '✗',
};

function icon(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x3a) return false;
  const match = /^:((?:material|fontawesome|octicons|simple)-[a-z0-9-]+):/.exec(
    state.src.slice(state.pos, state.pos + 80),
  );
  if (!match) return false;
  if (!silent) {
    const name = match[1]!;
    const token = state.push('paved_html', '', 0);
    const label = name.replace(
      /^(material|fontawesome-(solid|regular|brands)|fontawesome|octicons|simple)-/,
      '',
    );
    token.content = `<span class="twemoji icon" title="${escapeHtml(label)}" data-icon="${escapeHtml(name)}">${escapeHtml(ICON_GLYPHS[name] ?? '')}</span>`;
  }
  state.pos += match[0].length;
  return true;
}

export function inlineExtrasPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('emphasis', 'keys', keys);
  md.inline.ruler.before('emphasis', 'insert', insert);
  md.inline.ruler.before('emphasis', 'icon', icon);
}
