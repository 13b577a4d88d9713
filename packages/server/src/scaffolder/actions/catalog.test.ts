import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { LocalTemplateBase, Workspace } from '../workspace/index.ts';
import {
  catalogFetchAction,
  catalogRegisterAction,
  catalogWriteAction,
  registrationTarget,
} from './catalog.ts';
import type { ActionEntity, ActionServices, TemplateAction } from './types.ts';

let workspace: Workspace;
let log: string[];

beforeEach(async () => {
  workspace = await Workspace.create();
  log = [];
});
afterEach(async () => {
  await workspace.dispose();
});

async function run(
  action: TemplateAction,
  input: Record<string, unknown>,
  services?: ActionServices,
  templateInfo?: { entityRef: string },
): Promise<Record<string, unknown>> {
  const output: Record<string, unknown> = {};
  await action.handler({
    ...(templateInfo ? { templateInfo } : {}),
    input,
    workspace,
    templateBase: new LocalTemplateBase(workspace.root),
    logger: { info: (m) => log.push(m), warn: (m) => log.push(m), error: (m) => log.push(m) },
    output: (name, value) => {
      output[name] = value;
    },
    secrets: {},
    user: { ref: 'user:default/jane' },
    isDryRun: false,
    signal: new AbortController().signal,
    step: { id: 'register', name: 'Register' },
    templating: {},
    ...(services ? { services } : {}),
  });
  return output;
}

const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
const accepts = (action: TemplateAction, input: unknown) => ajv.compile(action.schema.input)(input);

const component: ActionEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', annotations: { 'backstage.io/techdocs-ref': 'dir:.' } },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/team-a' },
};

describe('catalog:register', () => {
  it('registers the git target publish:git answers, with the user as creator', async () => {
    const registerLocation = vi.fn<NonNullable<ActionServices['registerLocation']>>(async () => ({
      entityRefs: ['location:default/generated-1', 'component:default/checkout'],
    }));
    const output = await run(
      catalogRegisterAction,
      {
        repoContentsUrl: 'http://paved.test/git/acme/checkout.git#main',
        catalogInfoPath: '/catalog-info.yaml',
      },
      { registerLocation },
    );
    expect(registerLocation).toHaveBeenCalledWith(
      {
        type: 'git',
        target: 'http://paved.test/git/acme/checkout.git#main:catalog-info.yaml',
        presence: 'required',
      },
      { createdBy: 'user:default/jane' },
    );
    expect(output).toEqual({
      entityRef: 'component:default/checkout',
      entityRefs: ['component:default/checkout'],
      catalogInfoUrl: 'http://paved.test/git/acme/checkout.git#main:catalog-info.yaml',
    });
  });

  it('registers a plain URL as a url source', async () => {
    const registerLocation = vi.fn<NonNullable<ActionServices['registerLocation']>>(async () => ({
      entityRefs: [],
    }));
    await run(
      catalogRegisterAction,
      { catalogInfoUrl: 'https://git.example.com/o/r/raw/main/catalog-info.yaml' },
      { registerLocation },
    );
    expect(registerLocation.mock.calls[0]?.[0]).toEqual({
      type: 'url',
      target: 'https://git.example.com/o/r/raw/main/catalog-info.yaml',
      presence: 'required',
    });
  });

  it('swallows a failure when optional, and fails otherwise', async () => {
    const registerLocation = async () => {
      throw new Error('catalog says no');
    };
    const input = { catalogInfoUrl: 'https://example.com/catalog-info.yaml' };
    await expect(run(catalogRegisterAction, input, { registerLocation })).rejects.toThrow('catalog says no');
    await expect(
      run(catalogRegisterAction, { ...input, optional: true }, { registerLocation }),
    ).resolves.toEqual({});
    expect(log.join('\n')).toMatch(/not registered \(optional\): catalog says no/);
  });

  it('fails clearly without a catalog service', async () => {
    await expect(
      run(catalogRegisterAction, { catalogInfoUrl: 'https://example.com/c.yaml' }),
    ).rejects.toThrow(
      /catalog:register cannot run: this server gives actions no catalog service \(registerLocation\)/,
    );
  });

  it('builds targets from repoContentsUrl and catalogInfoPath', () => {
    expect(
      registrationTarget({
        repoContentsUrl: 'https://h/o/r.git#dev',
        catalogInfoPath: 'svc/catalog-info.yaml',
      }),
    ).toEqual({
      type: 'git',
      target: 'https://h/o/r.git#dev:svc/catalog-info.yaml',
    });
    expect(registrationTarget({ repoContentsUrl: 'https://h/o/r/tree/main' })).toEqual({
      type: 'url',
      target: 'https://h/o/r/tree/main/catalog-info.yaml',
    });
    expect(registrationTarget({ catalogInfoUrl: 'https://h/o/r.git#main:catalog-info.yaml' }).type).toBe(
      'git',
    );
    expect(() =>
      registrationTarget({ repoContentsUrl: 'https://h/o/r.git#main', catalogInfoPath: '../x.yaml' }),
    ).toThrow(/not a path inside the repository/);
  });

  it('validates its input', () => {
    expect(accepts(catalogRegisterAction, { catalogInfoUrl: 'https://x/c.yaml' })).toBe(true);
    expect(
      accepts(catalogRegisterAction, { repoContentsUrl: 'https://x/r.git#main', catalogInfoPath: '/c.yaml' }),
    ).toBe(true);
    expect(accepts(catalogRegisterAction, {})).toBe(false);
    expect(accepts(catalogRegisterAction, { catalogInfoUrl: 42 })).toBe(false);
    expect(accepts(catalogRegisterAction, { catalogInfoUrl: '' })).toBe(false);
  });
});

describe('catalog:write', () => {
  it('writes the entity as YAML that reads back the same', async () => {
    await run(catalogWriteAction, { entity: component });
    const text = (await workspace.readFile('catalog-info.yaml')).toString('utf8');
    expect(parse(text)).toEqual(component);
  });

  it('records the template that made the entity, as Backstage does', async () => {
    await run(catalogWriteAction, { entity: component }, undefined, {
      entityRef: 'template:default/go-service',
    });
    const written = parse((await workspace.readFile('catalog-info.yaml')).toString('utf8'));
    expect(written.metadata.annotations['backstage.io/source-template']).toBe('template:default/go-service');
    expect({ ...written, metadata: { ...written.metadata, annotations: undefined } }).toEqual({
      ...component,
      metadata: { ...component.metadata, annotations: undefined },
    });
  });

  it('writes to filePath, inside the workspace only', async () => {
    await run(catalogWriteAction, { entity: component, filePath: 'services/checkout/catalog-info.yaml' });
    expect(parse((await workspace.readFile('services/checkout/catalog-info.yaml')).toString())).toEqual(
      component,
    );
    await expect(run(catalogWriteAction, { entity: component, filePath: '../escape.yaml' })).rejects.toThrow(
      /leaves the workspace/,
    );
  });

  it('validates its input', () => {
    expect(accepts(catalogWriteAction, { entity: component })).toBe(true);
    expect(accepts(catalogWriteAction, {})).toBe(false);
    expect(accepts(catalogWriteAction, { entity: { kind: 'Component', metadata: { name: 'x' } } })).toBe(
      false,
    );
    expect(accepts(catalogWriteAction, { entity: component, filePath: 3 })).toBe(false);
  });
});

describe('catalog:fetch', () => {
  const entities = new Map<string, ActionEntity>([['component:default/checkout', component]]);
  const getEntityByRef = async (ref: string) => entities.get(ref);

  it('fetches one entity by a short ref, with defaults', async () => {
    const output = await run(
      catalogFetchAction,
      { entityRef: 'checkout', defaultKind: 'Component' },
      { getEntityByRef },
    );
    expect(output).toEqual({ entity: component });
  });

  it('fetches several, null for missing ones when optional', async () => {
    const output = await run(
      catalogFetchAction,
      { entityRefs: ['component:checkout', 'group:default/ghosts'], optional: true },
      { getEntityByRef },
    );
    expect(output).toEqual({ entities: [component, null] });
  });

  it('fails on a missing entity unless optional', async () => {
    await expect(
      run(catalogFetchAction, { entityRef: 'component:default/nope' }, { getEntityByRef }),
    ).rejects.toThrow('Entity component:default/nope not found');
    await expect(
      run(catalogFetchAction, { entityRef: 'component:default/nope', optional: true }, { getEntityByRef }),
    ).resolves.toEqual({});
  });

  it('validates its input', () => {
    expect(accepts(catalogFetchAction, { entityRef: 'component:default/x' })).toBe(true);
    expect(accepts(catalogFetchAction, { entityRefs: ['component:default/x'] })).toBe(true);
    expect(accepts(catalogFetchAction, {})).toBe(false);
    expect(accepts(catalogFetchAction, { entityRefs: 'component:default/x' })).toBe(false);
  });
});
