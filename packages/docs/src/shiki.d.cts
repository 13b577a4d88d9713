/** Types of shiki.cjs (plain JavaScript so that the highlight worker needs no tsx). */
export type Language = string;

export interface Highlighter {
  isLoaded(language: Language): boolean;
  /** Loads these languages' grammars (names as resolveLanguage returns them), once each. */
  loadLanguages(languages: Iterable<Language>): Promise<void>;
  /** Highlighted lines as HTML, or undefined when the language is unknown or not loaded. */
  highlight(code: string, name: string): string | undefined;
}

/** The languages with a bundled grammar. */
export declare const LANGUAGES: readonly Language[];
/** The language Shiki knows a fence name by, or undefined to print the code as plain text. */
export declare function resolveLanguage(name: string): Language | undefined;
/** Shiki with both themes and no grammar yet. */
export declare function createHighlighter(): Promise<Highlighter>;
