/**
 * @paved/docs: renders MkDocs/TechDocs sources (mkdocs.yml + docs/**\/*.md) to sanitised HTML in
 * TypeScript, with the Markdown extensions techdocs-core turns on. See docs/docs-as-code.md.
 */
import type { DocsTocEntry } from './docs.types.ts';
import { renderPage } from './render.ts';

export { type BuildingSite, buildPages, buildSite, ENGINE_VERSION } from './build.ts';
export type {
  BuildOptions,
  DocsAsset,
  DocsLimits,
  DocsNavItem,
  DocsPage,
  DocsSite,
  DocsTocEntry,
  DocsWarning,
} from './docs.types.ts';
export { DocsConfigError } from './docs.types.ts';
export { renderSitePage, STYLESHEET } from './layout.ts';
export { prettyUrl } from './links.ts';
export { type PreviewServer, type PreviewServerOptions, startPreviewServer } from './preview-server.ts';
export { type StaticSiteResult, writeStaticSite } from './static-site.ts';

/** Renders one Markdown text (for tests and previews): links are rewritten but not checked. */
export async function renderMarkdown(
  markdown: string,
  options: { path?: string; basePath?: string } = {},
): Promise<{ html: string; toc: DocsTocEntry[]; title?: string }> {
  const page = await renderPage(markdown, options);
  return { html: page.html, toc: page.toc, ...(page.title !== undefined ? { title: page.title } : {}) };
}
