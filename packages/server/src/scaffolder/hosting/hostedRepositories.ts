import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConflictError, InputError } from '@paved/model';
import { localGitError, runGit } from '../../catalog/git/index.ts';

/**
 * An owner or repository name of Paved's git hosting: lower case, digits, `.`, `_`, `-`; starts
 * with a letter or digit (so never `.`, `..` or an option), never ends in `.git` or `.lock`.
 * Lower case only, so that two names never share a folder on a case-insensitive disk.
 */
const HOSTED_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** Whether `name` may be an owner or repository name of the hosting (see {@link HOSTED_NAME}). */
export function isHostedName(name: string): boolean {
  return HOSTED_NAME.test(name) && !name.endsWith('.git') && !name.endsWith('.lock') && !name.includes('..');
}

/** Throws `InputError` unless `owner` and `name` are valid hosted names. */
export function checkHostedRepository(owner: string, name: string): void {
  for (const [what, value] of [
    ['owner', owner],
    ['repository name', name],
  ] as const) {
    if (!isHostedName(value)) {
      throw new InputError(
        `${JSON.stringify(value)} is not a valid ${what} for Paved's git hosting: use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit (at most 100 characters, not ending in ".git")`,
      );
    }
  }
}

/** The folder of a hosted bare repository: `<root>/<owner>/<name>.git`. */
export function hostedRepositoryPath(root: string, owner: string, name: string): string {
  checkHostedRepository(owner, name);
  return join(resolve(root), owner, `${name}.git`);
}

/** The clone URL of a hosted repository: `<baseUrl>/git/<owner>/<name>.git`. */
export function hostedRepositoryUrl(baseUrl: string, owner: string, name: string): string {
  checkHostedRepository(owner, name);
  return `${baseUrl.replace(/\/+$/, '')}/git/${owner}/${name}.git`;
}

export interface CreateHostedRepositoryOptions {
  root: string;
  owner: string;
  name: string;
  defaultBranch: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Makes the bare repository `<root>/<owner>/<name>.git` (HEAD on `defaultBranch`) and answers
 * its `file://` URL to push to. An existing empty repository is reused (a retried task); one
 * that already has branches is a conflict: publishing never overwrites a repository.
 */
export async function createHostedRepository(options: CreateHostedRepositoryOptions): Promise<string> {
  const dir = hostedRepositoryPath(options.root, options.owner, options.name);
  await mkdir(dir, { recursive: true });
  const git = (args: string[]) =>
    runGit(args, options.signal ? { timeoutMs: options.timeoutMs, signal: options.signal } : options);
  try {
    await git(['init', '--quiet', '--bare', `--initial-branch=${options.defaultBranch}`, '--', dir]);
    const refs = await git([`--git-dir=${dir}`, 'for-each-ref', '--count=1', '--format=%(refname)']);
    if (refs.stdout.trim() !== '') {
      throw new ConflictError(
        `The repository ${options.owner}/${options.name} already exists in Paved's git hosting and is not empty`,
      );
    }
    // Served read-only over HTTP whatever a client asks (git http-backend also checks this).
    await git([`--git-dir=${dir}`, 'config', 'http.receivepack', 'false']);
  } catch (error) {
    if (error instanceof ConflictError) throw error;
    throw localGitError('init', error);
  }
  return pathToFileURL(dir).href;
}
