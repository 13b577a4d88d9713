/**
 * publish:github and publish:gitlab against a local HTTP server that follows GitHub's documented REST contract
 * (https://docs.github.com/en/rest/repos/repos: GET /users/{username}, POST /orgs/{org}/repos,
 * POST /user/repos, PUT /repos/{owner}/{repo}/topics; 201 with clone_url and html_url, 422 when the
 * name exists) and serves the created repositories over git's smart HTTP with `git http-backend`,
 * pushes allowed only with `Authorization: Basic x-access-token:<token>` as GitHub accepts them.
 * The same server follows GitLab's documented contract under /api/v4
 * (https://docs.gitlab.com/api/namespaces/, https://docs.gitlab.com/api/projects/#create-a-project:
 * GET /namespaces/:id, POST /projects → 201 with id, http_url_to_repo, web_url; 400 "has already
 * been taken"), `PRIVATE-TOKEN` header, pushes with Basic `oauth2:<token>`.
 * It is neither GitHub nor GitLab: it checks what Paved sends, not what they would do with it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createPublishGithubAction,
  createPublishGitlabAction,
  type TemplateAction,
} from '../src/scaffolder/actions/index.ts';
import { LocalTemplateBase, Workspace } from '../src/scaffolder/workspace/index.ts';
import { answerWithGitHttpBackend } from '../src/testing/git-http-backend.ts';

const execFileAsync = promisify(execFile);
const TOKEN = 'ghp_test_token_123';

interface Call {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

let root: string;
let server: Server;
let base: string;
const calls: Call[] = [];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function handleApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const text = await readBody(req);
  calls.push({
    method: req.method ?? '',
    path,
    authorization: req.headers.authorization,
    body: text ? JSON.parse(text) : undefined,
  });
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(res, 401, { message: 'Bad credentials' });
  const user = /^\/users\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && user) {
    return json(res, 200, { login: user[1], type: user[1] === 'acme' ? 'Organization' : 'User' });
  }
  const org = /^\/orgs\/([^/]+)\/repos$/.exec(path);
  if (req.method === 'POST' && (org || path === '/user/repos')) {
    const owner = org?.[1] ?? 'jane';
    const { name } = JSON.parse(text) as { name: string };
    const dir = join(root, owner, `${name}.git`);
    try {
      await execFileAsync('git', ['init', '--quiet', '--bare', dir]);
      const { stdout } = await execFileAsync('git', ['--git-dir', dir, 'for-each-ref']);
      if (stdout.trim() !== '') throw new Error('exists');
    } catch {
      return json(res, 422, {
        message: 'Repository creation failed.',
        errors: [{ message: 'name already exists on this account' }],
      });
    }
    return json(res, 201, {
      full_name: `${owner}/${name}`,
      clone_url: `${base}/${owner}/${name}.git`,
      html_url: `${base}/${owner}/${name}`,
    });
  }
  if (req.method === 'PUT' && /^\/repos\/[^/]+\/[^/]+\/topics$/.test(path))
    return json(res, 200, JSON.parse(text));
  return json(res, 404, { message: 'Not Found' });
}

async function handleGitlab(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const text = await readBody(req);
  calls.push({
    method: req.method ?? '',
    path,
    authorization: req.headers['private-token'] as string | undefined,
    body: text ? JSON.parse(text) : undefined,
  });
  if (req.headers['private-token'] !== TOKEN) return json(res, 401, { message: '401 Unauthorized' });
  const namespaces: Record<string, number> = { platform: 7, 'platform/web': 8 };
  const namespace = /^\/namespaces\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && namespace) {
    const fullPath = decodeURIComponent(namespace[1] ?? '');
    const id = namespaces[fullPath];
    return id === undefined
      ? json(res, 404, { message: '404 Namespace Not Found' })
      : json(res, 200, { id, full_path: fullPath });
  }
  if (req.method === 'POST' && path === '/projects') {
    const input = JSON.parse(text) as { path: string; namespace_id: number };
    const fullPath = Object.entries(namespaces).find(([, id]) => id === input.namespace_id)?.[0];
    if (!fullPath) return json(res, 404, { message: '404 Namespace Not Found' });
    const dir = join(root, fullPath, `${input.path}.git`);
    const { stdout } = await execFileAsync('git', ['init', '--quiet', '--bare', dir]).then(() =>
      execFileAsync('git', ['--git-dir', dir, 'for-each-ref']),
    );
    if (stdout.trim() !== '') {
      return json(res, 400, {
        message: { name: ['has already been taken'], path: ['has already been taken'] },
      });
    }
    return json(res, 201, {
      id: 42,
      http_url_to_repo: `${base}/${fullPath}/${input.path}.git`,
      web_url: `${base}/${fullPath}/${input.path}`,
    });
  }
  return json(res, 404, { message: '404 Not Found' });
}

function handleGit(req: IncomingMessage, res: ServerResponse): void {
  const accepted = ['x-access-token', 'oauth2'].map(
    (user) => `Basic ${Buffer.from(`${user}:${TOKEN}`).toString('base64')}`,
  );
  if (!accepted.includes(req.headers.authorization ?? '')) {
    res.writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"' });
    res.end();
    return;
  }
  answerWithGitHttpBackend(req, res, { root, remoteUser: 'x-access-token' });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'paved-github-test-'));
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/v3/')) void handleApi(req, res, url.pathname.slice('/api/v3'.length));
    else if (url.pathname.startsWith('/api/v4/'))
      void handleGitlab(req, res, url.pathname.slice('/api/v4'.length));
    else handleGit(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

let workspace: Workspace;
beforeEach(async () => {
  calls.length = 0;
  workspace = await Workspace.create();
  await workspace.writeFile('README.md', '# svc\n');
});
afterEach(async () => {
  await workspace.dispose();
});

async function run(action: TemplateAction, input: Record<string, unknown>) {
  const output: Record<string, unknown> = {};
  const log: string[] = [];
  await action.handler({
    input,
    workspace,
    templateBase: new LocalTemplateBase(workspace.root),
    logger: { info: (m) => log.push(m), warn: (m) => log.push(m), error: (m) => log.push(m) },
    output: (name, value) => {
      output[name] = value;
    },
    secrets: { token: TOKEN },
    user: {},
    isDryRun: false,
    signal: new AbortController().signal,
    step: { id: 'publish', name: 'Publish' },
    templating: {},
  });
  return { output, log };
}

describe('publish:github (local server following the GitHub REST contract)', () => {
  const publish = createPublishGithubAction({ apiBaseUrl: () => `${base}/api/v3`, timeoutMs: 30_000 });

  it('creates the repository in the organisation, then pushes the workspace with the token', async () => {
    const host = new URL(base).host;
    const { output, log } = await run(publish, {
      repoUrl: `${host}?owner=acme&repo=svc`,
      description: 'A service',
      repoVisibility: 'internal',
      topics: ['Go', 'service'],
      token: TOKEN,
    });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /users/acme',
      'POST /orgs/acme/repos',
      'PUT /repos/acme/svc/topics',
    ]);
    expect(calls[1]?.body).toEqual({
      name: 'svc',
      private: true,
      visibility: 'internal',
      description: 'A service',
    });
    expect(calls[2]?.body).toEqual({ names: ['go', 'service'] });
    expect(output.remoteUrl).toBe(`${base}/acme/svc.git`);
    expect(output.repoContentsUrl).toBe(`${base}/acme/svc/blob/main`);
    const { stdout } = await execFileAsync('git', [
      '--git-dir',
      join(root, 'acme', 'svc.git'),
      'show',
      'main:README.md',
    ]);
    expect(stdout).toBe('# svc\n');
    expect(log.join('\n')).not.toContain(TOKEN);
  });

  it("creates a user's repository through /user/repos", async () => {
    await run(publish, { repoUrl: 'github.com?owner=jane&repo=tool', token: TOKEN });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /users/jane', 'POST /user/repos']);
    expect(await readFile(join(root, 'jane', 'tool.git', 'HEAD'), 'utf8')).toContain('ref:');
  });

  it('reports an existing repository as a conflict, and a missing token clearly', async () => {
    await run(publish, { repoUrl: 'github.com?owner=acme&repo=dup', token: TOKEN });
    await expect(run(publish, { repoUrl: 'github.com?owner=acme&repo=dup', token: TOKEN })).rejects.toThrow(
      /GitHub answered 422 .*already exists/,
    );
    await expect(run(publish, { repoUrl: 'github.com?owner=acme&repo=x' })).rejects.toThrow(/needs a token/);
    await expect(run(publish, { repoUrl: 'github.com?owner=acme&repo=x', token: 'wrong' })).rejects.toThrow(
      /GitHub answered 401 Bad credentials/,
    );
  });
});

describe('publish:gitlab (local server following the GitLab REST contract)', () => {
  const publish = createPublishGitlabAction({ apiBaseUrl: () => `${base}/api/v4`, timeoutMs: 30_000 });

  it('creates the project in the namespace, then pushes the workspace with the token', async () => {
    const { output, log } = await run(publish, {
      repoUrl: 'gitlab.example.com?owner=platform/web&repo=shop',
      repoVisibility: 'internal',
      settings: { description: 'Shop', topics: ['web'] },
      token: TOKEN,
    });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /namespaces/platform%2Fweb',
      'POST /projects',
    ]);
    expect(calls[1]?.body).toEqual({
      name: 'shop',
      path: 'shop',
      namespace_id: 8,
      visibility: 'internal',
      default_branch: 'main',
      topics: ['web'],
      description: 'Shop',
    });
    expect(output).toMatchObject({
      remoteUrl: `${base}/platform/web/shop`,
      repoContentsUrl: `${base}/platform/web/shop/-/blob/main`,
      projectId: 42,
      created: true,
    });
    const { stdout } = await execFileAsync('git', [
      '--git-dir',
      join(root, 'platform', 'web', 'shop.git'),
      'rev-parse',
      'main',
    ]);
    expect(stdout.trim()).toBe(output.commitHash);
    expect(log.join('\n')).not.toContain(TOKEN);
  });

  it('reports a taken name as a conflict and an unknown namespace clearly', async () => {
    await run(publish, { repoUrl: 'gitlab.com?owner=platform&repo=dup', token: TOKEN });
    await expect(
      run(publish, { repoUrl: 'gitlab.com?owner=platform&repo=dup', token: TOKEN }),
    ).rejects.toThrow(/GitLab answered 400 .*has already been taken/);
    await expect(run(publish, { repoUrl: 'gitlab.com?owner=nobody&repo=x', token: TOKEN })).rejects.toThrow(
      /Looking up the namespace nobody: GitLab answered 404 404 Namespace Not Found/,
    );
  });
});
