/**
 * Random catalogs, filters and queries for the property tests, drawn from small vocabularies so
 * that values collide, differ only in case, contain LIKE wildcards, exceed 200 characters, and
 * fields are missing, null or multi-valued. Test support only.
 */
import fc from 'fast-check';
import { buildSearchDocument } from './buildSearchDocument.ts';
import type { OrderField } from './cursor.ts';
import { EntityIndex } from './EntityIndex.ts';
import type { EntityFilter } from './entityFilter.ts';
import { ReferenceCatalog, type ReferenceEntity } from './referenceCatalog.ts';

const LONG = 'x'.repeat(201);

export const entityBodyArb = fc.record(
  {
    kind: fc.constantFrom('Component', 'API', 'component', 'Group'),
    name: fc.constantFrom('alpha', 'Alpha', 'beta', 'gamma-1', 'payment_svc', 'pay%ment', 'x\\y', LONG, ''),
    namespace: fc.constantFrom('default', 'team'),
    tags: fc.uniqueArray(fc.constantFrom('java', 'go', 'rust', 'Go'), { maxLength: 3 }),
    type: fc.constantFrom('service', 'Service', 'library', 'web_site', 'a%b', 'x\\y', '', LONG),
    owner: fc.constantFrom('group:default/a', 'Group:default/B', null),
    nested: fc.array(
      fc.record({ a: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constantFrom('x', 'Y', null)) }),
      {
        maxLength: 2,
      },
    ),
    flag: fc.boolean(),
    relations: fc.array(
      fc.record({
        type: fc.constantFrom('ownedBy', 'dependsOn'),
        targetRef: fc.constantFrom('group:default/a', 'group:default/b', 'component:default/c'),
      }),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: ['kind', 'name'] },
);

export type EntityBody = typeof entityBodyArb extends fc.Arbitrary<infer T> ? T : never;

export function toEntity(uid: string, body: EntityBody): ReferenceEntity {
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: body.kind,
    metadata: {
      name: body.name,
      uid,
      ...(body.namespace !== undefined && { namespace: body.namespace }),
      ...(body.tags !== undefined && { tags: body.tags }),
    },
    spec: {
      ...(body.type !== undefined && { type: body.type }),
      ...(body.owner !== undefined && { owner: body.owner }),
      ...(body.nested !== undefined && { nested: body.nested }),
      ...(body.flag !== undefined && { flag: body.flag }),
    },
    ...(body.relations !== undefined && { relations: body.relations }),
  };
  // Refs are unique per uid here; ref collisions have their own example tests.
  return { uid, ref: `component:default/${uid}`, search: buildSearchDocument(entity) };
}

export const uidArb = fc.stringMatching(/^[0-9a-f]{5}$/);

export function catalogOf(options: {
  minLength?: number;
  maxLength: number;
}): fc.Arbitrary<ReferenceEntity[]> {
  return fc
    .uniqueArray(fc.tuple(uidArb, entityBodyArb), { selector: ([uid]) => uid, ...options })
    .map((pairs) => pairs.map(([uid, body]) => toEntity(uid, body)));
}

export const catalogArb = catalogOf({ maxLength: 40 });

const keyArb = fc.constantFrom(
  'kind',
  'metadata.name',
  'metadata.tags',
  'metadata.tags.go',
  'spec.type',
  'spec.owner',
  'spec.nested.a',
  'metadata.namespace',
  'relations.ownedby',
  'spec.flag',
  'missing',
);
const valueArb = fc.constantFrom(
  'component',
  'api',
  'alpha',
  'go',
  'java',
  'service',
  'true',
  'false',
  'default',
  'group:default/a',
  '1',
  '',
  'x',
);

export const filterArb: fc.Arbitrary<EntityFilter> = fc.letrec<{ filter: EntityFilter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    keyArb.map((key): EntityFilter => ({ type: 'exists', key })),
    fc
      .tuple(keyArb, fc.array(valueArb, { maxLength: 3 }))
      .map(([key, values]): EntityFilter => ({ type: 'in', key, values })),
    fc
      .tuple(keyArb, fc.constantFrom('a', 's', '', 'ja', 'group:'))
      .map(([key, prefix]): EntityFilter => ({ type: 'prefix', key, prefix })),
    fc.array(tie('filter'), { maxLength: 3 }).map((filters): EntityFilter => ({ type: 'all', filters })),
    fc.array(tie('filter'), { maxLength: 3 }).map((filters): EntityFilter => ({ type: 'any', filters })),
    tie('filter').map((filter): EntityFilter => ({ type: 'not', filter })),
  ),
})).filter;

export const orderFieldArb: fc.Arbitrary<OrderField> = fc.record({
  field: fc.constantFrom(
    'metadata.name',
    'spec.type',
    'metadata.tags',
    'kind',
    'Spec.Type',
    'missing',
    'spec.nested.a',
    'metadata.uid',
  ),
  order: fc.constantFrom('asc' as const, 'desc' as const),
});

export const fullTextArb = fc.record(
  {
    term: fc.constantFrom('a', 'al', 'ser', ' GO ', '_', '%', 'a_b', 'web_', 'x\\y', '', 'pay%', 'y\\'),
    fields: fc.constantFrom(
      ['metadata.name'],
      ['spec.type', 'metadata.tags'],
      ['Spec.Type'],
      ['spec.type'],
      [],
    ),
  },
  { requiredKeys: ['term'] },
);

export function load(entities: readonly ReferenceEntity[]): {
  index: EntityIndex;
  reference: ReferenceCatalog;
} {
  const index = new EntityIndex();
  const reference = new ReferenceCatalog();
  for (const e of entities) {
    index.upsert(e);
    reference.upsert(e);
  }
  return { index, reference };
}
