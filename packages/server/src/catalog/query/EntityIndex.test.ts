import { describe, expect, it } from 'vitest';
import { buildSearchDocument } from './buildSearchDocument.ts';
import { EntityIndex } from './EntityIndex.ts';
import { parseEntityFilterParams } from './parseEntityFilterParams.ts';

function component(uid: string, name: string, spec: Record<string, unknown> = {}) {
  const entity = { kind: 'Component', metadata: { name, uid }, spec };
  return { uid, ref: `component:default/${name}`.toLowerCase(), search: buildSearchDocument(entity) };
}

describe('EntityIndex', () => {
  it('tracks size and bumps version on every change', () => {
    const index = new EntityIndex();
    expect([index.size, index.version]).toEqual([0, 0]);
    index.upsert(component('u1', 'a'));
    index.upsert(component('u2', 'b'));
    const version = index.version;
    index.upsert(component('u1', 'a', { type: 'service' }));
    expect(index.version).toBeGreaterThan(version);
    expect(index.size).toBe(2);
    expect(index.remove('u1')).toBe(true);
    expect(index.remove('u1')).toBe(false);
    expect([index.size, index.has('u1'), index.has('u2')]).toEqual([1, false, true]);
  });

  it('replaces the rows of an entity on upsert', () => {
    const index = new EntityIndex();
    index.upsert(component('u1', 'a', { type: 'service' }));
    index.upsert(component('u1', 'a', { type: 'library' }));
    const of = (filter: string) => index.queryEntities({ filter: parseEntityFilterParams(filter) }).uids;
    expect(of('spec.type=service')).toEqual([]);
    expect(of('spec.type=library')).toEqual(['u1']);
  });

  it('resolves refs verbatim for by-refs, case-insensitively for by-name', () => {
    const index = new EntityIndex();
    index.upsert(component('u1', 'Payment'));
    index.upsert(component('u2', 'ledger', { type: 'library' }));
    expect(
      index.refsToUids(['component:default/payment', 'Component:default/Payment', 'component:default/none']),
    ).toEqual(['u1', null, null]);
    expect(
      index.refsToUids(
        ['component:default/payment', 'component:default/ledger'],
        parseEntityFilterParams('spec.type=library'),
      ),
    ).toEqual([null, 'u2']);
    expect(index.uidByName('Component', 'Default', 'PAYMENT')).toBe('u1');
    expect(index.refOf('u2')).toBe('component:default/ledger');
  });

  it('follows a ref to another uid and back when two uids briefly share it', () => {
    const index = new EntityIndex();
    index.upsert(component('old', 'a'));
    index.upsert(component('new', 'a'));
    expect(index.uidByRef('component:default/a')).toBe('new');
    index.remove('new');
    expect(index.uidByRef('component:default/a')).toBe('old');
    index.upsert({ ...component('old', 'b') });
    expect(index.uidByRef('component:default/a')).toBeUndefined();
    expect(index.uidByRef('component:default/b')).toBe('old');
  });

  it('tells whether one entity matches a filter', () => {
    const index = new EntityIndex();
    index.upsert(component('u1', 'a', { type: 'service' }));
    expect(
      index.matches('u1', parseEntityFilterParams('spec.type=SERVICE') ?? { type: 'all', filters: [] }),
    ).toBe(true);
    expect(index.matches('u1', { type: 'not', filter: { type: 'exists', key: 'spec.type' } })).toBe(false);
    expect(index.matches('nope', { type: 'all', filters: [] })).toBe(false);
  });

  it('keeps answering when more keys are sorted on than it keeps orders for', () => {
    const index = new EntityIndex();
    const fields = Array.from({ length: 20 }, (_, i) => `f${i}`);
    for (let e = 0; e < 30; e++) {
      index.upsert(
        component(`u${e}`, `n${e}`, Object.fromEntries(fields.map((f, i) => [f, (e * (i + 7)) % 11]))),
      );
    }
    const sortedBy = (field: string) =>
      index.queryEntities({ orderFields: [{ field: `spec.${field}`, order: 'asc' }], limit: 3 }).uids;
    const first = fields.map(sortedBy);
    index.upsert(component('u0', 'n0', Object.fromEntries(fields.map((f) => [f, 99]))));
    index.remove('u1');
    const expected = first.map((uids) => uids.filter((uid) => uid !== 'u0' && uid !== 'u1'));
    fields.forEach((field, i) => {
      expect(sortedBy(field).slice(0, (expected[i] as string[]).length)).toEqual(expected[i]);
    });
  });

  it('grows past its initial capacity and reuses freed slots', () => {
    const index = new EntityIndex();
    for (let i = 0; i < 3000; i++)
      index.upsert(component(`u${String(i).padStart(4, '0')}`, `n${i}`, { type: `t${i % 3}` }));
    for (let i = 0; i < 3000; i += 2) index.remove(`u${String(i).padStart(4, '0')}`);
    for (let i = 0; i < 500; i++) index.upsert(component(`v${i}`, `m${i}`, { type: 't1' }));
    const page = index.queryEntities({ filter: parseEntityFilterParams('spec.type=t1'), limit: 3 });
    expect(page.totalItems).toBe(500 + 500);
    expect(page.uids).toEqual(['u0001', 'u0007', 'u0013']);
    expect(index.stats().entities).toBe(2000);
  });
});
