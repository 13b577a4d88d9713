import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import { type LinkContext, rewriteLink } from '../links.ts';

/** Marks an address already rewritten here, so the sanitiser leaves it alone. NUL cannot come from a page. */
export const REWRITTEN = '\u0000';

export interface LinkEnv {
  links?: LinkContext;
  /** Set when the page holds raw HTML (or a title rendered from it): the output must be sanitised. */
  rawHtml?: boolean;
}

function visit(tokens: Token[], line: number, env: LinkEnv): void {
  for (const token of tokens) {
    const at = token.map ? token.map[0] + 1 : line;
    if (token.type === 'html_block' || token.type === 'html_inline') env.rawHtml = true;
    const attr = token.type === 'link_open' ? 'href' : token.type === 'image' ? 'src' : undefined;
    if (attr && env.links) {
      const value = token.attrGet(attr);
      if (value !== null) {
        const links = env.links;
        const rewritten = rewriteLink(String(value), attr === 'href' ? 'link' : 'image', {
          ...links,
          warn: (message, needle) => links.warn(message, needle, at),
        });
        if (rewritten === undefined) {
          token.attrs = (token.attrs ?? []).filter(([name]) => name !== attr);
        } else {
          token.attrSet(attr, `${REWRITTEN}${rewritten}`);
          if (attr === 'href' && /^https?:/i.test(rewritten)) token.attrSet('rel', 'noopener');
        }
      }
    }
    if (token.children) visit(token.children, at, env);
  }
}

/** Rewrites Markdown links and images where they are parsed, so warnings carry their line. */
export function linksPlugin(md: MarkdownIt): void {
  md.core.ruler.push('paved_links', (state: StateCore) => {
    visit(state.tokens, 1, state.env as LinkEnv);
  });
}
