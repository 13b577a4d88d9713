import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, NotFoundError } from '@paved/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMatchingFiles, resolveInside } from './git.paths.ts';
import { createTempDir, type TempDir } from './git.testing.ts';

let temp: TempDir;
let root: string;
let outsideFile: string;

beforeEach(async () => {
  temp = await createTempDir();
  root = path.join(temp.path, 'checkout');
  outsideFile = path.join(temp.path, 'secret.txt');
  await writeFile(outsideFile, 'secret');
  const files = {
    'catalog-info.yaml': 'root',
    'services/a/catalog-info.yaml': 'a',
    'services/b/catalog-info.yaml': 'b',
    'services/b/README.md': 'readme',
    'services/.hidden/catalog-info.yaml': 'hidden',
    '.git/catalog-info.yaml': 'git',
  };
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
});

afterEach(async () => {
  await temp.dispose();
});

async function link(target: string, at: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, at)), { recursive: true });
  await symlink(target, path.join(root, at));
}

describe('resolveInside', () => {
  it('returns the real path of a file inside the root', async () => {
    const real = await realpath(path.join(root, 'services/b/README.md'));
    expect(await resolveInside(root, 'services/b/README.md')).toBe(real);
    expect(await resolveInside(root, './services/a/../b/README.md')).toBe(real);
    expect(await resolveInside(root, path.join(root, 'services/b/README.md'))).toBe(real);
  });

  it('follows links that stay inside, relative and absolute', async () => {
    const real = await realpath(path.join(root, 'services/b/README.md'));
    await link('../b/README.md', 'services/a/README.md');
    await link(path.join(root, 'services/b'), 'b-dir');
    await link('services/a/README.md', 'chain');
    expect(await resolveInside(root, 'services/a/README.md')).toBe(real);
    expect(await resolveInside(root, 'b-dir/README.md')).toBe(real);
    expect(await resolveInside(root, 'chain')).toBe(real);
  });

  it.each(['../secret.txt', 'services/../../secret.txt', 'services/a/../../../secret.txt'])(
    'refuses the ".." path %s',
    async (relPath) => {
      await expect(resolveInside(root, relPath)).rejects.toThrow(InputError);
      await expect(resolveInside(root, relPath)).rejects.toThrow(/leads outside/);
    },
  );

  it('refuses an absolute path outside the root', async () => {
    await expect(resolveInside(root, outsideFile)).rejects.toThrow(InputError);
  });

  it('refuses a symbolic link that points outside, relative or absolute', async () => {
    await link('../../secret.txt', 'services/evil.yaml');
    await link(outsideFile, 'absolute-evil.yaml');
    await link(temp.path, 'evil-dir');
    await expect(resolveInside(root, 'services/evil.yaml')).rejects.toThrow(InputError);
    await expect(resolveInside(root, 'absolute-evil.yaml')).rejects.toThrow(InputError);
    await expect(resolveInside(root, 'evil-dir/secret.txt')).rejects.toThrow(InputError);
  });

  it('gives the same answer for a link outside whether or not its target exists', async () => {
    await link(outsideFile, 'exists.yaml');
    await link(path.join(temp.path, 'missing.txt'), 'missing.yaml');
    await expect(resolveInside(root, 'exists.yaml')).rejects.toThrow(InputError);
    await expect(resolveInside(root, 'missing.yaml')).rejects.toThrow(InputError);
  });

  it('reports a missing file inside as not found', async () => {
    await expect(resolveInside(root, 'services/c/catalog-info.yaml')).rejects.toThrow(NotFoundError);
    await expect(resolveInside(root, 'catalog-info.yaml/below')).rejects.toThrow(NotFoundError);
  });

  it('refuses a link loop and unusable paths', async () => {
    await link('loop-b', 'loop-a');
    await link('loop-a', 'loop-b');
    await expect(resolveInside(root, 'loop-a')).rejects.toThrow(/too many symbolic links/);
    await expect(resolveInside(root, '')).rejects.toThrow(InputError);
    await expect(resolveInside(root, 'a\0b')).rejects.toThrow(InputError);
  });
});

describe('listMatchingFiles', () => {
  it('expands a glob to sorted absolute paths, skipping hidden files and .git', async () => {
    expect(await listMatchingFiles(root, 'services/*/catalog-info.yaml')).toEqual([
      path.join(root, 'services/a/catalog-info.yaml'),
      path.join(root, 'services/b/catalog-info.yaml'),
    ]);
    expect(await listMatchingFiles(root, '**/catalog-info.yaml')).toEqual([
      path.join(root, 'catalog-info.yaml'),
      path.join(root, 'services/a/catalog-info.yaml'),
      path.join(root, 'services/b/catalog-info.yaml'),
    ]);
  });

  it('matches a plain path, and nothing when it is missing or a folder', async () => {
    expect(await listMatchingFiles(root, 'catalog-info.yaml')).toEqual([
      path.join(root, 'catalog-info.yaml'),
    ]);
    expect(await listMatchingFiles(root, 'nothing.yaml')).toEqual([]);
    expect(await listMatchingFiles(root, 'services')).toEqual([]);
  });

  it('keeps links to files inside, drops links leading outside, and does not descend linked folders', async () => {
    await link('../b/catalog-info.yaml', 'services/c/catalog-info.yaml');
    await link(outsideFile, 'services/d/catalog-info.yaml');
    await link(path.join(root, 'services'), 'mirror');
    expect(await listMatchingFiles(root, '**/catalog-info.yaml')).toEqual([
      path.join(root, 'catalog-info.yaml'),
      path.join(root, 'services/a/catalog-info.yaml'),
      path.join(root, 'services/b/catalog-info.yaml'),
      path.join(root, 'services/c/catalog-info.yaml'),
    ]);
  });

  it.each([
    '../*.txt',
    '../secret.txt',
    '/etc/passwd',
    '{/,x}etc/passwd',
    '{.,a}{.,b}/secret.txt',
    '{..,x}/secret.txt',
  ])('refuses the pattern %s', async (pattern) => {
    await expect(listMatchingFiles(root, pattern)).rejects.toThrow(InputError);
  });
});
