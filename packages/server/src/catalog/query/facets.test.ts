import { InputError } from '@paved/model';
import { describe, expect, it } from 'vitest';
import { buildSearchDocument } from './buildSearchDocument.ts';
import { EntityIndex } from './EntityIndex.ts';
import { parseEntityPredicate } from './parseEntityPredicate.ts';

function catalog(specs: Record<string, Record<string, unknown>>): EntityIndex {
  const index = new EntityIndex();
  for (const [uid, spec] of Object.entries(specs)) {
    const entity = { kind: uid.startsWith('api') ? 'API' : 'Component', metadata: { name: uid, uid }, spec };
    index.upsert({ uid, ref: `component:default/${uid}`, search: buildSearchDocument(entity) });
  }
  return index;
}

const index = catalog({
  c1: { type: 'service', tags: ['go', 'java'] },
  c2: { type: 'Service', tags: ['go'] },
  c3: { type: 'library', tags: [] },
  c4: { type: 'service', owner: null, long: 'x'.repeat(201) },
  api1: { type: 'openapi', tags: ['go'] },
});

describe('facets', () => {
  it('counts original-case values ordered by value, each array element separately', () => {
    expect(index.facets({ facets: ['spec.type', 'spec.tags'] }).facets).toEqual({
      'spec.type': [
        { value: 'Service', count: 1 },
        { value: 'library', count: 1 },
        { value: 'openapi', count: 1 },
        { value: 'service', count: 2 },
      ],
      'spec.tags': [
        { value: 'go', count: 3 },
        { value: 'java', count: 1 },
      ],
    });
  });

  it('matches facet keys case-insensitively and echoes them as given', () => {
    const { facets } = index.facets({ facets: ['KIND', 'kind', 'unknown.key'] });
    expect(facets.KIND).toEqual([
      { value: 'API', count: 1 },
      { value: 'Component', count: 4 },
    ]);
    expect(facets.kind).toEqual(facets.KIND);
    expect(facets['unknown.key']).toEqual([]);
  });

  it('leaves out nulls and values over 200 characters', () => {
    const { facets } = index.facets({ facets: ['spec.owner', 'spec.long'] });
    expect(facets).toEqual({ 'spec.owner': [], 'spec.long': [] });
  });

  it('counts only the entities matching the filter', () => {
    expect(
      index.facets({
        facets: ['spec.type'],
        filter: parseEntityPredicate({ kind: 'component', 'spec.tags': 'go' }),
      }).facets,
    ).toEqual({
      'spec.type': [
        { value: 'Service', count: 1 },
        { value: 'service', count: 1 },
      ],
    });
  });

  it("follows edits of an entity's original-case value", () => {
    const edited = catalog({ a: { type: 'Service' }, b: { type: 'service' } });
    const entity = { kind: 'Component', metadata: { name: 'a', uid: 'a' }, spec: { type: 'SERVICE' } };
    edited.upsert({ uid: 'a', ref: 'component:default/a', search: buildSearchDocument(entity) });
    expect(edited.facets({ facets: ['spec.type'] }).facets['spec.type']).toEqual([
      { value: 'SERVICE', count: 1 },
      { value: 'service', count: 1 },
    ]);
    edited.remove('b');
    expect(edited.facets({ facets: ['spec.type'] }).facets['spec.type']).toEqual([
      { value: 'SERVICE', count: 1 },
    ]);
  });

  it('ignores empty facet names and requires at least one facet', () => {
    expect(Object.keys(index.facets({ facets: ['', 'kind'] }).facets)).toEqual(['kind']);
    expect(() => index.facets({ facets: [] })).toThrow(InputError);
    expect(() => index.facets({ facets: [''] })).toThrow('Missing or empty facets parameter');
    expect(() => index.facets({ facets: [3 as unknown as string] })).toThrow('Invalid facets');
  });

  it('treats a facet named __proto__ as an ordinary key', () => {
    const { facets } = index.facets({ facets: ['__proto__'] });
    expect(Object.keys(facets)).toEqual(['__proto__']);
    expect(JSON.parse(JSON.stringify({ facets }))).toEqual({ facets: { ['__proto__']: [] } });
  });
});
