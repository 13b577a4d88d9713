/**
 * The golden paths Paved ships in `templates/` (go-service, typescript-service), run the way the
 * scaffolder runs them: the real action registry, the template's own folder as its base, and a
 * dry-run (fetch:template renders; publish:git and catalog:register are skipped and answer
 * example outputs). Every combination of the optional database and queue is rendered and the
 * files a user would look at are checked. The TypeScript service is then installed from the
 * public npm registry, built and tested in a temporary folder.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Backstage, Helm and GitHub Actions expressions, not JavaScript template literals
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { processDescriptorFile } from '@paved/model';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { createDefaultActionRegistry } from '../src/scaffolder/actions/index.ts';
import { ParameterValidationError, type RunResult, runTemplate } from '../src/scaffolder/runner/index.ts';
import { LocalTemplateBase, Workspace } from '../src/scaffolder/workspace/index.ts';

const run = promisify(execFile);
const TEMPLATES = fileURLToPath(new URL('../../../templates/', import.meta.url));

type GoldenPath = 'go-service' | 'typescript-service';

interface Rendered {
  result: RunResult;
  /** Every file of the workspace after the run, path → text. */
  files: Map<string, string>;
}

async function loadTemplate(name: GoldenPath): Promise<unknown> {
  return parse(await fs.readFile(join(TEMPLATES, name, 'template.yaml'), 'utf8'));
}

/** Runs a golden path in dry-run; `copyTo` keeps the rendered project (the workspace is removed). */
async function render(name: GoldenPath, values: Record<string, unknown>, copyTo?: string): Promise<Rendered> {
  const workspace = await Workspace.create({ prefix: 'paved-golden-path-' });
  try {
    const result = await runTemplate({
      template: await loadTemplate(name),
      values,
      user: { ref: 'user:default/jane' },
      templateBase: new LocalTemplateBase(join(TEMPLATES, name)),
      workspace,
      actions: createDefaultActionRegistry(),
      isDryRun: true,
    });
    const files = new Map((await workspace.files()).map((f) => [f.path, f.content.toString('utf8')]));
    if (copyTo) await fs.cp(workspace.root, copyTo, { recursive: true });
    return { result, files };
  } finally {
    await workspace.dispose();
  }
}

function valuesFor(name: string, options: { database: boolean; queue: boolean }) {
  return {
    name,
    description: 'Handles checkout: carts, prices and orders.',
    owner: 'group:default/team-checkout',
    database: options.database,
    queue: options.queue,
    repoUrl: `paved?owner=demo&repo=${name}`,
  };
}

function file(rendered: Rendered, path: string): string {
  const text = rendered.files.get(path);
  if (text === undefined)
    throw new Error(`${path} was not rendered; got ${[...rendered.files.keys()].join(', ')}`);
  return text;
}

/** Reads a descriptor file as the catalog's ingestion would, answering its problems. */
async function catalogProblems(text: string, path: string): Promise<{ kinds: string[]; problems: string[] }> {
  const location = { type: 'file', target: path };
  const processed = await processDescriptorFile({ text, location, originLocation: location });
  return {
    kinds: processed.documents.map((d) => d.kind ?? '?'),
    problems: [
      ...processed.errors.map((e) => `${e.line}:${e.column} ${e.message}`),
      ...processed.documents.flatMap((d) =>
        d.errors.map((e) => `${d.kind}: ${e.line}:${e.column} ${e.message}`),
      ),
    ],
  };
}

/** Helm templates are Go templates, not YAML until Helm renders them; everything else must parse. */
function yamlProblems(rendered: Rendered): string[] {
  const problems: string[] = [];
  for (const [path, text] of rendered.files) {
    if (!/\.ya?ml$/.test(path) || /^charts\/[^/]+\/templates\//.test(path)) continue;
    for (const doc of parseAllDocuments(text)) {
      for (const error of doc.errors) problems.push(`${path}: ${error.message}`);
    }
  }
  return problems;
}

const COMBINATIONS = [
  { database: false, queue: false },
  { database: true, queue: false },
  { database: false, queue: true },
  { database: true, queue: true },
];

const CHART_FILES = (name: string) => [
  `charts/${name}/.helmignore`,
  `charts/${name}/Chart.yaml`,
  `charts/${name}/templates/_helpers.tpl`,
  `charts/${name}/templates/deployment.yaml`,
  `charts/${name}/templates/networkpolicy.yaml`,
  `charts/${name}/templates/pdb.yaml`,
  `charts/${name}/templates/service.yaml`,
  `charts/${name}/templates/serviceaccount.yaml`,
  `charts/${name}/templates/servicemonitor.yaml`,
  `charts/${name}/values.yaml`,
];

const COMMON_FILES = (name: string) => [
  '.dockerignore',
  '.github/workflows/ci.yaml',
  '.gitignore',
  'Dockerfile',
  'README.md',
  'catalog-info.yaml',
  ...CHART_FILES(name),
  'docs/index.md',
  'docs/operations.md',
  'mkdocs.yml',
];

function expectedFiles(template: GoldenPath, name: string, options: { database: boolean; queue: boolean }) {
  const files = [...COMMON_FILES(name)];
  if (template === 'go-service') {
    files.push(
      'go.mod',
      `cmd/${name}/main.go`,
      'internal/config/config.go',
      'internal/config/config_test.go',
      'internal/server/server.go',
      'internal/server/server_test.go',
      'internal/telemetry/telemetry.go',
      'internal/telemetry/telemetry_test.go',
    );
    if (options.database) files.push('internal/database/database.go', 'internal/database/database_test.go');
    if (options.queue) files.push('internal/queue/queue.go', 'internal/queue/queue_test.go');
  } else {
    files.push(
      '.nvmrc',
      'package.json',
      'tsconfig.json',
      'src/app.ts',
      'src/config.ts',
      'src/logger.ts',
      'src/main.ts',
      'src/metrics.ts',
      'src/telemetry.ts',
      'test/app.test.ts',
      'test/config.test.ts',
    );
    if (options.database) files.push('src/database/pool.ts');
    if (options.queue) files.push('src/queue/nats.ts');
  }
  return files.sort();
}

describe.each(['go-service', 'typescript-service'] as const)('the %s golden path', (template) => {
  describe.each(COMBINATIONS)('with database=$database, queue=$queue', (options) => {
    const name = `shop-${options.database ? 'db' : 'nodb'}-${options.queue ? 'q' : 'noq'}`;
    let rendered: Rendered;

    it('runs in dry-run: fetch:template renders, publish and register answer example outputs', async () => {
      rendered = await render(template, valuesFor(name, options));
      expect(rendered.result.error).toBeUndefined();
      expect(rendered.result.status).toBe('completed');
      expect(rendered.result.steps.map((s) => [s.id, s.action, s.status])).toEqual([
        ['fetch', 'fetch:template', 'completed'],
        ['publish', 'publish:git', 'skipped'],
        ['register', 'catalog:register', 'skipped'],
      ]);
      // The output links the repository and the catalog entity (dry-run placeholders here).
      const links = rendered.result.output.links as Array<Record<string, unknown>>;
      expect(links.map((l) => l.title)).toEqual(['Repository', 'Open in catalog']);
      expect(links[0]?.url).toEqual(expect.any(String));
      expect(links[1]).toMatchObject({ icon: 'catalog', entityRef: expect.any(String) });
    });

    it('writes exactly the expected files, with no template syntax left over', () => {
      expect([...rendered.files.keys()].sort()).toEqual(expectedFiles(template, name, options));
      for (const [path, text] of rendered.files) {
        expect({ path, leftover: /\{%|%\}|\{#/.test(text) }).toEqual({ path, leftover: false });
        // GitHub Actions expressions are the only ${{ }} meant to survive (kept by {% raw %}).
        const expressions = text.match(/\$\{\{[^}]*\}\}/g) ?? [];
        for (const expression of expressions) expect(expression).toMatch(/^\$\{\{ github\./);
        if (expressions.length > 0) expect(path).toBe('.github/workflows/ci.yaml');
      }
    });

    it('keeps Helm expressions untouched and names the chart after the service', () => {
      const chart = `charts/${name}`;
      expect(parse(file(rendered, `${chart}/Chart.yaml`))).toMatchObject({ apiVersion: 'v2', name });
      const deployment = file(rendered, `${chart}/templates/deployment.yaml`);
      expect(deployment).toContain('replicas: {{ .Values.replicaCount }}');
      expect(deployment).toContain('{{- include "service.labels" . | nindent 4 }}');
      expect(deployment).toContain(
        'image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
      );
      expect(deployment).toContain('{{- toYaml .Values.resources | nindent 12 }}');
      expect(file(rendered, `${chart}/templates/_helpers.tpl`)).toContain(
        '{{- define "service.fullname" -}}',
      );
      expect(file(rendered, `${chart}/templates/servicemonitor.yaml`)).toContain(
        '{{- if and .Values.serviceMonitor.enabled (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") }}',
      );
      // Hardening the platform asks of every workload.
      for (const fragment of [
        'runAsNonRoot: true',
        'readOnlyRootFilesystem: true',
        'allowPrivilegeEscalation: false',
        '- ALL',
        'path: /healthz',
        'path: /readyz',
      ]) {
        expect(deployment).toContain(fragment);
      }
      expect(file(rendered, `${chart}/templates/pdb.yaml`)).toContain('kind: PodDisruptionBudget');
      expect(file(rendered, `${chart}/templates/networkpolicy.yaml`)).toContain('kind: NetworkPolicy');
      const values = parse(file(rendered, `${chart}/values.yaml`));
      expect(values.resources).toEqual({
        requests: { cpu: '50m', memory: '64Mi' },
        limits: { memory: '256Mi' },
      });
      expect(values.image.repository).toBe(`ghcr.io/demo/${name}`);
    });

    it('wires the database and the queue only when they are chosen', () => {
      const chart = `charts/${name}`;
      const deployment = file(rendered, `${chart}/templates/deployment.yaml`);
      const policy = file(rendered, `${chart}/templates/networkpolicy.yaml`);
      const values = parse(file(rendered, `${chart}/values.yaml`));
      const readme = file(rendered, 'README.md');
      expect(deployment.includes('name: DATABASE_URL')).toBe(options.database);
      expect(deployment.includes('.Values.database.existingSecret')).toBe(options.database);
      expect(policy.includes('port: 5432')).toBe(options.database);
      expect('database' in values).toBe(options.database);
      expect(readme.includes('DATABASE_URL')).toBe(options.database);
      expect(deployment.includes('name: NATS_URL')).toBe(options.queue);
      expect(policy.includes('port: 4222')).toBe(options.queue);
      expect('queue' in values).toBe(options.queue);
      expect(readme.includes('NATS_URL')).toBe(options.queue);
      if (template === 'go-service') {
        const goMod = file(rendered, 'go.mod');
        const main = file(rendered, `cmd/${name}/main.go`);
        expect(goMod.includes('github.com/jackc/pgx/v5')).toBe(options.database);
        expect(goMod.includes('github.com/nats-io/nats.go')).toBe(options.queue);
        expect(main.includes('database.Open(')).toBe(options.database);
        expect(main.includes('queue.Connect(')).toBe(options.queue);
        expect(file(rendered, 'internal/config/config.go').includes('DATABASE_URL')).toBe(options.database);
      } else {
        const pkg = JSON.parse(file(rendered, 'package.json'));
        expect('pg' in pkg.dependencies).toBe(options.database);
        expect('@types/pg' in pkg.devDependencies).toBe(options.database);
        expect('nats' in pkg.dependencies).toBe(options.queue);
        const main = file(rendered, 'src/main.ts');
        expect(main.includes("from './database/pool.js'")).toBe(options.database);
        expect(main.includes("from './queue/nats.js'")).toBe(options.queue);
      }
    });

    it('renders YAML that parses, and a catalog-info.yaml the catalog accepts', async () => {
      expect(yamlProblems(rendered)).toEqual([]);
      const text = file(rendered, 'catalog-info.yaml');
      const entity = parse(text);
      expect(entity).toMatchObject({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          description: 'Handles checkout: carts, prices and orders.',
          annotations: {
            'backstage.io/techdocs-ref': 'dir:.',
            'backstage.io/source-template': `template:default/${template}`,
            // a repository Paved hosts: the catalog derives source-location from where it is read
          },
        },
        spec: { type: 'service', lifecycle: 'experimental', owner: 'group:default/team-checkout' },
      });
      expect(entity.metadata.tags.includes('postgresql')).toBe(options.database);
      expect(entity.metadata.tags.includes('nats')).toBe(options.queue);
      expect(await catalogProblems(text, '/repo/catalog-info.yaml')).toEqual({
        kinds: ['Component'],
        problems: [],
      });
      const mkdocs = parse(file(rendered, 'mkdocs.yml'));
      expect(mkdocs.site_name).toBe(name);
      expect(mkdocs.nav).toEqual([{ Overview: 'index.md' }, { Operations: 'operations.md' }]);
    });

    it('calls the platform workflow from CI and builds a non-root image in stages', () => {
      const ci = parse(file(rendered, '.github/workflows/ci.yaml'));
      expect(ci.jobs.pipeline.uses).toBe(
        'paved-platform/platform-workflows/.github/workflows/service.yaml@v1',
      );
      expect(ci.jobs.pipeline.with).toMatchObject({
        language: template === 'go-service' ? 'go' : 'node',
        'service-name': name,
        'chart-path': `charts/${name}`,
        deploy: "${{ github.event_name == 'push' && github.ref == 'refs/heads/main' }}",
      });
      expect(ci.jobs.pipeline.secrets).toBe('inherit');
      const dockerfile = file(rendered, 'Dockerfile');
      expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
      expect(dockerfile).toMatch(/^FROM gcr\.io\/distroless\/\S+:nonroot$/m);
      expect(dockerfile).toMatch(/^USER 65532:65532$/m);
    });

    if (template === 'go-service') {
      // Go is not installed on the machines this suite runs on, and its module proxy may be out of
      // reach, so the Go code is not compiled here (the generated CI builds and tests it). What
      // can be checked without a Go toolchain is checked: the module path, that every internal
      // import names a package that was rendered, package clauses, and the handlers' routes.
      it('renders a Go module whose internal imports all exist', () => {
        const goMod = file(rendered, 'go.mod');
        expect(goMod).toMatch(new RegExp(`^module paved/demo/${name}$`, 'm'));
        expect(goMod).toMatch(/^go 1\.\d+$/m);
        const module = `paved/demo/${name}`;
        const packages = new Set(
          [...rendered.files.keys()]
            .filter((p) => p.endsWith('.go'))
            .map((p) => p.slice(0, p.lastIndexOf('/'))),
        );
        for (const [path, text] of rendered.files) {
          if (!path.endsWith('.go')) continue;
          const dir = path.slice(0, path.lastIndexOf('/'));
          const expected = dir.startsWith('cmd/') ? 'main' : dir.slice(dir.lastIndexOf('/') + 1);
          expect({ path, package: /^package (\w+)$/m.exec(text)?.[1] }).toEqual({ path, package: expected });
          for (const [, imported] of text.matchAll(new RegExp(`"${module}/([^"]+)"`, 'g'))) {
            expect({ path, imported, exists: packages.has(imported as string) }).toMatchObject({
              exists: true,
            });
          }
          // Braces balance (a cheap guard against a Nunjucks block eating a closing brace).
          expect({ path, open: text.split('{').length, close: text.split('}').length }).toMatchObject({
            open: text.split('}').length,
          });
        }
        const server = file(rendered, 'internal/server/server.go');
        for (const route of ['"GET /healthz"', '"GET /readyz"', '"GET /metrics"'])
          expect(server).toContain(route);
        expect(server).toContain('otelhttp.NewHandler');
        expect(file(rendered, `cmd/${name}/main.go`)).toContain('syscall.SIGTERM');
        expect(file(rendered, `cmd/${name}/main.go`)).toContain('slog.NewJSONHandler');
        expect(file(rendered, 'internal/telemetry/telemetry.go')).toContain('otlptracehttp.New');
      });
    }
  });

  it('refuses values the parameters do not allow', async () => {
    await expect(
      render(template, { ...valuesFor('Not_A_Name', { database: false, queue: false }) }),
    ).rejects.toBeInstanceOf(ParameterValidationError);
    await expect(render(template, { name: 'ok', repoUrl: 'paved?owner=demo&repo=ok' })).rejects.toThrow(
      /owner/,
    );
  });

  it('is a Template entity the catalog accepts, with the pickers and pages the portal needs', async () => {
    const path = join(TEMPLATES, template, 'template.yaml');
    const text = await fs.readFile(path, 'utf8');
    expect(await catalogProblems(text, path)).toEqual({ kinds: ['Template'], problems: [] });
    const entity = parse(text);
    expect(entity).toMatchObject({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: template },
      spec: { type: 'service' },
    });
    const pages = entity.spec.parameters as Array<
      Record<string, unknown> & { properties: Record<string, Record<string, unknown>> }
    >;
    for (const page of pages) expect(page['ui:order']).toEqual(Object.keys(page.properties));
    const properties = Object.assign({}, ...pages.map((p) => p.properties));
    expect(properties.name).toMatchObject({ pattern: '^[a-z][a-z0-9-]*$', 'ui:field': 'EntityNamePicker' });
    expect(properties.owner).toMatchObject({
      'ui:field': 'OwnerPicker',
      'ui:options': { catalogFilter: { kind: 'Group' } },
    });
    expect(properties.database).toMatchObject({ type: 'boolean' });
    expect(properties.queue).toMatchObject({ type: 'boolean' });
    expect(properties.repoUrl).toMatchObject({
      'ui:field': 'RepoUrlPicker',
      'ui:options': { allowedHosts: ['paved'] },
    });
    expect(entity.spec.steps.map((s: { action: string }) => s.action)).toEqual([
      'fetch:template',
      'publish:git',
      'catalog:register',
    ]);
  });
});

describe('templates/catalog-info.yaml', () => {
  it('is a Location whose targets are both golden paths', async () => {
    const path = join(TEMPLATES, 'catalog-info.yaml');
    const text = await fs.readFile(path, 'utf8');
    expect(await catalogProblems(text, path)).toEqual({ kinds: ['Location'], problems: [] });
    expect(parse(text)).toMatchObject({
      kind: 'Location',
      metadata: { name: 'paved-golden-paths' },
      spec: { targets: ['./go-service/template.yaml', './typescript-service/template.yaml'] },
    });
  });
});

describe('the platform workflows', () => {
  it('are reusable (workflow_call) and parse', async () => {
    const dir = join(TEMPLATES, 'platform-workflows', '.github', 'workflows');
    const names = (await fs.readdir(dir)).sort();
    expect(names).toEqual(['build-test.yaml', 'container.yaml', 'deploy.yaml', 'sast.yaml', 'service.yaml']);
    for (const name of names) {
      const workflow = parse(await fs.readFile(join(dir, name), 'utf8'));
      expect({ name, reusable: Boolean(workflow.on?.workflow_call) }).toEqual({ name, reusable: true });
    }
  });
});

describe('the typescript-service golden path, installed, built and tested', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
  });

  // Needs the public npm registry. Measured on a 2-core machine: see docs/golden-paths.md.
  it('npm install, npm run build and npm test succeed with database and queue', {
    timeout: 240_000,
  }, async () => {
    const parent = await fs.mkdtemp(join(tmpdir(), 'paved-ts-service-'));
    dirs.push(parent);
    const project = join(parent, 'orders');
    const rendered = await render(
      'typescript-service',
      valuesFor('orders', { database: true, queue: true }),
      project,
    );
    expect(rendered.result.status).toBe('completed');
    // The parent's npm settings (workspaces, a prefix) must not leak into the generated project.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    const timed = async (args: string[]) => {
      const started = performance.now();
      const { stdout, stderr } = await run('npm', args, { cwd: project, env, maxBuffer: 16 * 1024 * 1024 });
      return { seconds: Math.round((performance.now() - started) / 100) / 10, stdout, stderr };
    };
    const install = await timed(['install', '--no-audit', '--no-fund']);
    const build = await timed(['run', 'build']);
    const test = await timed(['test']);
    console.info(
      `typescript-service: npm install ${install.seconds} s, npm run build ${build.seconds} s, npm test ${test.seconds} s`,
    );
    expect(test.stdout).toMatch(/# fail 0/);
    expect(test.stdout).toMatch(/# pass [1-9]/);
    await expect(fs.stat(join(project, 'dist', 'src', 'main.js'))).resolves.toBeTruthy();
  });
});
