import type { DocsNavItem, DocsPage, DocsSite } from './docs.types.ts';
import { escapeHtml } from './escape.ts';
import { relativeUrl } from './links.ts';

/** Where the stylesheet (and the preview's reload script) live, relative to the site root. */
export const STYLESHEET_PATH = '_paved/docs.css';
export const LIVE_RELOAD_PATH = '_paved/livereload.js';
export const EVENTS_PATH = '_paved/events';

/*
 * The nav is the same on every page but for three things: the prefix of its links ('../../'), the
 * sections holding the current page (open) and the current page's link (aria-current). It is
 * compiled once per site to text and those holes, so each page only joins strings.
 */
type NavPart = string | { kind: 'open'; urls: Set<string> } | { kind: 'href'; url: string; escaped: string };

const compiledNavs = new WeakMap<DocsNavItem[], NavPart[]>();

function compileNav(items: DocsNavItem[]): NavPart[] {
  let parts = compiledNavs.get(items);
  if (!parts) {
    parts = [];
    compileList(items, 0, parts);
    compiledNavs.set(items, parts);
  }
  return parts;
}

function compileList(items: DocsNavItem[], depth: number, parts: NavPart[]): Set<string> {
  const urls = new Set<string>();
  parts.push(`<ul class="nav-list nav-depth-${depth}">`);
  for (const item of items) {
    if (item.children) {
      parts.push('<li class="nav-section"><details');
      const open: NavPart = { kind: 'open', urls: new Set() };
      parts.push(open);
      parts.push(`><summary>${escapeHtml(item.title)}</summary>`);
      open.urls = compileList(item.children, depth + 1, parts);
      for (const url of open.urls) urls.add(url);
      parts.push('</details></li>');
    } else if (item.external && item.url) {
      parts.push(
        `<li><a href="${escapeHtml(item.url)}" rel="noopener" class="nav-external">${escapeHtml(item.title)}</a></li>`,
      );
    } else if (item.url !== undefined) {
      urls.add(item.url);
      parts.push('<li><a href="', { kind: 'href', url: item.url, escaped: escapeHtml(item.url) });
      parts.push(`">${escapeHtml(item.title)}</a></li>`);
    }
  }
  parts.push('</ul>');
  return urls;
}

/** The nav of pages with the same link prefix and open sections, before aria-current is added. */
const navTexts = new WeakMap<NavPart[], Map<string, string>>();

/** Nav links are root-relative prefixes ('../../' + url): cheap for 500 links on each of 500 pages. */
function navList(items: DocsNavItem[], page: DocsPage): string {
  const parts = compileNav(items);
  const root = escapeHtml(relativeUrl(page.url, ''));
  let key = root;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (typeof part !== 'string' && part.kind === 'open' && part.urls.has(page.url)) key += ` ${i}`;
  }
  let texts = navTexts.get(parts);
  if (!texts) {
    texts = new Map();
    navTexts.set(parts, texts);
  }
  let html = texts.get(key);
  if (html === undefined) {
    html = '';
    for (const part of parts) {
      if (typeof part === 'string') html += part;
      else if (part.kind === 'open') html += part.urls.has(page.url) ? ' open' : '';
      else if (part.kind === 'href')
        html += part.url === '' ? root : root === './' ? part.escaped : root + part.escaped;
    }
    texts.set(key, html);
  }
  // The current page's links (an internal link is `<li><a href="…">`, an external one has more).
  const href = page.url === '' ? root : root === './' ? escapeHtml(page.url) : root + escapeHtml(page.url);
  return html.replaceAll(`<li><a href="${href}">`, `<li><a href="${href}" aria-current="page">`);
}

/** A whole HTML document for one page of a static site or the preview: nav left, article, toc right. */
export function renderSitePage(
  site: DocsSite,
  page: DocsPage,
  options: { liveReload?: boolean } = {},
): string {
  const root = relativeUrl(page.url, '');
  const toc = page.toc.filter((t) => t.level >= 2 && t.level <= 3);
  const tocHtml = toc.length
    ? `<nav class="toc" aria-label="On this page"><p class="toc-title">On this page</p><ul>${toc
        .map(
          (t) =>
            `<li class="toc-level-${t.level}"><a href="#${escapeHtml(t.id)}">${escapeHtml(t.text)}</a></li>`,
        )
        .join('')}</ul></nav>`
    : '<nav class="toc" aria-label="On this page"></nav>';
  const edit = page.editUrl
    ? `<p class="edit-link"><a href="${escapeHtml(page.editUrl)}" rel="noopener">Edit this page</a></p>`
    : '';
  const reload = options.liveReload ? `<script src="${root}${LIVE_RELOAD_PATH}" defer></script>` : '';
  const title = page.title === site.siteName ? page.title : `${page.title} - ${site.siteName}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${site.siteDescription ? `<meta name="description" content="${escapeHtml(site.siteDescription)}">\n` : ''}<link rel="stylesheet" href="${root}${STYLESHEET_PATH}">
${reload}
</head>
<body>
<header class="site-header"><a class="site-name" href="${root}">${escapeHtml(site.siteName)}</a>${
    site.repoUrl
      ? `<a class="repo-link" href="${escapeHtml(site.repoUrl)}" rel="noopener">Repository</a>`
      : ''
  }</header>
<div class="layout">
<nav class="site-nav" aria-label="Site">${navList(site.nav, page)}</nav>
<main><article class="md-content">
${page.html}
</article>${edit}</main>
${tocHtml}
</div>
</body>
</html>
`;
}

/** Content tabs are radio buttons: the n-th checked input shows the n-th block (CSS only). */
function tabRules(): string {
  let css = '';
  for (let n = 1; n <= 12; n++) {
    css += `.tabbed-set>input:nth-child(${n}):checked~.tabbed-content>.tabbed-block:nth-child(${n}){display:block}\n`;
    css += `.tabbed-set>input:nth-child(${n}):checked~.tabbed-labels>label:nth-child(${n}){border-bottom-color:var(--accent);color:var(--accent)}\n`;
  }
  return css;
}

/** The stylesheet of static sites and the preview: light and dark by prefers-color-scheme. */
export const STYLESHEET = `:root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--bg-soft:#f6f8fa;--border:#d1d9e0;--accent:#0969da;
--note:#0969da;--tip:#1a7f37;--warning:#9a6700;--danger:#cf222e;--info:#0550ae;--quote:#59636e;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--bg-soft:#151b23;--border:#3d444d;--accent:#4493f8;
--note:#4493f8;--tip:#3fb950;--warning:#d29922;--danger:#f85149;--info:#58a6ff;--quote:#9198a1}
.shiki,.shiki span{color:var(--shiki-dark)!important}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
.site-header{display:flex;gap:1rem;align-items:center;justify-content:space-between;padding:.75rem 1.5rem;border-bottom:1px solid var(--border)}
.site-name{font-weight:600;font-size:1.1rem;text-decoration:none;color:var(--fg)}
.layout{display:grid;grid-template-columns:16rem minmax(0,1fr) 14rem;gap:2rem;max-width:90rem;margin:0 auto;padding:1.5rem}
@media (max-width:60rem){.layout{grid-template-columns:minmax(0,1fr)}.site-nav,.toc{display:none}}
.site-nav ul,.toc ul{list-style:none;margin:0;padding-left:.75rem}.site-nav>ul{padding-left:0}
.site-nav a,.toc a{display:block;padding:.15rem 0;text-decoration:none;color:var(--muted)}
.site-nav a[aria-current=page]{color:var(--accent);font-weight:600}
.site-nav summary{cursor:pointer;font-weight:600;padding:.15rem 0}
.toc{font-size:.875rem;position:sticky;top:1rem;align-self:start}.toc-title{font-weight:600;margin:0 0 .5rem}.toc-level-3{padding-left:.75rem}
.md-content{min-width:0}
.md-content h1,.md-content h2,.md-content h3,.md-content h4{line-height:1.25;margin:1.5em 0 .5em}
.md-content h1{margin-top:0}
.headerlink{margin-left:.4em;opacity:0;text-decoration:none;color:var(--muted)}
:is(h1,h2,h3,h4,h5,h6):hover>.headerlink,.headerlink:focus{opacity:1}
code,kbd,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875em}
:not(pre)>code{background:var(--bg-soft);padding:.1em .35em;border-radius:4px}
pre{background:var(--bg-soft);padding:1rem;border-radius:6px;overflow:auto}
.shiki,.shiki span{color:var(--shiki-light)}
.line.hll{display:inline-block;min-width:100%;background:color-mix(in srgb,var(--warning) 18%,transparent)}
pre.linenums .line{counter-increment:line}pre.linenums .line::before{content:counter(line);display:inline-block;width:2.5em;margin-right:1em;text-align:right;color:var(--muted);user-select:none}
.highlight .filename{display:block;font-size:.8rem;font-weight:600;padding:.35rem 1rem;background:var(--border);border-radius:6px 6px 0 0}
.highlight .filename+pre{border-top-left-radius:0;border-top-right-radius:0;margin-top:0}
pre.mermaid{white-space:pre}
table{border-collapse:collapse;display:block;overflow:auto}th,td{border:1px solid var(--border);padding:.4rem .75rem}th{background:var(--bg-soft)}
blockquote{margin:0;padding:0 1rem;border-left:.25rem solid var(--border);color:var(--muted)}
img{max-width:100%}
mark{background:#fff8c5;color:inherit}@media (prefers-color-scheme:dark){mark{background:#bb800926}}
ins{text-decoration:underline;text-decoration-color:var(--tip)}
kbd{border:1px solid var(--border);border-bottom-width:2px;border-radius:4px;padding:.05em .35em;background:var(--bg-soft)}
.keys>span{padding:0 .15em}
.admonition,details{border:1px solid var(--border);border-left:.25rem solid var(--note);border-radius:6px;padding:0 1rem;margin:1rem 0;--tone:var(--note)}
.admonition-title,details>summary{font-weight:600;margin:0 -1rem;padding:.4rem 1rem;color:var(--tone)}
details>summary{cursor:pointer}
:is(.admonition,details):is(.tip,.hint,.success,.check,.done){border-left-color:var(--tip);--tone:var(--tip)}
:is(.admonition,details):is(.warning,.caution,.attention,.important){border-left-color:var(--warning);--tone:var(--warning)}
:is(.admonition,details):is(.danger,.error,.failure,.fail,.missing,.bug){border-left-color:var(--danger);--tone:var(--danger)}
:is(.admonition,details):is(.info,.todo,.abstract,.summary,.tldr,.question,.help,.faq,.example){border-left-color:var(--info);--tone:var(--info)}
:is(.admonition,details):is(.quote,.cite){border-left-color:var(--quote);--tone:var(--quote)}
.task-list{list-style:none;padding-left:1.25rem}.task-list-control input{margin:0 .4em 0 -1.25rem}
.tabbed-set{display:flex;flex-direction:column;margin:1rem 0;border:1px solid var(--border);border-radius:6px}
.tabbed-set>input{position:absolute;opacity:0;pointer-events:none}
.tabbed-labels{display:flex;gap:.25rem;border-bottom:1px solid var(--border);padding:0 .5rem;overflow:auto}
.tabbed-labels>label{cursor:pointer;padding:.4rem .75rem;border-bottom:2px solid transparent;font-weight:500;color:var(--muted);white-space:nowrap}
.tabbed-set>input:focus-visible~.tabbed-labels{outline:2px solid var(--accent)}
.tabbed-content{padding:0 1rem}.tabbed-block{display:none}
${tabRules()}.footnotes{font-size:.875rem;color:var(--muted)}
.twemoji.icon{display:inline-block;min-width:1em;text-align:center}
.edit-link{margin-top:3rem;font-size:.875rem}
`;
