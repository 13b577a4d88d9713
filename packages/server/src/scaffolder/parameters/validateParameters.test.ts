// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Backstage template expressions, not JavaScript template literals
import { describe, expect, it } from 'vitest';
import {
  evaluatePageCondition,
  fillParameterDefaults,
  parameterPages,
  validateParameters,
} from './validateParameters.ts';

const pages = [
  {
    title: 'Service',
    required: ['name', 'owner'],
    properties: {
      name: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', 'ui:autofocus': true, 'ui:help': 'lower case' },
      owner: {
        type: 'string',
        'ui:field': 'OwnerPicker',
        'ui:options': { catalogFilter: { kind: 'Group' } },
      },
      email: { type: 'string', format: 'email' },
    },
  },
  {
    title: 'Runtime',
    properties: {
      language: { type: 'string', enum: ['go', 'typescript'] },
      replicas: { type: 'integer', minimum: 1, maximum: 10 },
      config: { type: 'object', properties: { region: { type: 'string' } }, required: ['region'] },
    },
  },
];

describe('validateParameters', () => {
  it('normalises one page or several', () => {
    expect(parameterPages(pages[0])).toHaveLength(1);
    expect(parameterPages(pages)).toHaveLength(2);
    expect(parameterPages(undefined)).toEqual([]);
  });

  it('accepts values every page accepts, ignoring ui:* keys', () => {
    expect(
      validateParameters(pages, {
        name: 'checkout',
        owner: 'group:default/team',
        language: 'go',
        replicas: 2,
      }),
    ).toEqual([]);
  });

  it('answers every problem of every page, each with its page, path and what would be accepted', () => {
    const errors = validateParameters(pages, {
      name: 'Checkout',
      email: 'not-an-email',
      language: 'rust',
      replicas: 20,
      config: {},
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        { page: 0, pageTitle: 'Service', path: 'name', message: 'must match the pattern ^[a-z][a-z0-9-]*$' },
        { page: 0, pageTitle: 'Service', path: 'owner', message: 'is required' },
        { page: 0, pageTitle: 'Service', path: 'email', message: 'must match format "email"' },
        { page: 1, pageTitle: 'Runtime', path: 'language', message: 'must be one of "go", "typescript"' },
        { page: 1, pageTitle: 'Runtime', path: 'replicas', message: 'must be <= 10' },
        { page: 1, pageTitle: 'Runtime', path: 'config.region', message: 'is required' },
      ]),
    );
    expect(errors).toHaveLength(6);
  });

  it('supports dependencies + oneOf conditional fields, reporting the failing branch details', () => {
    const page = {
      properties: { db: { type: 'boolean' } },
      dependencies: {
        db: {
          oneOf: [
            { properties: { db: { const: false } } },
            { properties: { db: { const: true }, dbName: { type: 'string' } }, required: ['dbName'] },
          ],
        },
      },
    };
    expect(validateParameters(page, { db: false })).toEqual([]);
    expect(validateParameters(page, { db: true, dbName: 'orders' })).toEqual([]);
    expect(validateParameters(page, { db: true }).map((e) => e.path)).toContain('dbName');
  });

  it('says so when a page is not a valid schema', () => {
    const errors = validateParameters({ properties: { a: { type: 'no-such-type' } } }, {});
    expect(errors[0]?.message).toMatch(/schema is not valid/);
  });

  it('reports only the errors of the oneOf branch the values chose', () => {
    const page = {
      properties: { ci: { type: 'string', enum: ['actions', 'jenkins'] } },
      dependencies: {
        ci: {
          oneOf: [
            { properties: { ci: { const: 'actions' } } },
            { properties: { ci: { const: 'jenkins' }, url: { type: 'string' } }, required: ['url'] },
          ],
        },
      },
    };
    expect(validateParameters(page, { ci: 'jenkins' })).toEqual([
      { page: 0, path: 'url', message: 'is required' },
    ]);
  });
});

describe('page-level when', () => {
  const conditional = [
    { title: 'Kind', required: ['kind'], properties: { kind: { type: 'string' } } },
    { title: 'Go', when: "${{ parameters.kind === 'go' }}", required: ['goVersion'], properties: {} },
    { title: 'Flagged', when: '${{ parameters.extras.enabled }}', required: ['flag'], properties: {} },
  ];

  it('validates a page only when its condition holds', () => {
    expect(validateParameters(conditional, { kind: 'rust' })).toEqual([]);
    expect(validateParameters(conditional, { kind: 'go' })).toEqual([
      { page: 1, pageTitle: 'Go', path: 'goVersion', message: 'is required' },
    ]);
    expect(validateParameters(conditional, { kind: 'rust', extras: { enabled: true } })).toEqual([
      { page: 2, pageTitle: 'Flagged', path: 'flag', message: 'is required' },
    ]);
  });

  it("evaluates Backstage's condition language", () => {
    const values = { a: 'x', n: 3, on: true, off: false, list: [], deep: { b: 'y' } };
    const cases: [unknown, boolean][] = [
      [undefined, true],
      [null, true],
      ['', true],
      ['${{ }}', true],
      [true, true],
      [false, false],
      ['${{ parameters.on }}', true],
      ['${{ parameters.off }}', false],
      ['${{ parameters.list }}', false],
      ['${{ parameters.missing }}', false],
      ['${{ !parameters.off }}', true],
      ['${{ !parameters.list }}', true],
      ["${{ parameters.a === 'x' }}", true],
      ['${{ parameters.a !== "x" }}', false],
      ['${{ parameters.n == 3 }}', true],
      ["${{ parameters.n == '3' }}", true],
      ['${{ parameters.n === 3 }}', true],
      ['${{ parameters.n != 4 }}', true],
      ['${{ parameters.missing === undefined }}', true],
      ['${{ parameters.deep.b === "y" }}', true],
      ['parameters.on', true],
      ['${{ parameters.constructor }}', false],
      ['${{ parameters.__proto__ }}', false],
      // Anything the language does not have resolves to nothing: the page is not shown.
      ['${{ parameters.on and parameters.a }}', false],
      ['${{ values.on }}', false],
      [42, false],
    ];
    for (const [when, expected] of cases) {
      expect([when, evaluatePageCondition(when, values)]).toEqual([when, expected]);
    }
  });
});

describe('fillParameterDefaults', () => {
  it('fills the defaults a value does not give, page by page, without changing the caller', () => {
    const values = { name: 'a', nested: { keep: 1 } };
    const filled = fillParameterDefaults(
      [
        {
          properties: {
            name: { type: 'string', default: 'ignored' },
            port: { type: 'integer', default: 8080 },
            tags: { type: 'array', default: ['x'] },
            nested: { type: 'object', properties: { keep: { type: 'integer' }, add: { default: true } } },
            absent: { type: 'object', properties: { inner: { default: 1 } } },
          },
        },
        { properties: { enabled: { type: 'boolean', default: false } } },
      ],
      values,
    );
    expect(filled).toEqual({
      name: 'a',
      port: 8080,
      tags: ['x'],
      nested: { keep: 1, add: true },
      enabled: false,
    });
    expect(values).toEqual({ name: 'a', nested: { keep: 1 } });
  });

  it('creates a required nested object that has defaults, and fills list items', () => {
    const filled = fillParameterDefaults(
      {
        required: ['config'],
        properties: {
          config: { type: 'object', properties: { region: { default: 'eu' } } },
          rules: { type: 'array', items: { type: 'object', properties: { days: { default: 30 } } } },
        },
      },
      { rules: [{ prefix: 'a' }, { prefix: 'b', days: 1 }] },
    );
    expect(filled).toEqual({
      config: { region: 'eu' },
      rules: [
        { prefix: 'a', days: 30 },
        { prefix: 'b', days: 1 },
      ],
    });
  });

  it('skips the pages whose when does not hold, seeing the defaults of the pages before', () => {
    const pages = [
      { properties: { monitoring: { type: 'boolean', default: false } } },
      { when: '${{ parameters.monitoring }}', properties: { threshold: { default: 90 } } },
      { when: '${{ !parameters.monitoring }}', properties: { reason: { default: 'none' } } },
    ];
    expect(fillParameterDefaults(pages, {})).toEqual({ monitoring: false, reason: 'none' });
    expect(fillParameterDefaults(pages, { monitoring: true })).toEqual({ monitoring: true, threshold: 90 });
  });

  it('fills the chosen dependencies branch and if/then, as the form does', () => {
    const page = {
      properties: {
        ci: { type: 'string', default: 'actions' },
        existing: { type: 'boolean', default: false },
      },
      dependencies: {
        ci: {
          oneOf: [
            { properties: { ci: { const: 'actions' }, runner: { default: 'ubuntu' } } },
            { properties: { ci: { const: 'jenkins' }, label: { default: 'linux' } } },
          ],
        },
        existing: {
          allOf: [
            {
              if: { properties: { existing: { const: true } } },
              // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
              then: { properties: { branch: { default: 'main' } } },
              else: { properties: { visibility: { default: 'private' } } },
            },
          ],
        },
      },
    };
    expect(fillParameterDefaults(page, {})).toEqual({
      ci: 'actions',
      existing: false,
      runner: 'ubuntu',
      visibility: 'private',
    });
    expect(fillParameterDefaults(page, { ci: 'jenkins', existing: true })).toEqual({
      ci: 'jenkins',
      existing: true,
      label: 'linux',
      branch: 'main',
    });
  });

  it('validates with the defaults filled: a required field with a default is not missing', () => {
    const page = { required: ['port'], properties: { port: { type: 'integer', default: 8080, minimum: 1 } } };
    expect(validateParameters(page, {})).toEqual([]);
    expect(validateParameters(page, { port: 0 })).toEqual([
      { page: 0, path: 'port', message: 'must be >= 1' },
    ]);
  });
});
