import { InputError } from '@paved/model';
import { describe, expect, it } from 'vitest';
import { parseFieldsParam, projectFields } from './projectFields.ts';

const entity = {
  apiVersion: 'av',
  kind: 'k',
  metadata: {
    name: 'n',
    tags: ['t1', 't2'],
    annotations: { 'test.com/url-like': 'ul1', 'backstage.io/techdocs-ref': 'dir:.' },
  },
  spec: { type: 't', owner: null },
};

const project = (fields: string | string[]) => projectFields(entity, parseFieldsParam(fields));

describe('parseFieldsParam', () => {
  it('splits, trims, de-duplicates and keeps order, with body fields first', () => {
    expect(parseFieldsParam(' kind , metadata.name', ['spec', 'kind'])).toEqual([
      'spec',
      'kind',
      'metadata.name',
    ]);
    expect(parseFieldsParam(['a,b', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('returns undefined when nothing is selected', () => {
    expect(parseFieldsParam(undefined)).toBeUndefined();
    expect(parseFieldsParam('')).toBeUndefined();
    expect(parseFieldsParam([',', ' '])).toBeUndefined();
  });

  it('rejects array indexing and non-strings', () => {
    expect(() => parseFieldsParam('metadata.tags[0]')).toThrow(InputError);
    expect(() => parseFieldsParam('metadata.tags[0]')).toThrow(
      'Invalid field "metadata.tags[0]", array type fields are not supported',
    );
    expect(() => parseFieldsParam([1])).toThrow('Invalid fields, not a string');
  });
});

describe('projectFields', () => {
  it('returns the entity itself without fields', () => {
    expect(projectFields(entity, undefined)).toBe(entity);
  });

  it('keeps only the selected subtrees', () => {
    expect(project('kind,metadata.name')).toEqual({ kind: 'k', metadata: { name: 'n' } });
    expect(project('metadata.tags,spec.owner')).toEqual({
      metadata: { tags: ['t1', 't2'] },
      spec: { owner: null },
    });
  });

  it('resolves keys containing dots greedily', () => {
    expect(project('metadata.annotations.backstage.io/techdocs-ref')).toEqual({
      metadata: { annotations: { 'backstage.io/techdocs-ref': 'dir:.' } },
    });
    expect(project('metadata.annotations.test.com/url-like')).toEqual({
      metadata: { annotations: { 'test.com/url-like': 'ul1' } },
    });
  });

  it('takes a segment that is a key even when a longer dotted key was meant (greedy, as Backstage)', () => {
    const shadowed = {
      metadata: { annotations: { backstage: 'plain', 'backstage.io/techdocs-ref': 'dir:.' } },
    };
    expect(projectFields(shadowed, ['metadata.annotations.backstage.io/techdocs-ref'])).toEqual({});
    expect(projectFields(shadowed, ['metadata.annotations.backstage'])).toEqual({
      metadata: { annotations: { backstage: 'plain' } },
    });
  });

  it('omits missing paths', () => {
    expect(project('metadata.missing,spec.type.deeper,nothing,kind')).toEqual({ kind: 'k' });
  });

  it('indexes arrays as lodash does and never modifies the input', () => {
    const before = JSON.stringify(entity);
    expect(project('metadata.tags.1')).toEqual({ metadata: { tags: [undefined, 't2'] } });
    expect(project('metadata,metadata.name.length')).toEqual({
      metadata: { ...entity.metadata, name: { length: 1 } },
    });
    expect(project('metadata.__proto__,metadata.constructor')).toEqual({ metadata: {} });
    expect(JSON.stringify(entity)).toBe(before);
  });
});
