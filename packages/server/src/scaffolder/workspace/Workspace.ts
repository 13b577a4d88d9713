import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError, PayloadTooLargeError } from '@paved/model';

export interface WorkspaceLimits {
  /** Largest single file an action may write, in bytes. Default 50 MB. */
  maxFileBytes?: number;
  /** Largest total of every file in the workspace, in bytes. Default 200 MB. */
  maxTotalBytes?: number;
}

/** A file of the workspace, as the dry-run answers it. */
export interface WorkspaceFile {
  path: string;
  content: Buffer;
  executable: boolean;
}

/** Whether `child` is `parent` or lies below it (both absolute and normalised). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of `target`, or of its deepest existing ancestor joined with the rest. */
async function realpathOfDeepestExisting(target: string): Promise<string> {
  let current = target;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(await fs.realpath(current), ...rest.reverse());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = dirname(current);
      if (parent === current) return target;
      rest.push(current.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      current = parent;
    }
  }
}

/**
 * Refuses a path that is absolute or leaves `root` (`..`, or a symlink on the way that points
 * outside), answering the absolute path inside `root` otherwise. `what` names the folder in errors.
 */
export async function resolveInside(root: string, path: string, what: string): Promise<string> {
  if (typeof path !== 'string') throw new InputError(`A path must be a string; got ${JSON.stringify(path)}`);
  if (isAbsolute(path) || /^[a-zA-Z]:[\\/]/.test(path) || path.startsWith('\\')) {
    throw new InputError(
      `The path ${JSON.stringify(path)} is absolute; paths must be relative to the ${what}`,
    );
  }
  const target = resolve(root, path);
  if (!isInside(root, target)) {
    throw new InputError(`The path ${JSON.stringify(path)} leaves the ${what}; paths must stay inside it`);
  }
  const realRoot = await fs.realpath(root);
  const real = await realpathOfDeepestExisting(target);
  if (!isInside(realRoot, real)) {
    throw new InputError(
      `The path ${JSON.stringify(path)} leaves the ${what} through a symbolic link; paths must stay inside it`,
    );
  }
  return target;
}

/**
 * The folder one template run works in: every path an action reads or writes is resolved inside
 * it (never through `..`, an absolute path or a symlink that points out), writes are bounded in
 * size, and `dispose()` removes it.
 */
export class Workspace {
  readonly root: string;
  /** What the folder is called in errors. */
  readonly label: string;
  readonly #maxFileBytes: number;
  readonly #maxTotalBytes: number;

  private constructor(root: string, limits: WorkspaceLimits & { label?: string }) {
    this.root = root;
    this.label = limits.label ?? 'workspace';
    this.#maxFileBytes = limits.maxFileBytes ?? 50 * 1024 * 1024;
    this.#maxTotalBytes = limits.maxTotalBytes ?? 200 * 1024 * 1024;
  }

  /** Makes a new, empty workspace under `parent` (default: the OS temp folder). */
  static async create(
    options: WorkspaceLimits & { parent?: string; prefix?: string; label?: string } = {},
  ): Promise<Workspace> {
    const parent = options.parent ?? tmpdir();
    await fs.mkdir(parent, { recursive: true });
    const root = await fs.realpath(await fs.mkdtemp(join(parent, options.prefix ?? 'paved-workspace-')));
    return new Workspace(root, options);
  }

  /** The absolute path of a workspace-relative path, refused if it leaves the workspace. */
  resolve(path: string): Promise<string> {
    return resolveInside(this.root, path, this.label);
  }

  /** The workspace-relative form of an absolute path inside it, with `/` separators. */
  relative(absolute: string): string {
    return relative(this.root, absolute).split(sep).join('/');
  }

  async exists(path: string): Promise<boolean> {
    try {
      await fs.lstat(await this.resolve(path));
      return true;
    } catch (error) {
      if (error instanceof InputError) throw error;
      return false;
    }
  }

  async mkdir(path: string): Promise<void> {
    await fs.mkdir(await this.resolve(path), { recursive: true });
  }

  /** Bytes of every file written so far, kept as writes and deletes happen. */
  #used = 0;

  async #bytesUnder(target: string): Promise<number> {
    const stat = await fs.lstat(target).catch(() => undefined);
    if (!stat) return 0;
    if (!stat.isDirectory()) return stat.size;
    let total = 0;
    for (const file of await this.#walk(target)) total += (await fs.lstat(file)).size;
    return total;
  }

  /** Writes a file (making its folder), within the size limits; `mode` keeps permission bits. */
  async writeFile(path: string, content: Buffer | string, mode?: number): Promise<void> {
    const bytes = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    if (bytes > this.#maxFileBytes) {
      throw new PayloadTooLargeError(
        `The file ${JSON.stringify(path)} would be ${bytes} bytes, more than the limit of ${this.#maxFileBytes} per file`,
      );
    }
    const target = await this.resolve(path);
    const previous = await this.#bytesUnder(target);
    const total = this.#used - previous + bytes;
    if (total > this.#maxTotalBytes) {
      throw new PayloadTooLargeError(
        `Writing ${JSON.stringify(path)} would bring the workspace to ${total} bytes, more than the limit of ${this.#maxTotalBytes}`,
      );
    }
    await fs.mkdir(dirname(target), { recursive: true });
    // Never write through a symlink, even one pointing inside: replace the link itself.
    const stat = await fs.lstat(target).catch(() => undefined);
    if (stat?.isSymbolicLink()) await fs.rm(target);
    await fs.writeFile(target, content);
    this.#used = total;
    if (mode !== undefined) await fs.chmod(target, mode & 0o777);
  }

  /** Makes a symlink, refused unless what it points at stays inside the workspace. */
  async symlink(path: string, linkText: string): Promise<void> {
    const target = await this.resolve(path);
    const pointsAt = resolve(dirname(target), linkText);
    if (isAbsolute(linkText) || !isInside(this.root, pointsAt)) {
      throw new InputError(
        `The symbolic link ${JSON.stringify(path)} points at ${JSON.stringify(linkText)}, outside the workspace`,
      );
    }
    await fs.mkdir(dirname(target), { recursive: true });
    await fs.symlink(linkText, target);
  }

  async readFile(path: string): Promise<Buffer> {
    return fs.readFile(await this.resolve(path));
  }

  async remove(path: string): Promise<void> {
    const target = await this.resolve(path);
    if (target === this.root) throw new InputError('The workspace itself cannot be deleted');
    this.#used -= await this.#bytesUnder(target);
    await fs.rm(target, { recursive: true, force: true });
  }

  /** Renames a file or folder; refuses to replace an existing one unless `overwrite`. */
  async rename(from: string, to: string, overwrite = false): Promise<void> {
    const source = await this.resolve(from);
    const target = await this.resolve(to);
    try {
      await fs.lstat(source);
    } catch {
      throw new InputError(`Cannot rename ${JSON.stringify(from)}: there is no such file or folder`);
    }
    if (
      !overwrite &&
      (await fs.access(target, constants.F_OK).then(
        () => true,
        () => false,
      ))
    ) {
      throw new InputError(
        `Cannot rename ${JSON.stringify(from)} to ${JSON.stringify(to)}: the target exists`,
      );
    }
    await fs.mkdir(dirname(target), { recursive: true });
    if (overwrite) {
      this.#used -= await this.#bytesUnder(target);
      await fs.rm(target, { recursive: true, force: true });
    }
    await fs.rename(source, target);
  }

  async #walk(dir: string): Promise<string[]> {
    const out: string[] = [];
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) out.push(...(await this.#walk(full)));
      else out.push(full);
    }
    return out;
  }

  /** Every file (and symlink) of the workspace with its content, sorted by path. */
  async files(): Promise<WorkspaceFile[]> {
    const files: WorkspaceFile[] = [];
    for (const full of await this.#walk(this.root)) {
      const stat = await fs.lstat(full);
      const content = stat.isSymbolicLink() ? Buffer.from(await fs.readlink(full)) : await fs.readFile(full);
      files.push({
        path: this.relative(full),
        content,
        executable: !stat.isSymbolicLink() && (stat.mode & 0o111) !== 0,
      });
    }
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }

  async dispose(): Promise<void> {
    await fs.rm(this.root, { recursive: true, force: true });
  }
}
