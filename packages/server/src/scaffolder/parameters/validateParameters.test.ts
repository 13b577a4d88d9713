import { describe, expect, it } from 'vitest';
import { parameterPages, validateParameters } from './validateParameters.ts';

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
});
