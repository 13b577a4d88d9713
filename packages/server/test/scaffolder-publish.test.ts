/**
 * publish:git against real git: a bare repository in a temporary folder, and Paved's own git
 * hosting served over smart HTTP by `gitHostingRoutes` on a bare Fastify instance (loopback).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { NotAllowedError } from '@paved/model';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGitCheckouts } from '../src/catalog/git/index.ts';
import { errorHandler } from '../src/http/errors.ts';
import type { ActionServices, TemplateAction } from '../src/scaffolder/actions/index.ts';
import { createPublishGitAction } from '../src/scaffolder/actions/index.ts';
import { gitHostingRoutes } from '../src/scaffolder/hosting/index.ts';
import { LocalTemplateBase, Workspace } from '../src/scaffolder/workspace/index.ts';

const execFileAsync = promisify(execFile);

/** The status of a GET whose path is sent exactly as written (no dot-segment removal). */
function rawStatus(baseUrl: string, path: string): Promise<number> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, path, method: 'GET' }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}

/** Runs git outside the server's wrapper, as a user on their machine would, with no user config. */
async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      LC_ALL: 'C',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  });
  return stdout.trim();
}

let temp: string;
let workspace: Workspace;

beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'paved-publish-test-'));
  workspace = await Workspace.create();
  await workspace.writeFile('README.md', '# checkout\n');
  await workspace.writeFile('catalog-info.yaml', 'apiVersion: backstage.io/v1alpha1\nkind: Component\n');
  await workspace.writeFile('bin/run.sh', '#!/bin/sh\necho hi\n', 0o755);
});
afterEach(async () => {
  await workspace.dispose();
  await rm(temp, { recursive: true, force: true });
});

async function run(
  action: TemplateAction,
  input: Record<string, unknown>,
  options: { services?: ActionServices; user?: { ref?: string; entity?: unknown } } = {},
): Promise<{ output: Record<string, unknown>; log: string[] }> {
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
    secrets: {},
    user: options.user ?? {},
    isDryRun: false,
    signal: new AbortController().signal,
    step: { id: 'publish', name: 'Publish' },
    templating: {},
    ...(options.services ? { services: options.services } : {}),
  });
  return { output, log };
}

const jane = {
  ref: 'user:default/jane',
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'jane' },
    spec: { profile: { displayName: 'Jane Doe', email: 'jane@example.com' } },
  },
};

describe('publish:git to a remote', () => {
  const publish = createPublishGitAction({ allowFileRemotes: true, timeoutMs: 30_000 });

  it('commits the workspace and pushes it; the clone has the files, the mode and the user as author', async () => {
    const remote = join(temp, 'remote.git');
    await git(temp, 'init', '--bare', '--quiet', remote);
    const url = pathToFileURL(remote).href;
    const { output } = await run(
      publish,
      { repoUrl: url, gitCommitMessage: 'Create checkout' },
      { user: jane },
    );

    const clone = join(temp, 'clone');
    await git(temp, 'clone', '--quiet', '--branch', 'main', url, clone);
    expect(await readFile(join(clone, 'README.md'), 'utf8')).toBe('# checkout\n');
    expect(await git(clone, 'ls-files', '-s', 'bin/run.sh')).toMatch(/^100755 /);
    expect(await git(clone, 'log', '-1', '--format=%an <%ae>|%s')).toBe(
      'Jane Doe <jane@example.com>|Create checkout',
    );
    expect(output).toEqual({
      remoteUrl: url,
      repoContentsUrl: `${url}#main`,
      commitHash: await git(clone, 'rev-parse', 'HEAD'),
    });
  });

  it('publishes sourcePath only, on defaultBranch, with the author of the inputs', async () => {
    const remote = join(temp, 'remote.git');
    await git(temp, 'init', '--bare', '--quiet', remote);
    const url = pathToFileURL(remote).href;
    await run(publish, {
      repoUrl: url,
      sourcePath: 'bin',
      defaultBranch: 'trunk',
      gitAuthorName: 'Bot',
      gitAuthorEmail: 'bot@example.com',
    });
    const clone = join(temp, 'clone');
    await git(temp, 'clone', '--quiet', '--branch', 'trunk', url, clone);
    expect(await git(clone, 'ls-files')).toBe('run.sh');
    expect(await git(clone, 'log', '-1', '--format=%an <%ae>|%s')).toBe(
      'Bot <bot@example.com>|initial commit',
    );
  });

  it("never runs a workspace .git folder's configuration (filters, hooks)", async () => {
    const remote = join(temp, 'remote.git');
    await git(temp, 'init', '--bare', '--quiet', remote);
    const marker = join(temp, 'pwned');
    await workspace.writeFile('.git/config', `[filter "x"]\n\tclean = touch ${marker}\n`);
    await workspace.writeFile('.gitattributes', '* filter=x\n');
    await run(publish, { repoUrl: pathToFileURL(remote).href });
    await expect(readFile(marker)).rejects.toThrow(/ENOENT/);
  });

  it('fails with git’s reason when the remote refuses, without credentials in the message', async () => {
    await expect(run(publish, { repoUrl: 'http://user:s3cret@127.0.0.1:9/nowhere.git' })).rejects.toThrow(
      /Cannot push to http:\/\/\*\*\*@127\.0\.0\.1:9\/nowhere\.git/,
    );
    await expect(run(publish, { repoUrl: 'http://user:s3cret@127.0.0.1:9/nowhere.git' })).rejects.not.toThrow(
      /s3cret/,
    );
  });

  it('refuses a sourcePath outside the workspace and a bad branch', async () => {
    await expect(run(publish, { repoUrl: 'https://h/r.git', sourcePath: '../..' })).rejects.toThrow(
      /leaves the workspace/,
    );
    await expect(run(publish, { repoUrl: 'https://h/r.git', defaultBranch: '-f' })).rejects.toThrow(
      /not a valid ref/,
    );
  });
});

describe("Paved's git hosting", () => {
  const publish = createPublishGitAction({ timeoutMs: 30_000 });
  let root: string;
  let app: FastifyInstance;
  let baseUrl: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'paved-hosting-test-'));
    app = Fastify();
    app.setErrorHandler(errorHandler);
    await app.register(gitHostingRoutes, { root });
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  it('publishes paved://owner/name into a bare repository that clones over HTTP', async () => {
    const services = { gitHosting: { root, baseUrl } };
    const { output } = await run(publish, { repoUrl: 'paved://acme/svc' }, { services, user: jane });
    expect(output.remoteUrl).toBe(`${baseUrl}/git/acme/svc.git`);
    expect(output.repoContentsUrl).toBe(`${baseUrl}/git/acme/svc.git#main`);

    const clone = join(temp, 'clone');
    await git(temp, 'clone', '--quiet', `${baseUrl}/git/acme/svc.git`, clone);
    expect(await readFile(join(clone, 'catalog-info.yaml'), 'utf8')).toContain('kind: Component');
    expect(await git(clone, 'rev-parse', 'HEAD')).toBe(output.commitHash);
    expect(await git(clone, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    // A second fetch (protocol v2, the default) works too.
    await git(clone, 'fetch', '--quiet', 'origin');

    // The catalog reads it as a git source through its own checkouts (shallow fetch of one ref).
    const checkouts = createGitCheckouts({ cacheDir: join(temp, 'checkouts'), timeoutMs: 30_000 });
    const checkout = await checkouts.sync(String(output.remoteUrl), 'main');
    expect(checkout.commit).toBe(output.commitHash);
    expect(await readFile(join(checkout.dir, 'catalog-info.yaml'), 'utf8')).toContain('kind: Component');
  });

  it('refuses to publish over a repository that has commits', async () => {
    const services = { gitHosting: { root, baseUrl } };
    await run(publish, { repoUrl: 'paved?owner=acme&repo=twice' }, { services });
    await expect(run(publish, { repoUrl: 'paved://acme/twice' }, { services })).rejects.toThrow(
      /acme\/twice already exists in Paved's git hosting/,
    );
  });

  it('fails clearly when the server has no hosting, and refuses bad names', async () => {
    await expect(run(publish, { repoUrl: 'paved://acme/svc2' })).rejects.toThrow(
      /runs without Paved's git hosting/,
    );
    const services = { gitHosting: { root, baseUrl } };
    for (const repoUrl of ['paved://../etc', 'paved://acme/..', 'paved://Acme/svc', 'paved://acme/-x']) {
      await expect(run(publish, { repoUrl }, { services }), repoUrl).rejects.toThrow(/is not a valid/);
    }
  });

  it('refuses pushes over HTTP', async () => {
    const services = { gitHosting: { root, baseUrl } };
    await run(publish, { repoUrl: 'paved://acme/readonly' }, { services });
    const clone = join(temp, 'clone');
    await git(temp, 'clone', '--quiet', `${baseUrl}/git/acme/readonly.git`, clone);
    await writeFile(join(clone, 'new.txt'), 'x');
    await git(clone, 'add', 'new.txt');
    await git(clone, 'commit', '--quiet', '-m', 'sneaky');
    await expect(git(clone, 'push', '--quiet', 'origin', 'HEAD:main')).rejects.toThrow(
      /403|read-only|not allowed/i,
    );

    const infoRefs = await fetch(`${baseUrl}/git/acme/readonly.git/info/refs?service=git-receive-pack`);
    expect(infoRefs.status).toBe(403);
    const receive = await fetch(`${baseUrl}/git/acme/readonly.git/git-receive-pack`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-git-receive-pack-request' },
      body: '0000',
    });
    expect(receive.status).toBe(403);
  });

  it('refuses traversal, unknown repositories and the dumb protocol', async () => {
    await mkdir(join(root, 'secret'), { recursive: true });
    await writeFile(join(root, 'secret', 'x'), 'x');
    for (const path of [
      '/git/..%2f..%2fetc/passwd.git/info/refs?service=git-upload-pack',
      '/git/acme/..%2F..%2Fsecret.git/info/refs?service=git-upload-pack',
      '/git/acme/svc/info/refs?service=git-upload-pack',
      '/git/ACME/svc.git/info/refs?service=git-upload-pack',
    ]) {
      const response = await fetch(`${baseUrl}${path}`);
      expect(response.status, path).toBe(400);
    }
    // Sent as written: fetch() would resolve the dots itself.
    expect(await rawStatus(baseUrl, '/git/../secret.git/info/refs?service=git-upload-pack')).toBe(400);
    expect(await rawStatus(baseUrl, '/git/acme/../secret.git/info/refs?service=git-upload-pack')).toBe(404);
    expect((await fetch(`${baseUrl}/git/acme/missing.git/info/refs?service=git-upload-pack`)).status).toBe(
      404,
    );
    expect((await fetch(`${baseUrl}/git/acme/svc.git/info/refs`)).status).toBe(400);
    expect((await fetch(`${baseUrl}/git/acme/svc.git/HEAD`)).status).toBe(404);
  });

  it('asks authorize before serving, and answers its refusal', async () => {
    const guarded = Fastify();
    guarded.setErrorHandler(errorHandler);
    const seen: string[] = [];
    await guarded.register(gitHostingRoutes, {
      root,
      authorize(request, repository) {
        seen.push(`${repository.owner}/${repository.name}`);
        if (request.headers.authorization !== 'Bearer let-me-in') throw new NotAllowedError('no');
      },
    });
    const url = await guarded.listen({ port: 0, host: '127.0.0.1' });
    try {
      await run(
        publish,
        { repoUrl: 'paved://acme/guarded' },
        { services: { gitHosting: { root, baseUrl: url } } },
      );
      const path = `${url}/git/acme/guarded.git/info/refs?service=git-upload-pack`;
      expect((await fetch(path)).status).toBe(403);
      const allowed = await fetch(path, { headers: { authorization: 'Bearer let-me-in' } });
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toContain('# service=git-upload-pack');
      expect(seen).toEqual(['acme/guarded', 'acme/guarded']);
    } finally {
      await guarded.close();
    }
  });
});
