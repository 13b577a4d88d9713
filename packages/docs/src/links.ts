import path from 'node:path';

/** Pretty URL of a page (MkDocs use_directory_urls): 'a/b.md' → 'a/b/', 'a/index.md' → 'a/', 'index.md' → ''. */
export function prettyUrl(pagePath: string): string {
  const withoutExt = pagePath.replace(/\.md$/i, '');
  const base = path.posix.basename(withoutExt).toLowerCase();
  if (base === 'index' || base === 'readme') {
    const dir = path.posix.dirname(withoutExt);
    return dir === '.' ? '' : `${dir}/`;
  }
  return `${withoutExt}/`;
}

/** A link from the page at `fromUrl` (a pretty URL) to `target` (a site path), relative to each other. */
export function relativeUrl(fromUrl: string, target: string): string {
  const fromDir = `/${fromUrl}`.replace(/\/$/, '') || '/';
  const relative = path.posix.relative(fromDir, `/${target}`);
  if (target === '' || target.endsWith('/')) return relative ? `${relative}/` : './';
  return relative || path.posix.basename(target);
}

export interface LinkTargets {
  /** The URL of the page at this docs path, if it exists. */
  pageUrl(pagePath: string): string | undefined;
  /** Whether an asset exists at this docs path. */
  hasAsset(assetPath: string): boolean;
}

export interface LinkContext {
  /** The page being rendered, relative to docs_dir. */
  pagePath: string;
  pageUrl: string;
  basePath?: string;
  assetBasePath?: string;
  /** Absent in a lone renderMarkdown: links are then rewritten without checking their targets. */
  targets?: LinkTargets;
  warn(message: string, needle: string, line?: number): void;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function encodePath(text: string): string {
  return text.split('/').map(encodeURIComponent).join('/');
}

/**
 * Rewrites a link or image address written in a page for where the page is served: `.md` links
 * become the target's pretty URL, assets are addressed from the page's URL or assetBasePath.
 * Returns undefined to drop the address (it leaves the docs source).
 */
export function rewriteLink(href: string, kind: 'link' | 'image', context: LinkContext): string | undefined {
  const trimmed = href.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return trimmed;
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('//')) return trimmed;
  if (trimmed.startsWith('/')) return trimmed;
  const cut = trimmed.search(/[?#]/);
  const pathPart = cut < 0 ? trimmed : trimmed.slice(0, cut);
  const suffix = cut < 0 ? '' : trimmed.slice(cut);
  const decoded = safeDecode(pathPart).replaceAll('\\', '/');
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(context.pagePath), decoded));
  if (joined === '..' || joined.startsWith('../') || decoded.includes('\0')) {
    context.warn(
      `${kind === 'image' ? 'image' : 'link'} ${href} leads outside the docs folder; removed`,
      href,
    );
    return undefined;
  }
  const target = joined === '.' ? '' : joined.replace(/\/$/, '');
  const toPage = (url: string) =>
    context.basePath !== undefined
      ? `${context.basePath}${encodePath(url)}`
      : relativeUrl(context.pageUrl, encodePath(url));
  const toAsset = (asset: string) =>
    context.assetBasePath !== undefined
      ? `${context.assetBasePath}${encodePath(asset)}`
      : relativeUrl(context.pageUrl, encodePath(asset));

  if (kind === 'link' && /\.md$/i.test(target)) {
    const url = context.targets ? context.targets.pageUrl(target) : prettyUrl(target);
    if (url === undefined) {
      context.warn(`link ${href} points to ${target}, which is not a page of this site`, href);
      return `${toPage(prettyUrl(target))}${suffix}`;
    }
    return `${toPage(url)}${suffix}`;
  }
  if (kind === 'link' && context.targets) {
    // A folder link ('guides/' or 'guides') goes to that folder's index page.
    const folderPage =
      context.targets.pageUrl(target ? `${target}/index.md` : 'index.md') ??
      context.targets.pageUrl(target ? `${target}/README.md` : 'README.md');
    if (folderPage !== undefined) return `${toPage(folderPage)}${suffix}`;
  }
  if (context.targets && !context.targets.hasAsset(target)) {
    context.warn(
      `${kind === 'image' ? 'image' : 'link'} ${href} points to ${target || '.'}, which does not exist`,
      href,
    );
  }
  return `${toAsset(target)}${suffix}`;
}
