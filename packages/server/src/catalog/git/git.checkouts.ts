import { createHash } from 'node:crypto';
import { lstat, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PayloadTooLargeError } from '@paved/model';
import { runGit } from './git.command.ts';
import { fetchError, localGitError } from './git.errors.ts';
import { redactCredentials } from './git.redact.ts';
import { measureDirectory, watchDirectorySize } from './git.size.ts';
import { checkCloneUrl, checkRef } from './git.target.ts';

export interface GitCheckoutOptions {
  /** Folder holding one checkout per (url, ref); it belongs to this process alone. */
  cacheDir: string;
  /** Longest a single git command may run before its process group is killed. Default 120 000. */
  timeoutMs?: number;
  /** Largest a checkout (working tree and `.git`) may be. Default 512 MiB. */
  maxRepoBytes?: number;
  log?: { info(o: object, msg: string): void; warn(o: object, msg: string): void };
}

export interface GitCheckout {
  /** Working tree of the checkout; read it through `resolveInside`/`listMatchingFiles`. */
  dir: string;
  /** The commit checked out. */
  commit: string;
  /** Whether `commit` differs from the one checked out before this sync; true after a first clone. */
  changed: boolean;
}

export interface GitCheckouts {
  /**
   * Brings the checkout of `url` at `ref` (default: the remote's default branch) up to date: a
   * shallow fetch of that one ref, no tags, then a hard reset. Calls for the same (url, ref)
   * while one runs share its result.
   */
  sync(url: string, ref?: string): Promise<GitCheckout>;
  /** Deletes the checkout, after any operation on it has finished. */
  remove(url: string, ref?: string): Promise<void>;
  /**
   * The folder of the checkout of `url` at `ref`, without fetching (it may not exist yet). Read
   * it through `resolveInside`: a sync may be rewriting it.
   */
  dirOf(url: string, ref?: string): string;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_REPO_BYTES = 512 * 1024 * 1024;

/**
 * Git checkouts in `cacheDir`, one per (url, ref), in a folder named by the sha256 of both.
 *
 * Only the tip of the ref is fetched (`--depth=1`), so a checkout costs one snapshot.
 * `--filter=blob:limit=…` would not save anything: the working tree needs every blob of that
 * snapshot, fetched lazily one by one. Replaced commits are pruned after each change, which keeps
 * the checkout at one snapshot, and a checkout larger than `maxRepoBytes` is deleted and refused.
 * While git writes, the folder is watched so that a huge repository is stopped early; during an
 * update old and new snapshot coexist, so the folder may briefly reach twice `maxRepoBytes`.
 */
export function createGitCheckouts(options: GitCheckoutOptions): GitCheckouts {
  const cacheDir = path.resolve(options.cacheDir);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRepoBytes = options.maxRepoBytes ?? DEFAULT_MAX_REPO_BYTES;
  if (!(timeoutMs > 0) || !(maxRepoBytes > 0))
    throw new RangeError('timeoutMs and maxRepoBytes must be positive');
  const log = options.log;
  const operations = createOperationQueue();

  const git = (args: string[], signal?: AbortSignal) =>
    runGit(args, signal === undefined ? { timeoutMs } : { timeoutMs, signal });
  const inCheckout = (dir: string) => [`--git-dir=${path.join(dir, '.git')}`, `--work-tree=${dir}`];

  function checkoutDir(url: string, ref: string | undefined): string {
    checkCloneUrl(url);
    if (ref !== undefined) checkRef(ref);
    const name = createHash('sha256')
      .update(url)
      .update('\0')
      .update(ref ?? '')
      .digest('hex');
    return path.join(cacheDir, name);
  }

  async function headCommit(dir: string): Promise<string | undefined> {
    const exists = await lstat(path.join(dir, '.git')).then(
      () => true,
      () => false,
    );
    if (!exists) return undefined;
    const output = await git([...inCheckout(dir), 'rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).catch(
      () => undefined,
    );
    return output?.stdout.trim() || undefined;
  }

  /** Runs a git command that writes into `dir`, stopping it once `dir` holds more than `limit` bytes. */
  async function watched<T>(
    dir: string,
    limit: number,
    tooLarge: () => Error,
    run: (s: AbortSignal) => Promise<T>,
  ) {
    const controller = new AbortController();
    const stop = watchDirectorySize(dir, limit, () => controller.abort());
    try {
      return await run(controller.signal);
    } catch (error) {
      throw controller.signal.aborted ? tooLarge() : error;
    } finally {
      stop();
    }
  }

  async function fetchAndCheckout(
    url: string,
    ref: string | undefined,
    dir: string,
    previous: string | undefined,
  ) {
    const tooLarge = () =>
      new PayloadTooLargeError(
        `Repository ${redactCredentials(url)}${ref === undefined ? '' : ` at "${ref}"`} is larger than the ${formatBytes(maxRepoBytes)} a checkout may use; it was removed`,
        { url: redactCredentials(url), ref, maxRepoBytes },
      );
    const limit = previous === undefined ? maxRepoBytes : 2 * maxRepoBytes;
    const fetchArgs = ['fetch', '--quiet', '--depth=1', '--no-tags', '--no-recurse-submodules', '--', url];
    await watched(dir, limit, tooLarge, (signal) =>
      git([...inCheckout(dir), ...fetchArgs, ref ?? 'HEAD'], signal),
    ).catch((error: unknown) => {
      throw error instanceof PayloadTooLargeError ? error : fetchError(error, { url, ref, timeoutMs });
    });
    const fetched = await git([
      ...inCheckout(dir),
      'rev-parse',
      '--verify',
      '--quiet',
      'FETCH_HEAD^{commit}',
    ]).catch((error: unknown) => {
      throw localGitError('rev-parse FETCH_HEAD', error);
    });
    const commit = fetched.stdout.trim();
    const resetArgs = ['reset', '--quiet', '--hard', '--no-recurse-submodules', commit];
    await watched(dir, limit, tooLarge, (signal) => git([...inCheckout(dir), ...resetArgs], signal)).catch(
      (error: unknown) => {
        throw error instanceof PayloadTooLargeError ? error : localGitError('reset', error);
      },
    );
    if (commit === previous) return commit;
    if (previous !== undefined) {
      await git([...inCheckout(dir), 'gc', '--quiet', '--prune=now']).catch((error: unknown) => {
        throw localGitError('gc', error);
      });
    }
    if ((await measureDirectory(dir, maxRepoBytes)) > maxRepoBytes) throw tooLarge();
    return commit;
  }

  async function clone(url: string, ref: string | undefined, dir: string): Promise<string> {
    // Cloned next to its final place and renamed when complete: `dir` never holds half a clone.
    const partial = `${dir}.partial`;
    await rm(dir, { recursive: true, force: true });
    await rm(partial, { recursive: true, force: true });
    try {
      await git(['init', '--quiet', '--template=', '--', partial]).catch((error: unknown) => {
        throw localGitError('init', error);
      });
      const commit = await fetchAndCheckout(url, ref, partial, undefined);
      await rename(partial, dir);
      return commit;
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  }

  async function update(
    url: string,
    ref: string | undefined,
    dir: string,
    previous: string,
  ): Promise<string> {
    try {
      return await fetchAndCheckout(url, ref, dir, previous);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  async function syncNow(url: string, ref: string | undefined, dir: string): Promise<GitCheckout> {
    const started = Date.now();
    const context = { url: redactCredentials(url), ref, dir };
    try {
      await mkdir(cacheDir, { recursive: true });
      const previous = await headCommit(dir);
      const commit =
        previous === undefined ? await clone(url, ref, dir) : await update(url, ref, dir, previous);
      const checkout = { dir, commit, changed: commit !== previous };
      log?.info(
        { ...context, commit, changed: checkout.changed, ms: Date.now() - started },
        'git checkout synced',
      );
      return checkout;
    } catch (error) {
      log?.warn(
        { ...context, error: error instanceof Error ? error.message : String(error) },
        'git checkout failed',
      );
      throw error;
    }
  }

  return {
    sync(url, ref) {
      let dir: string;
      try {
        dir = checkoutDir(url, ref);
      } catch (error) {
        return Promise.reject(error);
      }
      return operations.sync(dir, () => syncNow(url, ref, dir));
    },
    async remove(url, ref) {
      const dir = checkoutDir(url, ref);
      await operations.remove(dir, async () => {
        await rm(dir, { recursive: true, force: true });
        await rm(`${dir}.partial`, { recursive: true, force: true });
        log?.info({ url: redactCredentials(url), ref, dir }, 'git checkout removed');
      });
    },
    dirOf: (url, ref) => checkoutDir(url, ref),
  };
}

type Operation = { kind: 'sync'; promise: Promise<GitCheckout> } | { kind: 'remove'; promise: Promise<void> };

/**
 * Serialises the operations on one checkout: a sync asked for while another sync of the same
 * checkout runs or waits shares that one; anything else waits for the operation before it.
 */
function createOperationQueue() {
  const last = new Map<string, Operation>();
  function enqueue(key: string, operation: Operation): void {
    last.set(key, operation);
    const forget = () => {
      if (last.get(key) === operation) last.delete(key);
    };
    operation.promise.then(forget, forget);
  }
  const settled = (key: string) => last.get(key)?.promise.then(noop, noop) ?? Promise.resolve();
  return {
    sync(key: string, run: () => Promise<GitCheckout>): Promise<GitCheckout> {
      const current = last.get(key);
      if (current?.kind === 'sync') return current.promise;
      const promise = settled(key).then(run);
      enqueue(key, { kind: 'sync', promise });
      return promise;
    },
    remove(key: string, run: () => Promise<void>): Promise<void> {
      const promise = settled(key).then(run);
      enqueue(key, { kind: 'remove', promise });
      return promise;
    },
  };
}

function noop(): void {}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${bytes} bytes`;
}
