import { createHash } from 'node:crypto';
import { type Dirent, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

/** Bump when what is stored of a build changes shape: every site is built again once. */
const STORED_FORMAT = 'paved-docs-1';
/** Beyond this many files a docs folder is not hashed further (the build refuses it anyway). */
const MAX_FILES = 20_000;
/** Larger files are stamped by size and times, not read (the build refuses them anyway). */
const MAX_HASHED_BYTES = 64 * 1024 * 1024;
/** Changed files up to this size are read synchronously (a page: microseconds); larger ones async. */
const SYNC_READ_BYTES = 1024 * 1024;

/** The inputs of a build as hashed: the hash, and the folders whose edits change it. */
export interface DocsInputs {
  hash: string;
  /** The folder with mkdocs.yml, and its docs_dir. */
  watchDirs: string[];
}

interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  hash: string;
}

/** The docs_dir of an mkdocs.yml, read without a YAML parser (MkDocs files carry Python tags). */
export function docsDirOf(config: string): string {
  const match = /^docs_dir:[ \t]*(?:'([^']*)'|"([^"]*)"|([^#\n]*?))[ \t]*(?:#.*)?$/m.exec(config);
  const value = (match?.[1] ?? match?.[2] ?? match?.[3] ?? '').trim();
  return value || 'docs';
}

/**
 * Hashes what a build reads: mkdocs.yml and every file of its docs_dir, by content. Contents are
 * hashed again only when a file's size or times changed (the `stamps` cache), so that checking an
 * unchanged site costs a directory walk and a stat per file.
 */
export async function hashDocsInputs(
  dir: string,
  stamps: Map<string, FileStamp>,
  salt: string,
): Promise<DocsInputs> {
  const digest = createHash('sha256').update(STORED_FORMAT).update('\0').update(salt).update('\0');
  let config = '';
  for (const name of ['mkdocs.yaml', 'mkdocs.yml']) {
    const text = readSmallFile(join(dir, name))?.toString('utf8');
    if (text !== undefined) {
      config = text;
      digest.update(name).update('\0').update(text).update('\0');
      break;
    }
  }
  const docsDir = resolve(dir, docsDirOf(config));
  const watchDirs = [dir];
  // A docs_dir outside the folder (by its path or through a symbolic link) is the build's error
  // to report; it is not read here.
  const realDir = realpathOr(dir, dir);
  const realDocs = realpathOr(docsDir, undefined);
  const inside = (path: string, root: string) => path === root || path.startsWith(root + sep);
  if (inside(docsDir, dir) && realDocs !== undefined && inside(realDocs, realDir)) {
    watchDirs.push(docsDir);
    const files: string[] = [];
    walk(docsDir, files);
    files.sort();
    for (const file of files) {
      const known = stampOf(file, stamps);
      const stamp = known === 'large' ? await readStamp(file, stamps) : known;
      if (stamp) digest.update(relative(dir, file)).update('\0').update(stamp.hash).update('\0');
    }
  }
  return { hash: digest.digest('hex'), watchDirs };
}

/*
 * Listing and stat-ing are synchronous on purpose: a site of 500 pages is hashed in about a
 * millisecond that way, where 500 awaited calls through the thread pool took tens (this runs on
 * every edit, and an edit must be served within 100 ms). So are reads of changed files up to
 * SYNC_READ_BYTES (mkdocs.yml and pages); larger files are read asynchronously.
 */
function walk(folder: string, into: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (into.length >= MAX_FILES) return;
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) walk(path, into);
    else if (entry.isFile()) into.push(path);
  }
}

/** The stamp of a file from the cache or, for a small file, read now; 'large': read it async. */
function stampOf(file: string, stamps: Map<string, FileStamp>): FileStamp | undefined | 'large' {
  const info = statSync(file, { throwIfNoEntry: false });
  if (!info) return undefined;
  const known = stamps.get(file);
  if (known && known.size === info.size && known.mtimeMs === info.mtimeMs && known.ctimeMs === info.ctimeMs) {
    return known;
  }
  if (info.size > SYNC_READ_BYTES) return 'large';
  const content = readSmallFile(file);
  return content ? remember(file, info, content, stamps) : undefined;
}

async function readStamp(file: string, stamps: Map<string, FileStamp>): Promise<FileStamp | undefined> {
  const info = statSync(file, { throwIfNoEntry: false });
  if (!info) return undefined;
  // A file too large to be served or rendered is not read: its size and times stand for it.
  const content =
    info.size > MAX_HASHED_BYTES
      ? Buffer.from(`${info.size}:${info.mtimeMs}:${info.ctimeMs}`)
      : await readFile(file).catch(() => undefined);
  return content ? remember(file, info, content, stamps) : undefined;
}

function remember(
  file: string,
  info: { size: number; mtimeMs: number; ctimeMs: number },
  content: Buffer,
  stamps: Map<string, FileStamp>,
): FileStamp {
  const stamp = {
    size: info.size,
    mtimeMs: info.mtimeMs,
    ctimeMs: info.ctimeMs,
    hash: createHash('sha256').update(content).digest('hex'),
  };
  stamps.set(file, stamp);
  return stamp;
}

function readSmallFile(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function realpathOr<T>(path: string, fallback: T): string | T {
  try {
    return realpathSync(path);
  } catch {
    return fallback;
  }
}
