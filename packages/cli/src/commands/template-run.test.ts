// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the templates hold Backstage template expressions
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELLO, runCommand, spawnCli as spawnCliIn } from './cli.testing.ts';
import { runTemplateRun } from './template-run.ts';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const LOCAL_PUBLISH = path.join(repoRoot, 'packages/cli/test/fixtures/local-publish/template.yaml');
const git = promisify(execFile);

let dir: string;

async function write(relative: string, content: string): Promise<string> {
  const file = path.join(dir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

/** The command in this process, its output captured; cwd is the test's folder. */
function run(args: string[], options: { stdin?: string } = {}) {
  return runCommand(runTemplateRun, args, { cwd: dir, ...options });
}

/** The real CLI, as a user runs it. */
function spawnCli(args: string[]) {
  return spawnCliIn(args, dir);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** A bare repository to publish to, and its file:// URL. */
async function bareRepository(name: string): Promise<{ gitDir: string; url: string }> {
  const gitDir = path.join(dir, `${name}.git`);
  await git('git', ['init', '--quiet', '--bare', gitDir]);
  return { gitDir, url: pathToFileURL(gitDir).href };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'paved-template-run-'));
  await write(
    'values.yaml',
    'name: my-svc\nowner: group:default/platform-team\ndescription: Says hello\nlifecycle: production\n',
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('paved template run --dry-run', () => {
  it('writes the rendered workspace to --out and prints the run as JSON (real CLI)', async () => {
    const result = await spawnCli([
      'template',
      'run',
      HELLO,
      '--values',
      'values.yaml',
      '--dry-run',
      '--out',
      'rendered',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      status: 'completed',
      steps: [
        { id: 'fetch', status: 'completed' },
        { id: 'publish', status: 'skipped' },
        { id: 'register', status: 'skipped' },
      ],
      output: { links: [{ title: 'Repository', url: '<example>' }], entityRef: '<example>' },
      outDir: path.join(dir, 'rendered'),
      files: ['catalog-info.yaml', 'README.md'],
    });
    expect(
      json.log.some((l: { message: string }) => /publish:git does not support dry-run/.test(l.message)),
    ).toBe(true);
    expect((await readdir(path.join(dir, 'rendered'))).sort()).toEqual(['README.md', 'catalog-info.yaml']);
    const catalogInfo = await readFile(path.join(dir, 'rendered', 'catalog-info.yaml'), 'utf8');
    expect(catalogInfo).toMatch(/^ {2}name: my-svc$/m);
    expect(catalogInfo).toMatch(/^ {2}description: Says hello$/m);
    expect(catalogInfo).toMatch(/^ {2}lifecycle: production$/m);
    expect(catalogInfo).toMatch(/^ {2}owner: group:default\/platform-team$/m);
  });

  it('prints one line per step with status and duration, the output, and the files, into ./<name>-dry-run', async () => {
    const result = await run([HELLO, '--values', 'values.yaml', '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Completed:');
    expect(lines[1]).toMatch(/^ {2}completed +fetch +[\d.]+ m?s +Write the service from the skeleton$/);
    expect(lines[2]).toMatch(/^ {2}skipped +publish +[\d.]+ m?s +Publish to a repository hosted by Paved$/);
    expect(lines[3]).toMatch(/^ {2}skipped +register +[\d.]+ m?s +Register in the catalog$/);
    expect(result.stdout).toMatch(/^Output:\n {2}Repository: <example>\n {2}entityRef: <example>$/m);
    expect(result.stdout).toMatch(/^Wrote 2 files to \.\/hello-service-dry-run:$/m);
    expect(await readFile(path.join(dir, 'hello-service-dry-run', 'README.md'), 'utf8')).toMatch(/my-svc/);
  });

  it('refuses a non-empty --out folder unless --force, before running anything', async () => {
    await write('busy/keep.txt', 'mine\n');
    const refused = await run([HELLO, '--values', 'values.yaml', '--dry-run', '--out', 'busy']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--out busy: the folder is not empty; pass --force/);
    expect(await readdir(path.join(dir, 'busy'))).toEqual(['keep.txt']);

    const forced = await run([HELLO, '--values', 'values.yaml', '--dry-run', '--out', 'busy', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await readdir(path.join(dir, 'busy'))).sort()).toEqual([
      'README.md',
      'catalog-info.yaml',
      'keep.txt',
    ]);
  });

  it('reads the values from standard input and --set, typed', async () => {
    const result = await run(
      [HELLO, '--values', '-', '--set', 'name=from-set', '--dry-run', '--out', 'stdin', '--json'],
      { stdin: 'name: ignored\nowner: group:default/platform-team\n' },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(path.join(dir, 'stdin', 'README.md'), 'utf8')).toMatch(/from-set/);
  });
});

describe('paved template run refuses before any step runs', () => {
  it('names file, line and column of a YAML error in the template', async () => {
    const file = await write(
      'broken/template.yaml',
      'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: broken\nspec:\n  steps: [oops\n  owner: me\n',
    );
    const result = await run([path.relative(dir, file), '--values', 'values.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^broken\/template\.yaml:7:3: Flow sequence in block collection/);
  });

  it('refuses a file of several documents, and a file that is not a Template, naming where', async () => {
    await write(
      'multi.yaml',
      'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: a}\nspec: {steps: []}\n---\nkind: Template\n',
    );
    const multi = await run(['multi.yaml']);
    expect(multi.code).toBe(1);
    expect(multi.stderr).toMatch(/^multi\.yaml:5:1: the file holds 2 YAML documents/);

    await write(
      'component.yaml',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\n',
    );
    const component = await run(['component.yaml']);
    expect(component.code).toBe(1);
    expect(component.stderr).toMatch(/^component\.yaml:2:7: the document is a "Component", not a Template/);

    const missing = await run(['nope.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^nope\.yaml: no such file/);
  });

  it('names a YAML error of the values file by line and column', async () => {
    await write('broken-values.yaml', 'name: ok\nowner: [unclosed\n');
    const result = await run([HELLO, '--values', 'broken-values.yaml', '--dry-run', '--out', 'never']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^broken-values\.yaml:\d+:\d+: /);
    expect(await exists(path.join(dir, 'never'))).toBe(false);
  });

  it('prints each value the parameters refuse as values file: field: message', async () => {
    await write('bad-values.yaml', 'name: Not A Name\nlifecycle: forever\n');
    const result = await run([HELLO, '--values', 'bad-values.yaml', '--dry-run', '--out', 'refused']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'bad-values.yaml: owner: is required',
      'bad-values.yaml: name: must match the pattern ^[a-z][a-z0-9-]{1,62}$',
      'bad-values.yaml: lifecycle: must be one of "experimental", "production"',
    ]);
    expect(await exists(path.join(dir, 'refused'))).toBe(false);

    const json = await run([HELLO, '--values', 'bad-values.yaml', '--set', 'owner=me', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'failed',
      steps: [],
      output: {},
      errors: [
        { source: 'bad-values.yaml', path: 'name', page: 0 },
        { source: 'bad-values.yaml', path: 'lifecycle', page: 1 },
      ],
    });
  });

  it('refuses a template with an unknown action before its first step (nothing is published)', async () => {
    const remote = await bareRepository('untouched');
    const file = await write(
      'unknown/template.yaml',
      `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: {name: unknown-action}
spec:
  steps:
    - id: publish
      action: publish:git
      input: {repoUrl: '${remote.url}'}
    - id: deploy
      action: acme:deploy
`,
    );
    const result = await run([file, '--out', 'unknown-out', '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/actions that are not registered: acme:deploy/);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'failed', steps: [] });
    expect(await exists(path.join(dir, 'unknown-out'))).toBe(false);
    const refs = await git('git', ['--git-dir', remote.gitDir, 'for-each-ref']);
    expect(refs.stdout).toBe('');
  });
});

describe('paved template run for real', () => {
  it('publishes with publish:git to a file:// bare repository that clones with the rendered files', async () => {
    const remote = await bareRepository('published');
    const result = await run([
      LOCAL_PUBLISH,
      '--set',
      'name=ledger',
      '--set',
      'owner=group:default/payments',
      '--set',
      `repoUrl=${remote.url}`,
      '--json',
    ]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'completed',
      steps: [
        { id: 'fetch', status: 'completed' },
        { id: 'publish', status: 'completed' },
      ],
      output: {
        links: [{ title: 'Repository', url: remote.url }],
        text: [{ title: 'Next steps', content: `Clone ${remote.url} and run it.` }],
      },
    });
    const clone = path.join(dir, 'clone');
    await git('git', ['clone', '--quiet', '--branch', 'main', remote.url, clone]);
    expect(await readFile(path.join(clone, 'README.md'), 'utf8')).toBe(
      '# ledger\n\nOwned by group:default/payments.\n',
    );
    expect(await readFile(path.join(clone, 'catalog-info.yaml'), 'utf8')).toMatch(/^ {2}name: ledger$/m);
    const log = await git('git', ['-C', clone, 'log', '--format=%s']);
    expect(log.stdout.trim()).toBe('Created by paved template run');
  });

  it('fails publish:git to paved:// with a message saying to use paved create, and exits 1', async () => {
    const result = await run([HELLO, '--values', 'values.yaml']);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Failed:');
    expect(lines[1]).toMatch(/^ {2}completed +fetch /);
    expect(lines[2]).toMatch(/^ {2}failed +publish /);
    expect(lines[3]).toMatch(/publish:git to paved:\/\/demo\/my-svc .*needs a Paved server.*paved create/);
    expect(lines[4]).toMatch(/^ {2}open +register +- +Register in the catalog$/);
  });

  it('fails catalog:register with a message saying to use paved create', async () => {
    const remote = await bareRepository('registered');
    const file = await write(
      'register/template.yaml',
      `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: {name: register}
spec:
  steps:
    - id: publish
      action: publish:git
      input: {repoUrl: '${remote.url}'}
    - id: register
      action: catalog:register
      input:
        repoContentsUrl: \${{ steps.publish.output.repoContentsUrl }}
`,
    );
    const result = await run([file, '--json']);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      status: 'failed',
      steps: [
        { id: 'publish', status: 'completed' },
        { id: 'register', status: 'failed' },
      ],
    });
    expect(json.error.message).toMatch(/catalog:register .*needs a Paved server.*paved create/);
  });

  it('answers a command line it cannot read with exit code 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run([HELLO, '--colour'])).code).toBe(2);
    const badSet = await run([HELLO, '--set', 'novalue']);
    expect(badSet.code).toBe(2);
    expect(badSet.stderr).toMatch(/--set "novalue": expected key=value/);
  });
});
