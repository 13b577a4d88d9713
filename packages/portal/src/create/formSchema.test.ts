import { describe, expect, it } from 'vitest';
import { pageFields, splitUiSchema, toErrorSchema } from './formSchema.ts';

describe('splitUiSchema', () => {
  it("moves Backstage's inline ui:* keys into rjsf's uiSchema, nested and in dependencies", () => {
    const { schema, uiSchema } = splitUiSchema({
      title: 'Page',
      'ui:order': ['owner', '*'],
      required: ['name'],
      properties: {
        name: { type: 'string', 'ui:field': 'EntityNamePicker', 'ui:autofocus': true },
        owner: { type: 'string', 'ui:field': 'OwnerPicker', 'ui:options': { allowedKinds: ['Group'] } },
        tags: { type: 'array', items: { type: 'string', 'ui:placeholder': 'tag' } },
        db: { type: 'boolean' },
      },
      dependencies: {
        db: {
          oneOf: [{ properties: { db: { const: true }, engine: { type: 'string', 'ui:widget': 'radio' } } }],
        },
      },
    });
    expect(schema.title).toBeUndefined();
    expect(JSON.stringify(schema)).not.toContain('ui:');
    expect(uiSchema).toMatchObject({
      'ui:order': ['owner', '*'],
      name: { 'ui:field': 'EntityNamePicker', 'ui:autofocus': true },
      owner: { 'ui:field': 'OwnerPicker', 'ui:options': { allowedKinds: ['Group'] } },
      tags: { items: { 'ui:placeholder': 'tag' } },
      engine: { 'ui:widget': 'radio' },
    });
  });

  it('drops a ui:field the form does not implement, so the type input (with its label) is used', () => {
    const page = { properties: { repo: { type: 'string', 'ui:field': 'RepoUrlPicker', 'ui:help': 'h' } } };
    expect(splitUiSchema(page, new Set(['EntityPicker'])).uiSchema).toEqual({ repo: { 'ui:help': 'h' } });
    expect(splitUiSchema(page).uiSchema).toEqual({ repo: { 'ui:field': 'RepoUrlPicker', 'ui:help': 'h' } });
  });
});

describe('toErrorSchema', () => {
  it("puts the server's errors on their fields, nested paths included", () => {
    expect(
      toErrorSchema([
        { page: 0, path: 'name', message: 'is required' },
        { page: 0, path: 'config.replicas', message: 'must be >= 1' },
        { page: 0, path: 'name', message: 'must match' },
      ]),
    ).toEqual({
      name: { __errors: ['is required', 'must match'] },
      config: { replicas: { __errors: ['must be >= 1'] } },
    });
  });
});

describe('pageFields', () => {
  it('lists the fields in ui:order with their titles, marking secrets', () => {
    expect(
      pageFields({
        'ui:order': ['token', '*'],
        properties: {
          name: { type: 'string', title: 'Name' },
          password: { type: 'string', 'ui:widget': 'password' },
          token: { type: 'string', 'ui:field': 'Secret' },
        },
      }),
    ).toEqual([
      { name: 'token', title: 'token', secret: true },
      { name: 'name', title: 'Name', secret: false },
      { name: 'password', title: 'password', secret: true },
    ]);
  });
});
