// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the examples are Backstage template expressions, not JavaScript template literals
import { InputError, PavedError } from '@paved/model';
import { redactCredentials } from '../../catalog/git/index.ts';
import { parseRepoUrl } from '../templating/index.ts';
import { providerCaller, providerJson, publishPrerequisites } from './providerApi.ts';
import { authorOf, commitAndPush } from './publish-git.ts';
import { createTemplateAction } from './types.ts';

export interface PublishGithubInput {
  repoUrl: string;
  description?: string;
  homepage?: string;
  repoVisibility?: 'private' | 'internal' | 'public';
  defaultBranch?: string;
  gitCommitMessage?: string;
  gitAuthorName?: string;
  gitAuthorEmail?: string;
  sourcePath?: string;
  topics?: string[];
  token?: string;
}

export interface PublishGithubActionOptions {
  /**
   * The REST API base of a host: `https://api.github.com` for github.com, `https://<host>/api/v3`
   * for GitHub Enterprise Server (the default). Tests point it at a local server.
   */
  apiBaseUrl?(host: string): string;
  /** Longest one git command or API call may run. Default 120 000 ms. */
  timeoutMs?: number;
}

const defaultApiBaseUrl = (host: string) =>
  host === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`;

/**
 * `publish:github`: creates the repository through GitHub's REST API (`POST /orgs/{org}/repos`,
 * or `POST /user/repos` when the owner is the token's user), then pushes the workspace to it.
 * The token comes from the `token` input (`${{ secrets.token }}`): Paved has no GitHub
 * integration configuration yet. It travels in an `Authorization` header, never in a URL or a
 * command line.
 */
export function createPublishGithubAction(options: PublishGithubActionOptions = {}) {
  const apiBaseUrl = options.apiBaseUrl ?? defaultApiBaseUrl;
  const timeoutMs = options.timeoutMs ?? 120_000;
  return createTemplateAction<PublishGithubInput>({
    id: 'publish:github',
    description:
      'Initializes a git repository of contents in workspace and publishes it to GitHub (repository created through the REST API).',
    examples: [
      {
        description: 'Publish to a new GitHub repository',
        example:
          'repoUrl: github.com?owner=acme&repo=${{ parameters.name }}\ndefaultBranch: main\nrepoVisibility: private\ntoken: ${{ secrets.githubToken }}',
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
            description: 'github.com?owner=<owner>&repo=<name>',
            minLength: 1,
          },
          description: { type: 'string', title: 'Repository Description' },
          homepage: { type: 'string', title: 'Repository Homepage' },
          repoVisibility: {
            type: 'string',
            enum: ['private', 'internal', 'public'],
            title: 'Repository Visibility',
          },
          defaultBranch: {
            type: 'string',
            title: 'Default Branch',
            description: "The default value is 'main'",
          },
          gitCommitMessage: { type: 'string', title: 'Git Commit Message' },
          gitAuthorName: { type: 'string', title: 'Default Author Name' },
          gitAuthorEmail: { type: 'string', title: 'Default Author Email' },
          sourcePath: {
            type: 'string',
            title: 'Source Path',
            description: 'Path within the workspace used as the repository root',
          },
          topics: { type: 'array', items: { type: 'string' }, title: 'Topics' },
          token: {
            type: 'string',
            title: 'Authentication Token',
            description: 'The token used to call GitHub and push',
          },
        },
      },
      output: {
        type: 'object',
        properties: {
          remoteUrl: { type: 'string', title: 'A URL to the repository with the provider' },
          repoContentsUrl: { type: 'string', title: 'A URL to the root of the repository' },
          commitHash: { type: 'string', title: 'The git commit hash of the initial commit' },
        },
      },
    },
    async handler(ctx) {
      const spec = parseRepoUrl(ctx.input.repoUrl);
      if (!spec.owner || !spec.repo) {
        throw new InputError(
          `publish:github needs repoUrl <host>?owner=<owner>&repo=<name>; got ${ctx.input.repoUrl}`,
        );
      }
      const { token, branch, sourceDir } = await publishPrerequisites(ctx, 'GitHub');
      const call = providerCaller({
        api: apiBaseUrl(spec.host),
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${token}`,
          'x-github-api-version': '2022-11-28',
        },
        signal: ctx.signal,
        timeoutMs,
      });
      const owner = encodeURIComponent(spec.owner);
      const ownerInfo = await providerJson(
        'GitHub',
        await call('GET', `/users/${owner}`),
        `Looking up ${spec.owner}`,
      );
      const visibility = ctx.input.repoVisibility ?? 'private';
      const repository = {
        name: spec.repo,
        private: visibility !== 'public',
        ...(ownerInfo.type === 'Organization' ? { visibility } : {}),
        ...(ctx.input.description === undefined ? {} : { description: ctx.input.description }),
        ...(ctx.input.homepage === undefined ? {} : { homepage: ctx.input.homepage }),
      };
      const path = ownerInfo.type === 'Organization' ? `/orgs/${owner}/repos` : '/user/repos';
      ctx.logger.info(`Creating the GitHub repository ${spec.owner}/${spec.repo} (${visibility})`);
      const created = await providerJson(
        'GitHub',
        await call('POST', path, repository),
        `Creating ${spec.owner}/${spec.repo}`,
      );
      const cloneUrl = created.clone_url;
      const htmlUrl = created.html_url;
      if (typeof cloneUrl !== 'string' || typeof htmlUrl !== 'string') {
        throw new PavedError(`GitHub's answer for ${spec.owner}/${spec.repo} has no clone_url or html_url`);
      }
      if (ctx.input.topics && ctx.input.topics.length > 0) {
        await providerJson(
          'GitHub',
          await call('PUT', `/repos/${owner}/${encodeURIComponent(spec.repo)}/topics`, {
            names: ctx.input.topics.map((t) => t.toLowerCase()),
          }),
          `Setting the topics of ${spec.owner}/${spec.repo}`,
        );
      }
      const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
      const { commitHash } = await commitAndPush(ctx, {
        sourceDir,
        branch,
        pushUrl: cloneUrl,
        remoteUrl: redactCredentials(cloneUrl),
        message: ctx.input.gitCommitMessage,
        author: authorOf(ctx),
        timeoutMs,
        pushConfig: [['http.extraHeader', `Authorization: Basic ${basic}`]],
      });
      ctx.output('remoteUrl', cloneUrl);
      ctx.output('repoContentsUrl', `${htmlUrl}/blob/${branch}`);
      ctx.output('commitHash', commitHash);
    },
  });
}

/** `publish:github` against github.com and GitHub Enterprise Server hosts. */
export const publishGithubAction = createPublishGithubAction();
