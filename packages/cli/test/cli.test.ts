import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/paved.js', import.meta.url));
const REPO = fileURLToPath(new URL('../../..', import.meta.url));

function run(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, deadlineMs = 60_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`paved start exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${deadlineMs} ms`);
}

async function waitForEntity(base: string, path: string, deadlineMs = 60_000): Promise<unknown> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    const response = await fetch(`${base}${path}`);
    if (response.ok) return response.json();
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${path} was not served within ${deadlineMs} ms`);
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('paved command line', () => {
  it('prints help and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: paved <command>/);
    expect(result.stdout).toMatch(/catalog validate/);
  });

  it('answers an unknown command with exit code 2 and a hint', async () => {
    const result = await run(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command "frobnicate".*--help/);
  });

  it('rejects a bad port with exit code 2 naming the flag', async () => {
    const result = await run(['start', '--port', 'seventy']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--port must be a whole number/);
  });

  it('rejects a git refresh interval that is not a whole number of seconds, naming the range', async () => {
    for (const value of ['0', '2.5', 'soon']) {
      const result = await run(['start', '--git-refresh', value]);
      expect(result.code, value).toBe(2);
      expect(result.stderr).toMatch(/--git-refresh must be a whole number of seconds from 1 to 604800/);
    }
  });

  it('rejects an unknown flag of start with exit code 2', async () => {
    const result = await run(['start', '--colour']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/colour/);
  });

  it('tells where no server answers', async () => {
    const port = await freePort();
    const result = await run(['catalog', 'get', 'component:default/x', '--url', `http://127.0.0.1:${port}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot reach Paved at/);
  });
});

describe('paved start with the demo organisation', () => {
  let dataDir: string;
  let child: ChildProcess;
  let base: string;

  /** `paved start` on a free port over this suite's data folder; resolves once ready. */
  async function startServer(): Promise<void> {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(
      process.execPath,
      [BIN, 'start', '--port', String(port), '--data', join(dataDir, 'data'), '--log-level', 'warn'],
      { cwd: REPO, stdio: 'ignore' },
    );
    await waitFor(`${base}/readyz`, child);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'paved-cli-'));
    await startServer();
    await waitForEntity(base, '/api/catalog/entities/by-name/component/default/checkout-service');
  });

  afterAll(async () => {
    if (child.exitCode === null) await stop(child);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the demo services with owners and relations', async () => {
    const entity = (await waitForEntity(
      base,
      '/api/catalog/entities/by-name/component/default/checkout-service',
    )) as {
      spec: { owner: string };
      relations: { type: string; targetRef: string }[];
    };
    expect(entity.spec.owner).toBeTruthy();
    expect(entity.relations.some((r) => r.type === 'ownedBy')).toBe(true);
  });

  it('answers catalog get, query, errors and locations against the running server', async () => {
    const get = await run(['catalog', 'get', 'component:default/checkout-service', '--url', base]);
    expect(get.code).toBe(0);
    expect(JSON.parse(get.stdout).metadata.name).toBe('checkout-service');

    const query = await run(['catalog', 'query', '--filter', 'kind=group', '--url', base]);
    expect(query.code).toBe(0);
    expect(
      query.stdout
        .split('\n')
        .filter(Boolean)
        .every((line) => line.startsWith('group:default/')),
    ).toBe(true);
    expect(query.stderr).toMatch(/of 9 entities/);

    const errors = await run(['catalog', 'errors', '--url', base]);
    expect(errors.stderr).toMatch(/0 problem\(s\), 0 warning/);
    expect(errors.code).toBe(0);

    const locations = await run(['catalog', 'locations', '--url', base]);
    expect(locations.code).toBe(0);
    expect(locations.stdout).toMatch(/examples\/catalog-info\.yaml\tok/);
  });

  it('answers a missing entity with 404, filters on a key that exists, and names a bad flag', async () => {
    const missing = await run(['catalog', 'get', 'component:default/nope', '--url', base]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/404 No entity named 'component:default\/nope' found/);

    const documented = await run([
      'catalog',
      'query',
      '--filter',
      'kind=component,metadata.annotations.backstage.io/techdocs-ref',
      '--url',
      base,
    ]);
    expect(documented.code).toBe(0);
    expect(documented.stdout).toMatch(/^component:default\/checkout-service\t/m);
    expect(documented.stderr).toMatch(/of 11 entities/);

    const badLimit = await run(['catalog', 'query', '--limit', 'ten', '--url', base]);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toMatch(/--limit must be a whole number/);
  });

  it('stops gracefully on SIGTERM and keeps its data for the next start', async () => {
    const before = (await waitForEntity(
      base,
      '/api/catalog/entities/by-name/component/default/checkout-service',
    )) as {
      metadata: { uid: string };
    };
    expect(await stop(child)).toBe(0);
    await startServer();
    // Served from the store at once, before any source is read again: same uid.
    const after = (await waitForEntity(
      base,
      '/api/catalog/entities/by-name/component/default/checkout-service',
    )) as {
      metadata: { uid: string };
    };
    expect(after.metadata.uid).toBe(before.metadata.uid);
  });
});
