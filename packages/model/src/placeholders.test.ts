import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processDescriptorFile } from './processDescriptorFile.ts';

const root = '/repo';
const file = { type: 'file', target: '/repo/services/checkout/catalog-info.yaml' };
const origin = { type: 'file', target: '/repo/catalog-info.yaml' };

function process(text: string, extra: Partial<Parameters<typeof processDescriptorFile>[0]> = {}) {
  return processDescriptorFile({ text, location: file, originLocation: origin, sourceRoot: root, ...extra });
}

const component = (name: string, spec: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  ${spec}\n`;

describe('placeholders', () => {
  const files: Record<string, string> = {
    '/repo/services/checkout/openapi.yaml': 'openapi: 3.0.0\n',
    '/repo/services/checkout/data.json': '{"a": [1, 2], "__proto__": {"x": 1}}',
    '/repo/services/checkout/one.yaml': 'owner: payments\n',
    '/repo/services/checkout/two.yaml': 'a: 1\n---\nb: 2\n',
    '/repo/shared/readme.md': '# shared\n',
  };
  const reads: string[] = [];
  const readPlaceholder = async (target: string) => {
    reads.push(target);
    const content = files[target];
    if (content === undefined) {
      throw new Error(`ENOENT: no such file ${target}`);
    }
    return content;
  };
  const api = (definition: string) =>
    `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: payments-api}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: payments\n  definition: ${definition}\n`;

  it('replaces $text, $json and $yaml, relative to the file', async () => {
    const result = await process(
      `${api('{$text: ./openapi.yaml}').replace('metadata: {name: payments-api}', 'metadata:\n  name: payments-api\n  extra: {$json: data.json}')}---\n${component('c', 'type: service\n  lifecycle: production\n  $yaml: ./one.yaml')}`,
      { readPlaceholder },
    );
    expect(result.documents[0]?.errors).toEqual([]);
    expect(result.documents[0]?.entity?.spec?.definition).toBe('openapi: 3.0.0\n');
    expect(result.documents[0]?.entity?.metadata.extra).toEqual({ a: [1, 2] });
    // Not a placeholder: a $ key beside other keys is left alone (and then fails validation).
    expect(result.documents[1]?.errors[0]?.rule).toBe('kind-schema');
  });

  it('reads a whole spec from $yaml and validates what it read', async () => {
    const result = await process(
      'apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: s}\nspec: {$yaml: ./one.yaml}\n',
      { readPlaceholder },
    );
    expect(result.documents[0]?.entity?.spec).toEqual({ owner: 'payments' });
    expect(result.documents[0]?.relations.map((r) => r.targetRef)).toEqual([
      'group:default/payments',
      'system:default/s',
    ]);
  });

  it('refuses a placeholder outside the source root, naming the placeholder and the root', async () => {
    reads.length = 0;
    const result = await process(api('{$text: ../../../etc/passwd}'), { readPlaceholder });
    expect(reads).toEqual([]);
    expect(result.documents[0]?.errors).toEqual([
      {
        message: `spec.definition: Placeholder $text refers to ${path.resolve('/etc/passwd')}, outside the source root /repo; only files under the root can be read`,
        path: 'spec.definition',
        line: 8,
        column: 15,
        rule: 'placeholder',
      },
    ]);
  });

  it('allows files elsewhere under the root', async () => {
    const result = await process(api('{$text: ../../shared/readme.md}'), { readPlaceholder });
    expect(result.documents[0]?.entity?.spec?.definition).toBe('# shared\n');
  });

  it('refuses absolute URLs in a file location when a root is set', async () => {
    reads.length = 0;
    const result = await process(api('{$text: "http://169.254.169.254/latest/meta-data"}'), {
      readPlaceholder,
    });
    expect(reads).toEqual([]);
    expect(result.documents[0]?.errors[0]?.message).toMatch(/outside the source root \/repo/);
  });

  it('applies the same-repository rule to url locations', async () => {
    const base = 'https://github.com/acme/shop/blob/main/services/catalog-info.yaml';
    const result = await processDescriptorFile({
      text: api('{$text: "https://github.com/evil/repo/blob/main/secrets.txt"}'),
      location: { type: 'url', target: base },
      originLocation: { type: 'url', target: base },
      readPlaceholder,
    });
    expect(result.documents[0]?.errors[0]?.message).toMatch(
      /may only reference files from the same repository/,
    );
  });

  it('reports read failures, bad JSON and multi-document $yaml', async () => {
    const result = await process(
      `${api('{$text: ./missing.md}')}---\n${api('{$json: ./openapi.yaml}').replace('payments-api', 'b')}---\n${api('{$yaml: ./two.yaml}').replace('payments-api', 'c')}---\n${api('{$text: [not, a, string]}').replace('payments-api', 'd')}`,
      { readPlaceholder },
    );
    expect(result.documents.map((d) => d.errors[0]?.message)).toEqual([
      'spec.definition: Placeholder $text could not read location ./missing.md, Error: ENOENT: no such file /repo/services/checkout/missing.md',
      expect.stringMatching(
        /^spec.definition: Placeholder \$json failed to parse JSON data at \.\/openapi.yaml, SyntaxError/,
      ),
      'spec.definition: Placeholder $yaml expected to find exactly one document of data at ./two.yaml, found 2',
      'spec.definition: Placeholder $text expected a string value parameter, in the form of an absolute URL or a relative path',
    ]);
  });

  it('leaves unknown $ keys alone', async () => {
    const result = await process(api('{$unknown: ./x}'), { readPlaceholder });
    expect(result.documents[0]?.errors[0]).toMatchObject({ rule: 'kind-schema', path: 'spec.definition' });
  });
});
