import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { measureDirectory, watchDirectorySize } from './git.size.ts';
import { createTempDir, type TempDir } from './git.testing.ts';

let temp: TempDir;
beforeEach(async () => {
  temp = await createTempDir();
});
afterEach(async () => {
  await temp.dispose();
});

describe('measureDirectory', () => {
  it('adds up file sizes without following links', async () => {
    await mkdir(path.join(temp.path, 'a/b'), { recursive: true });
    await writeFile(path.join(temp.path, 'a/one'), Buffer.alloc(1000));
    await writeFile(path.join(temp.path, 'a/b/two'), Buffer.alloc(2000));
    await symlink('/usr', path.join(temp.path, 'link'));
    const total = await measureDirectory(temp.path);
    expect(total).toBeGreaterThanOrEqual(3000);
    expect(total).toBeLessThan(3100);
    expect(await measureDirectory(path.join(temp.path, 'missing'))).toBe(0);
  });
});

describe('watchDirectorySize', () => {
  it('calls back once the folder passes the limit, and not after being stopped', async () => {
    let calls = 0;
    const stop = watchDirectorySize(temp.path, 10_000, () => {
      calls += 1;
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(calls).toBe(0);
    await writeFile(path.join(temp.path, 'big'), Buffer.alloc(20_000));
    const deadline = Date.now() + 3_000;
    while (calls === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(1);
    stop();

    let late = 0;
    const stopLate = watchDirectorySize(temp.path, 10_000, () => {
      late += 1;
    });
    stopLate();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(late).toBe(0);
  });
});
