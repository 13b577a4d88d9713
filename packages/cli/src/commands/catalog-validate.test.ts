import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCatalogValidate } from './catalog-validate.ts';
import { runCommand, spawnCli } from './cli.testing.ts';

const component = (name: string, extra = '') =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a${extra}\n`;

let dir: string;

async function write(relative: string, content: string) {
  const file = path.join(dir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

function run(args: string[], options: { isTTY?: boolean } = {}) {
  return runCommand(runCatalogValidate, args, { cwd: dir, ...options });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'paved-validate-'));
  await write(
    'good/catalog-info.yaml',
    `${component('checkout', '\n  providesApis: [payments-api]')}---\n${component('ledger')}`,
  );
  await write('bad/catalog-info.yaml', `${component('My Service')}---\n${component('ok')}---\nkind: [oops\n`);
  await write(
    'bad/deeper/catalog-info.yaml',
    'apiVersion: backstage.io/v1alpha1\nkind: component\nmetadata: {name: x}\nspec: {}\n',
  );
  await write('good/node_modules/pkg/catalog-info.yaml', 'not: [valid\n');
  await write('good/.git/catalog-info.yaml', 'not: [valid\n');
  await write('good/other.yaml', component('other'));
  await write('api/openapi.yaml', 'openapi: 3.0.0\n');
  await write(
    'api/catalog-info.yaml',
    'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: payments-api}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition: {$text: ./openapi.yaml}\n',
  );
  await write(
    'escape/catalog-info.yaml',
    'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: secrets}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition: {$text: ../api/openapi.yaml}\n',
  );
  await write('secret.txt', 'top secret\n');
  await symlink(path.join(dir, 'secret.txt'), path.join(dir, 'api', 'link.txt'));
  await write(
    'api/linked/catalog-info.yaml',
    'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: linked}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition: {$text: ../link.txt}\n',
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('paved catalog validate', () => {
  it('exits 0 and prints a summary when every entity is valid', async () => {
    const result = await run(['good']);
    expect(result).toEqual({ code: 0, stdout: '2 entities in 1 file: 2 valid, 0 invalid\n', stderr: '' });
  });

  it('lists each problem as file:line:col, ref and message, grouped by file, and exits 1', async () => {
    const result = await run(['bad']);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      expect.stringMatching(
        /^bad\/catalog-info.yaml:4:9 {2}component:default\/my service {2}metadata.name "My Service" is not valid; expected a string of 1-63 characters/,
      ),
      expect.stringMatching(/^bad\/catalog-info.yaml:20:1 {2}- {2}YAML error: /),
      '',
      expect.stringMatching(
        /^bad\/deeper\/catalog-info.yaml:2:7 {2}component:default\/x {2}No processor recognized the entity component:default\/x as valid/,
      ),
      '',
      '4 entities in 2 files: 1 valid, 3 invalid',
      '',
    ]);
  });

  it('colours only on a terminal', async () => {
    expect((await run(['bad'], { isTTY: true })).stdout).toContain('\u001b[31m');
    expect((await run(['bad'], { isTTY: false })).stdout).not.toContain('\u001b[');
    expect((await run(['--json', 'bad'], { isTTY: true })).stdout).not.toContain('\u001b[');
  });

  it('prints one JSON object per document with --json', async () => {
    const result = await run(['--json', 'good', 'bad/catalog-info.yaml']);
    expect(result.code).toBe(1);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toEqual({
      file: 'good/catalog-info.yaml',
      document: 0,
      line: 1,
      kind: 'Component',
      namespace: 'default',
      name: 'checkout',
      valid: true,
      errors: [],
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/team-a' },
        { type: 'providesApi', targetRef: 'api:default/payments-api' },
      ],
    });
    expect(lines[2]).toMatchObject({
      file: 'bad/catalog-info.yaml',
      document: 0,
      valid: false,
      errors: [
        { path: 'metadata.name', line: 4, column: 9, message: expect.stringContaining('is not valid') },
      ],
      relations: [],
    });
    expect(lines[4]).toMatchObject({
      file: 'bad/catalog-info.yaml',
      document: 2,
      line: 20,
      kind: null,
      valid: false,
      errors: [{ message: expect.stringMatching(/^YAML error/), path: null, line: 20, column: 1 }],
    });
  });

  it('skips node_modules and .git, and only picks catalog-info.yaml in folders', async () => {
    const result = await run(['--json', 'good']);
    const files = new Set(
      result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).file),
    );
    expect([...files]).toEqual(['good/catalog-info.yaml']);
  });

  it('expands globs', async () => {
    const result = await run(['--json', '**/other.yaml']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({
      file: 'good/other.yaml',
      name: 'other',
      valid: true,
    });
  });

  it('resolves placeholders inside the tree given on the command line, and not outside it', async () => {
    const inside = await run(['api/catalog-info.yaml']);
    expect(inside).toMatchObject({ code: 0, stdout: '1 entity in 1 file: 1 valid, 0 invalid\n' });
    const outside = await run(['escape']);
    expect(outside.code).toBe(1);
    expect(outside.stdout).toContain(
      `spec.definition: Placeholder $text refers to ${path.join(dir, 'api', 'openapi.yaml')}, outside the source root ${path.join(dir, 'escape')}`,
    );
    const wholeTree = await run(['.', '--json']);
    const secrets = wholeTree.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .find((line) => line.name === 'secrets');
    expect(secrets.valid).toBe(true);
  });

  it('does not follow a symbolic link out of the root', async () => {
    const result = await run(['api']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/link.txt leads outside .* through a symbolic link/);
  });

  it('exits 2 on usage errors, naming the problem', async () => {
    expect(await run([])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('give at least one file'),
    });
    expect(await run(['--nope', 'good'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Unknown option '--nope'"),
    });
    expect(await run(['missing/catalog-info.yaml'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'paved catalog validate: path not found: missing/catalog-info.yaml\n',
    });
    expect(await run(['nothing/**/*.yaml'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no file matches nothing/**/*.yaml'),
    });
    expect(await run(['--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Usage: paved catalog validate'),
    });
  });

  it('follows Location targets (paths and globs) as ingestion would, and reports the ones it cannot', async () => {
    await write(
      'org/catalog-info.yaml',
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Location',
        'metadata: {name: org}',
        'spec:',
        '  targets:',
        '    - ./teams/payments.yaml',
        "    - './services/*.yaml'",
        '    - ./missing.yaml',
        '    - ../good/other.yaml',
        '    - https://git.example.com/acme/repo/blob/main/catalog-info.yaml',
        '',
      ].join('\n'),
    );
    await write('org/teams/payments.yaml', component('payments-team-service'));
    await write('org/services/a.yaml', component('a-service'));
    await write('org/services/b.yaml', component('B Service'));
    const result = await run(['org/catalog-info.yaml']);
    expect(result.code).toBe(1);
    // The Location, the file it names and the two its glob matches: four entities in four files.
    expect(result.stdout).toContain('4 entities in 4 files: 2 valid, 2 invalid');
    expect(result.stdout).toContain(`${path.join('org', 'services', 'b.yaml')}:4:9`);
    expect(result.stdout).toContain('Location target ./missing.yaml names no file');
    expect(result.stdout).toMatch(
      /Location target \.\.\/good\/other\.yaml leads outside .*org; targets must stay inside it/,
    );
    expect(result.stderr).toContain('a URL target, not followed offline');
  });

  it('runs through the paved executable', async () => {
    const ok = await spawnCli(['catalog', 'validate', path.join(dir, 'good')], dir);
    expect(ok.stdout).toBe('2 entities in 1 file: 2 valid, 0 invalid\n');
    const failed = await spawnCli(['catalog', 'validate', '--json', 'bad'], dir);
    expect(failed.code).toBe(1);
    expect(failed.stdout.trim().split('\n')).toHaveLength(4);
    const usage = await spawnCli(['catalog', 'validate'], dir);
    expect(usage.code).toBe(2);
  });
});
