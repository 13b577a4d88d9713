import { describe, expect, it } from 'vitest';
import { drawnRelation, groupRelations, relationLabel } from './relations.ts';

describe('relations', () => {
  it('groups relations by type, known types in pair order, duplicates dropped', () => {
    const groups = groupRelations([
      { type: 'dependsOn', targetRef: 'component:default/b' },
      { type: 'x-custom', targetRef: 'component:default/c' },
      { type: 'ownedBy', targetRef: 'group:default/team' },
      { type: 'dependsOn', targetRef: 'component:default/a' },
      { type: 'dependsOn', targetRef: 'component:default/a' },
    ]);
    expect(groups.map((g) => [g.label, g.targetRefs])).toEqual([
      ['Owned by', ['group:default/team']],
      ['Depends on', ['component:default/a', 'component:default/b']],
      ['x-custom', ['component:default/c']],
    ]);
  });

  it('draws the reverse of a pair as its drawn direction, and leaves other types alone', () => {
    expect(drawnRelation('group:default/t', { type: 'ownerOf', targetRef: 'component:default/a' })).toEqual({
      source: 'component:default/a',
      target: 'group:default/t',
      type: 'ownedBy',
    });
    expect(drawnRelation('group:default/p', { type: 'parentOf', targetRef: 'group:default/c' })).toEqual({
      source: 'group:default/p',
      target: 'group:default/c',
      type: 'parentOf',
    });
    expect(drawnRelation('a:b/c', { type: 'x', targetRef: 'a:b/d' }).type).toBe('x');
    expect(relationLabel('apiConsumedBy')).toBe('API consumed by');
  });
});
