import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ActionFixture, createActionFixture } from './actions.fixtures.ts';
import { debugLogAction, debugWaitAction } from './debug.ts';
import { fsDeleteAction, fsReaddirAction, fsRenameAction } from './filesystem.ts';

let f: ActionFixture;
beforeEach(async () => {
  f = await createActionFixture();
  await f.workspace.writeFile('a.txt', 'a');
  await f.workspace.writeFile('logs/one.log', '1');
  await f.workspace.writeFile('logs/two.log', '2');
  await f.workspace.writeFile('src/main.go', 'package main');
});
afterEach(async () => {
  await f.dispose();
});
const paths = async () => (await f.workspace.files()).map((x) => x.path);

describe('fs:delete', () => {
  it('deletes files, folders and glob matches, and refuses paths outside', async () => {
    await f.run(fsDeleteAction, { files: ['a.txt', 'logs/*.log'] });
    expect(await paths()).toEqual(['src/main.go']);
    await f.run(fsDeleteAction, { files: ['src'] });
    expect(await paths()).toEqual([]);
    await expect(f.run(fsDeleteAction, { files: ['../x'] })).rejects.toThrow(/"..\/x" leaves the workspace/);
    await expect(f.run(fsDeleteAction, { files: ['../*'] })).rejects.toThrow(/leaves the workspace/);
    await expect(f.run(fsDeleteAction, { files: ['/etc/hosts'] })).rejects.toThrow(/absolute/);
  });
});

describe('fs:rename', () => {
  it('renames, refuses to overwrite unless asked, and refuses paths outside', async () => {
    await f.run(fsRenameAction, { files: [{ from: 'a.txt', to: 'docs/b.txt' }] });
    expect(await paths()).toContain('docs/b.txt');
    await expect(
      f.run(fsRenameAction, { files: [{ from: 'logs/one.log', to: 'logs/two.log' }] }),
    ).rejects.toThrow(/target exists/);
    await f.run(fsRenameAction, { files: [{ from: 'logs/one.log', to: 'logs/two.log', overwrite: true }] });
    expect((await f.workspace.readFile('logs/two.log')).toString()).toBe('1');
    await expect(f.run(fsRenameAction, { files: [{ from: 'src', to: '../src' }] })).rejects.toThrow(/leaves/);
  });
});

describe('fs:readdir', () => {
  it('lists files and folders, recursively when asked', async () => {
    const flat = await f.run(fsReaddirAction, { paths: ['.'], recursive: false });
    expect((flat.files as { path: string }[]).map((x) => x.path)).toEqual(['a.txt']);
    // In name order, whatever order the file system lists them in.
    expect((flat.folders as { name: string }[]).map((x) => x.name)).toEqual(['logs', 'src']);
    const deep = await f.run(fsReaddirAction, { paths: ['.'], recursive: true });
    expect((deep.files as { path: string }[]).map((x) => x.path)).toEqual([
      'a.txt',
      'logs/one.log',
      'logs/two.log',
      'src/main.go',
    ]);
    await expect(f.run(fsReaddirAction, { paths: ['..'], recursive: false })).rejects.toThrow(/leaves/);
  });
});

describe('debug:log and debug:wait', () => {
  it('logs the message and the workspace', async () => {
    await f.run(debugLogAction, { message: 'hello', listWorkspace: 'with-contents' });
    expect(f.log[0]).toBe('hello');
    expect(f.log[1]).toContain('src/main.go:\npackage main');
  });

  it('waits, and refuses a wait above the maximum', async () => {
    const started = Date.now();
    await f.run(debugWaitAction(), { milliseconds: 50 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    await expect(f.run(debugWaitAction({ maxWaitMs: 1000 }), { seconds: 2 })).rejects.toThrow(
      /maximum threshold/,
    );
  });
});
