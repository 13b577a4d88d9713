import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// Test helpers only: real git repositories and servers in a temporary folder.

const execFileAsync = promisify(execFile);

export interface TempDir {
  path: string;
  dispose(): Promise<void>;
}

export async function createTempDir(prefix = 'paved-git-'): Promise<TempDir> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { path: dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

export interface TestRepository {
  dir: string;
  /** `file://` URL of the repository. */
  url: string;
  /** Writes (or, with `null`, deletes) files on the current branch and commits them; returns the commit. */
  commit(files: Record<string, string | Buffer | null>, message?: string): Promise<string>;
  /** Runs git in the repository with a hermetic configuration; returns trimmed stdout. */
  git(...args: string[]): Promise<string>;
}

/** A non-bare repository on branch `main` with one commit holding `catalog-info.yaml`. */
export async function createTestRepository(parent: string, name = 'repo'): Promise<TestRepository> {
  const dir = path.join(parent, name);
  await mkdir(dir, { recursive: true });
  const git = async (...args: string[]) => {
    const { stdout } = await execFileAsync('git', args, {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: parent,
        LC_ALL: 'C',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
      },
    });
    return stdout.trim();
  };
  await git('init', '--quiet', '--initial-branch=main');
  const repository: TestRepository = {
    dir,
    url: `file://${dir}`,
    git,
    async commit(files, message = 'change') {
      for (const [file, content] of Object.entries(files)) {
        const target = path.join(dir, file);
        if (content === null) {
          await git('rm', '--quiet', '--', file);
          continue;
        }
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, content);
        await git('add', '--', file);
      }
      await git('commit', '--quiet', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
  };
  await repository.commit({ 'catalog-info.yaml': 'kind: Component\n' }, 'first');
  return repository;
}

export interface TestServer {
  url: string;
  /** Resolves when every connection the server accepted has been closed by the client; rejects after `withinMs`. */
  clientsGone(withinMs?: number): Promise<void>;
  connections(): number;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1; `handler` undefined = accept requests and never answer. */
export async function startTestServer(
  handler?: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<TestServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((request, response) => handler?.(request, response));
  server.on('connection', (socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    async clientsGone(withinMs = 5_000) {
      const deadline = Date.now() + withinMs;
      while (sockets.size > 0) {
        if (Date.now() > deadline)
          throw new Error(`${sockets.size} client(s) still connected after ${withinMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
