import fc from 'fast-check';

/**
 * Valid entities of every built-in kind, mutated by fast-check at the places where Backstage's
 * rules are subtle: names, namespaces, tags, labels, annotations and links with tricky
 * characters and boundary lengths, missing and extra fields, wrong types, and references in odd
 * forms.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const base: Record<string, Record<string, Json>> = {
  Component: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout',
      tags: ['java'],
      labels: { tier: 'one' },
      annotations: { 'example.com/a': 'b' },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'payments',
      system: 'shop',
      providesApis: ['b-api', 'a-api'],
      dependsOn: ['resource:db', 'component:z'],
    },
  },
  API: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'payments-api', links: [{ url: 'https://example.com', title: 'Docs' }] },
    spec: { type: 'openapi', lifecycle: 'production', owner: 'group:payments', definition: 'openapi: 3.0.0' },
  },
  Resource: {
    apiVersion: 'backstage.io/v1beta1',
    kind: 'Resource',
    metadata: { name: 'db', namespace: 'shop' },
    spec: { type: 'database', owner: 'payments', dependencyOf: ['component:checkout'] },
  },
  System: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'shop' },
    spec: { owner: 'payments', domain: 'commerce' },
  },
  Domain: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: { name: 'commerce' },
    spec: { owner: 'user:ceo', subdomainOf: 'company' },
  },
  Group: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments' },
    spec: { type: 'team', parent: 'commerce', children: ['b', 'a'], members: ['jdoe'] },
  },
  User: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'jdoe' },
    spec: { memberOf: ['payments'], profile: { displayName: 'J' } },
  },
  Location: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: { name: 'more' },
    spec: { targets: ['./a.yaml'] },
  },
  Template: {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'go-service' },
    spec: { type: 'service', owner: 'platform', steps: [{ action: 'fetch:template' }] },
  },
};

const boundaryLengths = [0, 1, 62, 63, 64, 252, 253, 254];
const alphabet = fc.constantFrom(...'abcXYZ019-_.:/#+ ~@$%äé\n\t'.split(''), 'a', 'a', 'b', '0', '-', '.');

const trickyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'a',
    'A',
    '-a',
    'a-',
    'a--b',
    'a..b',
    'a__b',
    'a_b.c-d',
    'UPPER',
    'tier:1',
    'c++',
    'c#',
    'java',
    'a:b:c',
    'a/b/c',
    'ns/',
    '/name',
    ':name',
    'kind:',
    'kind:/name',
    'kind:ns/name',
    'Kind:NS/Name',
    'component:default/x',
    'resource:db',
    'user:jdoe',
    'group:x/y',
    'example.com/key',
    'Example.com/key',
    'a.b.c/d_e-f',
    '-x.com/y',
    'x.com/-y',
    'https://example.com',
    'mailto:a@b.c',
    'not a url',
    'javascript:alert(1)',
    '__proto__',
    'constructor',
    'toString',
    '$text',
    'backstage.io/v1alpha1',
    'backstage.io/v1beta1',
    'scaffolder.backstage.io/v1beta3',
    'backstage.io/v1',
    'v1',
    'Component',
    'component',
    'Template',
    'Location',
    'API',
    'Api',
    'Group',
    'User',
    'Widget',
    '日本',
    'a\nb',
  ),
  fc
    .constantFrom(...boundaryLengths)
    .chain((n) =>
      fc
        .constantFrom('a', 'A', '0', 'a-', 'x.y', 'a/'.padEnd(3, 'b'))
        .map((unit) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n)),
    ),
  fc.array(alphabet, { maxLength: 12 }).map((chars) => chars.join('')),
  fc
    .tuple(
      fc.constantFrom('', 'a.b/', 'x/', 'é/', `${'a'.repeat(64)}.com/`, `${'a.'.repeat(126)}b/`),
      fc.constantFrom('n', 'N-1', 'a'.repeat(63), 'a'.repeat(64), '_x'),
    )
    .map(([prefix, name]) => prefix + name),
);

const trickyValue: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { weight: 6, arbitrary: trickyString },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, -1, 1.5, true, false, null) },
    { weight: 2, arbitrary: fc.array(trickyString, { maxLength: 3 }) },
    {
      weight: 1,
      arbitrary: fc.record(
        { kind: trickyString, namespace: trickyString, name: trickyString },
        { requiredKeys: [] },
      ) as fc.Arbitrary<Json>,
    },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 2 }) },
    { weight: 1, arbitrary: fc.dictionary(trickyString, tie('value'), { maxKeys: 2 }) as fc.Arbitrary<Json> },
  ),
})).value;

/** Paths worth mutating; `*` is replaced by a tricky key. */
const paths = [
  ['apiVersion'],
  ['kind'],
  ['metadata'],
  ['metadata', 'name'],
  ['metadata', 'namespace'],
  ['metadata', 'title'],
  ['metadata', 'description'],
  ['metadata', 'uid'],
  ['metadata', 'labels'],
  ['metadata', 'labels', '*'],
  ['metadata', 'annotations'],
  ['metadata', 'annotations', '*'],
  ['metadata', 'tags'],
  ['metadata', 'tags', '0'],
  ['metadata', 'links'],
  ['metadata', 'links', '0'],
  ['metadata', 'links', '0', 'url'],
  ['metadata', 'links', '0', 'title'],
  ['metadata', 'links', '0', 'icon'],
  ['metadata', 'links', '0', 'type'],
  ['metadata', '*'],
  ['spec'],
  ['spec', '*'],
  ['spec', 'type'],
  ['spec', 'lifecycle'],
  ['spec', 'owner'],
  ['spec', 'system'],
  ['spec', 'subcomponentOf'],
  ['spec', 'providesApis'],
  ['spec', 'consumesApis'],
  ['spec', 'consumesApis', '0'],
  ['spec', 'dependsOn'],
  ['spec', 'dependsOn', '1'],
  ['spec', 'dependencyOf'],
  ['spec', 'definition'],
  ['spec', 'domain'],
  ['spec', 'subdomainOf'],
  ['spec', 'parent'],
  ['spec', 'children'],
  ['spec', 'children', '0'],
  ['spec', 'members'],
  ['spec', 'memberOf'],
  ['spec', 'memberOf', '0'],
  ['spec', 'profile'],
  ['spec', 'profile', 'email'],
  ['spec', 'target'],
  ['spec', 'targets'],
  ['spec', 'targets', '0'],
  ['spec', 'presence'],
  ['spec', 'steps'],
  ['spec', 'steps', '0', 'action'],
  ['spec', 'steps', '0', 'if'],
  ['spec', 'parameters'],
  ['spec', 'output'],
  ['spec', 'output', '*'],
  ['relations'],
  ['status'],
  ['*'],
] as const;

/** References assembled from parts that are each sometimes empty, odd or missing. */
const trickyRef: fc.Arbitrary<string> = fc
  .tuple(
    fc.option(fc.constantFrom('', 'component', 'Component', 'group', 'API', 'resource', 'user', 'x:y'), {
      nil: undefined,
    }),
    fc.option(fc.constantFrom('', 'default', 'Other', 'a:b', 'ns'), { nil: undefined }),
    fc.constantFrom('', 'x', 'Name', 'a:b', 'a/b', 'team-a', ' '),
  )
  .map(
    ([kind, namespace, name]) =>
      `${kind === undefined ? '' : `${kind}:`}${namespace === undefined ? '' : `${namespace}/`}${name}`,
  );

const referencePaths = [
  ['spec', 'owner'],
  ['spec', 'system'],
  ['spec', 'domain'],
  ['spec', 'subdomainOf'],
  ['spec', 'subcomponentOf'],
  ['spec', 'parent'],
  ['spec', 'providesApis'],
  ['spec', 'consumesApis'],
  ['spec', 'dependsOn'],
  ['spec', 'dependencyOf'],
  ['spec', 'children'],
  ['spec', 'members'],
  ['spec', 'memberOf'],
  ['metadata', 'namespace'],
] as const;

type Mutation = { path: readonly string[]; key: string; op: 'set' | 'delete'; value: Json };

const referenceMutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.constantFrom(...referencePaths),
  key: fc.constant(''),
  op: fc.constant('set' as const),
  value: fc.oneof(
    trickyRef,
    fc.array(trickyRef, { minLength: 1, maxLength: 3 }),
    fc.record({ kind: trickyString, name: trickyRef }, { requiredKeys: ['name'] }),
  ),
}) as fc.Arbitrary<Mutation>;

const anyMutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.constantFrom(...paths),
  key: trickyString,
  op: fc.constantFrom('set', 'set', 'set', 'delete'),
  // Mostly well-typed values, so that mutations reach the format, kind and reference checks.
  value: fc.oneof(
    { weight: 5, arbitrary: trickyString },
    { weight: 2, arbitrary: fc.array(trickyString, { maxLength: 3 }) },
    { weight: 2, arbitrary: trickyValue },
  ),
}) as fc.Arbitrary<Mutation>;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: anyMutation },
  { weight: 1, arbitrary: referenceMutation },
);

function apply(entity: Record<string, Json>, m: Mutation): void {
  const segments = m.path.map((s) => (s === '*' ? m.key : s));
  let node: Json = entity;
  for (const segment of segments.slice(0, -1)) {
    if (node === null || typeof node !== 'object') {
      return;
    }
    const container = node as Record<string, Json>;
    if (
      container[segment] === undefined ||
      container[segment] === null ||
      typeof container[segment] !== 'object'
    ) {
      if (m.op === 'delete') {
        return;
      }
      Object.defineProperty(container, segment, {
        value: /^\d+$/.test(segment) ? [] : {},
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
    node = container[segment] as Json;
  }
  if (node === null || typeof node !== 'object') {
    return;
  }
  const last = segments[segments.length - 1] as string;
  if (m.op === 'delete') {
    delete (node as Record<string, Json>)[last];
  } else {
    Object.defineProperty(node, last, {
      value: m.value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
}

export const entityArbitrary: fc.Arbitrary<Record<string, Json>> = fc
  .tuple(fc.constantFrom(...Object.keys(base)), fc.array(mutation, { minLength: 0, maxLength: 3 }))
  .map(([kind, mutations]) => {
    const entity = structuredClone(base[kind] as Record<string, Json>);
    for (const m of mutations) {
      apply(entity, m);
    }
    return entity;
  });
