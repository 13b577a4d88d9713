import { readdirSync, realpathSync, type Stats, statSync } from 'node:fs';
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
 *
 * Synchronously, on purpose: every build (and every rebuild after one edit) lists and stats the
 * whole folder, and for local files the synchronous calls take ~2 µs each where each awaited one
 * goes through libuv's thread pool and back (500 pages: ~1 ms instead of ~5–10 ms, more on a busy
 * event loop).
 */
export async function listFiles(
  docsRoot: string,
  root: string,
  report: (w: DocsWarning) => void,
  shown: (p: string) => string,
): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  const visited = new Set<string>();
  const walk = (dir: string, relative: string): void => {
    const real = realpathSync(dir);
    if (visited.has(real)) return;
    visited.add(real);
    const entries = readdirSync(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const absolute = path.join(dir, entry.name);
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      let info: Stats | undefined;
      if (entry.isSymbolicLink()) {
        const target = realpathOrUndefined(absolute);
        if (!target || !isWithin(root, target)) {
          report({ file: shown(rel), message: 'symbolic link leads outside the source folder; ignored' });
          continue;
        }
        info = statSync(target);
      } else if (entry.isFile()) {
        info = statSync(absolute, { throwIfNoEntry: false });
        // Deleted since the folder was read: as if it had not been there.
        if (!info) continue;
      } else if (!entry.isDirectory()) {
        continue;
      }
      if (files.length >= MAX_FILES) {
        report({ file: shown(relative), message: `more than ${MAX_FILES} files; the rest are ignored` });
        return;
      }
      if (!info || info.isDirectory()) walk(absolute, rel);
      else if (info.isFile()) {
        files.push({ path: rel, absolutePath: absolute, size: info.size, mtimeMs: info.mtimeMs });
      }
    }
  };
  walk(docsRoot, '');
  return files;
}

function realpathOrUndefined(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
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
