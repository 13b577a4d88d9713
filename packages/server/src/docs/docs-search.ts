import type { AsyncSearchProvider, PageSearchResult } from '../search/index.ts';
import { type DocsStore, MARK_END, MARK_START } from './docs.store.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * The snippet as HTML: the page text escaped, the matches (between the markers ts_headline was
 * given) in <mark>. Nothing else of the text can become markup.
 */
export function snippetHtml(headline: string): string {
  let html = '';
  let open = false;
  for (const part of headline.split(new RegExp(`([${MARK_START}${MARK_END}])`))) {
    if (part === MARK_START) {
      if (!open) html += '<mark>';
      open = true;
    } else if (part === MARK_END) {
      if (open) html += '</mark>';
      open = false;
    } else {
      html += part.replace(/[&<>"']/g, (c) => ESCAPES[c]!).replace(/\s+/g, ' ');
    }
  }
  return (open ? `${html}</mark>` : html).trim();
}

/** Letters and digits only: what a tsquery lexeme may be given safely. */
export function lexemesOf(words: string[]): string[] {
  return words.flatMap((w) => w.split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length > 0);
}

/** The docs' part of the global search: PostgreSQL full-text search over every stored page. */
export function createDocsSearch(options: {
  store: DocsStore;
  /** Whether the entity still has docs (a removed one's pages may linger until its build runs). */
  isDocumented(entityRef: string): boolean;
}): AsyncSearchProvider {
  return {
    async search(query) {
      const lexemes = lexemesOf(query.words);
      const { hits, total } = await options.store.searchPages(lexemes, query.limit, query.kinds);
      const results: PageSearchResult[] = hits
        .filter((hit) => options.isDocumented(hit.entityRef))
        .map((hit) => ({
          type: 'docs',
          entityRef: hit.entityRef,
          url: hit.url,
          title: hit.title,
          siteName: hit.siteName,
          snippet: snippetHtml(hit.snippet),
          score: hit.rank,
        }));
      return { results, totalMatched: total };
    },
  };
}
