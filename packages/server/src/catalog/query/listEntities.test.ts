import { InputError } from '@paved/model';
import { describe, expect, it } from 'vitest';
import { buildSearchDocument } from './buildSearchDocument.ts';
import { EntityIndex } from './EntityIndex.ts';
import { parseEntityFilterParams } from './parseEntityFilterParams.ts';

/** uid → [ref name, spec.owner] */
function catalog(entities: Record<string, [string, string | undefined]>): EntityIndex {
  const index = new EntityIndex();
  for (const [uid, [name, owner]] of Object.entries(entities)) {
    const entity = { kind: 'Component', metadata: { name, uid }, spec: owner === undefined ? {} : { owner } };
    index.upsert({ uid, ref: `component:default/${name}`, search: buildSearchDocument(entity) });
  }
  return index;
}

const index = catalog({
  u5: ['a', 'team-b'],
  u4: ['b', undefined],
  u3: ['c', 'Team-A'],
  u2: ['d', 'team-b'],
  u1: ['e', undefined],
});

describe('listEntities (GET /entities)', () => {
  it('without pagination returns every match by uid, or by the first order field leaving out entities lacking it', () => {
    expect(index.listEntities().uids).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    expect(
      index.listEntities({
        order: [
          { field: 'Spec.Owner', order: 'desc' },
          { field: 'metadata.name', order: 'asc' },
        ],
      }).uids,
    ).toEqual(['u5', 'u2', 'u3']);
  });

  it('with pagination defaults to ref order and pages with an after cursor of {limit, offset}', () => {
    const first = index.listEntities({ limit: 2 });
    expect(first.uids).toEqual(['u5', 'u4']);
    expect(JSON.parse(Buffer.from(first.nextAfter as string, 'base64').toString())).toEqual({
      limit: 2,
      offset: 2,
    });
    const second = index.listEntities({ after: first.nextAfter });
    expect(second.uids).toEqual(['u3', 'u2']);
    const third = index.listEntities({ after: second.nextAfter, limit: 99 });
    expect(third).toEqual({ uids: ['u1'] });
    expect(index.listEntities({ offset: 3 }).uids).toEqual(['u2', 'u1']);
  });

  it('puts entities lacking the order field last, by uid, whatever the direction; ties by uid ascending', () => {
    expect(index.listEntities({ order: [{ field: 'spec.owner', order: 'asc' }], limit: 10 }).uids).toEqual([
      'u3',
      'u2',
      'u5',
      'u1',
      'u4',
    ]);
    expect(index.listEntities({ order: [{ field: 'spec.owner', order: 'desc' }], limit: 10 }).uids).toEqual([
      'u2',
      'u5',
      'u3',
      'u1',
      'u4',
    ]);
  });

  it('matches order fields as written when paginating, as Backstage does (upper case finds nothing)', () => {
    expect(index.listEntities({ order: [{ field: 'Spec.Owner', order: 'asc' }], limit: 10 }).uids).toEqual([
      'u1',
      'u2',
      'u3',
      'u4',
      'u5',
    ]);
  });

  it('sorts by several fields with nulls last when paginating', () => {
    expect(
      index.listEntities({
        order: [
          { field: 'spec.owner', order: 'desc' },
          { field: 'metadata.name', order: 'desc' },
        ],
        limit: 10,
      }).uids,
    ).toEqual(['u2', 'u5', 'u3', 'u1', 'u4']);
  });

  it('applies the filter', () => {
    expect(
      index.listEntities({ filter: parseEntityFilterParams('spec.owner=TEAM-B'), limit: 1 }).uids,
    ).toEqual(['u5']);
  });

  it.each([
    [{ offset: -1 }, /Invalid offset/],
    [{ limit: 0 }, /Invalid limit/],
    [{ after: '' }, /Invalid after/],
    [{ after: Buffer.from('not json').toString('base64') }, /Malformed after cursor, could not be parsed/],
    [{ after: Buffer.from('{"limit":"2"}').toString('base64') }, /limit was not a positive integer/],
    [{ after: Buffer.from('{"offset":-5}').toString('base64') }, /offset was not a non-negative integer/],
  ])('rejects %j', (request, message) => {
    expect(() => index.listEntities(request)).toThrow(InputError);
    expect(() => index.listEntities(request)).toThrow(message);
  });
});
