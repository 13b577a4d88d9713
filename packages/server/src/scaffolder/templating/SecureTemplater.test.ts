// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Backstage template expressions, not JavaScript template literals
import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact.ts';
import { SecureTemplater, TemplateLimitError } from './SecureTemplater.ts';

const templater = SecureTemplater.create();
const context = {
  parameters: {
    name: 'checkout',
    replicas: 3,
    enabled: true,
    config: { region: 'eu', zones: ['a', 'b'] },
    tags: ['go', 'http'],
    repoUrl: 'github.com?owner=acme&repo=checkout',
    owner: 'group:default/payments',
  },
  steps: { 'fetch-base': { output: { remoteUrl: 'https://git.example/acme/checkout' } } },
  user: { ref: 'user:default/jane', entity: { metadata: { name: 'jane' } } },
};

describe('rendering values like Backstage', () => {
  it('keeps the type of a string that is exactly one expression', () => {
    const { value } = templater.renderValue(
      {
        replicas: '${{ parameters.replicas }}',
        enabled: '${{ parameters.enabled }}',
        config: '${{ parameters.config }}',
        tags: '${{ parameters.tags }}',
        nothing: '${{ null }}',
      },
      context,
    );
    expect(value).toEqual({
      replicas: 3,
      enabled: true,
      config: { region: 'eu', zones: ['a', 'b'] },
      tags: ['go', 'http'],
      nothing: null,
    });
  });

  it('renders other strings as text, drops keys that render empty, and recurses into arrays', () => {
    const { value } = templater.renderValue(
      {
        title: 'Service ${{ parameters.name }}',
        padded: ' ${{ parameters.replicas }}',
        missing: '${{ parameters.nope }}',
        list: ['${{ parameters.name }}', 'x-${{ parameters.replicas }}'],
        block: '{% if parameters.enabled %}on{% else %}off{% endif %}',
        keys: { '${{ parameters.name }}': 'keys are never rendered' },
        ternary: "${{ 'yes' if parameters.enabled else 'no' }}",
      },
      context,
    );
    expect(value).toEqual({
      title: 'Service checkout',
      padded: ' 3',
      list: ['checkout', 'x-3'],
      block: 'on',
      keys: { '${{ parameters.name }}': 'keys are never rendered' },
      ternary: 'yes',
    });
  });

  it('reads step outputs (bracket form for ids with dashes) and the user', () => {
    const { value } = templater.renderValue(
      ["${{ steps['fetch-base'].output.remoteUrl }}", '${{ user.ref }}', '${{ user.entity.metadata.name }}'],
      context,
    );
    expect(value).toEqual(['https://git.example/acme/checkout', 'user:default/jane', 'jane']);
  });

  it('leaves plain {{ }} alone outside cookiecutter mode', () => {
    expect(templater.renderString('{{ .Values.image }} ${{ parameters.name }}', context)).toBe(
      '{{ .Values.image }} checkout',
    );
  });

  it('keeps a string that fails to render as written, and reports why', () => {
    const { value, problems } = templater.renderValue('${{ parameters.name | nosuchfilter }}', context);
    expect(value).toBe('${{ parameters.name | nosuchfilter }}');
    expect(problems[0]?.message).toMatch(/nosuchfilter/);
  });
});

describe('filters', () => {
  it('parseRepoUrl, projectSlug, parseEntityRef and pick work as in Backstage', () => {
    const { value } = templater.renderValue(
      {
        repo: '${{ parameters.repoUrl | parseRepoUrl }}',
        slug: '${{ parameters.repoUrl | projectSlug }}',
        owner: '${{ parameters.owner | parseEntityRef }}',
        ownerName: '${{ parameters.owner | parseEntityRef | pick("name") }}',
        defaulted: '${{ "jane" | parseEntityRef({ defaultKind: "user", defaultNamespace: "people" }) }}',
        region: "${{ parameters | pick('config.region') }}",
      },
      context,
    );
    expect(value).toEqual({
      repo: { host: 'github.com', owner: 'acme', repo: 'checkout' },
      slug: 'acme/checkout',
      owner: { kind: 'group', namespace: 'default', name: 'payments' },
      ownerName: 'payments',
      defaulted: { kind: 'user', namespace: 'people', name: 'jane' },
      region: 'eu',
    });
  });

  it("has Nunjucks' own filters and tests", () => {
    expect(
      templater.renderString(
        "${{ parameters.name | upper }} ${{ parameters.tags | join(',') }} ${{ parameters.nope | default('d') }} ${{ parameters.name is string }}",
        context,
      ),
    ).toBe('CHECKOUT go,http d true');
  });

  it('parseRepoUrl without an owner fails with a clear message', () => {
    const { problems } = templater.renderValue('${{ "github.com?repo=x" | parseRepoUrl }}', {});
    expect(problems[0]?.message).toMatch(/missing owner/);
  });

  it('cookiecutter mode uses {{ }}, the cookiecutter root and jsonify', () => {
    const compat = SecureTemplater.create({ cookiecutterCompat: true });
    expect(
      compat.renderString('{{ cookiecutter.name }} {{ cookiecutter.tags | jsonify }}', {
        cookiecutter: { name: 'x', tags: ['a'] },
      }),
    ).toBe('x ["a"]');
  });
});

describe('the sandbox', () => {
  const escapes = [
    "${{ ''.constructor.constructor('return process')() }}",
    "${{ ''.constructor.constructor('return process.env')() }}",
    "${{ range.constructor('return process')() }}",
    "${{ cycler.constructor('return globalThis.process')() }}",
    "${{ joiner.constructor('return require')() }}",
    "${{ parameters['constructor']['constructor']('return process')() }}",
    "${{ parameters[['constructor']][['constructor']]('return process')() }}",
    '${{ parameters.__proto__ }}',
    '${{ parameters.tags.constructor.prototype }}',
    '${{ constructor }}',
    "{% set f = ''.constructor.constructor %}${{ f('return process')() }}",
  ];
  for (const template of escapes) {
    it(`refuses ${template}`, () => {
      const { value, problems } = templater.renderValue(template, context);
      expect(value).toBe(template);
      expect(problems[0]?.message).toMatch(/may not read/);
    });
  }

  it('sees no process, require or globalThis as names', () => {
    const probe = SecureTemplater.create();
    expect(probe.renderString('${{ process }}${{ require }}${{ globalThis }}', {})).toBe('');
  });

  it('stops a runaway loop at the time limit, and stays usable afterwards', () => {
    const quick = SecureTemplater.create({ timeoutMs: 200 });
    const started = Date.now();
    expect(() =>
      quick.renderString(
        '{% for i in range(0, 100000000) %}{% for j in range(0, 100000000) %}x{% endfor %}{% endfor %}',
        {},
      ),
    ).toThrow(TemplateLimitError);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(quick.renderString('${{ a }}', { a: 'fine' })).toBe('fine');
  });

  it('refuses one-shot huge allocations before they happen (they would abort the process)', () => {
    for (const template of [
      '${{ range(0, 300000000) | length }}',
      "${{ 'x'.repeat(500000000) | length }}",
      "${{ ''.padStart(500000000) | length }}",
      '${{ [1] | slice(1000000000) | length }}',
    ]) {
      expect(() => templater.renderValue(template, {}), template).toThrow(TemplateLimitError);
    }
    expect(templater.renderValue('${{ range(0, 6, 2) }}', {}).value).toEqual([0, 2, 4]);
  });

  it('refuses a result larger than the size limit', () => {
    const small = SecureTemplater.create({ maxOutputChars: 1000 });
    expect(() => small.renderString('{% for i in range(0, 2000) %}x{% endfor %}', {})).toThrow(
      /more than the limit/,
    );
    expect(() => small.renderValue('{% for i in range(0, 2000) %}x{% endfor %}', {})).toThrow(
      TemplateLimitError,
    );
  });
});

describe('secret redaction', () => {
  it('replaces every occurrence of every secret value, longest first', () => {
    const redact = createRedactor({ token: 'abc123', nested: { password: 'abc123-long' }, empty: '' });
    expect(redact('token=abc123 url=https://x:abc123-long@host abc123')).toBe(
      'token=*** url=https://x:***@host ***',
    );
    expect(createRedactor({})('nothing to hide')).toBe('nothing to hide');
  });
});
