import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createPavedClient } from '@paved/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPaved, type TestPaved } from '../../../server/src/testing/paved.ts';
import { HELLO, runCommand, spawnCli as spawnCliIn } from './cli.testing.ts';
import { runCreate } from './create.ts';
import { runTemplateList } from './template-list.ts';

/**
 * `paved template list` and `paved create` against a real Paved whose catalog holds the demo's
 * hello-service template: the task publishes to Paved's own git hosting and registers the new
 * service, which the catalog then serves.
 */

let dir: string;
let paved: TestPaved;

type Command = typeof runCreate;

function run(command: Command, args: string[]) {
  return runCommand(command, [...args, '--url', paved.url], { cwd: dir });
}

function spawnCli(args: string[]) {
  return spawnCliIn(args, dir);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'paved-create-'));
  await writeFile(
    path.join(dir, 'values.yaml'),
    'name: invoice-service\nowner: group:default/platform-team\ndescription: Sends invoices\n',
  );
  await writeFile(path.join(dir, 'bad-values.yaml'), 'name: Invoice Service\nlifecycle: forever\n');
  paved = await startTestPaved({ catalog: [HELLO], watch: false });
  await paved.settle();
});

afterAll(async () => {
  await paved?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('paved template list', () => {
  it('lists the templates of the server: name, title, type, owner and tags (real CLI)', async () => {
    const result = await spawnCli(['template', 'list', '--url', paved.url]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      'hello-service\tHello service\tservice\tgroup:default/platform-team\tservice,demo\n',
    );
    expect(result.stderr).toBe('1 template\n');
  });

  it('answers JSON with --json, and names a server that does not answer', async () => {
    const result = await run(runTemplateList, ['--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        ref: 'hello-service',
        namespace: 'default',
        name: 'hello-service',
        title: 'Hello service',
        description: expect.stringMatching(/minimal HTTP service/),
        type: 'service',
        owner: 'group:default/platform-team',
        tags: ['service', 'demo'],
      },
    ]);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let said = '';
    stderr.on('data', (chunk) => (said += String(chunk)));
    const code = await runTemplateList(['--url', 'http://127.0.0.1:9'], {
      stdout,
      stderr,
      isTTY: false,
      cwd: dir,
      env: {},
    });
    expect(code).toBe(1);
    expect(said).toMatch(/cannot reach Paved at http:\/\/127\.0\.0\.1:9/);
  });
});

describe('paved create', () => {
  it('prints each value the server refuses as values file: field: message, and creates no task', async () => {
    const before = await paved.get('/api/scaffolder/v2/tasks');
    const result = await run(runCreate, ['hello-service', '--values', 'bad-values.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'bad-values.yaml: owner: is required',
      'bad-values.yaml: name: must match the pattern ^[a-z][a-z0-9-]{1,62}$',
      'bad-values.yaml: lifecycle: must be one of "experimental", "production"',
    ]);
    const after = await paved.get('/api/scaffolder/v2/tasks');
    expect(after.body.totalTasks).toBe(before.body.totalTasks);
  });

  it('runs the template as a task, follows it to the end, and the new service is in the catalog (real CLI)', async () => {
    const result = await spawnCli([
      'create',
      'template:default/hello-service',
      '--values',
      'values.yaml',
      '--url',
      paved.url,
      '--json',
    ]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      status: 'completed',
      steps: [
        { id: 'fetch', status: 'completed' },
        { id: 'publish', status: 'completed' },
        { id: 'register', status: 'completed' },
      ],
      output: {
        links: [{ title: 'Repository', url: `${paved.url}/git/demo/invoice-service.git` }],
        entityRef: 'component:default/invoice-service',
      },
    });
    expect(json.id).toEqual(expect.any(String));

    await paved.settle();
    const entity = await createPavedClient({ baseUrl: paved.url }).getEntityByRef(
      'component:default/invoice-service',
    );
    expect(entity?.spec?.owner).toBe('group:default/platform-team');
    expect(entity?.metadata.description).toBe('Sends invoices');
  });

  it('prints step progress and the output links in human form', async () => {
    const result = await run(runCreate, [
      'hello-service',
      '--values',
      'values.yaml',
      '--set',
      'name=human-service',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^Created task [\w-]+ \(http:\/\/.+\/create\/tasks\/[\w-]+\)$/m);
    expect(result.stderr).toMatch(/^ {2}completed +register /m);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Completed:');
    expect(lines.slice(1, 4).map((l) => l.trim().split(/\s+/).slice(0, 2))).toEqual([
      ['completed', 'fetch'],
      ['completed', 'publish'],
      ['completed', 'register'],
    ]);
    expect(result.stdout).toContain(`Output:\n  Repository: ${paved.url}/git/demo/human-service.git\n`);
    expect(result.stdout).toContain('  entityRef: component:default/human-service\n');
  });

  it('fails with exit 1 when the task fails (the repository exists already)', async () => {
    const result = await run(runCreate, ['hello-service', '--values', 'values.yaml', '--json']);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.status).toBe('failed');
    expect(json.steps.find((s: { id: string }) => s.id === 'publish').status).toBe('failed');
    expect(json.error.message).toMatch(/demo\/invoice-service already exists/);
  });

  it('returns the task id at once with --no-wait', async () => {
    const result = await run(runCreate, [
      'hello-service',
      '--values',
      'values.yaml',
      '--set',
      'name=later',
      '--no-wait',
    ]);
    expect(result.code).toBe(0);
    const id = result.stdout.trim();
    const task = await createPavedClient({ baseUrl: paved.url }).getTask(id);
    expect(task.templateRef).toBe('template:default/hello-service');
  });

  it('answers a template the server does not have with its 404', async () => {
    const result = await run(runCreate, ['no-such-template', '--values', 'values.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^paved create: 404 .*template:default\/no-such-template/);
  });
});
