/**
 * Backstage v1beta3 templates, run unchanged. The fixtures under
 * `fixtures/backstage-style-templates/` are Paved's own templates written in the style of the
 * public template repositories (backstage/software-templates, Backstage's sample templates,
 * RoadieHQ, Red Hat Developer Hub, cnoe-io): each uses the features those templates rely on.
 * Every one is dry-run with the real action registry and its own folder as its base, and checked
 * on what a user sees: the files and their names, the step statuses, the output, the errors.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Backstage template expressions, not JavaScript template literals
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDefaultActionRegistry } from '../src/scaffolder/actions/index.ts';
import { ParameterValidationError, type RunResult, runTemplate } from '../src/scaffolder/runner/index.ts';
import { LocalTemplateBase, Workspace } from '../src/scaffolder/workspace/index.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/backstage-style-templates/', import.meta.url));

interface DryRun {
  result: RunResult;
  /** Every file of the workspace, path → text. */
  files: Map<string, string>;
  executable: Set<string>;
}

async function dryRun(
  name: string,
  values: Record<string, unknown>,
  secrets?: Record<string, string>,
): Promise<DryRun> {
  const template = parse(await fs.readFile(join(FIXTURES, name, 'template.yaml'), 'utf8'));
  const workspace = await Workspace.create({ prefix: 'paved-backstage-style-' });
  try {
    const result = await runTemplate({
      template,
      values,
      ...(secrets ? { secrets } : {}),
      user: { ref: 'user:default/jane' },
      templateBase: new LocalTemplateBase(join(FIXTURES, name)),
      workspace,
      actions: createDefaultActionRegistry(),
      isDryRun: true,
    });
    const listed = await workspace.files();
    return {
      result,
      files: new Map(listed.map((f) => [f.path, f.content.toString('utf8')])),
      executable: new Set(listed.filter((f) => f.executable).map((f) => f.path)),
    };
  } finally {
    await workspace.dispose();
  }
}

function statuses(result: RunResult): Record<string, string> {
  return Object.fromEntries(result.steps.map((s) => [s.id, s.status]));
}

function file(run: DryRun, path: string): string {
  const text = run.files.get(path);
  if (text === undefined) throw new Error(`${path} was not written; got ${[...run.files.keys()].join(', ')}`);
  return text;
}

/** The per-field errors a refused run answers. */
async function fieldErrors(name: string, values: Record<string, unknown>) {
  const error = await dryRun(name, values).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParameterValidationError);
  return (error as ParameterValidationError).errors.map((e) => ({
    page: e.page,
    path: e.path,
    message: e.message,
  }));
}

describe('a service template (backstage/software-templates style)', () => {
  const values = {
    name: 'payments',
    owner: 'group:default/team-pay',
    packageDir: 'com/acme/payments',
    repoUrl: 'github.com?owner=acme&repo=payments',
  };

  it('renders names and contents, keeps CI workflows as written, and skips what cannot dry-run', async () => {
    const run = await dryRun('kotlin-service', values);
    expect(run.result.status).toBe('completed');
    expect(statuses(run.result)).toEqual({
      fetch: 'completed',
      catalog: 'completed',
      publish: 'skipped',
      register: 'skipped',
    });
    expect([...run.files.keys()].sort()).toEqual([
      '.github/workflows/ci.yaml',
      'catalog-info.yaml',
      'docs/index.md',
      'run-payments.sh',
      'src/main/kotlin/com/acme/payments/Main.kt',
    ]);
    // Templated folder names, a templated file name, the executable bit kept.
    expect(file(run, 'src/main/kotlin/com/acme/payments/Main.kt')).toContain('package com.acme.payments');
    // The port was not given: the schema's default is what the form would have sent.
    expect(file(run, 'src/main/kotlin/com/acme/payments/Main.kt')).toContain('payments listens on 8080');
    expect(run.executable.has('run-payments.sh')).toBe(true);
    expect(file(run, 'run-payments.sh')).toContain('/opt/payments/payments.jar');
    // copyWithoutRender: GitHub's own ${{ }} survives.
    expect(file(run, '.github/workflows/ci.yaml')).toContain('${{ github.ref_name }}');
    // parseRepoUrl into values, `default` filter, `{% if %}`, plain {{ }} left alone.
    const docs = file(run, 'docs/index.md');
    expect(docs).toContain('Lives in `acme/payments` on github.com.');
    expect(docs).toContain('No description yet.');
    expect(docs).not.toContain('non-standard port');
    expect(docs).toContain('{{ .Values.image }}');
    // catalog:write with projectSlug; an optional input that rendered empty is dropped.
    const entity = parse(file(run, 'catalog-info.yaml'));
    expect(entity.metadata).toEqual({
      name: 'payments',
      annotations: { 'github.com/project-slug': 'acme/payments' },
    });
    expect(run.result.output).toEqual({
      links: [
        { title: 'Repository', url: '<example>' },
        { title: 'Open in catalog', icon: 'catalog', entityRef: '<example>' },
      ],
    });
  });

  it('writes a file whose name renders to something only when asked to', async () => {
    const run = await dryRun('kotlin-service', { ...values, license: true, port: 9090 });
    expect(file(run, 'LICENSE')).toBe('Copyright group:default/team-pay\n');
    expect(file(run, 'docs/index.md')).toContain('Runs on a non-standard port: 9090.');
  });

  it('answers per-field errors across both pages', async () => {
    expect(await fieldErrors('kotlin-service', { name: 'payments', packageDir: 'Com.Acme' })).toEqual([
      { page: 0, path: 'owner', message: 'is required' },
      { page: 0, path: 'packageDir', message: 'must match the pattern ^[a-z]+(/[a-z]+)*$' },
      { page: 1, path: 'repoUrl', message: 'is required' },
    ]);
  });
});

describe('pages shown only `when` an answer asks for them (Backstage conditional demos)', () => {
  it('does not require or validate the pages that are not shown, nor fill their defaults', async () => {
    const run = await dryRun('conditional-pages', { service: 'ledger', engine: 'postgres', pgVersion: 16 });
    expect(run.result.status).toBe('completed');
    expect(run.result.output).toEqual({
      links: [{ title: 'Runbook', url: 'https://runbooks.example.com/postgres' }],
      text: [
        { title: 'Request', content: 'ledger on postgres' },
        // pgExtensions came from its default; mysqlCharset (a hidden page) did not.
        { title: 'Postgres', content: 'Version 16 with pgcrypto' },
      ],
    });
    const log = run.result.log.map((l) => l.body.message);
    expect(log).toContain('ledger wants postgres (backups false)');
  });

  it('validates a page once its condition holds, with == and a bare truthy path', async () => {
    expect(
      await fieldErrors('conditional-pages', {
        service: 'ledger',
        engine: 'mysql',
        backups: true,
        backupEmail: 'not-an-address',
        retentionDays: 90,
      }),
    ).toEqual([
      { page: 2, path: 'mysqlFlavour', message: 'is required' },
      { page: 4, path: 'backupEmail', message: 'must match format "email"' },
      { page: 4, path: 'retentionDays', message: 'must be <= 35' },
    ]);
  });

  it('keeps the output items whose `if` holds', async () => {
    const run = await dryRun('conditional-pages', {
      service: 'ledger',
      engine: 'mysql',
      mysqlFlavour: 'mariadb',
      backups: true,
      backupEmail: 'dba@example.com',
    });
    expect(run.result.output).toEqual({
      links: [
        { title: 'Runbook', url: 'https://runbooks.example.com/mysql' },
        { title: 'Backup dashboard', url: 'https://backups.example.com/ledger' },
      ],
      text: [
        { title: 'Request', content: 'ledger on mysql' },
        { title: 'MySQL', content: 'mariadb in utf8mb4' },
        { title: 'Backups', content: 'Kept 7 days; failures mailed to dba@example.com' },
      ],
    });
  });

  it('drops the conditional links and text when nothing asks for them', async () => {
    const run = await dryRun('conditional-pages', { service: 'ledger', engine: 'none' });
    expect(run.result.output).toEqual({ links: [], text: [{ title: 'Request', content: 'ledger on none' }] });
  });
});

describe('dependencies + oneOf, allOf + if/then, a url from a parameter (Red Hat Developer Hub style)', () => {
  it('runs with the defaults of the first page and the chosen CI branch', async () => {
    const run = await dryRun('ci-choice', { name: 'orders', repoUrl: 'github.com?owner=acme&repo=orders' });
    expect(run.result.status).toBe('completed');
    expect(statuses(run.result)).toEqual({
      source: 'completed',
      ci: 'completed',
      publish: 'skipped',
      branch: 'skipped',
    });
    expect([...run.files.keys()].sort()).toEqual([
      '.github/workflows/build.yaml',
      'CI-orders.md',
      'README.md',
    ]);
    expect(file(run, 'README.md')).toContain('Listens on port 3000.');
    // copyWithoutTemplating of a folder: everything under it is copied as written.
    expect(file(run, '.github/workflows/build.yaml')).toContain('${{ secrets.REGISTRY_TOKEN }}');
    expect(file(run, 'CI-orders.md')).toBe('orders builds on GitHub Actions.\n');
    expect(run.result.output).toEqual({ links: [{ title: 'New repository', url: '<example>' }], text: [] });
    expect(run.result.log.map((l) => l.body.message)).toContain(
      'Skipping step branch because its if condition was false',
    );
  });

  it("fills the chosen branch's defaults and requires its fields", async () => {
    const base = { name: 'orders', repoUrl: 'github.com?owner=acme&repo=orders', ci: './ci/jenkins' };
    // Only the chosen branch's complaints: no "ci must be equal to constant" from the other one.
    expect(await fieldErrors('ci-choice', base)).toEqual([
      { page: 1, path: 'jenkinsUrl', message: 'is required' },
    ]);
    const run = await dryRun('ci-choice', { ...base, jenkinsUrl: 'https://jenkins.example.com' });
    expect(run.result.status).toBe('completed');
    expect(file(run, 'Jenkinsfile')).toContain("agent { label 'linux' }");
    expect(file(run, 'Jenkinsfile')).toContain('building orders for https://jenkins.example.com');
  });

  it('requires the then-fields only when the if holds, and takes the other step', async () => {
    const base = { name: 'orders', repoUrl: 'github.com?owner=acme&repo=mono', existingRepo: true };
    expect(await fieldErrors('ci-choice', base)).toEqual([
      { page: 2, path: 'branchName', message: 'is required' },
    ]);
    const run = await dryRun('ci-choice', { ...base, branchName: 'add-orders' });
    expect(statuses(run.result)).toMatchObject({ publish: 'skipped', branch: 'completed' });
    expect(run.result.log.map((l) => l.body.message)).toContain('Push orders to branch add-orders');
    expect(run.result.output).toEqual({ links: [], text: [{ title: 'Branch', content: 'add-orders' }] });
  });
});

describe('each over a step output, is string tests, .njk files (RoadieHQ style)', () => {
  it('renders only .njk files, iterates the listed pages and hides the secret', async () => {
    const run = await dryRun(
      'rfc-pages',
      { number: '42', title: 'Paved everywhere', reviewers: ['user:default/ana', 'user:default/bo'] },
      { reviewToken: 's3cr3t-token' },
    );
    expect(run.result.status).toBe('completed');
    expect(statuses(run.result)).toEqual({
      'render-rfc': 'completed',
      'list-pages': 'completed',
      'number-pages': 'completed',
      'many-reviewers': 'completed',
      'one-reviewer': 'skipped',
    });
    expect([...run.files.keys()].sort()).toEqual([
      'rfcs/42/index.md',
      'rfcs/42/pages/0-design.md',
      'rfcs/42/pages/1-draft-notes.txt',
      'rfcs/42/pages/2-motivation.md',
    ]);
    expect(file(run, 'rfcs/42/index.md')).toBe(
      '# RFC 42: Paved everywhere\n\nStatus: DRAFT\n\nReviewers:\n- user:default/ana\n- user:default/bo\n',
    );
    expect(file(run, 'rfcs/42/pages/2-motivation.md')).toBe('Why RFC 42 matters.\n');
    expect(file(run, 'rfcs/42/pages/0-design.md')).toContain('${{ values.number }} stays as written');
    expect(file(run, 'rfcs/42/pages/1-draft-notes.txt')).toContain('${{ values.status }} RFC');
    const log = run.result.log.map((l) => l.body.message);
    expect(log).toContain('Asking user:default/ana (reviewer 1)');
    expect(log).toContain('Asking user:default/bo (reviewer 2)');
    expect(run.result.output).toEqual({
      text: [{ title: 'Pages', content: '3 pages, renamed to {}' }],
      links: [{ title: 'Read it', url: 'https://docs.example.com/rfcs/42' }],
    });
  });

  it('takes the single-reviewer step for a string, with the secret out of the log', async () => {
    const run = await dryRun(
      'rfc-pages',
      { number: '7', title: 'Small', reviewers: 'user:default/cy' },
      { reviewToken: 's3cr3t-token' },
    );
    expect(run.result.status).toBe('completed');
    // `each` over a string iterates its characters, and `is not string` skips every one of them.
    expect(statuses(run.result)).toMatchObject({
      'many-reviewers': 'completed',
      'one-reviewer': 'completed',
    });
    const log = run.result.log.map((l) => l.body.message);
    const eachLog = run.result.log
      .filter((l) => l.body.stepId === 'many-reviewers')
      .map((l) => l.body.message);
    expect(eachLog.filter((m) => m.startsWith('Skipping step each:'))).toHaveLength('user:default/cy'.length);
    expect(eachLog.some((m) => m.startsWith('Running step each:'))).toBe(false);
    // `[x] if x is string else x` made a list of the one reviewer.
    expect(file(run, 'rfcs/7/index.md')).toContain('Reviewers:\n- user:default/cy\n');
    // The message a secret went into is hidden whole, as in Backstage.
    const oneLog = run.result.log.filter((l) => l.body.stepId === 'one-reviewer').map((l) => l.body.message);
    expect(oneLog).toContain('***');
    expect(log.join('\n')).not.toContain('s3cr3t-token');
  });

  it('runs nothing for an each over an empty list, and completes the step', async () => {
    const run = await dryRun('rfc-pages', { number: '8', title: 'Empty', reviewers: [] });
    // An empty list is a value: nothing to iterate, the step completes.
    expect(statuses(run.result)).toMatchObject({ 'many-reviewers': 'completed' });
  });
});

describe('objects and lists passed through whole (cnoe-io style)', () => {
  it('keeps objects, lists and nested defaults as typed values', async () => {
    const values = {
      name: 'photos',
      labels: { team: 'media', tier: 'gold' },
      consumers: ['component:default/gallery', 'component:default/thumbs'],
      config: { storage: { region: 'eu-west-1', lifecycle: [{ prefix: 'tmp/' }] } },
    };
    const before = structuredClone(values);
    const run = await dryRun('bucket-request', values);
    expect(run.result.status).toBe('completed');
    // The caller's values are not changed by the defaults.
    expect(values).toEqual(before);
    const config = {
      storage: {
        region: 'eu-west-1',
        versioning: true,
        className: 'standard',
        lifecycle: [{ prefix: 'tmp/', expireDays: 30 }],
      },
    };
    const entity = parse(file(run, 'catalog-info.yaml'));
    expect(entity.metadata).toEqual({ name: 'photos', labels: { team: 'media', tier: 'gold' } });
    expect(entity.spec).toEqual({
      type: 'bucket',
      owner: 'group:default/storage',
      dependencyOf: ['component:default/gallery', 'component:default/thumbs'],
      config,
    });
    const manifest = parse(file(run, 'bucket.yaml'));
    expect(manifest).toEqual({
      kind: 'ObjectStorage',
      metadata: { name: 'photos' },
      spec: config,
      consumers: 2,
    });
    expect(run.result.output).toEqual({ text: [{ title: 'Storage', content: 'standard in eu-west-1' }] });
  });

  it('reports a missing nested field with its path', async () => {
    expect(await fieldErrors('bucket-request', { name: 'photos', config: { storage: {} } })).toEqual([
      { page: 1, path: 'config.storage.region', message: 'is required' },
    ]);
  });
});

describe('a page that is a oneOf (RoadieHQ oneof-example style)', () => {
  it('accepts either branch', async () => {
    const run = await dryRun('pick-one', { repository: 'github.com/acme/app' });
    expect(run.result.status).toBe('completed');
    expect(run.result.log.map((l) => l.body.message)).toContain('image= repository=github.com/acme/app');
    expect(run.result.output).toEqual({ source: 'github.com/acme/app' });
  });

  it('refuses neither and both', async () => {
    expect(await fieldErrors('pick-one', {})).toEqual([
      { page: 0, path: 'image', message: 'is required' },
      { page: 0, path: 'repository', message: 'is required' },
    ]);
    expect(await fieldErrors('pick-one', { image: 'a', repository: 'b' })).toEqual([
      { page: 0, path: '', message: 'must match exactly one schema in oneOf' },
    ]);
  });
});

describe('actions Paved does not have', () => {
  it('refuses the template before any step runs, naming every missing action', async () => {
    const error = await dryRun('unknown-actions', {}).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    // Said first, whatever the values (here the required branch is missing too).
    expect(error?.message).toMatch(
      /^The template uses actions that are not registered: roadiehq:utils:fs:write, publish:github:pull-request\. No step was run\. The actions available here are: .*fetch:template/,
    );
    expect(error?.message).not.toContain('/api/scaffolder');
  });
});
