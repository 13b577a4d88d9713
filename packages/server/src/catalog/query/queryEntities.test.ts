import { InputError } from '@paved/model';
import { describe, expect, it } from 'vitest';
import { buildSearchDocument } from './buildSearchDocument.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { EntityIndex } from './EntityIndex.ts';
import { parseEntityFilterParams } from './parseEntityFilterParams.ts';

interface Body {
  kind?: string;
  name?: string;
  spec?: Record<string, unknown>;
  tags?: string[];
}

function catalog(entities: Record<string, Body>): EntityIndex {
  const index = new EntityIndex();
  for (const [uid, { kind = 'Component', name = uid, spec = {}, tags }] of Object.entries(entities)) {
    const entity = { kind, metadata: { name, namespace: 'default', uid, ...(tags && { tags }) }, spec };
    index.upsert({ uid, ref: `${kind}:default/${name}`.toLowerCase(), search: buildSearchDocument(entity) });
  }
  return index;
}

const byName = [{ field: 'metadata.name', order: 'asc' as const }];

describe('queryEntities (by-query)', () => {
  it('defaults to 200 items per page, ordered by uid', () => {
    const index = catalog(
      Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`u${1000 + 249 - i}`, {}])),
    );
    const page = index.queryEntities();
    expect(page.uids).toHaveLength(200);
    expect(page.uids[0]).toBe('u1000');
    expect(page.uids[199]).toBe('u1199');
    expect(page.totalItems).toBe(250);
    expect(page.pageInfo.nextCursor).toBeDefined();
    const rest = index.queryEntities({ cursor: page.pageInfo.nextCursor });
    expect(rest.uids).toEqual(Array.from({ length: 50 }, (_, i) => `u${1200 + i}`));
    expect(rest.pageInfo.nextCursor).toBeUndefined();
    expect(rest.totalItems).toBe(250);
  });

  it('returns only the count for limit 0', () => {
    const index = catalog({ a: {}, b: {}, c: { kind: 'API' } });
    expect(index.queryEntities({ filter: parseEntityFilterParams('kind=component'), limit: 0 })).toEqual({
      uids: [],
      totalItems: 2,
      pageInfo: {},
    });
  });

  it('sorts on the lower-cased value, ties by uid, and uses only the first order field', () => {
    const index = catalog({ u3: { name: 'b' }, u1: { name: 'B' }, u2: { name: 'a' }, u0: { name: 'C' } });
    const asc = index.queryEntities({
      orderFields: [...byName, { field: 'metadata.uid', order: 'desc' }],
    });
    expect(asc.uids).toEqual(['u2', 'u1', 'u3', 'u0']);
    // Descending reverses the ties as well: Backstage orders by (value, uid) in one direction.
    expect(index.queryEntities({ orderFields: [{ field: 'metadata.name', order: 'desc' }] }).uids).toEqual([
      'u0',
      'u3',
      'u1',
      'u2',
    ]);
  });

  it('leaves out, from items and total, entities lacking the sort field or with a value over 200 chars', () => {
    const index = catalog({
      a: { spec: { owner: 'team-b' } },
      b: { spec: {} },
      c: { spec: { owner: 'x'.repeat(201) } },
      d: { spec: { owner: 'team-a' } },
      e: { spec: { owner: null } },
    });
    const page = index.queryEntities({ orderFields: [{ field: 'Spec.Owner', order: 'asc' }] });
    expect(page.uids).toEqual(['d', 'a']);
    expect(page.totalItems).toBe(2);
  });

  it('lists an entity once per value of a multi-valued sort field, counting it once', () => {
    const index = catalog({ a: { tags: ['go', 'rust'] }, b: { tags: ['java'] }, c: {} });
    const page = index.queryEntities({ orderFields: [{ field: 'metadata.tags', order: 'asc' }] });
    expect(page.uids).toEqual(['a', 'b', 'a']);
    expect(page.totalItems).toBe(2);
  });

  it('returns nothing for an order field no entity has, the empty one included', () => {
    const index = catalog({ a: {}, b: {} });
    expect(index.queryEntities({ orderFields: [{ field: '', order: 'asc' }] })).toEqual({
      uids: [],
      totalItems: 0,
      pageInfo: {},
    });
  });

  it('applies offset on the first request only', () => {
    const index = catalog({ a: {}, b: {}, c: {}, d: {}, e: {} });
    const first = index.queryEntities({ offset: 1, limit: 2 });
    expect(first.uids).toEqual(['b', 'c']);
    expect(index.queryEntities({ cursor: first.pageInfo.nextCursor, offset: 3, limit: 2 }).uids).toEqual([
      'd',
      'e',
    ]);
  });

  it("continues a cursor with its own filter, order and full text, ignoring the request's", () => {
    const index = catalog({
      a: { name: 'x3' },
      b: { name: 'x1', kind: 'API' },
      c: { name: 'x2' },
      d: { name: 'x0' },
    });
    const first = index.queryEntities({
      filter: parseEntityFilterParams('kind=component'),
      orderFields: byName,
      limit: 1,
    });
    expect(first.uids).toEqual(['d']);
    const second = index.queryEntities({
      cursor: first.pageInfo.nextCursor,
      filter: parseEntityFilterParams('kind=api'),
      orderFields: [{ field: 'metadata.name', order: 'desc' }],
      fullTextFilter: { term: 'nothing' },
      limit: 5,
    });
    expect(second.uids).toEqual(['c', 'a']);
  });

  it('gives prevCursor after the first page, until the first page is reached again', () => {
    const index = catalog({
      a: { name: 'n1' },
      b: { name: 'n2' },
      c: { name: 'n3' },
      d: { name: 'n4' },
      e: { name: 'n5' },
    });
    const p1 = index.queryEntities({ orderFields: byName, limit: 2 });
    expect(p1.pageInfo.prevCursor).toBeUndefined();
    const p2 = index.queryEntities({ cursor: p1.pageInfo.nextCursor, limit: 2 });
    const p3 = index.queryEntities({ cursor: p2.pageInfo.nextCursor, limit: 2 });
    expect([p2.uids, p3.uids]).toEqual([['c', 'd'], ['e']]);
    expect(p3.pageInfo.nextCursor).toBeUndefined();
    const back2 = index.queryEntities({ cursor: p3.pageInfo.prevCursor, limit: 2 });
    expect(back2.uids).toEqual(['c', 'd']);
    expect(back2.pageInfo.nextCursor).toBeDefined();
    const back1 = index.queryEntities({ cursor: back2.pageInfo.prevCursor, limit: 2 });
    expect(back1.uids).toEqual(['a', 'b']);
    expect(back1.pageInfo.prevCursor).toBeUndefined();
    expect(index.queryEntities({ cursor: back1.pageInfo.nextCursor, limit: 2 }).uids).toEqual(['c', 'd']);
  });

  it("writes cursors in Backstage's shape and reads Backstage cursors with a legacy filter", () => {
    const index = catalog({ a: { name: 'n1' }, b: { name: 'n2' }, c: { name: 'n3', kind: 'API' } });
    const page = index.queryEntities({
      filter: parseEntityFilterParams('kind=component'),
      orderFields: byName,
      fullTextFilter: { term: 'N' },
      limit: 1,
    });
    const json = JSON.parse(Buffer.from(page.pageInfo.nextCursor as string, 'base64').toString('utf8'));
    expect(json).toEqual({
      orderFields: byName,
      query: { kind: 'component' },
      fullTextFilter: { term: 'N' },
      orderFieldValues: ['n1', 'a'],
      firstSortFieldValues: ['n1', 'a'],
      isPrevious: false,
      totalItems: 2,
    });
    const legacy = encodeCursor({
      orderFields: byName,
      filter: { anyOf: [{ allOf: [{ key: 'kind', values: ['Component'] }] }] },
      orderFieldValues: ['n1', 'a'],
      firstSortFieldValues: ['n1', 'a'],
      isPrevious: false,
      totalItems: 2,
    });
    expect(index.queryEntities({ cursor: legacy }).uids).toEqual(['b']);
  });

  it('carries totalItems from the first page; exclude reports 0 throughout', () => {
    const index = catalog({ a: {}, b: {}, c: {} });
    const first = index.queryEntities({ limit: 1, totalItems: 'exclude' });
    expect(first.totalItems).toBe(0);
    const next = index.queryEntities({ cursor: first.pageInfo.nextCursor, limit: 1 });
    expect(next.totalItems).toBe(0);
    const counted = index.queryEntities({ limit: 1 });
    index.upsert({
      uid: 'd',
      ref: 'component:default/d',
      search: buildSearchDocument({ metadata: { name: 'd' } }),
    });
    expect(index.queryEntities({ cursor: counted.pageInfo.nextCursor, limit: 1 }).totalItems).toBe(3);
  });

  describe('full text', () => {
    const index = catalog({
      '00-payment': { name: 'payment-svc', spec: { type: 'Service' } },
      '01-order': { name: 'order_svc', spec: { type: 'web%site' } },
      '02-other': { name: 'checkout', tags: ['payments', 'go'] },
    });

    it('matches a trimmed, lower-cased substring of the given fields', () => {
      expect(
        index.queryEntities({ fullTextFilter: { term: '  PAY ', fields: ['Metadata.Name'] } }).uids,
      ).toEqual(['00-payment']);
      expect(
        index.queryEntities({ fullTextFilter: { term: 'pay', fields: ['metadata.name', 'metadata.tags'] } })
          .uids,
      ).toEqual(['00-payment', '02-other']);
    });

    it('defaults to the sort field, and to metadata.uid without one (so names do not match)', () => {
      expect(index.queryEntities({ fullTextFilter: { term: 'svc' } }).uids).toEqual([]);
      expect(index.queryEntities({ fullTextFilter: { term: 'order' } }).uids).toEqual(['01-order']);
      expect(index.queryEntities({ orderFields: byName, fullTextFilter: { term: 'svc' } }).uids).toEqual([
        '01-order',
        '00-payment',
      ]);
    });

    it('treats % and _ as LIKE wildcards and \\ as their escape', () => {
      const nameOf = (term: string) =>
        index.queryEntities({ fullTextFilter: { term, fields: ['metadata.name', 'spec.type'] } }).uids;
      expect(nameOf('r_s')).toEqual(['01-order']);
      expect(nameOf('ment%svc')).toEqual(['00-payment']);
      expect(nameOf('b%s')).toEqual(['01-order']);
      expect(nameOf('b\\%s')).toEqual(['01-order']);
      expect(nameOf('t\\_s')).toEqual([]);
      expect(nameOf('r\\_s')).toEqual(['01-order']);
    });

    it('ignores an empty term, and matches nothing with an empty field list', () => {
      expect(index.queryEntities({ fullTextFilter: { term: '   ' } }).uids).toHaveLength(3);
      expect(index.queryEntities({ fullTextFilter: { term: 'pay', fields: [] } }).uids).toEqual([]);
    });

    it('tests only the sorted value when the single field is the sort field (Backstage quirk)', () => {
      const tagged = catalog({ a: { tags: ['go', 'java'] }, b: { tags: ['rust'] } });
      const scoped = tagged.queryEntities({
        orderFields: [{ field: 'metadata.tags', order: 'asc' }],
        fullTextFilter: { term: 'ja' },
      });
      expect(scoped.uids).toEqual(['a']);
      const unscoped = tagged.queryEntities({
        orderFields: [{ field: 'metadata.tags', order: 'asc' }],
        fullTextFilter: { term: 'ja', fields: ['metadata.tags', 'kind'] },
      });
      expect(unscoped.uids).toEqual(['a', 'a']);
      expect(unscoped.totalItems).toBe(1);
    });
  });

  describe('rejects invalid input', () => {
    const index = catalog({ a: {}, b: {} });
    const cursor = index.queryEntities({ limit: 1 }).pageInfo.nextCursor as string;
    const json = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    const tampered = (change: Record<string, unknown>) =>
      Buffer.from(JSON.stringify({ ...json, ...change }), 'utf8').toString('base64');

    it.each([
      ['an empty cursor', { cursor: '' }, /Cursor cannot be empty/],
      ['a cursor that is not base64 JSON', { cursor: 'not a cursor!' }, /Malformed cursor/],
      ['a truncated cursor', { cursor: cursor.slice(0, 20) }, /Malformed cursor/],
      ['a cursor without isPrevious', { cursor: tampered({ isPrevious: undefined }) }, /isPrevious/],
      [
        'a cursor with a bad order',
        { cursor: tampered({ orderFields: [{ field: 'a', order: 'up' }] }) },
        /orderFields/,
      ],
      [
        'a cursor with a position of the wrong shape',
        { cursor: tampered({ orderFieldValues: ['x', 'y'] }) },
        /a uid/,
      ],
      [
        'a cursor with an invalid query',
        { cursor: tampered({ query: { kind: null } }) },
        /Malformed cursor: Invalid query/,
      ],
      ['a cursor with a non-numeric total', { cursor: tampered({ totalItems: 'many' }) }, /totalItems/],
      ['a negative limit', { limit: -1 }, /Invalid limit/],
      ['a fractional offset', { offset: 1.5 }, /Invalid offset/],
      ['an unknown totalItems mode', { totalItems: 'some' as 'include' }, /Invalid totalItems value "some"/],
      ['an unknown order', { orderFields: [{ field: 'kind', order: 'up' as 'asc' }] }, /must be asc or desc/],
    ])('%s', (_, request, message) => {
      expect(() => index.queryEntities(request)).toThrow(InputError);
      expect(() => index.queryEntities(request)).toThrow(message);
    });

    it('reads its own cursors back', () => {
      expect(decodeCursor(cursor).cursor.orderFieldValues).toEqual(['a']);
    });
  });
});
