// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Backstage template expressions, not JavaScript template literals
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ActionFixture, createActionFixture } from '../actions/actions.fixtures.ts';
import { ActionRegistry, builtinActions, createTemplateAction } from '../actions/index.ts';
import { LocalTemplateBase } from '../workspace/index.ts';
import { ParameterValidationError, runTemplate } from './runTemplate.ts';

let f: ActionFixture;
let ran: unknown[];
let actions: ActionRegistry;

beforeEach(async () => {
  f = await createActionFixture();
  ran = [];
  actions = new ActionRegistry([
    ...builtinActions(),
    createTemplateAction<{ repoUrl: string }>({
      id: 'publish:test',
      description: 'Publishes somewhere outside the workspace',
      supportsDryRun: false,
      schema: {
        input: { type: 'object', required: ['repoUrl'], properties: { repoUrl: { type: 'string' } } },
        output: {
          type: 'object',
          properties: { remoteUrl: { type: 'string' }, created: { type: 'boolean' } },
        },
      },
      async handler(ctx) {
        ran.push(ctx.input);
        ctx.output('remoteUrl', `https://git.example/${ctx.input.repoUrl}`);
        ctx.output('created', true);
      },
    }),
    createTemplateAction<{ value: unknown; token?: string }>({
      id: 'test:echo',
      description: 'Outputs its input',
      supportsDryRun: true,
      schema: { input: { type: 'object', properties: { token: { type: 'string' } } } },
      async handler(ctx) {
        ran.push(ctx.input.value);
        if (ctx.input.token) ctx.logger.info(`using token ${ctx.input.token}`);
        ctx.output('value', ctx.input.value);
      },
    }),
  ]);
  await f.template({ 'skeleton/README.md': '# ${{ values.name }}' });
});
afterEach(async () => {
  await f.dispose();
});

function template(spec: Record<string, unknown>) {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 't' },
    spec: { type: 'service', ...spec },
  };
}

const run = (
  spec: Record<string, unknown>,
  values: Record<string, unknown>,
  isDryRun = false,
  secrets = {},
) =>
  runTemplate({
    template: template(spec),
    values,
    secrets,
    user: { ref: 'user:default/jane' },
    templateBase: new LocalTemplateBase(f.templateDir),
    workspace: f.workspace,
    actions,
    isDryRun,
  });

describe('runTemplate', () => {
  it('runs steps in order, passing steps.<id>.output on, and renders the output', async () => {
    const result = await run(
      {
        parameters: { required: ['name'], properties: { name: { type: 'string' } } },
        steps: [
          {
            id: 'fetch',
            action: 'fetch:template',
            input: { url: './skeleton', values: { name: '${{ parameters.name }}' } },
          },
          { id: 'publish', action: 'publish:test', input: { repoUrl: '${{ parameters.name }}' } },
          { id: 'echo-it', action: 'test:echo', input: { value: '${{ steps.publish.output.created }}' } },
        ],
        output: {
          links: [{ title: 'Repository', url: '${{ steps.publish.output.remoteUrl }}' }],
          text: [{ title: 'By', content: 'made by ${{ user.ref }}' }],
          echoed: "${{ steps['echo-it'].output.value }}",
        },
      },
      { name: 'checkout' },
    );
    expect(result.status).toBe('completed');
    expect(result.steps.map((s) => [s.id, s.status])).toEqual([
      ['fetch', 'completed'],
      ['publish', 'completed'],
      ['echo-it', 'completed'],
    ]);
    expect(result.steps[0]?.durationMs).toEqual(expect.any(Number));
    expect(ran).toEqual([{ repoUrl: 'checkout' }, true]);
    expect(result.output).toEqual({
      links: [{ title: 'Repository', url: 'https://git.example/checkout' }],
      text: [{ title: 'By', content: 'made by user:default/jane' }],
      echoed: true,
    });
    expect((await f.workspace.readFile('README.md')).toString()).toBe('# checkout');
    expect(result.log.map((l) => l.body.message)).toContain('Beginning step fetch:template');
  });

  it('skips steps whose if is false, empty or missing, and output items whose if is false', async () => {
    const result = await run(
      {
        steps: [
          { id: 'never', action: 'test:echo', if: false, input: { value: 1 } },
          { id: 'unset', action: 'test:echo', if: '${{ parameters.optional }}', input: { value: 2 } },
          { id: 'empty-list', action: 'test:echo', if: '${{ parameters.list }}', input: { value: 3 } },
          { id: 'yes', action: 'test:echo', if: "${{ parameters.kind === 'go' }}", input: { value: 4 } },
        ],
        output: {
          links: [
            { title: 'a', url: 'https://a', if: '${{ parameters.kind === "go" }}' },
            { title: 'b', url: 'https://b', if: '${{ parameters.optional }}' },
          ],
        },
      },
      { kind: 'go', list: [] },
    );
    expect(result.steps.map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped', 'completed']);
    expect(ran).toEqual([4]);
    expect(result.output).toEqual({ links: [{ title: 'a', url: 'https://a' }] });
    expect(result.log.find((l) => l.body.stepId === 'never')?.body).toEqual({
      message: 'Skipping step never because its if condition was false',
      stepId: 'never',
      status: 'skipped',
    });
  });

  it('runs each iteration with each.key/each.value, and per-iteration if; outputs become arrays', async () => {
    const result = await run(
      {
        steps: [
          {
            id: 'loop',
            action: 'test:echo',
            each: '${{ parameters.services }}',
            if: "${{ each.value !== 'skip' }}",
            input: { value: '${{ each.key }}:${{ each.value }}' },
          },
        ],
        output: { all: '${{ steps.loop.output.value }}' },
      },
      { services: ['a', 'skip', 'b'] },
    );
    expect(ran).toEqual(['0:a', '2:b']);
    expect(result.output).toEqual({ all: ['0:a', '2:b'] });
  });

  it('skips actions that do not support dry-run in a dry-run, answering example outputs', async () => {
    const result = await run(
      {
        steps: [
          { id: 'publish', action: 'publish:test', input: { repoUrl: 'x' } },
          { id: 'after', action: 'test:echo', input: { value: '${{ steps.publish.output.remoteUrl }}' } },
        ],
        output: { url: '${{ steps.publish.output.remoteUrl }}' },
      },
      {},
      true,
    );
    expect(result.steps.map((s) => s.status)).toEqual(['skipped', 'completed']);
    expect(ran).toEqual(['<example>']);
    expect(result.output).toEqual({ url: '<example>' });
    expect(result.log.map((l) => l.body.message)).toContain(
      'Skipping because publish:test does not support dry-run',
    );
  });

  it('redacts secrets from every log line, and keeps them out of the output', async () => {
    const result = await run(
      {
        steps: [
          { id: 's', action: 'test:echo', input: { value: 1, token: '${{ secrets.token }}' } },
          // A transformed secret is not the secret's value, but is hidden all the same.
          { id: 't', action: 'test:echo', input: { value: 2, token: 'Bearer ${{ secrets.token | upper }}' } },
        ],
        output: { leaked: '${{ secrets.token }}' },
      },
      {},
      true,
      { token: 's3cr3t-value' },
    );
    const text = JSON.stringify(result.log);
    expect(text).not.toContain('s3cr3t-value');
    expect(text).not.toContain('S3CR3T-VALUE');
    expect(text).toContain('using token ***');
    expect(result.output).toEqual({});
  });

  it('fails the run at a step whose input the action refuses, leaving later steps open', async () => {
    const result = await run(
      {
        steps: [
          { id: 'bad', action: 'publish:test', input: { repoUrl: '${{ parameters.count }}' } },
          { id: 'later', action: 'test:echo', input: { value: 1 } },
        ],
      },
      { count: 3 },
    );
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(
      /Invalid input passed to action publish:test, input.repoUrl must be string/,
    );
    expect(result.steps.map((s) => s.status)).toEqual(['failed', 'open']);
  });

  it('refuses values the parameters reject, and unknown actions, before any step runs', async () => {
    await expect(
      run({ parameters: { required: ['name'] }, steps: [{ action: 'test:echo', input: { value: 1 } }] }, {}),
    ).rejects.toThrow(ParameterValidationError);
    await expect(
      run({ steps: [{ action: 'fetch:cookiecutter' }, { action: 'test:echo' }] }, {}),
    ).rejects.toThrow(/not registered: fetch:cookiecutter/);
    await expect(
      runTemplate({
        template: { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', spec: {} },
        values: {},
        templateBase: new LocalTemplateBase(f.templateDir),
        workspace: f.workspace,
        actions,
        isDryRun: true,
      }),
    ).rejects.toThrow(/Only templates of kind Template/);
    expect(ran).toEqual([]);
  });

  it('refuses unknown actions first, whatever the values, in words that hold for a server and a local run', async () => {
    const refused = run(
      {
        parameters: { required: ['name'] },
        steps: [{ action: 'test:echo' }, { action: 'publish:github:pull-request' }, { action: 'acme:x' }],
      },
      {},
    );
    await expect(refused).rejects.toThrow(
      /^The template uses actions that are not registered: publish:github:pull-request, acme:x\. No step was run\. The actions available here are: .*fetch:template.*test:echo/,
    );
    await expect(refused).rejects.not.toThrow(/\/api\/scaffolder/);
    expect(ran).toEqual([]);
  });

  it('runs with the schema defaults the values do not give, without changing them', async () => {
    const values = { name: 'checkout' };
    const result = await run(
      {
        parameters: [
          { properties: { name: { type: 'string' }, replicas: { type: 'integer', default: 2 } } },
          { when: '${{ parameters.replicas > 1 }}', properties: { never: { default: 'x' } } },
        ],
        steps: [{ id: 'echo', action: 'test:echo', input: { value: '${{ parameters }}' } }],
      },
      values,
    );
    expect(result.status).toBe('completed');
    // `>` is not in the when language: the page does not apply and gives no default.
    expect(ran).toEqual([{ name: 'checkout', replicas: 2 }]);
    expect(values).toEqual({ name: 'checkout' });
  });

  it("follows Backstage's if and each: if false skips, each iterates entries, an empty list runs nothing", async () => {
    const result = await run(
      {
        steps: [
          { id: 'off', if: false, each: ['a'], action: 'test:echo', input: { value: '${{ each.value }}' } },
          { id: 'zero', if: 0, action: 'test:echo', input: { value: 'zero ran' } },
          {
            id: 'chars',
            each: 'ab',
            action: 'test:echo',
            input: { value: '${{ each.key }}=${{ each.value }}' },
          },
          {
            id: 'not-strings',
            each: '${{ parameters.word }}',
            if: '${{ parameters.word is not string }}',
            action: 'test:echo',
            input: { value: 'never' },
          },
          { id: 'empty', each: '${{ parameters.nobody }}', action: 'test:echo', input: { value: 'never' } },
          { id: 'missing', each: '${{ parameters.missing }}', action: 'test:echo' },
        ],
      },
      { word: 'hi', nobody: [] },
    );
    expect(result.steps.map((s) => [s.id, s.status])).toEqual([
      ['off', 'skipped'],
      ['zero', 'completed'],
      ['chars', 'completed'],
      ['not-strings', 'completed'],
      ['empty', 'completed'],
      ['missing', 'failed'],
    ]);
    expect(ran).toEqual(['zero ran', '0=a', '1=b']);
    expect(result.steps.find((s) => s.id === 'chars')?.output).toEqual({ value: ['0=a', '1=b'] });
    expect(result.error?.message).toMatch(
      /each parameter, "\$\{\{ parameters.missing \}\}" cannot be resolved/,
    );
  });

  it('keeps only the output links and text whose if holds (=== on strings, booleans)', async () => {
    const template = parse(
      await readFile(new URL('./fixtures/conditional-output.yaml', import.meta.url), 'utf8'),
    );
    const run = (values: Record<string, unknown>) =>
      runTemplate({
        template,
        values,
        templateBase: new LocalTemplateBase(f.templateDir),
        workspace: f.workspace,
        actions,
        isDryRun: true,
      });
    const without = await run({ name: 'checkout', pipeline: 'No', verbose: true });
    expect(without.status).toBe('completed');
    expect(without.log.map((l) => l.body.message)).toContain('Making checkout');
    expect(without.output).toEqual({
      links: [{ title: 'Platform handbook', url: 'https://handbook.example.com' }],
      text: [
        { title: 'Made', content: 'Service `checkout`\n' },
        { title: 'Pipeline choice', content: 'Pipeline: No\n' },
      ],
    });
    // The defaults (pipeline Yes, verbose true) are filled in when the values leave them out.
    const defaults = await run({ name: 'ledger' });
    expect(defaults.output).toEqual({
      links: [
        { title: 'Platform handbook', url: 'https://handbook.example.com' },
        { title: 'Pipeline', icon: 'dashboard', url: 'https://pipelines.example.com/ledger' },
      ],
      text: [
        { title: 'Made', content: 'Service `ledger`\n' },
        { title: 'Pipeline choice', content: 'Pipeline: Yes\n' },
        { title: 'Next step', content: 'Run `pipeline init ledger`.\n' },
      ],
    });
  });
});
