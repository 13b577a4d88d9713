import path from 'node:path';
import type { NavEntry } from './config.ts';
import type { DocsNavItem, DocsPage, DocsWarning } from './docs.types.ts';

/** MkDocs' title for a page without heading or nav title: 'user-guide.md' → 'User guide'. */
export function fileTitle(pagePath: string): string {
  let name = path.posix.basename(pagePath).replace(/\.md$/i, '');
  if (/^(index|readme)$/i.test(name)) {
    const dir = path.posix.dirname(pagePath);
    if (dir === '.') return 'Home';
    name = path.posix.basename(dir);
  }
  return folderTitle(name);
}

function folderTitle(name: string): string {
  const words = name.replace(/[-_]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : name;
}

function isUrl(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
}

/**
 * The site's nav: from mkdocs.yml when it has one (entries naming missing pages are dropped with a
 * warning at their line), otherwise from the files: each folder's index first, then its pages in
 * alphabetical order, then its sub-folders as sections.
 */
export function buildNav(
  entries: NavEntry[] | undefined,
  pages: DocsPage[],
  configFile: string,
): { nav: DocsNavItem[]; navTitles: Map<string, string>; problems: DocsWarning[] } {
  const byPath = new Map(pages.map((p) => [p.path, p]));
  const navTitles = new Map<string, string>();
  const problems: DocsWarning[] = [];
  if (!entries) return { nav: autoNav(pages), navTitles, problems };

  const convert = (list: NavEntry[]): DocsNavItem[] => {
    const items: DocsNavItem[] = [];
    for (const entry of list) {
      if (entry.children) {
        items.push({ title: entry.title ?? '', children: convert(entry.children) });
        continue;
      }
      const target = entry.target ?? '';
      if (isUrl(target)) {
        if (!/^https?:/i.test(target)) {
          problems.push({
            file: configFile,
            line: entry.line,
            column: entry.column,
            message: `nav entry ${target}: only http(s) links are kept`,
          });
          continue;
        }
        items.push({ title: entry.title ?? target, url: target, external: true });
        continue;
      }
      const normal = path.posix.normalize(target.replace(/^\.\//, ''));
      const page = byPath.get(normal) ?? byPath.get(`${normal.replace(/\/$/, '')}/index.md`);
      if (!page) {
        problems.push({
          file: configFile,
          line: entry.line,
          column: entry.column,
          message: `nav entry "${entry.title ?? target}" points to ${target}, which is not a page in the docs folder`,
        });
        continue;
      }
      if (entry.title !== undefined && !navTitles.has(page.path)) navTitles.set(page.path, entry.title);
      items.push({ title: entry.title ?? page.title, url: page.url });
    }
    return items;
  };
  const nav = convert(entries);
  // Pages whose title comes from nav only: fill titles now that navTitles is known.
  const fill = (items: DocsNavItem[]) => {
    for (const item of items) {
      if (item.children) fill(item.children);
      else if (!item.external && item.title === '') {
        const page = pages.find((p) => p.url === item.url);
        item.title = page ? (navTitles.get(page.path) ?? fileTitle(page.path)) : item.title;
      }
    }
  };
  fill(nav);
  return { nav, navTitles, problems };
}

interface Folder {
  pages: DocsPage[];
  folders: Map<string, Folder>;
}

function autoNav(pages: DocsPage[]): DocsNavItem[] {
  const top: Folder = { pages: [], folders: new Map() };
  for (const page of pages) {
    const parts = page.path.split('/');
    let folder = top;
    for (const part of parts.slice(0, -1)) {
      let next = folder.folders.get(part);
      if (!next) {
        next = { pages: [], folders: new Map() };
        folder.folders.set(part, next);
      }
      folder = next;
    }
    folder.pages.push(page);
  }
  const isIndex = (p: DocsPage) => /^(index|readme)\.md$/i.test(path.posix.basename(p.path));
  const items = (folder: Folder): DocsNavItem[] => {
    const sorted = [...folder.pages].sort((a, b) =>
      isIndex(a) !== isIndex(b) ? (isIndex(a) ? -1 : 1) : a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
    );
    const list: DocsNavItem[] = sorted.map((p) => ({ title: p.title || fileTitle(p.path), url: p.url }));
    for (const name of [...folder.folders.keys()].sort()) {
      list.push({ title: folderTitle(name), children: items(folder.folders.get(name)!) });
    }
    return list;
  };
  return items(top);
}

/** Pages in nav order, then the pages nav leaves out, by path. */
export function orderPages(nav: DocsNavItem[], pages: DocsPage[]): DocsPage[] {
  const byUrl = new Map(pages.map((p) => [p.url, p]));
  const ordered: DocsPage[] = [];
  const seen = new Set<string>();
  const walk = (items: DocsNavItem[]) => {
    for (const item of items) {
      if (item.children) walk(item.children);
      else if (!item.external && item.url !== undefined) {
        const page = byUrl.get(item.url);
        if (page && !seen.has(page.path)) {
          seen.add(page.path);
          ordered.push(page);
        }
      }
    }
  };
  walk(nav);
  const rest = pages
    .filter((p) => !seen.has(p.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return [...ordered, ...rest];
}
