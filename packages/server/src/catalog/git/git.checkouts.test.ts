import { createHash, randomBytes } from 'node:crypto';
import { access, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, NotFoundError, PayloadTooLargeError } from '@paved/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitCheckouts, type GitCheckoutOptions } from './git.checkouts.ts';
import { measureDirectory } from './git.size.ts';
import {
  createTempDir,
  createTestRepository,
  startTestServer,
  type TempDir,
  type TestRepository,
} from './git.testing.ts';

let temp: TempDir;
let repository: TestRepository;
let cacheDir: string;
let logged: { level: 'info' | 'warn'; o: object; msg: string }[];

beforeEach(async () => {
  temp = await createTempDir();
  repository = await createTestRepository(temp.path);
  cacheDir = path.join(temp.path, 'cache');
  logged = [];
});
afterEach(async () => {
  await temp.dispose();
});

function checkouts(options: Partial<GitCheckoutOptions> = {}) {
  return createGitCheckouts({
    cacheDir,
    log: {
      info: (o, msg) => logged.push({ level: 'info', o, msg }),
      warn: (o, msg) => logged.push({ level: 'warn', o, msg }),
    },
    ...options,
  });
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
const cacheEntries = async () => ((await exists(cacheDir)) ? (await readdir(cacheDir)).sort() : []);

describe('createGitCheckouts: sync', () => {
  it('clones on first use into a folder named by the sha256 of url and ref', async () => {
    const head = await repository.git('rev-parse', 'HEAD');
    const checkout = await checkouts().sync(repository.url);
    expect(checkout).toEqual({
      dir: path.join(cacheDir, createHash('sha256').update(`${repository.url}\0`).digest('hex')),
      commit: head,
      changed: true,
    });
    expect(await readFile(path.join(checkout.dir, 'catalog-info.yaml'), 'utf8')).toBe('kind: Component\n');
    expect(await cacheEntries()).toEqual([path.basename(checkout.dir)]);
    expect(await readFile(path.join(checkout.dir, '.git/shallow'), 'utf8')).toBe(`${head}\n`);
    expect(logged).toEqual([expect.objectContaining({ level: 'info', msg: 'git checkout synced' })]);
  });

  it('reports no change when nothing was committed, and the new commit after a commit', async () => {
    const service = checkouts();
    const first = await service.sync(repository.url);
    expect(await service.sync(repository.url)).toEqual({ ...first, changed: false });

    const next = await repository.commit(
      { 'catalog-info.yaml': 'kind: System\n', 'new.yaml': 'x' },
      'second',
    );
    const second = await service.sync(repository.url);
    expect(second).toEqual({ dir: first.dir, commit: next, changed: true });
    expect(next).not.toBe(first.commit);
    expect(await readFile(path.join(second.dir, 'catalog-info.yaml'), 'utf8')).toBe('kind: System\n');

    await repository.commit({ 'new.yaml': null }, 'third');
    const third = await service.sync(repository.url);
    expect(third.changed).toBe(true);
    expect(await exists(path.join(third.dir, 'new.yaml'))).toBe(false);
  });

  it('remembers the previous commit across instances (e.g. a restart)', async () => {
    const first = await checkouts().sync(repository.url);
    expect(await checkouts().sync(repository.url)).toEqual({ ...first, changed: false });
  });

  it('keeps only one snapshot as the repository changes', async () => {
    const service = checkouts();
    for (let i = 0; i < 4; i += 1) {
      await repository.commit({ 'blob.bin': randomBytes(200_000) }, `big ${i}`);
      await service.sync(repository.url);
    }
    const { dir } = await service.sync(repository.url);
    // One 200 kB random blob in the pack, one in the working tree; four would be 800 kB in .git.
    expect(await measureDirectory(path.join(dir, '.git'))).toBeLessThan(400_000);
  });

  it('checks out a branch and a tag, each in its own folder', async () => {
    const main = await repository.git('rev-parse', 'HEAD');
    await repository.git('switch', '--quiet', '-c', 'feature/x');
    const feature = await repository.commit({ 'catalog-info.yaml': 'feature\n' }, 'on feature');
    await repository.git('tag', 'v1.2');
    await repository.git('switch', '--quiet', 'main');

    const service = checkouts();
    const onMain = await service.sync(repository.url);
    const onFeature = await service.sync(repository.url, 'feature/x');
    const onTag = await service.sync(repository.url, 'v1.2');
    expect(onMain.commit).toBe(main);
    expect(onFeature.commit).toBe(feature);
    expect(onTag.commit).toBe(feature);
    expect(new Set([onMain.dir, onFeature.dir, onTag.dir]).size).toBe(3);
    expect(await readFile(path.join(onFeature.dir, 'catalog-info.yaml'), 'utf8')).toBe('feature\n');
    expect(await readFile(path.join(onMain.dir, 'catalog-info.yaml'), 'utf8')).toBe('kind: Component\n');
  });

  it('refuses a missing branch with NotFoundError quoting git, and leaves nothing behind', async () => {
    const failure = await checkouts()
      .sync(repository.url, 'nope')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NotFoundError);
    expect((failure as Error).message).toMatch(/^Repository file:\/\/.+ has no branch or tag "nope"/);
    expect((failure as Error).message).toContain("couldn't find remote ref nope");
    expect(await cacheEntries()).toEqual([]);
    expect(logged).toEqual([expect.objectContaining({ level: 'warn', msg: 'git checkout failed' })]);
  });

  it('refuses a missing repository with NotFoundError quoting git', async () => {
    const url = `file://${path.join(temp.path, 'missing.git')}`;
    const failure = await checkouts()
      .sync(url)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NotFoundError);
    expect((failure as Error).message).toContain('not found');
    expect((failure as Error).message).toContain('does not appear to be a git repository');
    expect(await cacheEntries()).toEqual([]);
  });

  it('keeps the last good checkout when a later fetch fails', async () => {
    const service = checkouts();
    const first = await service.sync(repository.url);
    await rename(repository.dir, `${repository.dir}.moved`);
    await expect(service.sync(repository.url)).rejects.toThrow(NotFoundError);
    expect(await readFile(path.join(first.dir, 'catalog-info.yaml'), 'utf8')).toBe('kind: Component\n');
    await rename(`${repository.dir}.moved`, repository.dir);
    expect(await service.sync(repository.url)).toEqual({ ...first, changed: false });
  });

  it('shares one operation between concurrent syncs of the same checkout', async () => {
    const service = checkouts();
    const results = await Promise.all(Array.from({ length: 5 }, () => service.sync(repository.url)));
    for (const result of results) expect(result).toBe(results[0]);
    expect(results[0]?.changed).toBe(true);
    expect(logged.filter((entry) => entry.msg === 'git checkout synced')).toHaveLength(1);
    // Once it has finished, the next sync is a new operation.
    expect(await service.sync(repository.url)).toEqual({ ...results[0], changed: false });
  });

  it('runs syncs of different refs side by side', async () => {
    await repository.git('branch', 'dev');
    const service = checkouts();
    const [main, dev] = await Promise.all([
      service.sync(repository.url),
      service.sync(repository.url, 'dev'),
    ]);
    expect(main.commit).toBe(dev.commit);
    expect(main.dir).not.toBe(dev.dir);
  });

  it('recovers from a damaged checkout by cloning again', async () => {
    const service = checkouts();
    const first = await service.sync(repository.url);
    await writeFile(path.join(first.dir, '.git/HEAD'), 'garbage');
    expect(await service.sync(repository.url)).toEqual(first);
  });

  it('removes and refuses a repository larger than maxRepoBytes', async () => {
    await repository.commit({ 'blob.bin': randomBytes(300_000) }, 'big');
    const failure = await checkouts({ maxRepoBytes: 100_000 })
      .sync(repository.url)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PayloadTooLargeError);
    expect((failure as Error).message).toMatch(/larger than the 100000 bytes a checkout may use/);
    expect(await cacheEntries()).toEqual([]);
  });

  it('removes a checkout that grows past maxRepoBytes', async () => {
    const service = checkouts({ maxRepoBytes: 100_000 });
    await service.sync(repository.url);
    await repository.commit({ 'blob.bin': randomBytes(300_000) }, 'big');
    await expect(service.sync(repository.url)).rejects.toThrow(PayloadTooLargeError);
    expect(await cacheEntries()).toEqual([]);
  });

  it('stops a running fetch as soon as the checkout outgrows maxRepoBytes', async () => {
    // The server never answers; the test plays the part of a huge download by writing into the clone.
    const server = await startTestServer();
    try {
      const url = `${server.url}/huge.git`;
      const partial = path.join(cacheDir, `${createHash('sha256').update(`${url}\0`).digest('hex')}.partial`);
      const started = Date.now();
      const syncing = checkouts({ maxRepoBytes: 10_000, timeoutMs: 30_000 })
        .sync(url)
        .catch((error: unknown) => error);
      while (!(await exists(path.join(partial, '.git'))))
        await new Promise((resolve) => setTimeout(resolve, 10));
      await writeFile(path.join(partial, '.git/download'), Buffer.alloc(20_000));
      expect(await syncing).toBeInstanceOf(PayloadTooLargeError);
      expect(Date.now() - started).toBeLessThan(5_000);
      await server.clientsGone();
      expect(await cacheEntries()).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('refuses hostile URLs and refs before running git', async () => {
    const service = checkouts();
    const marker = path.join(temp.path, 'pwned');
    await expect(service.sync(`--upload-pack=touch ${marker}`)).rejects.toThrow(InputError);
    await expect(service.sync(`ext::sh -c touch% ${marker}`)).rejects.toThrow(InputError);
    await expect(service.sync(repository.url, `--upload-pack=touch ${marker}`)).rejects.toThrow(InputError);
    await expect(service.sync(repository.url, 'main:refs/heads/x')).rejects.toThrow(InputError);
    await expect(service.remove('-x')).rejects.toThrow(InputError);
    expect(await exists(marker)).toBe(false);
    expect(await cacheEntries()).toEqual([]);
  });

  it('redacts credentials in errors and logs', async () => {
    const server = await startTestServer((_request, response) => {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
    });
    try {
      const url = `${server.url.replace('http://', 'http://user:s3cret@')}/org/repo.git`;
      const failure = await checkouts()
        .sync(url)
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(InputError);
      const message = (failure as Error).message;
      expect(message).toMatch(
        /^Authentication required to fetch http:\/\/\*\*\*@127\.0\.0\.1:\d+\/org\/repo\.git/,
      );
      expect(message).toMatch(/Authentication failed/);
      expect(message).not.toContain('s3cret');
      expect(JSON.stringify((failure as InputError).details)).not.toContain('s3cret');
      expect(JSON.stringify(logged)).not.toContain('s3cret');
      expect(JSON.stringify(logged)).toContain('http://***@127.0.0.1');
    } finally {
      await server.close();
    }
  });

  it('turns a timeout into an InputError and kills git', async () => {
    const server = await startTestServer();
    try {
      const failure = await checkouts({ timeoutMs: 500 })
        .sync(`${server.url}/repo.git`)
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(InputError);
      expect((failure as Error).message).toMatch(/took longer than 0\.5 s/);
      await server.clientsGone();
      expect(await cacheEntries()).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('createGitCheckouts: remove', () => {
  it('deletes the checkout; the next sync clones again', async () => {
    const service = checkouts();
    const first = await service.sync(repository.url);
    await service.remove(repository.url);
    expect(await exists(first.dir)).toBe(false);
    expect(await service.sync(repository.url)).toEqual(first);
  });

  it('waits for a running sync before deleting', async () => {
    const service = checkouts();
    const syncing = service.sync(repository.url);
    const removing = service.remove(repository.url);
    const checkout = await syncing;
    await removing;
    expect(await exists(checkout.dir)).toBe(false);
    expect(await cacheEntries()).toEqual([]);
  });
});
