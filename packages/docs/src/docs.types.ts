/** A nav entry: a page (url), an external link (url + external) or a section (children). */
export interface DocsNavItem {
  title: string;
  /** A page's pretty URL relative to the site root ('' for index.md), or an absolute http(s) URL. */
  url?: string;
  external?: boolean;
  children?: DocsNavItem[];
}

export interface DocsTocEntry {
  level: number;
  id: string;
  text: string;
}

export interface DocsWarning {
  /** Relative to the source folder (the one holding mkdocs.yml): 'mkdocs.yml', 'docs/guides/setup.md'. */
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface DocsPage {
  /** Source path relative to docs_dir, '/'-separated: 'guides/setup.md'. */
  path: string;
  /** Pretty URL relative to the site root (mkdocs use_directory_urls): '' or 'guides/setup/'. */
  url: string;
  /** First h1, else front matter title, else nav title, else file name. */
  title: string;
  /** Sanitised article HTML (no <html>/<body>). */
  html: string;
  toc: DocsTocEntry[];
  /** Plain text of every heading, for search. */
  headings: string;
  /** Plain text of the body, for search. */
  text: string;
  /** Hash of everything the HTML depends on: source, included snippets, config, page set, engine version. */
  sourceHash: string;
  editUrl?: string;
  /** ISO time of the source file's mtime. */
  lastModified?: string;
  /** Warnings found while rendering this page (kept when the page is reused). */
  warnings?: DocsWarning[];
  /** The source file when rendered: a later build reuses the page without reading it if these match. */
  sourceStat?: { size: number; mtimeMs: number; snippets: boolean };
}

export interface DocsAsset {
  /** Relative to docs_dir, '/'-separated. */
  path: string;
  absolutePath: string;
  size: number;
  contentType: string;
  /** Content hash (size and mtime for files over 64 MiB). */
  hash?: string;
  mtimeMs?: number;
}

export interface DocsSite {
  siteName: string;
  siteDescription?: string;
  repoUrl?: string;
  editUri?: string;
  nav: DocsNavItem[];
  pages: DocsPage[];
  assets: DocsAsset[];
  warnings: DocsWarning[];
  /** Changes iff any page, asset or the config changes. */
  hash: string;
  stats: { rendered: number; reused: number; durationMs: number };
  /** Hash of what every page depends on besides its own source (config, page set, options, engine). */
  buildKey?: string;
  /** Absolute real path of the source folder and of docs_dir. */
  sourceDir?: string;
  docsDir?: string;
}

export interface DocsLimits {
  /** Largest Markdown file rendered (default 2 MiB); larger pages get a notice instead. */
  maxFileBytes?: number;
  /** Most pages read (default 10,000). */
  maxPages?: number;
  /** Most bytes of Markdown read in one build (default 256 MiB). */
  maxTotalBytes?: number;
}

export interface BuildOptions {
  /** Pages whose sourceHash is unchanged are reused, not re-rendered. */
  previous?: DocsSite;
  /** When set (e.g. '/docs/default/component/checkout/'), page links are basePath + url + '#frag'; otherwise relative. */
  basePath?: string;
  /** When set, image and asset links are assetBasePath + asset path; otherwise relative. */
  assetBasePath?: string;
  limits?: DocsLimits;
  /**
   * Highlight code on a worker thread while this one renders the pages (same output). Meant for a
   * one-off build in a fresh process (`paved docs build`), where Shiki's cold start and matching
   * would otherwise be a third of the time; a warm process keeps its highlighter in its own thread.
   */
  highlightWorker?: boolean;
}

/** mkdocs.yml could not be used: names the file, the place and what was expected. */
export class DocsConfigError extends Error {
  readonly code = 'DOCS_CONFIG';
  file: string;
  line?: number;
  column?: number;
  constructor(message: string, where: { file: string; line?: number; column?: number; cause?: unknown }) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    this.name = 'DocsConfigError';
    this.file = where.file;
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
  }
}
