// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the examples are Backstage template expressions, not JavaScript template literals
import { InputError, PavedError } from '@paved/model';
import { redactCredentials } from '../../catalog/git/index.ts';
import { parseRepoUrl } from '../templating/index.ts';
import { providerCaller, providerJson, publishPrerequisites } from './providerApi.ts';
import { authorOf, commitAndPush } from './publish-git.ts';
import { createTemplateAction } from './types.ts';

export interface PublishGitlabInput {
  repoUrl: string;
  repoVisibility?: 'private' | 'internal' | 'public';
  defaultBranch?: string;
  gitCommitMessage?: string;
  gitAuthorName?: string;
  gitAuthorEmail?: string;
  sourcePath?: string;
  topics?: string[];
  settings?: { description?: string; topics?: string[] };
  token?: string;
}

export interface PublishGitlabActionOptions {
  /** The REST API base of a host; default `https://<host>/api/v4`. Tests point it at a local server. */
  apiBaseUrl?(host: string): string;
  /** Longest one git command or API call may run. Default 120 000 ms. */
  timeoutMs?: number;
}

/**
 * `publish:gitlab`: looks up the owner's namespace (`GET /namespaces/:id`), creates the project
 * (`POST /projects`), then pushes the workspace. The token comes from the `token` input; it is sent
 * as `PRIVATE-TOKEN` to the API and as an `Authorization` header to git, never in a URL.
 */
export function createPublishGitlabAction(options: PublishGitlabActionOptions = {}) {
  const apiBaseUrl = options.apiBaseUrl ?? ((host: string) => `https://${host}/api/v4`);
  const timeoutMs = options.timeoutMs ?? 120_000;
  return createTemplateAction<PublishGitlabInput>({
    id: 'publish:gitlab',
    description:
      'Initializes a git repository of the content in the workspace, and publishes it to GitLab (project created through the REST API).',
    examples: [
      {
        description: 'Publish to a new GitLab project',
        example:
          'repoUrl: gitlab.com?owner=platform&repo=${{ parameters.name }}\ntoken: ${{ secrets.gitlabToken }}',
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
            description: 'gitlab.com?owner=<group path>&repo=<name>',
            minLength: 1,
          },
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
          sourcePath: { type: 'string', title: 'Source Path' },
          topics: { type: 'array', items: { type: 'string' }, title: 'Topic labels' },
          settings: {
            type: 'object',
            title: 'Project settings',
            properties: {
              description: { type: 'string' },
              topics: { type: 'array', items: { type: 'string' } },
            },
          },
          token: {
            type: 'string',
            title: 'Authentication Token',
            description: 'The token used to call GitLab and push',
          },
        },
      },
      output: {
        type: 'object',
        properties: {
          remoteUrl: { type: 'string', title: 'A URL to the repository with the provider' },
          repoContentsUrl: { type: 'string', title: 'A URL to the root of the repository' },
          projectId: { type: 'number', title: 'The ID of the project' },
          commitHash: { type: 'string', title: 'The git commit hash of the initial commit' },
          created: { type: 'boolean', title: 'Whether the project was created' },
        },
      },
    },
    async handler(ctx) {
      const spec = parseRepoUrl(ctx.input.repoUrl);
      const owner = spec.owner ?? spec.project;
      if (!owner || !spec.repo) {
        throw new InputError(
          `publish:gitlab needs repoUrl <host>?owner=<group>&repo=<name>; got ${ctx.input.repoUrl}`,
        );
      }
      const { token, branch, sourceDir } = await publishPrerequisites(ctx, 'GitLab');
      const call = providerCaller({
        api: apiBaseUrl(spec.host),
        headers: { 'private-token': token },
        signal: ctx.signal,
        timeoutMs,
      });

      const namespace = await providerJson(
        'GitLab',
        await call('GET', `/namespaces/${encodeURIComponent(owner)}`),
        `Looking up the namespace ${owner}`,
      );
      if (typeof namespace.id !== 'number')
        throw new PavedError(`GitLab's answer for the namespace ${owner} has no id`);
      const topics = ctx.input.settings?.topics ?? ctx.input.topics;
      const description = ctx.input.settings?.description;
      ctx.logger.info(`Creating the GitLab project ${owner}/${spec.repo}`);
      const project = await providerJson(
        'GitLab',
        await call('POST', '/projects', {
          name: spec.repo,
          path: spec.repo,
          namespace_id: namespace.id,
          visibility: ctx.input.repoVisibility ?? 'private',
          default_branch: branch,
          ...(topics ? { topics } : {}),
          ...(description === undefined ? {} : { description }),
        }),
        `Creating ${owner}/${spec.repo}`,
      );
      const cloneUrl = project.http_url_to_repo;
      if (typeof cloneUrl !== 'string' || typeof project.id !== 'number') {
        throw new PavedError(`GitLab's answer for ${owner}/${spec.repo} has no id or http_url_to_repo`);
      }
      const basic = Buffer.from(`oauth2:${token}`).toString('base64');
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
      const remoteUrl = cloneUrl.replace(/\.git$/, '');
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', `${remoteUrl}/-/blob/${branch}`);
      ctx.output('projectId', project.id);
      ctx.output('commitHash', commitHash);
      ctx.output('created', true);
    },
  });
}

/** `publish:gitlab` against gitlab.com and self-managed GitLab hosts. */
export const publishGitlabAction = createPublishGitlabAction();
