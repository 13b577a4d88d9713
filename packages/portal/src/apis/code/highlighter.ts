import type { ThemedToken } from 'shiki/core';
import { createHighlighterCore, type HighlighterCore, type LanguageRegistration } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import json from 'shiki/langs/json.mjs';
import proto from 'shiki/langs/proto.mjs';
import yaml from 'shiki/langs/yaml.mjs';
import githubDark from 'shiki/themes/github-dark-default.mjs';
import githubLight from 'shiki/themes/github-light-default.mjs';
import type { SourceLanguage } from '../definition.ts';
// Shiki's GraphQL grammar (MIT, from tm-grammars) with its embedded-JavaScript rules removed:
// shiki/langs/graphql pulls in the JavaScript, TypeScript, JSX and TSX grammars (~750 KB) only to
// colour `${…}` inside GraphQL embedded in JS, which never occurs in an SDL file.
import graphqlGrammar from './graphql.tmLanguage.json';

/**
 * The two themes, chosen over plain github-light/github-dark because those fail WCAG AA contrast on
 * our backgrounds (orange variables 3.5:1 in light, grey comments 3.2:1 in dark); the "default"
 * variants pass at ≥ 4.5:1 for every token colour.
 */
export const themes = { light: 'github-light-default', dark: 'github-dark-default' } as const;

/** Beyond this size a definition is shown unhighlighted: tokenizing on the main thread would stall the tab. */
export const HIGHLIGHT_LIMIT = 400_000;

let highlighter: Promise<HighlighterCore> | undefined;

/**
 * The one highlighter of the tab, created on first use: fine-grained Shiki with only our four
 * grammars and two themes, and the JavaScript regex engine (no WASM, so the Content-Security-Policy
 * needs no 'wasm-unsafe-eval').
 */
export function loadHighlighter(): Promise<HighlighterCore> {
  highlighter ??= createHighlighterCore({
    themes: [githubLight, githubDark],
    langs: [json, proto, yaml, graphqlGrammar as unknown as LanguageRegistration],
    // Forgiving: a grammar rule the JS engine cannot translate is skipped instead of failing the view.
    engine: createJavaScriptRegexEngine({ forgiving: true }),
  });
  return highlighter;
}

/** A line of tokens; each token's style carries both themes' colours as CSS variables. */
export type HighlightedLine = ThemedToken[];

/** Tokenizes `code` for both themes at once, so switching the colour scheme needs no re-highlighting. */
export function highlightLines(
  instance: HighlighterCore,
  code: string,
  language: SourceLanguage,
): HighlightedLine[] {
  if (language === 'text' || code.length > HIGHLIGHT_LIMIT) {
    return code.split('\n').map((content, offset) => [{ content, offset, color: undefined }]);
  }
  return instance.codeToTokens(code, { lang: language, themes, defaultColor: false }).tokens;
}
