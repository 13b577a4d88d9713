import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError, NotFoundError } from '@paved/model';
import fg from 'fast-glob';

/** Symbolic links followed while resolving one path; the kernel's own limit is 40 too. */
const MAX_SYMLINK_HOPS = 40;
const MAX_PATTERN_LENGTH = 1024;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Returns the real path of `relPath` (relative to `root`, or absolute) when it and every symbolic
 * link on the way stay inside `root`; throws `InputError` when it leads outside and
 * `NotFoundError` when it does not exist.
 *
 * Links are followed one component at a time, so nothing outside `root` is ever touched: a
 * hostile repository cannot even learn whether a file outside exists. Read the returned path,
 * not `relPath`. A sync that runs between this check and the read may still swap the file.
 */
export async function resolveInside(root: string, relPath: string): Promise<string> {
  if (typeof relPath !== 'string' || relPath === '' || CONTROL_CHARACTERS.test(relPath)) {
    throw new InputError(`"${relPath}" is not a usable path`);
  }
  const realRoot = await realpath(root);
  const start = path.isAbsolute(relPath) ? relativeInside(realRoot, path.resolve(root), relPath) : relPath;
  if (start === undefined) throw outside(relPath);

  const pending = start.split('/');
  let current = realRoot;
  let hops = 0;
  while (pending.length > 0) {
    const segment = pending.shift()!;
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (current === realRoot) throw outside(relPath);
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, segment);
    const info = await lstat(next).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR')
        throw new NotFoundError(`"${relPath}" does not exist`);
      throw error;
    });
    if (!info.isSymbolicLink()) {
      current = next;
      continue;
    }
    hops += 1;
    if (hops > MAX_SYMLINK_HOPS) throw new InputError(`"${relPath}" goes through too many symbolic links`);
    const link = await readlink(next);
    if (path.isAbsolute(link)) {
      const inside = relativeInside(realRoot, path.resolve(root), link);
      if (inside === undefined) throw outside(relPath);
      current = realRoot;
      pending.unshift(...inside.split('/'));
    } else {
      pending.unshift(...link.split('/'));
    }
  }
  return current;
}

/** `absolute` relative to whichever spelling of the root it starts with, or undefined when outside both. */
function relativeInside(realRoot: string, root: string, absolute: string): string | undefined {
  for (const base of [realRoot, root]) {
    const relative = path.relative(base, path.resolve(absolute));
    if (relative === '') return '.';
    if (relative !== '..' && !relative.startsWith('../') && !path.isAbsolute(relative)) return relative;
  }
  return undefined;
}

function outside(relPath: string): InputError {
  return new InputError(`"${relPath}" leads outside the source's root folder`);
}

/**
 * Throws `InputError` unless `pattern` is a path or fast-glob pattern that stays inside the folder
 * it is expanded in: relative, without `..`, also after brace expansion (`{/,x}etc/passwd`).
 */
export function checkRelativePattern(pattern: string): void {
  if (typeof pattern !== 'string' || pattern === '' || pattern.length > MAX_PATTERN_LENGTH) {
    throw new InputError(`the path must be 1 to ${MAX_PATTERN_LENGTH} characters long`);
  }
  if (CONTROL_CHARACTERS.test(pattern)) throw new InputError(`the path contains control characters`);
  if (pattern.startsWith('!')) throw new InputError(`the path may not be a negated pattern ("!…")`);
  // `..` anywhere, not only as a segment: brace alternatives may assemble one (`{.,a}{.,b}`).
  const escapes = (p: string) => path.posix.isAbsolute(p) || p.includes('..');
  // fast-glob expands braces into one task per alternative; each task's base is where it walks.
  const tasks = fg.generateTasks(pattern, { cwd: '/' });
  if (escapes(pattern) || tasks.some((task) => escapes(task.base) || task.patterns.some(escapes))) {
    throw new InputError(
      `the path "${pattern}" must be relative to the repository root and may not contain ".."`,
    );
  }
}

/**
 * The files matching `pattern` (a path or fast-glob pattern relative to `dir`), as sorted absolute
 * paths under `dir`. Hidden files and `.git` are skipped, symbolic links to directories are not
 * descended into, and a match that is a symbolic link is kept only when it leads to a regular
 * file inside `dir`.
 */
export async function listMatchingFiles(dir: string, pattern: string): Promise<string[]> {
  checkRelativePattern(pattern);
  const root = path.resolve(dir);
  const entries = await fg(pattern, {
    cwd: root,
    absolute: true,
    dot: false,
    followSymbolicLinks: false,
    onlyFiles: false,
    ignore: ['.git/**', '**/.git/**'],
    suppressErrors: true,
  });
  const files: string[] = [];
  for (const entry of new Set(entries)) {
    if (await isFileInside(root, entry)) files.push(entry);
  }
  return files.sort();
}

async function isFileInside(root: string, entry: string): Promise<boolean> {
  try {
    return (await stat(await resolveInside(root, path.relative(root, entry)))).isFile();
  } catch {
    return false;
  }
}
