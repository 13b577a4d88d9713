import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DocsWarning } from './docs.types.ts';

export interface SourceFile {
  /** Relative to docs_dir, '/'-separated. */
  path: string;
  absolutePath: string;
  size: number;
  mtimeMs: number;
}

export function isWithin(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

const MAX_FILES = 100_000;

/**
 * Every file under docs_dir, sorted. Dot-files and dot-folders are skipped (as MkDocs does); a symlink
 * is followed only when its real target stays inside `root` (the source folder), and each folder is
 * walked once, so links cannot loop or reach elsewhere.
 */
export async function listFiles(
  docsRoot: string,
  root: string,
  report: (w: DocsWarning) => void,
  shown: (p: string) => string,
): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  const visited = new Set<string>();
  const walk = async (dir: string, relative: string): Promise<void> => {
    const real = await realpath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const visible = entries.filter((entry) => !entry.name.startsWith('.'));
    // Stat a folder's entries together: on a busy machine sequential stats dominate a rebuild.
    const infos = await Promise.all(
      visible.map(async (entry) => {
        const absolute = path.join(dir, entry.name);
        const rel = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isSymbolicLink()) {
          const target = await realpath(absolute).catch(() => undefined);
          if (!target || !isWithin(root, target)) {
            report({ file: shown(rel), message: 'symbolic link leads outside the source folder; ignored' });
            return undefined;
          }
          return { absolute, rel, info: await stat(target) };
        }
        if (entry.isDirectory()) return { absolute, rel, info: undefined };
        if (!entry.isFile()) return undefined;
        return { absolute, rel, info: await stat(absolute) };
      }),
    );
    for (const item of infos) {
      if (!item) continue;
      if (files.length >= MAX_FILES) {
        report({ file: shown(relative), message: `more than ${MAX_FILES} files; the rest are ignored` });
        return;
      }
      if (!item.info || item.info.isDirectory()) await walk(item.absolute, item.rel);
      else if (item.info.isFile()) {
        files.push({
          path: item.rel,
          absolutePath: item.absolute,
          size: item.info.size,
          mtimeMs: item.info.mtimeMs,
        });
      }
    }
  };
  await walk(docsRoot, '');
  return files;
}

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.avif': 'image/avif',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml',
  '.yaml': 'text/yaml; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.zip': 'application/zip',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
