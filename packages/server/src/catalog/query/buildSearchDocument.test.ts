import { type Entity, InputError } from '@paved/model';
import { describe, expect, it } from 'vitest';
import { buildSearchDocument, type SearchableEntity, type SearchDocument } from './buildSearchDocument.ts';

// Every catalog entity can be flattened.
const acceptsEntities: (entity: Entity) => SearchDocument = buildSearchDocument;

function rows(entity: unknown): [string, string | null, string | null][] {
  const doc = buildSearchDocument(entity as SearchableEntity);
  return doc.keys.map((key, i) => [key, doc.values[i] as string | null, doc.originals[i] as string | null]);
}

describe('buildSearchDocument', () => {
  it("accepts the model's Entity type", () => {
    expect(acceptsEntities({ apiVersion: 'v1', kind: 'K', metadata: { name: 'n' } }).keys).toContain('kind');
  });

  it('flattens like Backstage: lower-cased dotted keys, String(v) values, explicit rows last', () => {
    expect(
      rows({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'Payment', namespace: 'default', uid: 'u1', etag: 'e', labels: { Tier: 'Gold' } },
        spec: { replicas: 3, public: true, owner: null },
      }),
    ).toEqual([
      ['apiversion', 'backstage.io/v1alpha1', 'backstage.io/v1alpha1'],
      ['kind', 'component', 'Component'],
      ['metadata.labels.tier', 'gold', 'Gold'],
      ['spec.replicas', '3', '3'],
      ['spec.public', 'true', 'true'],
      ['spec.owner', null, null],
      ['metadata.name', 'payment', 'Payment'],
      ['metadata.namespace', 'default', 'default'],
      ['metadata.uid', 'u1', 'u1'],
    ]);
  });

  it('descends arrays with the same path and adds <path>.<item> = true for string items', () => {
    expect(
      rows({
        metadata: { name: 'n', namespace: 'ns', tags: ['java', 'Go', 7, null, ['nested']] },
        spec: { links: [{ url: 'a' }, { url: 'b' }] },
      }),
    ).toEqual([
      ['metadata.tags', 'java', 'java'],
      ['metadata.tags.java', 'true', 'true'],
      ['metadata.tags', 'go', 'Go'],
      ['metadata.tags.go', 'true', 'true'],
      ['metadata.tags', '7', '7'],
      ['metadata.tags', null, null],
      ['metadata.tags', 'nested', 'nested'],
      ['metadata.tags.nested', 'true', 'true'],
      ['spec.links.url', 'a', 'a'],
      ['spec.links.url', 'b', 'b'],
      ['metadata.name', 'n', 'n'],
      ['metadata.namespace', 'ns', 'ns'],
      ['metadata.uid', null, null],
    ]);
  });

  it('skips attachments, relations, status and metadata name/namespace/uid/etag in the traversal', () => {
    const keys = buildSearchDocument({
      metadata: { name: 'n', namespace: 'ns', uid: 'u', etag: 'e' },
      status: { items: [{ type: 't' }] },
      attachments: { a: 1 },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/Team' }],
      spec: { status: 'kept' },
    } as SearchableEntity).keys;
    expect(keys).toEqual([
      'spec.status',
      'metadata.name',
      'metadata.namespace',
      'metadata.uid',
      'relations.ownedby',
    ]);
  });

  it('adds the default namespace beside the null row when none is given', () => {
    expect(rows({ metadata: { name: 'n' } }).filter(([k]) => k === 'metadata.namespace')).toEqual([
      ['metadata.namespace', null, null],
      ['metadata.namespace', 'default', 'default'],
    ]);
  });

  it('adds one row per relation with the type lower-cased and the target as given', () => {
    expect(
      rows({
        metadata: { name: 'n', namespace: 'ns' },
        relations: [
          { type: 'ownedBy', targetRef: 'group:default/a' },
          { type: 'dependsOn', targetRef: 'component:default/B' },
        ],
      }).slice(3),
    ).toEqual([
      ['relations.ownedby', 'group:default/a', 'group:default/a'],
      ['relations.dependson', 'component:default/b', 'component:default/B'],
    ]);
  });

  it('drops keys longer than 200 characters and stores longer values as null', () => {
    const longKey = 'k'.repeat(200);
    const doc = rows({
      metadata: { name: 'n', namespace: 'ns', annotations: { [longKey]: 'x', short: 'v'.repeat(201) } },
      spec: { exact: 'w'.repeat(200) },
    });
    expect(doc.find(([k]) => k.includes('kkkk'))).toBeUndefined();
    expect(doc).toContainEqual(['metadata.annotations.short', null, null]);
    expect(doc).toContainEqual(['spec.exact', 'w'.repeat(200), 'w'.repeat(200)]);
  });

  it('de-duplicates (key, value) keeping the first original; null and the empty string stay apart', () => {
    expect(
      rows({
        metadata: { name: 'n', namespace: 'ns' },
        spec: { a: ['X', 'x', 'y'], b: [null, '', null, ''] },
      }),
    ).toEqual([
      ['spec.a', 'x', 'X'],
      ['spec.a.x', 'true', 'true'],
      ['spec.a', 'y', 'y'],
      ['spec.a.y', 'true', 'true'],
      ['spec.b', null, null],
      ['spec.b', '', ''],
      ['spec.b.', 'true', 'true'],
      ['metadata.name', 'n', 'n'],
      ['metadata.namespace', 'ns', 'ns'],
      ['metadata.uid', null, null],
    ]);
  });

  it('de-duplicates the same way when one key has thousands of values', () => {
    // Past a few rows per key, values are looked up in a set instead of compared row by row.
    const refs = Array.from({ length: 3000 }, (_, i) => `component:default/c-${i % 1000}`);
    const document = buildSearchDocument({
      metadata: { name: 'n' },
      spec: { tags: [null, ...Array.from({ length: 40 }, (_, i) => `t${i % 20}`), null, 'T3'] },
      relations: refs.map((targetRef) => ({ type: 'ownerOf', targetRef })),
    } as SearchableEntity);
    const rowsOf = (key: string) => document.values.filter((_, i) => document.keys[i] === key);
    expect(rowsOf('relations.ownerof')).toEqual(refs.slice(0, 1000));
    expect(rowsOf('spec.tags')).toEqual([null, ...Array.from({ length: 20 }, (_, i) => `t${i}`)]);
  });

  it('rejects keys that vary only in casing, naming them', () => {
    const build = () =>
      buildSearchDocument({ metadata: { name: 'n' }, spec: { foo: 1, Foo: 2, FOO: 3 } } as SearchableEntity);
    expect(build).toThrow(InputError);
    expect(build).toThrow("Entity has duplicate keys that vary only in casing, 'spec.foo', 'spec.foo'");
    expect(() => buildSearchDocument({ metadata: { name: 'n', Name: 'm' } } as SearchableEntity)).toThrow(
      /vary only in casing, 'metadata.name'/,
    );
  });

  it('keeps keys that contain dots and slashes as part of the path', () => {
    expect(
      rows({ metadata: { name: 'n', namespace: 'ns', annotations: { 'backstage.io/orphan': 'true' } } })[0],
    ).toEqual(['metadata.annotations.backstage.io/orphan', 'true', 'true']);
  });
});
