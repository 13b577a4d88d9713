import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sleep } from './http.ts';
import { processTree } from './proc.ts';
import { type ServerProcess, startServer, waitForListening } from './server.ts';

const dir = mkdtempSync(join(tmpdir(), 'paved-bench-server-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a stand-in server script and returns a launch for it. */
function launch(name: string, script: string, databaseUrl?: string) {
  const entry = join(dir, `${name}.mjs`);
  writeFileSync(entry, script);
  return {
    repoRoot: dir,
    entry,
    catalogFile: join(dir, 'catalog-info.yaml'),
    dataDir: join(dir, `${name}-data`),
    databaseUrl,
    logFile: join(dir, `${name}.log`),
    stopGraceMs: 500,
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// Listens on --port, prints its arguments and DATABASE_URL, ignores SIGTERM, and starts a worker.
const stubborn = `
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
const args = process.argv.slice(2);
console.log('args', args.join(' '), 'DATABASE_URL=' + (process.env.DATABASE_URL ?? 'unset'));
process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300000)'], { stdio: 'ignore' });
createServer((req, res) => res.end(req.url === '/healthz' ? 'ok' : 'no'))
  .listen(Number(args[args.indexOf('--port') + 1]), args[args.indexOf('--host') + 1]);
`;

describe('server process handling', () => {
  it('starts with the contract flags, sees the health check, and kills the whole group', async () => {
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgres://inherited/should-not-leak';
    let server: ServerProcess;
    try {
      server = await startServer(launch('stubborn', stubborn));
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
    const listeningAt = await waitForListening(server, 10_000);
    expect(listeningAt).toBeGreaterThan(server.spawnedAt);
    expect(server.outputTail()).toContain(`start --port ${server.port} --host 127.0.0.1 --data`);
    expect(server.outputTail()).toContain('--no-demo --catalog');
    expect(server.outputTail()).toContain('DATABASE_URL=unset');

    let tree: number[] = [];
    for (let i = 0; i < 50 && tree.length < 2; i++) {
      tree = processTree(server.pid);
      await sleep(50);
    }
    expect(tree.length).toBe(2);
    await server.stop();
    expect(server.outputTail()).toContain('ignoring SIGTERM');
    expect(server.exitStatus()).toBe('killed by SIGKILL');
    await sleep(100);
    expect(tree.filter(alive)).toEqual([]);
  });

  it('passes DATABASE_URL for the PostgreSQL store', async () => {
    const server = await startServer(launch('db', stubborn, 'postgres://postgres@127.0.0.1:5432/x'));
    await waitForListening(server, 10_000);
    await server.stop();
    expect(server.outputTail()).toContain('DATABASE_URL=postgres://postgres@127.0.0.1:5432/x');
  });

  it('fails early, with what the server printed, when it exits before listening', async () => {
    const server = await startServer(
      launch('crash', `console.error('Error: no such command start'); process.exit(3);`),
    );
    const error = await waitForListening(server, 10_000).catch((e: Error) => e);
    expect(String(error)).toMatch(/exited with code 3/);
    expect(String(error)).toMatch(/no such command start/);
    expect(String(error)).toMatch(/paved\.js start --help/);
    await server.stop();
  });

  it('gives up on a server that never listens, within the time given', async () => {
    const server = await startServer(launch('mute', 'setInterval(() => {}, 1000);'));
    const started = performance.now();
    const error = await waitForListening(server, 500).catch((e: Error) => e);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(String(error)).toMatch(/never answered 200/);
    await server.stop();
    expect(alive(server.pid)).toBe(false);
  });

  it('names a missing entry', async () => {
    await expect(startServer({ ...launch('x', ''), entry: join(dir, 'nope.js') })).rejects.toThrow(
      /server entry not found/,
    );
  });
});
