import type sanitizeHtmlFunction from 'sanitize-html';
import { requireDependency } from './dependencies.ts';
import { type LinkContext, rewriteLink } from './links.ts';
import { REWRITTEN } from './markdown/links.ts';

// Required, not imported (see dependencies.ts), when this module is first used: only pages with raw
// HTML need it, and sanitize-html with postcss takes ~40 ms to load in a fresh process.
const sanitizeHtml = requireDependency('sanitize-html') as typeof sanitizeHtmlFunction;

const TAGS = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'caption',
  'cite',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'details',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'input',
  'ins',
  'kbd',
  'label',
  'li',
  'mark',
  'ol',
  'p',
  'picture',
  'pre',
  'q',
  's',
  'samp',
  'section',
  'small',
  'source',
  'span',
  'strike',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
  'var',
  'wbr',
  'center',
  'aside',
  'article',
  'header',
  'footer',
  'nav',
  'time',
  'small',
  'big',
];

const GLOBAL = ['id', 'class', 'title', 'lang', 'dir', 'role', 'aria-*', 'data-*', 'align', 'hidden'];

/**
 * Everything a page shows passes through here: no scripts, styles, iframes, forms, event handlers or
 * javascript: URLs. Links and images are rewritten for where the page is served (see links.ts).
 */
export function sanitize(html: string, links: LinkContext): string {
  return sanitizeHtml(html, {
    allowedTags: TAGS,
    allowedAttributes: {
      '*': GLOBAL,
      a: ['href', 'name', 'rel', 'target'],
      img: ['src', 'srcset', 'alt', 'width', 'height', 'loading'],
      source: ['src', 'srcset', 'type', 'media'],
      input: ['type', 'checked', 'disabled', 'name'],
      label: ['for'],
      details: ['open'],
      ol: ['start', 'reversed', 'type'],
      li: ['value'],
      td: ['colspan', 'rowspan', 'style'],
      th: ['colspan', 'rowspan', 'style', 'scope'],
      col: ['span'],
      time: ['datetime'],
    },
    // Table alignment from Markdown is the only inline style kept.
    allowedStyles: {
      td: { 'text-align': [/^(left|right|center)$/] },
      th: { 'text-align': [/^(left|right|center)$/] },
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'srcset'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      a: (tagName, attribs) => {
        const out = { ...attribs };
        if (out.href !== undefined) {
          const href = out.href.startsWith(REWRITTEN)
            ? out.href.slice(1)
            : rewriteLink(out.href, 'link', links);
          if (href === undefined) delete out.href;
          else out.href = href;
          if (href && /^https?:/i.test(href)) {
            const rel = new Set((out.rel ?? '').split(/\s+/).filter(Boolean));
            rel.add('noopener');
            out.rel = [...rel].join(' ');
          }
        }
        if (out.target && out.target !== '_blank') delete out.target;
        return { tagName, attribs: out };
      },
      img: (tagName, attribs) => {
        const out = { ...attribs };
        if (out.src !== undefined) {
          const src = out.src.startsWith(REWRITTEN) ? out.src.slice(1) : rewriteLink(out.src, 'image', links);
          if (src === undefined) delete out.src;
          else out.src = src;
        }
        // srcset lists are not rewritten; drop them rather than let them point elsewhere.
        delete out.srcset;
        if (out.loading === undefined) out.loading = 'lazy';
        return { tagName, attribs: out };
      },
      input: (tagName, attribs) => {
        // Only the checkboxes of task lists and the radio buttons of tabs.
        const type = attribs.type === 'radio' ? 'radio' : 'checkbox';
        const out: Record<string, string> = { ...attribs, type };
        if (type === 'checkbox') out.disabled = '';
        return { tagName, attribs: out };
      },
    },
    // data: images only as real images, never SVG (which can carry script).
    exclusiveFilter: (frame) =>
      frame.tag === 'img' &&
      /^data:/i.test(frame.attribs.src ?? '') &&
      !/^data:image\/(png|gif|jpeg|webp);/i.test(frame.attribs.src ?? ''),
  });
}
