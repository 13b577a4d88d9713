import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DocsSite } from './docs.types.ts';
import { isWithin } from './files.ts';
import { renderSitePage, STYLESHEET, STYLESHEET_PATH } from './layout.ts';

/** Files written at once: enough to keep libuv's threads busy, few enough for any file limit. */
const PARALLEL_WRITES = 64;

export interface StaticSiteResult {
  pages: number;
  assets: number;
  files: string[];
}

/**
 * Writes a built site as static files: `<url>/index.html` per page, assets at their paths, the
 * stylesheet, and the `search/search_index.json` and `techdocs_metadata.json` TechDocs readers expect.
 * Files already in outDir are left in place.
 */
export async function writeStaticSite(site: DocsSite, outDir: string): Promise<StaticSiteResult> {
  const out = path.resolve(outDir);
  if (site.docsDir && (isWithin(site.docsDir, out) || isWithin(out, site.docsDir))) {
    throw new Error(`the output folder ${outDir} must not hold or be inside the docs folder ${site.docsDir}`);
  }
  const files: string[] = [];
  const write = async (relative: string, content: string) => {
    const target = path.join(out, ...relative.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    files.push(relative);
  };
  // Every file with its folder, many at once: one folder after the other was half of the time.
  // Each folder is made once, after its parent: 64 pages of one section made with `recursive`
  // at once each failed on the missing section folder, then raced to make it (~1,250 mkdir calls
  // for 520 folders, most of them failing, each taking the parent's lock).
  const folders = new Map<string, Promise<void>>();
  const folder = (relative: string): Promise<void> => {
    const name = relative.replace(/\/+$/, '');
    let made = folders.get(name);
    if (!made) {
      const slash = name.lastIndexOf('/');
      made =
        name === '' || name === '.'
          ? mkdir(out, { recursive: true }).then(() => undefined)
          : folder(slash < 0 ? '' : name.slice(0, slash)).then(() =>
              mkdir(path.join(out, ...name.split('/'))).then(
                () => undefined,
                (error: NodeJS.ErrnoException) => {
                  // Already there (an earlier build into the same folder): fine.
                  if (error.code !== 'EEXIST') throw error;
                },
              ),
            );
      folders.set(name, made);
    }
    return made;
  };
  const jobs: (() => Promise<void>)[] = [
    ...site.pages.map((page) => async () => {
      await folder(page.url);
      await writeFile(path.join(out, ...page.url.split('/'), 'index.html'), renderSitePage(site, page));
    }),
    ...site.assets.map((asset) => async () => {
      await folder(path.posix.dirname(asset.path));
      await copyFile(asset.absolutePath, path.join(out, ...asset.path.split('/')));
    }),
  ];
  let next = 0;
  const runner = async () => {
    while (next < jobs.length) await jobs[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, jobs.length) }, runner));
  files.push(...site.pages.map((p) => `${p.url}index.html`), ...site.assets.map((a) => a.path));
  await write(STYLESHEET_PATH, STYLESHEET);
  await write(
    'search/search_index.json',
    JSON.stringify({
      config: { lang: ['en'], separator: '[\\s\\-]+' },
      docs: site.pages.map((p) => ({ location: p.url, title: p.title, text: p.text })),
    }),
  );
  files.push('techdocs_metadata.json');
  await write(
    'techdocs_metadata.json',
    JSON.stringify({
      site_name: site.siteName,
      site_description: site.siteDescription ?? '',
      build_timestamp: Date.now(),
      etag: site.hash,
      files,
    }),
  );
  return { pages: site.pages.length, assets: site.assets.length, files };
}
