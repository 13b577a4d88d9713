import { InputError } from '@paved/model';
import { describe, expect, it } from 'vitest';
import {
  parseByRefsRequest,
  parseFacetsBody,
  parseFacetsParams,
  parseQueryEntitiesBody,
  parseQueryEntitiesParams,
} from './parseRequests.ts';

describe('parseQueryEntitiesParams (GET by-query)', () => {
  it('reads filter, order, full text, paging, totals and fields', () => {
    expect(
      parseQueryEntitiesParams({
        filter: ['kind=component', 'kind=api'],
        orderField: ['metadata.name,desc', 'kind'],
        fullTextFilterTerm: 'pay',
        fullTextFilterFields: 'metadata.name,spec.type',
        limit: '20',
        offset: 5,
        totalItems: 'exclude',
        fields: 'kind,metadata.name',
      }),
    ).toEqual({
      request: {
        filter: {
          type: 'any',
          filters: [
            { type: 'in', key: 'kind', values: ['component'] },
            { type: 'in', key: 'kind', values: ['api'] },
          ],
        },
        orderFields: [
          { field: 'metadata.name', order: 'desc' },
          { field: 'kind', order: 'asc' },
        ],
        fullTextFilter: { term: 'pay', fields: ['metadata.name', 'spec.type'] },
        limit: 20,
        offset: 5,
        totalItems: 'exclude',
      },
      fields: ['kind', 'metadata.name'],
    });
  });

  it('keeps only the cursor, limit and fields when a cursor is given, and ignores an empty one', () => {
    expect(
      parseQueryEntitiesParams({ cursor: 'abc', limit: 3, filter: 'kind=x', orderField: 'bad,order' }),
    ).toEqual({
      request: { cursor: 'abc', limit: 3 },
      fields: undefined,
    });
    expect(parseQueryEntitiesParams({ cursor: '' }).request).toEqual({ fullTextFilter: { term: '' } });
  });

  it.each([
    [{ limit: '-1' }, /Invalid limit/],
    [{ offset: 'x' }, /Invalid offset/],
    [{ orderField: 'kind,up' }, /must be asc or desc/],
    [{ totalItems: 'all' }, /Invalid totalItems/],
    [{ fields: 'a[0]' }, /array type fields are not supported/],
  ])('rejects %j', (params, message) => {
    expect(() => parseQueryEntitiesParams(params)).toThrow(InputError);
    expect(() => parseQueryEntitiesParams(params)).toThrow(message);
  });
});

describe('parseQueryEntitiesBody (POST by-query)', () => {
  it('reads the predicate query, orderBy, full text and fields', () => {
    expect(
      parseQueryEntitiesBody({
        query: { kind: 'Component' },
        orderBy: [{ field: 'metadata.name', order: 'asc' }],
        fullTextFilter: { fields: ['metadata.name'] },
        fields: ['kind,metadata.name'],
        limit: 2,
      }),
    ).toEqual({
      request: {
        filter: { type: 'in', key: 'kind', values: ['component'] },
        orderFields: [{ field: 'metadata.name', order: 'asc' }],
        fullTextFilter: { term: '', fields: ['metadata.name'] },
        limit: 2,
      },
      fields: ['kind', 'metadata.name'],
    });
  });

  it.each([
    [[], /Expected body to be a JSON object/],
    [{ cursor: '' }, /Cursor cannot be empty/],
    [{ query: ['kind'] }, /Invalid query: expected an object/],
    [{ orderBy: [{ field: 'a' }] }, /must be asc or desc/],
    [{ fullTextFilter: 'pay' }, /Invalid fullTextFilter/],
    [{ fields: 'kind' }, /Invalid fields, expected a list of strings/],
  ])('rejects %j', (body, message) => {
    expect(() => parseQueryEntitiesBody(body)).toThrow(InputError);
    expect(() => parseQueryEntitiesBody(body)).toThrow(message);
  });
});

describe('facets and by-refs requests', () => {
  it('reads GET and POST facets, requiring a facet', () => {
    expect(parseFacetsParams({ facet: ['spec.type', ''], filter: 'kind=api' })).toEqual({
      facets: ['spec.type'],
      filter: { type: 'in', key: 'kind', values: ['api'] },
    });
    expect(parseFacetsBody({ facets: ['kind'], query: { $not: { kind: 'api' } } }).filter).toEqual({
      type: 'not',
      filter: { type: 'in', key: 'kind', values: ['api'] },
    });
    expect(() => parseFacetsParams({})).toThrow('Missing facet parameter');
    expect(() => parseFacetsBody({ facets: [''] })).toThrow('Missing or empty facets parameter');
  });

  it('ANDs the by-refs filter parameter with the body query and puts body fields first', () => {
    expect(
      parseByRefsRequest(
        { entityRefs: ['component:default/a'], fields: ['kind'], query: { 'spec.type': 'service' } },
        { filter: 'kind=component', fields: 'metadata.name' },
      ),
    ).toEqual({
      entityRefs: ['component:default/a'],
      filter: {
        type: 'all',
        filters: [
          { type: 'in', key: 'kind', values: ['component'] },
          { type: 'in', key: 'spec.type', values: ['service'] },
        ],
      },
      fields: ['kind', 'metadata.name'],
    });
    expect(() => parseByRefsRequest({ entityRefs: 'component:default/a' })).toThrow(/entityRefs/);
  });
});
