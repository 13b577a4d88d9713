import { InputError } from '@paved/model';
import { describe, expect, it } from 'vitest';
import { parseEntityFilterParams } from './parseEntityFilterParams.ts';

describe('parseEntityFilterParams (GET filter=)', () => {
  it('returns undefined when there is nothing to filter on', () => {
    expect(parseEntityFilterParams(undefined)).toBeUndefined();
    expect(parseEntityFilterParams('')).toBeUndefined();
    expect(parseEntityFilterParams([',', ' , '])).toBeUndefined();
  });

  it('reads key=value as case-insensitive equality, trimmed, split on the first =', () => {
    expect(parseEntityFilterParams(' Kind = Component ')).toEqual({
      type: 'in',
      key: 'kind',
      values: ['component'],
    });
    expect(parseEntityFilterParams('metadata.annotations.a=b=c')).toEqual({
      type: 'in',
      key: 'metadata.annotations.a',
      values: ['b=c'],
    });
  });

  it('reads a bare key as existence and key= as the empty string', () => {
    expect(parseEntityFilterParams('spec.owner')).toEqual({ type: 'exists', key: 'spec.owner' });
    expect(parseEntityFilterParams('spec.owner=')).toEqual({ type: 'in', key: 'spec.owner', values: [''] });
  });

  it('ANDs the statements of one parameter and ORs repeated parameters, skipping empty ones', () => {
    expect(parseEntityFilterParams(['kind=component,spec.type=service', '', 'kind=api'])).toEqual({
      type: 'any',
      filters: [
        {
          type: 'all',
          filters: [
            { type: 'in', key: 'kind', values: ['component'] },
            { type: 'in', key: 'spec.type', values: ['service'] },
          ],
        },
        { type: 'in', key: 'kind', values: ['api'] },
      ],
    });
  });

  it('ORs the values of a key given twice in one set; a value wins over a bare key', () => {
    expect(parseEntityFilterParams('kind=component,kind=API')).toEqual({
      type: 'in',
      key: 'kind',
      values: ['component', 'api'],
    });
    expect(parseEntityFilterParams('spec.type,spec.type=service')).toEqual({
      type: 'in',
      key: 'spec.type',
      values: ['service'],
    });
  });

  it('groups keys as written, so differently-cased spellings are separate conditions (as Backstage)', () => {
    expect(parseEntityFilterParams('kind=a,Kind=b')).toEqual({
      type: 'all',
      filters: [
        { type: 'in', key: 'kind', values: ['a'] },
        { type: 'in', key: 'kind', values: ['b'] },
      ],
    });
  });

  it('rejects statements without a key, keys starting with $, and non-string parameters', () => {
    expect(() => parseEntityFilterParams('kind=a,=b')).toThrow(InputError);
    expect(() => parseEntityFilterParams('kind=a,=b')).toThrow(
      "Invalid filter, '=b' is not a valid statement (expected a string on the form a=b or a= or a)",
    );
    expect(() => parseEntityFilterParams('$all=x')).toThrow(/cannot start with \$/);
    expect(() => parseEntityFilterParams(['kind=a', 3])).toThrow('Invalid filter, not a string');
    expect(() => parseEntityFilterParams({ kind: 'a' })).toThrow(InputError);
  });
});
