import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Answers one request with git's own smart-HTTP program (`git http-backend`, run as CGI) over the
 * repositories under `root`: a real git server for tests of what reads or pushes over HTTP.
 * `remoteUser` is passed as REMOTE_USER, which git requires before it accepts a push.
 */
export function answerWithGitHttpBackend(
  req: IncomingMessage,
  res: ServerResponse,
  options: { root: string; remoteUser?: string },
): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const cgi = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: options.root,
      GIT_HTTP_EXPORT_ALL: '1',
      ...(options.remoteUser ? { REMOTE_USER: options.remoteUser } : {}),
      PATH_INFO: url.pathname,
      QUERY_STRING: url.search.slice(1),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_ADDR: '127.0.0.1',
    },
  });
  req.pipe(cgi.stdin);
  const chunks: Buffer[] = [];
  cgi.stdout.on('data', (c: Buffer) => chunks.push(c));
  cgi.on('close', () => {
    const out = Buffer.concat(chunks);
    const split = out.indexOf('\r\n\r\n');
    let status = 200;
    for (const line of out.subarray(0, split).toString('utf8').split('\r\n')) {
      const [name, ...rest] = line.split(':');
      const value = rest.join(':').trim();
      if (name?.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else if (name) res.setHeader(name, value);
    }
    res.statusCode = status;
    res.end(out.subarray(split + 4));
  });
}
