// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Backstage template expressions, not JavaScript template literals
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ActionFixture, createActionFixture } from './actions.fixtures.ts';
import {
  fetchPlainAction,
  fetchPlainFileAction,
  fetchTemplateAction,
  fetchTemplateFileAction,
} from './fetch.ts';

let f: ActionFixture;
beforeEach(async () => {
  f = await createActionFixture();
});
afterEach(async () => {
  await f.dispose();
});

const read = async (path: string) => (await f.workspace.readFile(path)).toString('utf8');
const mode = async (path: string) => (await fs.stat(join(f.workspace.root, path))).mode & 0o777;
// A PNG header and bytes that are not UTF-8, with `${{` inside: must arrive unchanged.
const BINARY = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe]),
  Buffer.from('${{ values.name }}'),
  Buffer.from([0x00, 0x01, 0x02]),
]);

describe('fetch:template', () => {
  it('renders contents and file and folder names with values, keeps modes, copies binaries unchanged', async () => {
    await f.template({
      'skeleton/README.md': '# ${{ values.name }}\n{{ .Values.helm }} stays\n',
      'skeleton/src/${{ values.name }}/main.go': 'package ${{ values.name }}\n',
      'skeleton/run.sh': { content: '#!/bin/sh\necho ${{ values.name }}\n', mode: 0o755 },
      'skeleton/logo.png': BINARY,
      'skeleton/.gitignore': 'bin/\n',
    });
    await f.run(fetchTemplateAction, { url: './skeleton', targetPath: 'out', values: { name: 'checkout' } });
    expect(await read('out/README.md')).toBe('# checkout\n{{ .Values.helm }} stays\n');
    expect(await read('out/src/checkout/main.go')).toBe('package checkout\n');
    expect(await read('out/run.sh')).toBe('#!/bin/sh\necho checkout\n');
    expect(await mode('out/run.sh')).toBe(0o755);
    expect(await f.workspace.readFile('out/logo.png')).toEqual(BINARY);
    expect(await read('out/.gitignore')).toBe('bin/\n');
  });

  it('drops paths that render empty (conditional files and folders)', async () => {
    await f.template({
      'skeleton/{% if values.db %}db.sql{% endif %}': 'create table x;',
      'skeleton/${{ values.docs }}/index.md': 'docs',
      'skeleton/keep.txt': 'keep',
    });
    await f.run(fetchTemplateAction, { url: './skeleton', values: { db: false, docs: '' } });
    expect((await f.workspace.files()).map((x) => x.path)).toEqual(['keep.txt']);
  });

  it('copyWithoutTemplating renders names only; copyWithoutRender renders neither', async () => {
    await f.template({
      'skeleton/.github/workflows/ci.yaml': 'run: ${{ github.sha }}',
      'skeleton/${{ values.name }}.txt': '${{ values.name }}',
    });
    await f.run(fetchTemplateAction, {
      url: './skeleton',
      targetPath: 'a',
      values: { name: 'x' },
      copyWithoutTemplating: ['.github/workflows/*', '*.txt'],
    });
    expect(await read('a/.github/workflows/ci.yaml')).toBe('run: ${{ github.sha }}');
    expect(await read('a/x.txt')).toBe('${{ values.name }}');
    await f.run(fetchTemplateAction, {
      url: './skeleton',
      targetPath: 'b',
      values: { name: 'x' },
      copyWithoutRender: ['*.txt'],
    });
    expect(await read('b/${{ values.name }}.txt')).toBe('${{ values.name }}');
    await expect(
      f.run(fetchTemplateAction, {
        url: './skeleton',
        copyWithoutRender: ['a'],
        copyWithoutTemplating: ['b'],
      }),
    ).rejects.toThrow(/can not be used at the same time/);
  });

  it('a copy-only pattern naming a folder covers everything under it (globby expandDirectories)', async () => {
    await f.template({
      'ci/.github/workflows/build.yaml': 'token: ${{ secrets.TOKEN }}',
      'ci/.github/workflows/nested/more.yaml': 'sha: ${{ github.sha }}',
      'ci/.github/dependabot.yaml': 'name: ${{ values.name }}',
      'ci/docs/${{ values.name }}.md': '${{ values.name }}',
    });
    await f.run(fetchTemplateAction, {
      url: './ci',
      values: { name: 'x' },
      copyWithoutTemplating: ['.github/workflows/', './docs'],
    });
    expect(await read('.github/workflows/build.yaml')).toBe('token: ${{ secrets.TOKEN }}');
    expect(await read('.github/workflows/nested/more.yaml')).toBe('sha: ${{ github.sha }}');
    expect(await read('.github/dependabot.yaml')).toBe('name: x');
    // copyWithoutTemplating still renders the names.
    expect(await read('docs/x.md')).toBe('${{ values.name }}');
  });

  it('names the skeleton file that cannot be rendered', async () => {
    await f.template({ 'skeleton/catalog-info.yaml': '{% if values.a %}a{% endif %}{% elif values.b %}' });
    await expect(f.run(fetchTemplateAction, { url: './skeleton', values: {} })).rejects.toThrow(
      /^Could not render catalog-info\.yaml of the template: .*unknown block tag: elif/s,
    );
  });

  it('templateFileExtension renders only matching files and strips the extension', async () => {
    await f.template({
      'skeleton/${{ values.name }}.md.njk': '# ${{ values.name }}',
      'skeleton/plain.md': '# ${{ values.name }}',
    });
    await f.run(fetchTemplateAction, {
      url: './skeleton',
      values: { name: 'x' },
      templateFileExtension: true,
    });
    expect(await read('x.md')).toBe('# x');
    expect(await read('plain.md')).toBe('# ${{ values.name }}');
    await expect(
      f.run(fetchTemplateAction, {
        url: './skeleton',
        templateFileExtension: '.njk',
        cookiecutterCompat: true,
      }),
    ).rejects.toThrow(/incompatible/);
  });

  it('cookiecutterCompat uses {{ cookiecutter.x }} and jsonify', async () => {
    await f.template({
      'skeleton/{{ cookiecutter.name }}/info.json':
        '{"name": "{{ cookiecutter.name }}", "tags": {{ cookiecutter.tags | jsonify }}}',
    });
    await f.run(fetchTemplateAction, {
      url: './skeleton',
      values: { name: 'svc', tags: ['a', 'b'] },
      cookiecutterCompat: true,
    });
    expect(JSON.parse(await read('svc/info.json'))).toEqual({ name: 'svc', tags: ['a', 'b'] });
  });

  it('passes trimBlocks and lstripBlocks to Nunjucks', async () => {
    await f.template({
      'skeleton/list.txt': 'items:\n  {% for i in values.items %}\n- ${{ i }}\n  {% endfor %}\nend',
    });
    await f.run(fetchTemplateAction, {
      url: './skeleton',
      targetPath: 'trimmed',
      values: { items: ['a', 'b'] },
      trimBlocks: true,
      lstripBlocks: true,
    });
    expect(await read('trimmed/list.txt')).toBe('items:\n- a\n- b\nend');
    await f.run(fetchTemplateAction, { url: './skeleton', targetPath: 'raw', values: { items: ['a'] } });
    expect(await read('raw/list.txt')).toBe('items:\n  \n- a\n  \nend');
  });

  it('skips files that exist unless replace is set', async () => {
    await f.template({ 'skeleton/a.txt': '${{ values.v }}' });
    await f.run(fetchTemplateAction, { url: './skeleton', values: { v: 'first' } });
    await f.run(fetchTemplateAction, { url: './skeleton', values: { v: 'second' } });
    expect(await read('a.txt')).toBe('first');
    await f.run(fetchTemplateAction, { url: './skeleton', values: { v: 'third' }, replace: true });
    expect(await read('a.txt')).toBe('third');
  });

  it('refuses urls and targets that escape, and names and symlinks that would', async () => {
    await f.template({ 'skeleton/${{ values.name }}': 'x', 'other/ok.txt': 'ok' });
    await expect(f.run(fetchTemplateAction, { url: '../', values: {} })).rejects.toThrow(
      /leaves the template's folder/,
    );
    await expect(f.run(fetchTemplateAction, { url: '/etc', values: {} })).rejects.toThrow(/absolute/);
    await expect(f.run(fetchTemplateAction, { url: './other', targetPath: '../x' })).rejects.toThrow(
      /leaves the workspace/,
    );
    await expect(
      f.run(fetchTemplateAction, { url: './skeleton', values: { name: '../../evil' } }),
    ).rejects.toThrow(/leaves the workspace/);
    await fs.symlink('/etc/passwd', join(f.templateDir, 'other', 'passwd'));
    await expect(f.run(fetchTemplateAction, { url: './other' })).rejects.toThrow(
      /points outside the template's folder/,
    );
  });

  it('copies a symlink that stays inside the template as a symlink', async () => {
    await f.template({ 'skeleton/target.txt': 'hello' });
    await fs.symlink('target.txt', join(f.templateDir, 'skeleton', 'link.txt'));
    await f.run(fetchTemplateAction, { url: './skeleton' });
    expect(await fs.readlink(join(f.workspace.root, 'link.txt'))).toBe('target.txt');
  });
});

describe('fetch:template:file', () => {
  it('renders one file to targetPath, keeping its mode', async () => {
    await f.template({ 'files/start.sh': { content: 'echo ${{ values.name }}', mode: 0o750 } });
    await f.run(fetchTemplateFileAction, {
      url: './files/start.sh',
      targetPath: 'bin/start.sh',
      values: { name: 'x' },
    });
    expect(await read('bin/start.sh')).toBe('echo x');
    expect(await mode('bin/start.sh')).toBe(0o750);
    await expect(f.run(fetchTemplateFileAction, { url: '../x', targetPath: 'y' })).rejects.toThrow(/leaves/);
  });
});

describe('fetch:plain and fetch:plain:file', () => {
  it('copy without rendering, keeping modes and binaries', async () => {
    await f.template({
      'skeleton/a.txt': '${{ values.name }}',
      'skeleton/deep/tool': { content: '#!/bin/sh', mode: 0o755 },
      'skeleton/logo.png': BINARY,
    });
    await f.run(fetchPlainAction, { url: './skeleton', targetPath: 'copy' });
    expect(await read('copy/a.txt')).toBe('${{ values.name }}');
    expect(await mode('copy/deep/tool')).toBe(0o755);
    expect(await f.workspace.readFile('copy/logo.png')).toEqual(BINARY);
    await f.run(fetchPlainFileAction, { url: 'skeleton/logo.png', targetPath: 'one.png' });
    expect(await f.workspace.readFile('one.png')).toEqual(BINARY);
    await expect(f.run(fetchPlainFileAction, { url: '../../etc/passwd', targetPath: 'p' })).rejects.toThrow(
      /leaves/,
    );
    await expect(f.run(fetchPlainAction, { url: './skeleton', targetPath: '/tmp/x' })).rejects.toThrow(
      /absolute/,
    );
  });
});
