import { mkdirSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import type { DocsPage, DocsSite } from './docs.types.ts';
import { isWithin } from './files.ts';
import { renderSitePage, STYLESHEET, STYLESHEET_PATH } from './layout.ts';

export interface StaticSiteResult {
  pages: number;
  assets: number;
  files: string[];
}

/** Asset copies at once: enough to keep libuv's threads busy, few enough for any file limit. */
const PARALLEL_COPIES = 16;

/**
 * Writes a built site as static files: `<url>/index.html` per page, assets at their paths, the
 * stylesheet, and the `search/search_index.json` and `techdocs_metadata.json` TechDocs readers expect.
 * Files already in outDir are left in place. Pages are written synchronously (see below): meant
 * for `paved docs build`, not for a server's event loop.
 */
export async function writeStaticSite(
  site: DocsSite,
  outDir: string,
  options: {
    /**
     * For a site from buildPages: resolves once this page's HTML is final. Pages are written in
     * order as they complete, while the highlight worker is still busy with later ones.
     */
    pageCompleted?: (page: DocsPage) => Promise<void> | undefined;
  } = {},
): Promise<StaticSiteResult> {
  const out = path.resolve(outDir);
  if (site.docsDir && (isWithin(site.docsDir, out) || isWithin(out, site.docsDir))) {
    throw new Error(`the output folder ${outDir} must not hold or be inside the docs folder ${site.docsDir}`);
  }
  // Each folder is made once, after its parent.
  const folders = new Set<string>();
  const folder = (relative: string): void => {
    const name = relative.replace(/\/+$/, '');
    if (folders.has(name)) return;
    if (name === '' || name === '.') mkdirSync(out, { recursive: true });
    else {
      const slash = name.lastIndexOf('/');
      folder(slash < 0 ? '' : name.slice(0, slash));
      try {
        mkdirSync(path.join(out, ...name.split('/')));
      } catch (error) {
        // Already there (an earlier build into the same folder): fine.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    folders.add(name);
  };
  const files: string[] = [];
  const write = (relative: string, content: string) => {
    folder(path.posix.dirname(relative));
    writeFileSync(path.join(out, ...relative.split('/')), content);
    files.push(relative);
  };

  // Assets are copied by libuv's threads while this one writes the pages.
  const copies: (() => Promise<void>)[] = site.assets.map((asset) => {
    folder(path.posix.dirname(asset.path));
    return () => copyFile(asset.absolutePath, path.join(out, ...asset.path.split('/')));
  });
  let next = 0;
  const copier = async () => {
    while (next < copies.length) await copies[next++]!();
  };
  const copied = Promise.all(Array.from({ length: Math.min(PARALLEL_COPIES, copies.length) }, copier));
  // Pages one after the other, synchronously: laying out and writing a page takes a few syscalls
  // (~0.1 ms), where a promise-based write is three round trips through the thread pool. 500 pages
  // of the bench site: ~110 ms instead of ~160 (wall and CPU, docs/benchmarks.md).
  let failed: unknown;
  try {
    for (const page of site.pages) {
      const completion = options.pageCompleted?.(page);
      if (completion) await completion;
      write(`${page.url}index.html`, renderSitePage(site, page));
    }
  } catch (error) {
    failed = error;
  }
  // Never leave copies running behind an error.
  await copied;
  if (failed !== undefined) throw failed;
  files.push(...site.assets.map((a) => a.path));
  write(STYLESHEET_PATH, STYLESHEET);
  write(
    'search/search_index.json',
    JSON.stringify({
      config: { lang: ['en'], separator: '[\\s\\-]+' },
      docs: site.pages.map((p) => ({ location: p.url, title: p.title, text: p.text })),
    }),
  );
  write(
    'techdocs_metadata.json',
    JSON.stringify({
      site_name: site.siteName,
      site_description: site.siteDescription ?? '',
      build_timestamp: Date.now(),
      etag: site.hash,
      // The list names this file too; write() adds it to the result once written.
      files: [...files, 'techdocs_metadata.json'],
    }),
  );
  return { pages: site.pages.length, assets: site.assets.length, files };
}
