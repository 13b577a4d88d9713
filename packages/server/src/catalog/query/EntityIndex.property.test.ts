import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EntityIndex } from './EntityIndex.ts';
import type { QueryEntitiesRequest } from './queryEntities.ts';
import type { ReferenceCatalog, ReferenceQuery } from './referenceCatalog.ts';
import {
  catalogArb,
  catalogOf,
  entityBodyArb,
  filterArb,
  fullTextArb,
  load,
  orderFieldArb,
  toEntity,
  uidArb,
} from './testCatalog.ts';

const queryArb = fc.record(
  {
    filter: filterArb,
    orderFields: fc.array(orderFieldArb, { maxLength: 2 }),
    fullTextFilter: fullTextArb,
  },
  { requiredKeys: [] },
);

function walkForward(index: EntityIndex, query: ReferenceQuery, limit: number) {
  const pages: string[][] = [];
  const totals = new Set<number>();
  let page = index.queryEntities({ ...query, limit });
  pages.push(page.uids);
  totals.add(page.totalItems);
  expect(page.pageInfo.prevCursor).toBeUndefined();
  let last = page;
  while (page.pageInfo.nextCursor) {
    page = index.queryEntities({ cursor: page.pageInfo.nextCursor, limit });
    totals.add(page.totalItems);
    if (page.uids.length > 0) pages.push(page.uids);
    last = page;
  }
  return { pages, totals, last };
}

function expectSameAsReference(index: EntityIndex, reference: ReferenceCatalog, query: ReferenceQuery) {
  const expected = reference.query(query);
  const all = index.queryEntities({ ...query, limit: 10_000 });
  expect(all.uids).toEqual(expected.rows.map((r) => r.uid));
  expect(all.totalItems).toBe(expected.total);
  expect(
    index.facets({ facets: ['spec.type', 'metadata.tags', 'Kind', 'spec.nested.a'], filter: query.filter })
      .facets,
  ).toEqual(reference.facets(['spec.type', 'metadata.tags', 'Kind', 'spec.nested.a'], query.filter));
}

describe('EntityIndex against a naive reference (property tests)', () => {
  it('returns the same first page and total for any filter, order, full text, limit and offset', () => {
    fc.assert(
      fc.property(
        catalogArb,
        queryArb,
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        (entities, query, limit, offset) => {
          const { index, reference } = load(entities);
          const expected = reference.query(query);
          const page = index.queryEntities({ ...query, limit, offset });
          expect(page.uids).toEqual(expected.rows.slice(offset, offset + limit).map((r) => r.uid));
          expect(page.totalItems).toBe(expected.total);
          expect(page.pageInfo.prevCursor).toBeUndefined();
          expect(!!page.pageInfo.nextCursor).toBe(limit > 0 && expected.rows.length > offset + limit);
          const excluded = index.queryEntities({ ...query, limit, offset, totalItems: 'exclude' });
          expect(excluded.totalItems).toBe(0);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('walks every row exactly once with nextCursor, and back page by page with prevCursor', () => {
    fc.assert(
      fc.property(catalogArb, queryArb, fc.integer({ min: 1, max: 5 }), (entities, query, limit) => {
        const { index, reference } = load(entities);
        const expected = reference.query(query);
        const { pages, totals, last } = walkForward(index, query, limit);
        expect(pages.flat()).toEqual(expected.rows.map((r) => r.uid));
        expect([...totals]).toEqual([expected.total]);

        // Back from the last page: each prevCursor yields the previous forward page.
        let page = last;
        const back: string[][] = [];
        while (page.pageInfo.prevCursor) {
          page = index.queryEntities({ cursor: page.pageInfo.prevCursor, limit });
          back.push(page.uids);
          expect(page.totalItems).toBe(expected.total);
        }
        expect(back.reverse()).toEqual(pages.slice(0, back.length));
        if (pages.length > 1) expect(back.length).toBe(pages.length - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('continues from an offset first page with cursors', () => {
    fc.assert(
      fc.property(
        catalogArb,
        queryArb,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 5 }),
        (entities, query, limit, offset) => {
          const { index, reference } = load(entities);
          const expected = reference
            .query(query)
            .rows.slice(offset)
            .map((r) => r.uid);
          const seen: string[] = [];
          let page = index.queryEntities({ ...query, limit, offset });
          seen.push(...page.uids);
          while (page.pageInfo.nextCursor) {
            page = index.queryEntities({ cursor: page.pageInfo.nextCursor, limit, offset: 99 });
            seen.push(...page.uids);
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts facets like the reference', () => {
    fc.assert(
      fc.property(catalogArb, fc.option(filterArb, { nil: undefined }), (entities, filter) => {
        const { index, reference } = load(entities);
        const facets = [
          'spec.type',
          'metadata.tags',
          'KIND',
          'spec.owner',
          'spec.nested.a',
          'metadata.namespace',
          'relations.ownedby',
        ];
        expect(index.facets({ facets, filter }).facets).toEqual(reference.facets(facets, filter));
      }),
      { numRuns: 300 },
    );
  });

  it('lists /entities like the reference, without and with pagination', () => {
    const rawOrder = fc.record({
      field: fc.constantFrom(
        'metadata.name',
        'spec.type',
        'metadata.tags',
        'kind',
        'Spec.Type',
        'missing',
        'spec.owner',
      ),
      order: fc.constantFrom('asc' as const, 'desc' as const),
    });
    fc.assert(
      fc.property(
        catalogArb,
        fc.option(filterArb, { nil: undefined }),
        fc.array(rawOrder, { maxLength: 3 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 4 }),
        (entities, filter, order, limit, offset) => {
          const { index, reference } = load(entities);
          expect(index.listEntities({ filter, order }).uids).toEqual(
            reference.query({ filter, orderFields: order }).rows.map((r) => r.uid),
          );
          const expected = reference.listPaginated(filter, order);
          const seen: string[] = [];
          let page = index.listEntities({ filter, order, limit, offset });
          seen.push(...page.uids);
          while (page.nextAfter) {
            page = index.listEntities({ filter, order, after: page.nextAfter });
            seen.push(...page.uids);
          }
          expect(seen).toEqual(expected.slice(offset));
          expect(index.listEntities({ filter, order, offset }).uids).toEqual(expected.slice(offset));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays equal to the reference through upserts, edits and removals, with caches built in between', () => {
    const opArb = fc.oneof(
      fc.tuple(fc.constant('upsert' as const), uidArb, entityBodyArb),
      fc.tuple(fc.constant('remove' as const), uidArb, fc.constant(undefined)),
      fc.tuple(fc.constant('query' as const), fc.constant(''), fc.constant(undefined)),
    );
    fc.assert(
      fc.property(catalogArb, fc.array(opArb, { maxLength: 40 }), queryArb, (entities, ops, query) => {
        const { index, reference } = load(entities);
        const known = entities.map((e) => e.uid);
        const warm = () => {
          for (const field of ['metadata.name', 'spec.type', 'metadata.tags']) {
            index.queryEntities({ orderFields: [{ field, order: 'asc' }], limit: 1 });
            index.queryEntities({ fullTextFilter: { term: 'a', fields: [field] }, limit: 1 });
          }
          index.listEntities({ limit: 1 });
          index.queryEntities({ filter: { type: 'exists', key: 'spec.type' }, limit: 1 });
        };
        warm();
        let version = index.version;
        for (const [op, rawUid, body] of ops) {
          // Half of the operations hit an existing uid.
          const uid =
            known.length > 0 && rawUid < '8'
              ? (known[Number.parseInt(rawUid, 16) % known.length] as string)
              : rawUid;
          if (op === 'upsert' && body) {
            const entity = toEntity(uid, body);
            index.upsert(entity);
            reference.upsert(entity);
            known.push(uid);
            expect(index.version).not.toBe(version);
          } else if (op === 'remove') {
            const existed = reference.entities.has(uid);
            expect(index.remove(uid)).toBe(existed);
            reference.remove(uid);
            expect(index.version !== version).toBe(existed);
          } else {
            warm();
            expect(index.version).toBe(version);
          }
          version = index.version;
        }
        expect(index.size).toBe(reference.entities.size);
        expectSameAsReference(index, reference, query);
        expectSameAsReference(index, reference, { orderFields: [{ field: 'metadata.name', order: 'desc' }] });
        expectSameAsReference(index, reference, { fullTextFilter: { term: 'a', fields: ['metadata.tags'] } });
      }),
      { numRuns: 300 },
    );
  });

  it('agrees on larger catalogs, where postings become bitsets and shrink back to lists', () => {
    fc.assert(
      fc.property(
        catalogOf({ minLength: 150, maxLength: 400 }),
        queryArb,
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (entities, query, limit, removedShare) => {
          const { index, reference } = load(entities);
          expectSameAsReference(index, reference, query);
          for (const e of entities.slice(0, Math.floor(entities.length * removedShare))) {
            index.remove(e.uid);
            reference.remove(e.uid);
          }
          expectSameAsReference(index, reference, query);
          const { pages } = walkForward(index, query, limit);
          expect(pages.flat()).toEqual(reference.query(query).rows.map((r) => r.uid));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps sorted orders right through more edits than it maintains incrementally', () => {
    fc.assert(
      fc.property(
        catalogArb,
        fc.array(fc.tuple(uidArb, entityBodyArb), { minLength: 1100, maxLength: 1300 }),
        (entities, edits) => {
          const { index, reference } = load(entities);
          const orders: QueryEntitiesRequest[] = [
            { orderFields: [{ field: 'metadata.name', order: 'asc' }] },
            { orderFields: [{ field: 'spec.type', order: 'desc' }] },
            {},
          ];
          for (const q of orders) index.queryEntities({ ...q, limit: 1 });
          index.listEntities({ limit: 1 });
          edits.forEach(([uid, body], i) => {
            const entity = toEntity(uid, body);
            index.upsert(entity);
            reference.upsert(entity);
            if (i % 3 === 0) {
              index.remove(uid);
              reference.remove(uid);
            }
          });
          for (const q of orders) expectSameAsReference(index, reference, q as ReferenceQuery);
          expect(index.listEntities({ limit: 1000 }).uids).toEqual(reference.listPaginated(undefined, []));
        },
      ),
      { numRuns: 6 },
    );
  });
});
