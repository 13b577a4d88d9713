import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { InputError, NotAllowedError, NotFoundError, PayloadTooLargeError } from '@paved/model';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { gitEnvironment } from '../../catalog/git/index.ts';
import { hostedRepositoryPath, isHostedName } from './hostedRepositories.ts';

export interface GitHostingRoutesOptions {
  /** Folder holding the bare repositories: `<root>/<owner>/<name>.git`. */
  root: string;
  /** A `git http-backend` run is killed after this long. Default 10 minutes. */
  timeoutMs?: number;
  /** Largest request body a client may send to `git-upload-pack` (its wants and haves). Default 64 MiB. */
  maxRequestBytes?: number;
  /**
   * Called before a repository is served; throws (`AuthenticationError`, `NotAllowedError`) to
   * refuse. Absent: every repository is readable by anyone who reaches the server.
   */
  authorize?(request: FastifyRequest, repository: { owner: string; name: string }): void | Promise<void>;
}

const UPLOAD_PACK_REQUEST = 'application/x-git-upload-pack-request';
const RECEIVE_PACK_REQUEST = 'application/x-git-receive-pack-request';

/** `-c`-style settings for `git http-backend` and the `git upload-pack` it runs, through the environment. */
const BACKEND_CONFIG: readonly [string, string][] = [
  ['core.hooksPath', '/dev/null'],
  ['core.fsmonitor', 'false'],
  ['http.receivepack', 'false'],
  ['http.getanyfile', 'false'],
  ['uploadpack.allowAnySHA1InWant', 'false'],
];

/** git's protocol, not Paved's API: kept out of the OpenAPI document. */
const HIDDEN = { hide: true };

interface RepositoryParams {
  owner: string;
  repository: string;
}

/**
 * Paved's git hosting over git's smart HTTP, read-only: `git clone <server>/git/<owner>/<name>.git`.
 *
 * Only the two requests of a fetch are served — `GET …/info/refs?service=git-upload-pack` and
 * `POST …/git-upload-pack` — by `git http-backend` run as a CGI child process. Pushes
 * (`git-receive-pack`) are refused, and so is the dumb protocol (`HEAD`, `objects/…`): repositories
 * change only through `publish:git`. Owner and name must be hosted names (no `..`, no `/`).
 * Register it on the root of the app: `app.register(gitHostingRoutes, { root })`.
 */
export async function gitHostingRoutes(
  app: FastifyInstance,
  options: GitHostingRoutesOptions,
): Promise<void> {
  const root = resolve(options.root);
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const maxRequestBytes = options.maxRequestBytes ?? 64 * 1024 * 1024;

  // The body is streamed to git as it is: left unparsed here (this plugin's scope only).
  app.addContentTypeParser([UPLOAD_PACK_REQUEST, RECEIVE_PACK_REQUEST], (_request, _payload, done) =>
    done(null, undefined),
  );

  async function repositoryOf(request: FastifyRequest, params: RepositoryParams): Promise<string> {
    const name = params.repository.endsWith('.git') ? params.repository.slice(0, -4) : '';
    if (!isHostedName(params.owner) || !isHostedName(name)) {
      throw new InputError(
        `${JSON.stringify(`${params.owner}/${params.repository}`)} is not a repository of Paved's git hosting: expected /git/<owner>/<name>.git`,
      );
    }
    const dir = hostedRepositoryPath(root, params.owner, name);
    const exists = await access(dir).then(
      () => true,
      () => false,
    );
    await options.authorize?.(request, { owner: params.owner, name });
    if (!exists) throw new NotFoundError(`Repository ${params.owner}/${name} not found`);
    return `/${params.owner}/${name}.git`;
  }

  app.get<{ Params: RepositoryParams; Querystring: { service?: string } }>(
    '/git/:owner/:repository/info/refs',
    { schema: HIDDEN },
    async (request, reply) => {
      const pathInfo = await repositoryOf(request, request.params);
      const service = request.query.service;
      if (service === 'git-receive-pack') throw pushRefused();
      if (service !== 'git-upload-pack') {
        throw new InputError(
          'Only the smart HTTP protocol is served: expected ?service=git-upload-pack (git 1.6.6 or later)',
        );
      }
      return runBackend(request, reply, `${pathInfo}/info/refs`);
    },
  );

  app.post<{ Params: RepositoryParams }>(
    '/git/:owner/:repository/git-upload-pack',
    { schema: HIDDEN },
    async (request, reply) => {
      const pathInfo = await repositoryOf(request, request.params);
      return runBackend(request, reply, `${pathInfo}/git-upload-pack`);
    },
  );

  app.post<{ Params: RepositoryParams }>(
    '/git/:owner/:repository/git-receive-pack',
    { schema: HIDDEN },
    async (request) => {
      await repositoryOf(request, request.params);
      throw pushRefused();
    },
  );

  /** Runs `git http-backend` for one request and streams its answer (CGI headers, then the body). */
  async function runBackend(
    request: FastifyRequest,
    reply: FastifyReply,
    pathInfo: string,
  ): Promise<FastifyReply> {
    const url = new URL(request.raw.url ?? '/', 'http://paved.invalid');
    const env: NodeJS.ProcessEnv = {
      ...gitEnvironment(),
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_HTTP_MAX_REQUEST_BUFFER: String(maxRequestBytes),
      PATH_INFO: pathInfo,
      QUERY_STRING: url.search.slice(1),
      REQUEST_METHOD: request.method,
      CONTENT_TYPE: request.headers['content-type'] ?? '',
      REMOTE_ADDR: request.ip,
      GIT_CONFIG_COUNT: String(BACKEND_CONFIG.length),
    };
    BACKEND_CONFIG.forEach(([key, value], index) => {
      env[`GIT_CONFIG_KEY_${index}`] = key;
      env[`GIT_CONFIG_VALUE_${index}`] = value;
    });
    const encoding = request.headers['content-encoding'];
    if (typeof encoding === 'string') env.HTTP_CONTENT_ENCODING = encoding;
    const protocol = request.headers['git-protocol'];
    if (typeof protocol === 'string') env.GIT_PROTOCOL = protocol;
    const length = request.headers['content-length'];
    if (typeof length === 'string') env.CONTENT_LENGTH = length;

    const child = spawn('git', ['http-backend'], { env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const kill = () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    // Without git on the server, stdout ends with no header block and the request fails (500).
    child.on('error', (error) => request.log.error({ err: error }, 'cannot run git http-backend'));
    const timer = setTimeout(kill, timeoutMs);
    child.on('close', () => clearTimeout(timer));
    // A client that goes away stops its git.
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) kill();
    });
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64) stderr.push(chunk);
    });

    if (request.method === 'POST') {
      let received = 0;
      request.raw.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxRequestBytes) {
          kill();
          request.raw.destroy(new PayloadTooLargeError('The git request is too large'));
        }
      });
      request.raw.pipe(child.stdin);
      child.stdin.on('error', () => undefined);
    } else {
      child.stdin.end();
    }

    const head = await readCgiHead(child.stdout).catch((error: unknown) => {
      kill();
      throw error;
    });
    const body = new PassThrough();
    if (head.rest.length > 0) body.write(head.rest);
    child.stdout.pipe(body);
    child.on('close', (code) => {
      if (code !== 0) {
        request.log.warn(
          { exitCode: code, stderr: Buffer.concat(stderr).toString('utf8').slice(0, 2000) },
          'git http-backend failed',
        );
      }
    });
    reply.code(head.status);
    for (const [name, value] of head.headers) reply.header(name, value);
    return reply.send(body);
  }
}

function pushRefused(): NotAllowedError {
  return new NotAllowedError(
    "Pushing to Paved's git hosting over HTTP is refused: its repositories are read-only and change only through publish:git",
  );
}

interface CgiHead {
  status: number;
  headers: [string, string][];
  rest: Buffer;
}

const MAX_HEAD_BYTES = 64 * 1024;

/** Reads the CGI header block (`Name: value` lines, an empty line) from the start of `stream`. */
function readCgiHead(stream: NodeJS.ReadableStream): Promise<CgiHead> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      let end = buffered.indexOf('\r\n\r\n');
      let separator = 4;
      if (end === -1) {
        end = buffered.indexOf('\n\n');
        separator = 2;
      }
      if (end === -1) {
        if (buffered.length > MAX_HEAD_BYTES) finish(new Error('git http-backend sent no header block'));
        return;
      }
      const headers: [string, string][] = [];
      let status = 200;
      for (const line of buffered.subarray(0, end).toString('latin1').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
        else headers.push([name, value]);
      }
      finish(undefined, { status, headers, rest: buffered.subarray(end + separator) });
    };
    const onEnd = () => finish(new Error('git http-backend ended before its header block'));
    const finish = (error: Error | undefined, head?: CgiHead) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onEnd);
      if (error) reject(error);
      else if (head) {
        stream.pause();
        resolve(head);
      }
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onEnd);
  });
}
