// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the examples are Backstage template expressions, not JavaScript template literals
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, PavedError } from '@paved/model';
import {
  checkCloneUrl,
  checkRef,
  GitCommandError,
  redactCredentials,
  runGit,
  sanitizeGitOutput,
} from '../../catalog/git/index.ts';
import { createHostedRepository, hostedRepositoryUrl } from '../hosting/index.ts';
import { type ActionContext, createTemplateAction } from './types.ts';

export interface PublishGitInput {
  repoUrl: string;
  defaultBranch?: string;
  gitCommitMessage?: string;
  gitAuthorName?: string;
  gitAuthorEmail?: string;
  sourcePath?: string;
}

export interface PublishGitActionOptions {
  /**
   * Whether `file://` remotes are accepted. Off by default: a template could otherwise push into
   * any repository on the server's disk. Paved's own hosting (`paved://`) does not need it.
   */
  allowFileRemotes?: boolean;
  /** Longest one git command may run. Default 120 000 ms. */
  timeoutMs?: number;
}

const DEFAULT_AUTHOR = { name: 'Paved Scaffolder', email: 'scaffolder@paved.invalid' };
const PUSH_SCHEMES = new Set(['https', 'http', 'file']);

/** Where a `repoUrl` says to publish: Paved's own hosting, or a remote git can push to. */
export type PublishTarget = { kind: 'hosted'; owner: string; name: string } | { kind: 'remote'; url: string };

/**
 * Reads `repoUrl`: `paved://<owner>/<name>` or the RepoUrlPicker form `paved?owner=<owner>&repo=<name>`
 * name a repository of Paved's hosting; anything else must be an `https://`, `http://` (or, when
 * allowed, `file://`) clone URL. ssh, scp-like addresses and remote helpers (`ext::`, `fd::`) are
 * refused: the server's own ssh keys are not for templates to use.
 */
export function parsePublishTarget(
  repoUrl: string,
  options: { allowFileRemotes?: boolean } = {},
): PublishTarget {
  const text = repoUrl.trim();
  const hosted = /^paved:\/\/([^/?#]+)\/([^/?#]+?)(?:\.git)?\/?$/.exec(text);
  if (hosted) return { kind: 'hosted', owner: hosted[1] ?? '', name: hosted[2] ?? '' };
  if (/^paved\?/.test(text)) {
    const query = new URLSearchParams(text.slice('paved?'.length));
    const owner = query.get('owner');
    const name = query.get('repo');
    if (!owner || !name) {
      throw new InputError(
        `The repoUrl ${JSON.stringify(text)} names no owner or repo (paved?owner=<owner>&repo=<name>)`,
      );
    }
    return { kind: 'hosted', owner, name };
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text)?.[1]?.toLowerCase();
  const allowed = new Set(PUSH_SCHEMES);
  if (!options.allowFileRemotes) allowed.delete('file');
  if (scheme === undefined || !allowed.has(scheme)) {
    throw new InputError(
      `publish:git cannot push to ${JSON.stringify(redactCredentials(text))}: expected paved://<owner>/<name> (Paved's git hosting) or an ${[...allowed].map((s) => `${s}://`).join(', ')} URL; ssh, scp-like addresses and remote helpers are refused`,
    );
  }
  checkCloneUrl(text);
  return { kind: 'remote', url: text };
}

/** The author of the commit: the inputs, else the user's catalog profile, else Paved's default. */
export function authorOf(
  ctx: Pick<ActionContext<{ gitAuthorName?: string; gitAuthorEmail?: string }>, 'input' | 'user'>,
): { name: string; email: string } {
  const profile = (
    ctx.user.entity as { spec?: { profile?: { displayName?: unknown; email?: unknown } } } | undefined
  )?.spec?.profile;
  const text = (value: unknown) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  return {
    name: text(ctx.input.gitAuthorName) ?? text(profile?.displayName) ?? DEFAULT_AUTHOR.name,
    email: text(ctx.input.gitAuthorEmail) ?? text(profile?.email) ?? DEFAULT_AUTHOR.email,
  };
}

/** The error of a failed git command, with git's redacted stderr. */
function publishError(operation: string, destination: string, error: unknown, timeoutMs: number): Error {
  if (!(error instanceof GitCommandError)) return error instanceof Error ? error : new Error(String(error));
  const said = sanitizeGitOutput(error.stderr);
  const suffix = said === '' ? '' : ` — git: ${said}`;
  if (error.reason === 'timeout') {
    return new InputError(
      `git ${operation} to ${destination} took longer than ${timeoutMs / 1000} s${suffix}`,
    );
  }
  if (error.reason === 'aborted')
    return new InputError(`git ${operation} to ${destination} was stopped${suffix}`);
  if (operation === 'push') return new InputError(`Cannot push to ${destination}${suffix}`);
  return new PavedError(`git ${operation} failed while publishing to ${destination}${suffix}`);
}

export interface CommitAndPushOptions {
  /** The folder to commit (the workspace or a folder in it), already resolved inside it. */
  sourceDir: string;
  branch: string;
  /** Where git pushes (may carry credentials; never logged). */
  pushUrl: string;
  /** What logs and errors call the destination (no credentials). */
  remoteUrl: string;
  message?: string | undefined;
  author: { name: string; email: string };
  timeoutMs: number;
  /** Settings for the push only, kept out of the process list (an `http.extraHeader` with a token). */
  pushConfig?: readonly (readonly [string, string])[];
}

/**
 * Commits `sourceDir` as the first commit of `branch` and pushes it. The commit is made with a git
 * folder of its own in a temporary folder, never a `.git` of the workspace: a skeleton could carry
 * a `.git/config` whose filters or helpers run commands.
 */
export async function commitAndPush(
  ctx: Pick<ActionContext, 'logger' | 'signal'>,
  options: CommitAndPushOptions,
): Promise<{ commitHash: string }> {
  const { branch, remoteUrl, timeoutMs } = options;
  const git = (args: string[], secretConfig?: CommitAndPushOptions['pushConfig']) =>
    runGit(args, { timeoutMs, signal: ctx.signal, ...(secretConfig ? { secretConfig } : {}) });
  const scratch = await mkdtemp(join(tmpdir(), 'paved-publish-'));
  try {
    const gitDir = join(scratch, 'repo.git');
    await git(['init', '--quiet', '--bare', `--initial-branch=${branch}`, '--', gitDir]).catch((error) => {
      throw publishError('init', remoteUrl, error, timeoutMs);
    });
    // `-C` first: pathspecs and `.gitignore` lookups are relative to the working folder.
    const inRepo = [
      '-C',
      options.sourceDir,
      `--git-dir=${gitDir}`,
      `--work-tree=${options.sourceDir}`,
      '-c',
      'core.bare=false',
    ];
    const { name, email } = options.author;
    await git([...inRepo, 'add', '--all']).catch((error) => {
      throw publishError('add', remoteUrl, error, timeoutMs);
    });
    await git([
      ...inRepo,
      ...['-c', `user.name=${name}`, '-c', `user.email=${email}`, '-c', 'commit.gpgSign=false'],
      'commit',
      '--quiet',
      '--no-verify',
      '--allow-empty',
      '-m',
      options.message ?? 'initial commit',
    ]).catch((error) => {
      throw publishError('commit', remoteUrl, error, timeoutMs);
    });
    const commitHash = (await git([`--git-dir=${gitDir}`, 'rev-parse', 'HEAD'])).stdout.trim();
    ctx.logger.info(`Pushing ${commitHash} to ${remoteUrl} (branch ${branch}) as ${name} <${email}>`);
    await git(
      [`--git-dir=${gitDir}`, 'push', '--quiet', '--', options.pushUrl, `HEAD:refs/heads/${branch}`],
      options.pushConfig,
    ).catch((error) => {
      throw publishError('push', remoteUrl, error, timeoutMs);
    });
    return { commitHash };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * `publish:git`: commits the workspace (or `sourcePath` in it) as the first commit of
 * `defaultBranch` and pushes it to `repoUrl` — a remote the git CLI reaches over https/http, or
 * Paved's own hosting (`paved://owner/name`), where the bare repository is created first.
 */
export function createPublishGitAction(options: PublishGitActionOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return createTemplateAction<PublishGitInput>({
    id: 'publish:git',
    description:
      "Initializes a git repository of the content in the workspace, and publishes it to a git remote (https, http) or to Paved's own git hosting (paved://owner/name).",
    examples: [
      {
        description: "Publish to Paved's git hosting",
        example: "repoUrl: paved://${{ parameters.owner | replace('group:', '') }}/${{ parameters.name }}",
      },
      {
        description: 'Publish to a remote git server',
        example: 'repoUrl: https://git.example.com/platform/${{ parameters.name }}.git\ndefaultBranch: main',
      },
    ],
    supportsDryRun: false,
    schema: {
      input: {
        type: 'object',
        required: ['repoUrl'],
        properties: {
          repoUrl: {
            type: 'string',
            title: 'Repository Location',
            description:
              "paved://<owner>/<name> (or paved?owner=<owner>&repo=<name>) for Paved's git hosting, else an https:// or http:// clone URL",
            minLength: 1,
          },
          defaultBranch: {
            type: 'string',
            title: 'Default Branch',
            description: "Sets the default branch on the repository. The default value is 'main'",
          },
          gitCommitMessage: {
            type: 'string',
            title: 'Git Commit Message',
            description: "Sets the commit message on the repository. The default value is 'initial commit'",
          },
          gitAuthorName: {
            type: 'string',
            title: 'Default Author Name',
            description: "Sets the author name for the commit. The default is the user's display name",
          },
          gitAuthorEmail: {
            type: 'string',
            title: 'Default Author Email',
            description: "Sets the author email for the commit. The default is the user's email",
          },
          sourcePath: {
            type: 'string',
            title: 'Source Path',
            description: 'Path within the workspace that will be used as the repository root.',
          },
        },
      },
      output: {
        type: 'object',
        properties: {
          remoteUrl: { type: 'string', title: 'A URL to the repository with the provider' },
          repoContentsUrl: {
            type: 'string',
            title:
              'A URL to the root of the repository: <clone-url>#<branch> (catalog:register appends :<path>)',
          },
          commitHash: { type: 'string', title: 'The git commit hash of the initial commit' },
        },
      },
    },
    async handler(ctx) {
      const branch = ctx.input.defaultBranch ?? 'main';
      if (branch.startsWith('refs/'))
        throw new InputError(`defaultBranch is a branch name, not a ref: ${branch}`);
      checkRef(branch);
      const target = parsePublishTarget(ctx.input.repoUrl, options);
      const sourceDir = await ctx.workspace.resolve(ctx.input.sourcePath ?? '.');

      let pushUrl: string;
      let remoteUrl: string;
      if (target.kind === 'hosted') {
        const hosting = ctx.services?.gitHosting;
        if (!hosting) {
          throw new PavedError(
            "publish:git cannot publish to paved:// repositories: this server runs without Paved's git hosting",
          );
        }
        remoteUrl = hostedRepositoryUrl(hosting.baseUrl, target.owner, target.name);
        pushUrl = await createHostedRepository({
          root: hosting.root,
          owner: target.owner,
          name: target.name,
          defaultBranch: branch,
          timeoutMs,
          signal: ctx.signal,
        });
      } else {
        pushUrl = target.url;
        remoteUrl = redactCredentials(target.url);
      }

      const { commitHash } = await commitAndPush(ctx, {
        sourceDir,
        branch,
        pushUrl,
        remoteUrl,
        message: ctx.input.gitCommitMessage,
        author: authorOf(ctx),
        timeoutMs,
      });
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', `${remoteUrl}#${branch}`);
      ctx.output('commitHash', commitHash);
    },
  });
}

/** `publish:git` with the defaults (no `file://` remotes). */
export const publishGitAction = createPublishGitAction();
