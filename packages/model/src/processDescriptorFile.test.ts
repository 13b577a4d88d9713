import { describe, expect, it } from 'vitest';
import { processDescriptorFile } from './processDescriptorFile.ts';

const root = '/repo';
const file = { type: 'file', target: '/repo/services/checkout/catalog-info.yaml' };
const origin = { type: 'file', target: '/repo/catalog-info.yaml' };

function process(
  text: string | Uint8Array,
  extra: Partial<Parameters<typeof processDescriptorFile>[0]> = {},
) {
  return processDescriptorFile({ text, location: file, originLocation: origin, sourceRoot: root, ...extra });
}

const component = (name: string, spec = 'type: service\n  lifecycle: production\n  owner: payments') =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  ${spec}\n`;

describe('processDescriptorFile', () => {
  it('returns each entity with its position, ref, relations and injected annotations', async () => {
    const result = await process(
      `# leading comment\n---\n${component('checkout')}---\n${component('Ledger', 'type: library\n  lifecycle: production\n  owner: user:jdoe\n  dependsOn: [resource:db]')}`,
    );
    expect(result.errors).toEqual([]);
    expect(result.documents.map((d) => [d.document, d.line, d.column, d.ref])).toEqual([
      [0, 3, 1, 'component:default/checkout'],
      [1, 12, 1, 'component:default/ledger'],
    ]);
    const [checkout, ledger] = result.documents;
    expect(checkout?.entity?.metadata).toEqual({
      name: 'checkout',
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': 'file:/repo/services/checkout/catalog-info.yaml',
        'backstage.io/managed-by-origin-location': 'file:/repo/catalog-info.yaml',
      },
    });
    expect(checkout?.relations).toEqual([
      { type: 'ownedBy', sourceRef: 'component:default/checkout', targetRef: 'group:default/payments' },
      { type: 'ownerOf', sourceRef: 'group:default/payments', targetRef: 'component:default/checkout' },
    ]);
    expect(ledger?.relations.map((r) => r.type)).toEqual(['ownedBy', 'ownerOf', 'dependsOn', 'dependencyOf']);
    expect(checkout?.raw).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout' },
      spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
    });
  });

  it('forces the managed-by annotations over values written in the file', async () => {
    const result = await process(
      component('a').replace(
        '  name: a',
        '  name: a\n  annotations:\n    backstage.io/managed-by-location: url:https://elsewhere',
      ),
    );
    expect(result.documents[0]?.entity?.metadata.annotations?.['backstage.io/managed-by-location']).toBe(
      'file:/repo/services/checkout/catalog-info.yaml',
    );
  });

  it('adds view, edit and source annotations for GitHub url locations, as defaults', async () => {
    const url = 'https://github.com/acme/shop/blob/main/services/catalog-info.yaml';
    const result = await processDescriptorFile({
      text: component('a').replace(
        '  name: a',
        '  name: a\n  annotations:\n    backstage.io/view-url: https://mine',
      ),
      location: { type: 'url', target: url },
      originLocation: { type: 'url', target: url },
    });
    expect(result.documents[0]?.entity?.metadata.annotations).toEqual({
      'backstage.io/view-url': 'https://mine',
      'backstage.io/managed-by-location': `url:${url}`,
      'backstage.io/managed-by-origin-location': `url:${url}`,
      'backstage.io/edit-url': 'https://github.com/acme/shop/edit/main/services/catalog-info.yaml',
      'backstage.io/source-location': 'url:https://github.com/acme/shop/tree/main/services/',
    });
  });

  it('locates every error in the YAML source and says what is accepted', async () => {
    const text = [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: My Service',
      '  labels:',
      '    example.com/Team Name: x',
      '  tags: [java, Bad]',
      'spec:',
      '  type: service',
      '  lifecycle: production',
      '',
    ].join('\n');
    const [doc] = (await process(text)).documents;
    expect(doc?.entity).toBeUndefined();
    expect(doc?.errors).toEqual([
      {
        message:
          'metadata.name "My Service" is not valid; expected a string of 1-63 characters [a-zA-Z0-9] separated by [-_.], e.g. "my-service"',
        path: 'metadata.name',
        line: 4,
        column: 9,
        rule: 'field-format',
      },
      expect.objectContaining({ path: 'metadata.labels.example.com/Team Name', line: 6, column: 5 }),
      expect.objectContaining({ path: 'metadata.tags.1', line: 7, column: 16 }),
      expect.objectContaining({
        message: expect.stringContaining("spec must have required property 'owner'"),
        path: 'spec.owner',
        line: 8,
        column: 1,
        rule: 'kind-schema',
      }),
    ]);
  });

  it('points at the index the author wrote in arrays the catalog sorts', async () => {
    const [doc] = (
      await process(
        component(
          'a',
          'type: service\n  lifecycle: production\n  owner: x\n  dependsOn:\n    - resource:z\n    - bare-name',
        ),
      )
    ).documents;
    expect(doc?.errors).toEqual([
      expect.objectContaining({
        path: 'spec.dependsOn.1',
        line: 11,
        column: 7,
        rule: 'relation',
        message: expect.stringContaining('dependsOn entries need an explicit kind'),
      }),
    ]);
  });

  it('rejects an unknown root field with its position', async () => {
    const [doc] = (await process(`${component('a')}relations: []\n`)).documents;
    expect(doc?.errors).toEqual([
      expect.objectContaining({ rule: 'root-field', path: 'relations', line: 9, column: 1 }),
    ]);
  });

  it('explains kinds and apiVersions it does not know', async () => {
    const result = await process(
      `${component('a').replace('kind: Component', 'kind: component')}---\n${component('b').replace('backstage.io/v1alpha1', 'backstage.io/v1beta2')}`,
    );
    expect(result.documents.map((d) => d.errors[0]?.message)).toEqual([
      'No processor recognized the entity component:default/a as valid, possibly caused by a foreign kind or apiVersion; kinds are case-sensitive: expected kind "Component", found "component"',
      'No processor recognized the entity component:default/b as valid, possibly caused by a foreign kind or apiVersion; expected apiVersion "backstage.io/v1alpha1" or "backstage.io/v1beta1" for kind Component, found "backstage.io/v1beta2"',
    ]);
    expect(result.documents.map((d) => [d.errors[0]?.line, d.errors[0]?.column])).toEqual([
      [2, 7],
      [10, 13],
    ]);
  });

  it('resolves the targets of a Location relative to its file', async () => {
    const [doc] = (
      await process(
        'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: more}\nspec:\n  target: ./a.yaml\n  targets: [../b/*.yaml, /abs/c.yaml]\n  presence: optional\n',
      )
    ).documents;
    expect(doc?.targets).toEqual([
      { type: 'file', target: '/repo/services/checkout/a.yaml', presence: 'optional' },
      { type: 'file', target: '/repo/services/b/*.yaml', presence: 'optional' },
      { type: 'file', target: '/abs/c.yaml', presence: 'optional' },
    ]);
    expect(doc?.relations).toEqual([]);
  });
});

describe('hostile input', () => {
  it('reports a YAML syntax error with line and column, and keeps the other documents', async () => {
    const result = await process(`${component('ok')}---\nkind: [unclosed\n`);
    expect(result.documents.map((d) => d.ref)).toEqual(['component:default/ok']);
    expect(result.errors).toEqual([
      expect.objectContaining({ rule: 'yaml', document: 1, line: 11, column: 1 }),
    ]);
  });

  it('refuses an alias bomb quickly', async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i);
      const previous = String.fromCharCode(96 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const started = performance.now();
    const result = await process(`${lines.join('\n')}\n`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.documents).toEqual([]);
    expect(result.errors[0]?.message).toMatch(/Excessive alias count/);
  });

  it('reads a 10 MB descriptor', async () => {
    const definition = 'x'.repeat(10 * 1024 * 1024);
    const started = performance.now();
    const result = await process(
      `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: big}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: a\n  definition: "${definition}"\n`,
    );
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(result.errors).toEqual([]);
    expect(result.documents[0]?.entity?.spec?.definition).toHaveLength(definition.length);
  });

  it('refuses a file over the size limit with a clear error', async () => {
    const result = await process(new Uint8Array(2048).fill(0x61), { limits: { maxBytes: 1024 } });
    expect(result.documents).toEqual([]);
    expect(result.errors).toEqual([
      expect.objectContaining({
        rule: 'file',
        message: expect.stringMatching(/2048 bytes, larger than the limit of 1024/),
      }),
    ]);
  });

  it('refuses invalid UTF-8 and says where it is', async () => {
    const bytes = new Uint8Array([
      ...Buffer.from('apiVersion: v1\nkind: Component\nmetadata:\n  name: caf'),
      0xe9,
      0x0a,
    ]);
    const result = await process(bytes);
    expect(result.documents).toEqual([]);
    expect(result.errors).toEqual([
      {
        message: expect.stringMatching(
          /^The file is not valid UTF-8: byte 0xe9 at offset 52 cannot start or continue a character/,
        ),
        line: 4,
        column: 12,
        rule: 'file',
      },
    ]);
  });

  it('accepts UTF-8 with a byte-order mark and multi-byte characters', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(component('a').replace('name: a', 'name: a\n  description: Café ☕ 日本')),
    ]);
    const result = await process(bytes);
    expect(result.errors).toEqual([]);
    expect(result.documents[0]?.entity?.metadata.description).toBe('Café ☕ 日本');
  });

  it('refuses deep nesting without a stack overflow', async () => {
    const result = await process(`${component('a')}  nested: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
    expect(result.documents).toEqual([]);
    expect(result.errors[0]?.message).toMatch(/nested more than 256 levels/);
  });

  it('reports duplicate keys with their position', async () => {
    const result = await process(
      component('a').replace('  owner: payments', '  owner: payments\n  owner: other'),
    );
    expect(result.documents).toEqual([]);
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: 'YAML error: Map keys must be unique',
        line: 9,
        column: 3,
        document: 0,
      }),
    ]);
  });

  it('does not let __proto__ keys pollute prototypes', async () => {
    const result = await process(
      component('a').replace(
        '  owner: payments',
        '  owner: payments\n  __proto__: {polluted: true}\n  nested:\n    __proto__:\n      polluted: true',
      ),
    );
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const entity = result.documents[0]?.entity;
    expect(entity).toBeDefined();
    expect(Object.getPrototypeOf(entity?.spec)).toBe(Object.prototype);
    expect(Object.keys(entity?.spec ?? {})).not.toContain('__proto__');
    expect((entity?.spec as { polluted?: unknown } | undefined)?.polluted).toBeUndefined();
  });

  it('refuses documents that are not objects', async () => {
    const result = await process('- a list\n---\njust a string\n---\n42\n---\n');
    expect(result.documents).toEqual([]);
    expect(result.errors.map((e) => [e.document, e.message.split(';')[0], e.line])).toEqual([
      [0, 'Expected object at root, got array', 1],
      [1, 'Expected object at root, got string', 3],
      [2, 'Expected object at root, got number', 5],
    ]);
  });
});
