import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalTemplateBase, templateBaseOfEntity } from './TemplateBase.ts';
import { Workspace } from './Workspace.ts';

let workspace: Workspace;
let outside: string;

beforeEach(async () => {
  workspace = await Workspace.create({ maxFileBytes: 1000, maxTotalBytes: 2500 });
  outside = await fs.mkdtemp(join(tmpdir(), 'paved-outside-'));
  await fs.writeFile(join(outside, 'secret.txt'), 'top secret');
});

afterEach(async () => {
  await workspace.dispose();
  await fs.rm(outside, { recursive: true, force: true });
});

describe('the workspace sandbox', () => {
  it('writes, reads and lists files inside it, keeping modes', async () => {
    await workspace.writeFile('a/b/run.sh', '#!/bin/sh\n', 0o755);
    await workspace.writeFile('a/readme.md', 'hello');
    expect((await workspace.readFile('a/readme.md')).toString()).toBe('hello');
    const files = await workspace.files();
    expect(files.map((f) => [f.path, f.executable])).toEqual([
      ['a/b/run.sh', true],
      ['a/readme.md', false],
    ]);
  });

  it('refuses .. and absolute paths, naming the path', async () => {
    await expect(workspace.writeFile('../escape.txt', 'x')).rejects.toThrow(
      /"..\/escape.txt" leaves the workspace/,
    );
    await expect(workspace.writeFile('a/../../escape.txt', 'x')).rejects.toThrow(/leaves the workspace/);
    await expect(workspace.readFile('/etc/passwd')).rejects.toThrow(/"\/etc\/passwd" is absolute/);
    await expect(workspace.remove('..')).rejects.toThrow(/leaves the workspace/);
    await expect(workspace.remove('.')).rejects.toThrow(/workspace itself/);
  });

  it('refuses a symlink that points out, for reading and for writing through it', async () => {
    await fs.symlink(outside, join(workspace.root, 'link'));
    await expect(workspace.readFile('link/secret.txt')).rejects.toThrow(
      /"link\/secret.txt" leaves the workspace through a symbolic link/,
    );
    await expect(workspace.writeFile('link/new.txt', 'x')).rejects.toThrow(/symbolic link/);
    await expect(workspace.symlink('out', '../../somewhere')).rejects.toThrow(/outside the workspace/);
    await expect(workspace.symlink('abs', '/etc')).rejects.toThrow(/outside the workspace/);
    await expect(fs.readdir(outside)).resolves.toEqual(['secret.txt']);
  });

  it('bounds a single file and the total', async () => {
    await expect(workspace.writeFile('big', Buffer.alloc(1001))).rejects.toThrow(/limit of 1000 per file/);
    await workspace.writeFile('one', Buffer.alloc(1000));
    await workspace.writeFile('two', Buffer.alloc(1000));
    await expect(workspace.writeFile('three', Buffer.alloc(1000))).rejects.toThrow(
      /more than the limit of 2500/,
    );
    // Overwriting and deleting give the room back.
    await workspace.writeFile('two', Buffer.alloc(100));
    await workspace.remove('one');
    await workspace.writeFile('three', Buffer.alloc(1000));
  });

  it('renames within the workspace, refusing to replace unless asked', async () => {
    await workspace.writeFile('a.txt', 'a');
    await workspace.writeFile('b.txt', 'b');
    await expect(workspace.rename('a.txt', 'b.txt')).rejects.toThrow(/the target exists/);
    await workspace.rename('a.txt', 'b.txt', true);
    expect((await workspace.readFile('b.txt')).toString()).toBe('a');
    await expect(workspace.rename('b.txt', '../b.txt')).rejects.toThrow(/leaves the workspace/);
  });

  it('is removed by dispose', async () => {
    await workspace.writeFile('x', 'y');
    await workspace.dispose();
    await expect(fs.stat(workspace.root)).rejects.toThrow(/ENOENT/);
  });
});

describe('template bases', () => {
  it("resolves relative urls in the template's folder and refuses escapes and remote urls", async () => {
    const dir = await fs.mkdtemp(join(tmpdir(), 'paved-template-'));
    try {
      await fs.mkdir(join(dir, 'skeleton'));
      await fs.writeFile(join(dir, 'skeleton', 'a.txt'), 'a');
      await fs.symlink(outside, join(dir, 'escape'));
      const base = new LocalTemplateBase(dir);
      expect(await base.resolveDirectory('./skeleton')).toBe(join(dir, 'skeleton'));
      expect(await base.resolveFile('skeleton/a.txt')).toBe(join(dir, 'skeleton', 'a.txt'));
      await expect(base.resolveDirectory('../')).rejects.toThrow(/leaves the template's folder/);
      await expect(base.resolveDirectory('escape')).rejects.toThrow(/symbolic link/);
      await expect(base.resolveFile(join(outside, 'secret.txt'))).rejects.toThrow(/absolute/);
      await expect(base.resolveDirectory('https://github.com/acme/x/tree/main/skeleton')).rejects.toThrow(
        /not supported yet/,
      );
      await expect(base.resolveDirectory('./nope')).rejects.toThrow(/no directory at "\.\/nope"/);

      const fromEntity = await templateBaseOfEntity(
        {
          apiVersion: 'scaffolder.backstage.io/v1beta3',
          kind: 'Template',
          metadata: {
            name: 't',
            annotations: { 'backstage.io/managed-by-location': `file:${join(dir, 'template.yaml')}` },
          },
        },
        'template:default/t',
      );
      expect(await fromEntity.resolveDirectory('./skeleton')).toBe(join(dir, 'skeleton'));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a template read from a git repository', () => {
  it("reads the catalog's checkout, where relative URLs may reach anything in the repository and nothing outside", async () => {
    const checkout = await fs.mkdtemp(join(tmpdir(), 'paved-checkout-'));
    try {
      await fs.mkdir(join(checkout, 'templates', 'svc'), { recursive: true });
      await fs.mkdir(join(checkout, 'shared', 'skeleton'), { recursive: true });
      await fs.writeFile(join(checkout, 'templates', 'svc', 'template.yaml'), 'kind: Template\n');
      const entity = {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: {
          name: 'svc',
          annotations: {
            'backstage.io/managed-by-location':
              'git:https://git.example.com/platform/templates.git#main:templates/svc/template.yaml',
          },
        },
      };
      const located: string[] = [];
      const base = await templateBaseOfEntity(entity, 'template:default/svc', async (ref) => {
        located.push(ref);
        return { root: checkout, path: join(checkout, 'templates', 'svc', 'template.yaml') };
      });
      expect(located).toEqual(['template:default/svc']);
      expect(await base.resolveDirectory('../../shared/skeleton')).toBe(join(checkout, 'shared', 'skeleton'));
      await expect(base.resolveDirectory('../../../')).rejects.toThrow(/leaves the template's repository/);

      // A task reads a copy: later changes to the checkout do not reach it, and .git is left out.
      await fs.mkdir(join(checkout, '.git'));
      await fs.writeFile(join(checkout, '.git', 'HEAD'), 'ref: refs/heads/main\n');
      await fs.writeFile(join(checkout, 'shared', 'skeleton', 'README.md'), 'first\n');
      const copy = await (base as LocalTemplateBase).snapshot(outside, 'paved-task-x-template-');
      await fs.writeFile(join(checkout, 'shared', 'skeleton', 'README.md'), 'second\n');
      const copied = await copy.base.resolveFile('../../shared/skeleton/README.md');
      expect(await fs.readFile(copied, 'utf8')).toBe('first\n');
      await expect(copy.base.resolveDirectory('../../.git')).rejects.toThrow(/no directory/);
      await copy.dispose();
      await expect(fs.stat(copied)).rejects.toThrow();

      await expect(
        templateBaseOfEntity(entity, 'template:default/svc', async () => undefined),
      ).rejects.toThrow(/The files of template:default\/svc .* are not available/);
      await expect(templateBaseOfEntity(entity, 'template:default/svc')).rejects.toThrow(
        /local folders and git sources only/,
      );
    } finally {
      await fs.rm(checkout, { recursive: true, force: true });
    }
  });
});
