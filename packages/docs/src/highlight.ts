import { createHighlighterCore, type HighlighterCore, type ThemedToken } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import { bundledLanguages } from 'shiki/langs';
import { bundledThemes } from 'shiki/themes';

/**
 * Build-time syntax highlighting with Shiki. One highlighter per process, created on first use; only
 * the languages below can be loaded, each on first use. Colours are CSS variables for both themes
 * (--shiki-light / --shiki-dark), so the page picks light or dark with CSS alone.
 */
const COMMON = [
  'bash',
  'c',
  'cpp',
  'csharp',
  'css',
  'diff',
  'docker',
  'go',
  'graphql',
  'groovy',
  'hcl',
  'html',
  'ini',
  'java',
  'javascript',
  'json',
  'jsonc',
  'jsx',
  'kotlin',
  'lua',
  'make',
  'markdown',
  'php',
  'powershell',
  'protobuf',
  'python',
  'ruby',
  'rust',
  'scala',
  'scss',
  'shellscript',
  'shellsession',
  'sql',
  'swift',
  'terraform',
  'toml',
  'tsx',
  'typescript',
  'xml',
  'yaml',
] as const;
type Language = (typeof COMMON)[number];

const ALIASES: Record<string, Language> = {
  sh: 'shellscript',
  shell: 'shellscript',
  zsh: 'shellscript',
  bash: 'bash',
  console: 'shellsession',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  py: 'python',
  python3: 'python',
  yml: 'yaml',
  rb: 'ruby',
  rs: 'rust',
  kt: 'kotlin',
  cs: 'csharp',
  'c++': 'cpp',
  dockerfile: 'docker',
  tf: 'terraform',
  md: 'markdown',
  proto: 'protobuf',
  ps1: 'powershell',
  htm: 'html',
  makefile: 'make',
  gql: 'graphql',
  patch: 'diff',
  golang: 'go',
  postgresql: 'sql',
  pgsql: 'sql',
};

const THEMES = { light: 'github-light', dark: 'github-dark' } as const;

/** The language Shiki knows a fence name by, or undefined to print the code as plain text. */
export function resolveLanguage(name: string): Language | undefined {
  const lower = name.toLowerCase();
  if ((COMMON as readonly string[]).includes(lower)) return lower as Language;
  return ALIASES[lower];
}

interface Highlighters {
  light: HighlighterCore;
  dark: HighlighterCore;
}

/*
 * One highlighter per theme rather than Shiki's dual-theme mode: switching a highlighter's theme
 * resets vscode-textmate's per-grammar caches, which made every block about ten times slower.
 * Each block is tokenized by both and the two token lists are merged (see merge()).
 */
let highlighters: Promise<Highlighters> | undefined;
const loaded = new Set<string>();

function getHighlighters(): Promise<Highlighters> {
  highlighters ??= (async () => {
    // The JavaScript engine starts without WebAssembly and is as fast for these grammars.
    const engine = createJavaScriptRegexEngine();
    const [light, dark] = await Promise.all([
      createHighlighterCore({ themes: [bundledThemes[THEMES.light]], langs: [], engine }),
      createHighlighterCore({ themes: [bundledThemes[THEMES.dark]], langs: [], engine }),
    ]);
    return { light, dark };
  })();
  return highlighters;
}

/** Loads the grammars of these fence names (unknown names are ignored). */
export async function prepareLanguages(names: Iterable<string>): Promise<void> {
  const wanted = new Set<Language>();
  for (const name of names) {
    const language = resolveLanguage(name);
    if (language && !loaded.has(language)) wanted.add(language);
  }
  const instances = await getHighlighters();
  for (const language of wanted) {
    const grammar = await bundledLanguages[language]();
    await Promise.all([instances.light.loadLanguage(grammar), instances.dark.loadLanguage(grammar)]);
    loaded.add(language);
  }
}

let ready: Highlighters | undefined;
/** Must be awaited once before highlight() is used synchronously. */
export async function ensureHighlighter(): Promise<void> {
  ready ??= await getHighlighters();
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

/**
 * Highlighted code as HTML: `<code>` content lines (block) or spans (inline). Returns undefined when
 * the language is unknown or not loaded, so the caller prints escaped text.
 */
export function highlight(code: string, name: string): string | undefined {
  const language = resolveLanguage(name);
  if (!ready || !language || !loaded.has(language)) return undefined;
  const light = ready.light.codeToTokensBase(code, { lang: language, theme: THEMES.light });
  const dark = ready.dark.codeToTokensBase(code, { lang: language, theme: THEMES.dark });
  let html = '';
  for (const [index, line] of light.entries()) {
    if (index > 0) html += '\n';
    html += '<span class="line">';
    for (const segment of merge(line, dark[index] ?? [])) {
      const style = `--shiki-light:${segment.light};--shiki-dark:${segment.dark}${segment.italic ? ';font-style:italic' : ''}${segment.bold ? ';font-weight:bold' : ''}`;
      html += `<span style="${escapeHtml(style)}">${escapeHtml(segment.text)}</span>`;
    }
    html += '</span>';
  }
  return html;
}

interface Segment {
  text: string;
  light: string;
  dark: string;
  italic: boolean;
  bold: boolean;
}

/** Cuts one line's light and dark tokens at the union of their boundaries, joining equal neighbours. */
function merge(light: ThemedToken[], dark: ThemedToken[]): Segment[] {
  const text = light.map((t) => t.content).join('');
  const segments: Segment[] = [];
  let position = 0;
  let i = 0;
  let j = 0;
  let lightEnd = light[0]?.content.length ?? text.length;
  let darkEnd = dark[0]?.content.length ?? text.length;
  while (position < text.length && i < light.length) {
    const end = Math.min(lightEnd, darkEnd);
    const a = light[i]!;
    const b = dark[j];
    const segment: Segment = {
      text: text.slice(position, end),
      light: a.color ?? 'inherit',
      dark: b?.color ?? 'inherit',
      italic: ((a.fontStyle ?? 0) & 1) !== 0,
      bold: ((a.fontStyle ?? 0) & 2) !== 0,
    };
    const last = segments[segments.length - 1];
    if (
      last &&
      last.light === segment.light &&
      last.dark === segment.dark &&
      last.italic === segment.italic &&
      last.bold === segment.bold
    ) {
      last.text += segment.text;
    } else {
      segments.push(segment);
    }
    position = end;
    if (end === lightEnd) {
      i++;
      lightEnd += light[i]?.content.length ?? 0;
    }
    if (end === darkEnd && j < dark.length - 1) {
      j++;
      darkEnd += dark[j]?.content.length ?? 0;
    } else if (end === darkEnd) {
      darkEnd = text.length;
    }
  }
  return segments;
}
