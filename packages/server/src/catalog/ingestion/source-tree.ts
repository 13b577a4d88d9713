import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { LocationSpec } from '@paved/model';
import { InputError } from '@paved/model';
import fg from 'fast-glob';

/**
 * A source seen as a folder on this machine (a local tree, or a git checkout), with the rules
 * for turning paths into Backstage location refs and Location targets into paths. Every path
 * it hands out stays inside `root`.
 */
export interface SourceTree {
  root: string;
  /** The location type of the files inside (`file`, `git` or `url`). */
  fileType: string;
  revision?: string;
  locationOf(path: string): LocationSpec;
  /** The path of a stored file location of this tree (the inverse of locationOf); undefined if not one. */
  pathOf(location: string): string | undefined;
  /** Resolves a Location entity's target, read from the file at `fromPath`, to a path or glob inside root. */
  resolveTarget(fromPath: string | undefined, type: string | undefined, target: string): string;
}

const GLOB_CHARS = /[*?[\]{}()!]/;

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Expands a path or glob inside the tree; symlinks are not followed out of it. */
const realRoots = new WeakMap<SourceTree, Promise<string>>();

/** The real path of a tree's root, once per tree (a source lists tens of thousands of targets). */
function realRootOf(tree: SourceTree): Promise<string> {
  let real = realRoots.get(tree);
  if (!real) {
    real = realpath(tree.root);
    realRoots.set(tree, real);
  }
  return real;
}

export async function expandTarget(tree: SourceTree, pattern: string): Promise<string[]> {
  if (!GLOB_CHARS.test(pattern)) {
    try {
      const info = await stat(pattern);
      if (!info.isFile()) return [];
      const real = await realpath(pattern);
      if (!isInside(await realRootOf(tree), real)) {
        throw new InputError(`${pattern} is a link that leads outside the source root ${tree.root}`);
      }
      return [pattern];
    } catch (error) {
      if (error instanceof InputError) throw error;
      return [];
    }
  }
  const rel = relative(tree.root, pattern);
  const matches = await fg(rel.split(sep).join('/'), {
    cwd: tree.root,
    absolute: true,
    onlyFiles: true,
    dot: false,
    followSymbolicLinks: false,
    ignore: ['**/node_modules/**', '**/.git/**'],
  });
  return matches.sort();
}

function checkTargetShape(target: string): void {
  if (target.length === 0) throw new InputError('A Location target must not be empty');
  if (target.includes('\0')) throw new InputError('A Location target must not contain NUL characters');
}

/**
 * Thrown by `resolveTarget` for a target in another repository (a `url` target elsewhere): not an
 * error of the Location, but a source of its own, which ingestion registers and follows.
 */
export class ExternalTarget extends Error {
  constructor(readonly location: { type: 'url'; target: string }) {
    super(`Location target ${location.target} is in another repository`);
    this.name = 'ExternalTarget';
  }
}

const ABSOLUTE_URL = /^https?:\/\//i;

/** A local folder tree: `file` locations, targets relative to the file or absolute inside the root. */
export function createFileTree(root: string): SourceTree {
  return {
    root,
    fileType: 'file',
    locationOf: (path) => ({ type: 'file', target: path }),
    pathOf: (location) => (location.startsWith('file:') ? location.slice('file:'.length) : undefined),
    resolveTarget(fromPath, type, target) {
      checkTargetShape(target);
      if ((type === undefined || type === 'url') && ABSOLUTE_URL.test(target)) {
        throw new ExternalTarget({ type: 'url', target });
      }
      if (type !== undefined && type !== 'file') {
        throw new InputError(
          `Location type "${type}" cannot be read from a file source; use type "file" (or omit it) with a path relative to this file`,
        );
      }
      if (target.endsWith('/') || target.endsWith(sep)) {
        throw new InputError(
          `Location target ${target} names a folder; name files or a glob such as ${target}*.yaml`,
        );
      }
      const path = target.startsWith('.') && fromPath ? resolve(dirname(fromPath), target) : resolve(target);
      if (!isInside(root, path)) {
        throw new InputError(
          `Location target ${target} resolves to ${path}, outside the source root ${root}`,
        );
      }
      return path;
    },
  };
}

/** The static folder of a path or glob: everything before its first glob character. */
export function globBase(pattern: string): string {
  const parts = pattern.split('/');
  const index = parts.findIndex((p) => GLOB_CHARS.test(p));
  if (index === -1) return dirname(pattern);
  return parts.slice(0, index).join('/') || '/';
}
