import { readFile } from 'node:fs/promises';
import type * as Primitive from '@shikijs/primitive';
import type { ShikiPrimitive } from '@shikijs/primitive';
import type * as Oniguruma from 'shiki/engine/oniguruma';
import type * as Textmate from 'shiki/textmate';
import type { StateStack, Theme } from 'shiki/textmate';
import type { LanguageRegistration, ThemeRegistration, WebAssemblyInstance } from 'shiki/types';
import { requireDependency } from './dependencies.ts';
import { escapeHtml } from './escape.ts';

/**
 * Build-time syntax highlighting with Shiki. One highlighter per process, created the first time a
 * page has a code block in one of the languages below (Shiki is not even loaded before); each
 * grammar is loaded the first time a page uses it. Colours are CSS variables for both themes
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
/** Shiki's default: a line that takes longer is left with the tokens found so far. */
const TOKENIZE_TIME_LIMIT_MS = 500;

/** The language Shiki knows a fence name by, or undefined to print the code as plain text. */
export function resolveLanguage(name: string): Language | undefined {
  const lower = name.toLowerCase();
  if ((COMMON as readonly string[]).includes(lower)) return lower as Language;
  return ALIASES[lower];
}

/*
 * One highlighter and one tokenization per block, for both themes. Shiki's dual-theme mode
 * tokenizes once per theme and switches the registry's theme in between, which resets
 * vscode-textmate's per-grammar caches (about ten times slower). Instead each line is tokenized
 * once with its scopes, and the colours of both themes are resolved from the scopes the way
 * vscode-textmate resolves them for its current theme (theme rules matched scope by scope, from the
 * root, each match overriding what it sets), memoised per scope list.
 */
interface Highlighter {
  core: ShikiPrimitive;
  initial: StateStack;
  light: ResolvedTheme;
  dark: ResolvedTheme;
}

interface ResolvedTheme {
  theme: Theme;
  colors: string[];
  replacements: Record<string, string>;
}

/** A scope path as Theme.match walks it (vscode-textmate's ScopeStack: scopeName and parent). */
interface ScopePath {
  parent: ScopePath | null;
  scopeName: string;
}

interface Style {
  light: string;
  dark: string;
  fontStyle: number;
}

/*
 * Grammars and themes are loaded one module each rather than through shiki/langs and shiki/themes,
 * whose indexes of every bundled language and theme cost each fresh process ~70 ms.
 */
function loadGrammar(language: Language): LanguageRegistration[] {
  return (requireDependency(`shiki/langs/${language}.mjs`) as { default: LanguageRegistration[] }).default;
}
function loadTheme(name: string): ThemeRegistration {
  return (requireDependency(`shiki/themes/${name}.mjs`) as { default: ThemeRegistration }).default;
}

/** Node's WebAssembly global: the lib this repository compiles with declares only its types. */
const webAssembly = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(bytes: Uint8Array, imports?: object): Promise<WebAssemblyInstance>;
    };
  }
).WebAssembly;

let highlighter: Promise<Highlighter> | undefined;
const loaded = new Set<string>();

function resolveTheme(core: ShikiPrimitive, name: string, textmate: typeof Textmate) {
  const registration = core.getTheme(name);
  const theme = textmate.Theme.createFromRawTheme(
    registration as unknown as Parameters<typeof Theme.createFromRawTheme>[0],
  );
  const replacements: Record<string, string> = {};
  for (const [from, to] of Object.entries(registration.colorReplacements ?? {})) replacements[from] = to;
  return { theme, colors: theme.getColorMap(), replacements } satisfies ResolvedTheme;
}

function getHighlighter(): Promise<Highlighter> {
  highlighter ??= (async () => {
    // @shikijs/primitive is shiki/core without its HTML output (hast-util-to-html and ~50 modules
    // this file does not use). Oniguruma (WebAssembly) rather than the JavaScript engine, which
    // converts every pattern of a grammar to a JavaScript RegExp first: measured on the 500-page
    // bench site (1,500 blocks), tokenizing took ~60 ms more with it. The WebAssembly module is
    // read from its binary file, not decoded from the base64 text of shiki/wasm (~45 ms less).
    // Grammars precompiled to RegExps (@shikijs/langs-precompiled, with either JavaScript engine)
    // were faster but wrong: an `end` pattern with a back-reference to its `begin` (Python's
    // strings) cannot be precompiled, and such strings lost their scopes. Shiki's modules are
    // required, not imported (see dependencies.ts).
    const wasm = readFile(requireDependency.resolve('shiki/onig.wasm'));
    const { createShikiPrimitiveAsync } = requireDependency('@shikijs/primitive') as typeof Primitive;
    const { createOnigurumaEngine } = requireDependency('shiki/engine/oniguruma') as typeof Oniguruma;
    const textmate = requireDependency('shiki/textmate') as typeof Textmate;
    const core = await createShikiPrimitiveAsync({
      themes: [loadTheme(THEMES.light), loadTheme(THEMES.dark)],
      langs: [],
      // An instantiator, not the bytes: given data, Shiki first asks whether it is a `Response`,
      // and Node's global Response loads undici (~10 ms) to answer.
      engine: createOnigurumaEngine({
        instantiator: async (imports) => webAssembly.instantiate(await wasm, imports),
      }),
    });
    // The registry keeps this theme; the dark colours never go through it.
    core.setTheme(THEMES.light);
    const instance: Highlighter = {
      core,
      initial: textmate.INITIAL,
      light: resolveTheme(core, THEMES.light, textmate),
      dark: resolveTheme(core, THEMES.dark, textmate),
    };
    ready = instance;
    return instance;
  })();
  return highlighter;
}

/**
 * Loads the grammars of these fence names (unknown names are ignored), creating the highlighter
 * the first time one is known. A page without such a name costs nothing.
 */
export async function prepareLanguages(names: Iterable<string>): Promise<void> {
  const wanted = new Set<Language>();
  for (const name of names) {
    const language = resolveLanguage(name);
    if (language && !loaded.has(language)) wanted.add(language);
  }
  if (wanted.size === 0) return;
  const instance = await getHighlighter();
  const grammars = [...wanted].map(loadGrammar);
  for (const [index, language] of [...wanted].entries()) {
    if (loaded.has(language)) continue;
    await instance.core.loadLanguage(grammars[index]!);
    loaded.add(language);
  }
}

/** Set once the highlighter exists; highlight() is synchronous and needs it. */
let ready: Highlighter | undefined;

/** Whether Shiki has been loaded in this process (tests: a site without code must not load it). */
export function highlighterLoaded(): boolean {
  return highlighter !== undefined;
}

/** Colour (after the theme's replacements) and font style of a scope list under one theme. */
function themeStyle(theme: ResolvedTheme, scopes: string[]): { color: string; fontStyle: number } {
  const defaults = theme.theme.getDefaults();
  let foreground = defaults.foregroundId;
  let fontStyle = defaults.fontStyle;
  let path: ScopePath | null = null;
  for (const scopeName of scopes) {
    path = { parent: path, scopeName };
    const match = theme.theme.match(path as unknown as Parameters<Theme['match']>[0]);
    if (!match) continue;
    if (match.fontStyle !== -1) fontStyle = match.fontStyle;
    if (match.foregroundId !== 0) foreground = match.foregroundId;
  }
  const color = theme.colors[foreground] ?? '';
  return { color: (color && theme.replacements[color.toLowerCase()]) || color, fontStyle };
}

const styles = new Map<string, Style>();
function styleOf(instance: Highlighter, scopes: string[]): Style {
  const key = scopes.join(' ');
  let style = styles.get(key);
  if (!style) {
    const light = themeStyle(instance.light, scopes);
    const dark = themeStyle(instance.dark, scopes);
    style = { light: light.color || 'inherit', dark: dark.color || 'inherit', fontStyle: light.fontStyle };
    styles.set(key, style);
  }
  return style;
}

/**
 * Highlighted code as HTML: `<code>` content lines (block) or spans (inline). Returns undefined when
 * the language is unknown or not loaded, so the caller prints escaped text.
 */
export function highlight(code: string, name: string): string | undefined {
  const language = resolveLanguage(name);
  if (!ready || !language || !loaded.has(language)) return undefined;
  const grammar = ready.core.getLanguage(language);
  const lines = code.split(/\r?\n/);
  let state = ready.initial;
  let html = '';
  for (const [index, line] of lines.entries()) {
    if (index > 0) html += '\n';
    html += '<span class="line">';
    if (line !== '') {
      const result = grammar.tokenizeLine(line, state, TOKENIZE_TIME_LIMIT_MS);
      state = result.ruleStack;
      let text = '';
      let current: Style | undefined;
      const flush = () => {
        if (!current || text === '') return;
        const style = `--shiki-light:${current.light};--shiki-dark:${current.dark}${current.fontStyle & 1 ? ';font-style:italic' : ''}${current.fontStyle & 2 ? ';font-weight:bold' : ''}`;
        html += `<span style="${escapeHtml(style)}">${escapeHtml(text)}</span>`;
      };
      const tokens = result.tokens;
      for (let t = 0; t < tokens.length; t++) {
        const token = tokens[t]!;
        const end = t + 1 < tokens.length ? tokens[t + 1]!.startIndex : line.length;
        if (end <= token.startIndex) continue;
        const style = styleOf(ready, token.scopes);
        // Neighbours that look the same are one span (both colours and the font style).
        if (
          current &&
          (current === style ||
            (current.light === style.light &&
              current.dark === style.dark &&
              (current.fontStyle & 3) === (style.fontStyle & 3)))
        ) {
          text += line.slice(token.startIndex, end);
          continue;
        }
        flush();
        current = style;
        text = line.slice(token.startIndex, end);
      }
      flush();
    }
    html += '</span>';
  }
  return html;
}
