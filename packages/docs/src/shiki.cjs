'use strict';
/*
 * Build-time syntax highlighting with Shiki: the highlighter itself, shared by highlight.ts (in the
 * calling thread) and highlight.worker.cjs (a worker thread for `paved docs build`). Plain
 * JavaScript, not TypeScript: the worker starts without tsx's loader, whose start-up alone costs
 * more than the worker saves (docs/benchmarks.md, docs section). Types: shiki.d.cts.
 *
 * One highlighter and one tokenization per block, for both themes. Shiki's dual-theme mode
 * tokenizes once per theme and switches the registry's theme in between, which resets
 * vscode-textmate's per-grammar caches (about ten times slower). Instead each line is tokenized
 * once with its scopes, and the colours of both themes are resolved from the scopes the way
 * vscode-textmate resolves them for its current theme (theme rules matched scope by scope, from the
 * root, each match overriding what it sets), memoised per scope list. Colours are CSS variables for
 * both themes (--shiki-light / --shiki-dark), so the page picks light or dark with CSS alone.
 */
const { readFile } = require('node:fs/promises');

const LANGUAGES = [
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
];
const KNOWN = new Set(LANGUAGES);

const ALIASES = {
  __proto__: null,
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

const THEMES = { light: 'github-light', dark: 'github-dark' };
/** Shiki's default: a line that takes longer is left with the tokens found so far. */
const TOKENIZE_TIME_LIMIT_MS = 500;

/** The language Shiki knows a fence name by, or undefined to print the code as plain text. */
function resolveLanguage(name) {
  const lower = name.toLowerCase();
  if (KNOWN.has(lower)) return lower;
  return ALIASES[lower];
}

const SPECIAL = /[&<>"']/;
/** As escape.ts (this file cannot import TypeScript). */
function escapeHtml(text) {
  if (!SPECIAL.test(text)) return text;
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

/*
 * Grammars and themes are loaded one module each rather than through shiki/langs and shiki/themes,
 * whose indexes of every bundled language and theme cost each fresh process ~70 ms. Shiki's
 * modules are required, not imported (see dependencies.ts).
 */
const loadGrammar = (language) => require(`shiki/langs/${language}.mjs`).default;
const loadTheme = (name) => require(`shiki/themes/${name}.mjs`).default;

function resolveTheme(core, name, textmate) {
  const registration = core.getTheme(name);
  const theme = textmate.Theme.createFromRawTheme(registration);
  const replacements = Object.create(null);
  for (const [from, to] of Object.entries(registration.colorReplacements ?? {})) replacements[from] = to;
  return { theme, colors: theme.getColorMap(), replacements };
}

/** Colour (after the theme's replacements) and font style of a scope list under one theme. */
function themeStyle(resolved, scopes) {
  const defaults = resolved.theme.getDefaults();
  let foreground = defaults.foregroundId;
  let fontStyle = defaults.fontStyle;
  // A scope path as Theme.match walks it (vscode-textmate's ScopeStack: scopeName and parent).
  let path = null;
  for (const scopeName of scopes) {
    path = { parent: path, scopeName };
    const match = resolved.theme.match(path);
    if (!match) continue;
    if (match.fontStyle !== -1) fontStyle = match.fontStyle;
    if (match.foregroundId !== 0) foreground = match.foregroundId;
  }
  const color = resolved.colors[foreground] ?? '';
  return { color: (color && resolved.replacements[color.toLowerCase()]) || color, fontStyle };
}

/**
 * A highlighter with no grammar loaded yet. @shikijs/primitive is shiki/core without its HTML
 * output (hast-util-to-html and ~50 modules this file does not use). Oniguruma (WebAssembly)
 * rather than the JavaScript engine, which converts every pattern of a grammar to a JavaScript
 * RegExp first: measured on the 500-page bench site (1,500 blocks), tokenizing took ~60 ms more
 * with it. The WebAssembly module is read from its binary file, not decoded from the base64 text of
 * shiki/wasm (~45 ms less). Grammars precompiled to RegExps (@shikijs/langs-precompiled, with
 * either JavaScript engine) were faster but wrong: an `end` pattern with a back-reference to its
 * `begin` (Python's strings) cannot be precompiled, and such strings lost their scopes.
 */
async function createHighlighter() {
  const wasm = readFile(require.resolve('shiki/onig.wasm'));
  const { createShikiPrimitiveAsync } = require('@shikijs/primitive');
  const { createOnigurumaEngine } = require('shiki/engine/oniguruma');
  const textmate = require('shiki/textmate');
  const core = await createShikiPrimitiveAsync({
    themes: [loadTheme(THEMES.light), loadTheme(THEMES.dark)],
    langs: [],
    // An instantiator, not the bytes: given data, Shiki first asks whether it is a `Response`,
    // and Node's global Response loads undici (~10 ms) to answer.
    engine: createOnigurumaEngine({
      instantiator: async (imports) => globalThis.WebAssembly.instantiate(await wasm, imports),
    }),
  });
  // The registry keeps this theme; the dark colours never go through it.
  core.setTheme(THEMES.light);
  const light = resolveTheme(core, THEMES.light, textmate);
  const dark = resolveTheme(core, THEMES.dark, textmate);
  const initial = textmate.INITIAL;
  const loaded = new Set();
  const styles = new Map();

  function styleOf(scopes) {
    const key = scopes.join(' ');
    let style = styles.get(key);
    if (!style) {
      const l = themeStyle(light, scopes);
      const d = themeStyle(dark, scopes);
      style = { light: l.color || 'inherit', dark: d.color || 'inherit', fontStyle: l.fontStyle };
      styles.set(key, style);
    }
    return style;
  }

  return {
    isLoaded: (language) => loaded.has(language),

    /** Loads these languages' grammars (names as resolveLanguage returns them), once each. */
    async loadLanguages(languages) {
      for (const language of languages) {
        if (loaded.has(language) || !KNOWN.has(language)) continue;
        await core.loadLanguage(loadGrammar(language));
        loaded.add(language);
      }
    },

    /**
     * Highlighted code as HTML: `<code>` content lines (block) or spans (inline). Undefined when the
     * language is unknown or not loaded, so the caller prints escaped text.
     */
    highlight(code, name) {
      const language = resolveLanguage(name);
      if (!language || !loaded.has(language)) return undefined;
      const grammar = core.getLanguage(language);
      const lines = code.split(/\r?\n/);
      let state = initial;
      let html = '';
      for (let index = 0; index < lines.length; index++) {
        const line = lines[index];
        if (index > 0) html += '\n';
        html += '<span class="line">';
        if (line !== '') {
          const result = grammar.tokenizeLine(line, state, TOKENIZE_TIME_LIMIT_MS);
          state = result.ruleStack;
          let text = '';
          let current;
          const flush = () => {
            if (!current || text === '') return;
            const style = `--shiki-light:${current.light};--shiki-dark:${current.dark}${current.fontStyle & 1 ? ';font-style:italic' : ''}${current.fontStyle & 2 ? ';font-weight:bold' : ''}`;
            html += `<span style="${escapeHtml(style)}">${escapeHtml(text)}</span>`;
          };
          const tokens = result.tokens;
          for (let t = 0; t < tokens.length; t++) {
            const token = tokens[t];
            const end = t + 1 < tokens.length ? tokens[t + 1].startIndex : line.length;
            if (end <= token.startIndex) continue;
            const style = styleOf(token.scopes);
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
    },
  };
}

module.exports = { LANGUAGES, resolveLanguage, createHighlighter };
