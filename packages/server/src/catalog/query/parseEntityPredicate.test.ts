import { InputError } from '@paved/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterToPredicate } from './entityFilter.ts';
import { parseEntityPredicate } from './parseEntityPredicate.ts';
import { filterArb } from './testCatalog.ts';

describe('parseEntityPredicate (POST query)', () => {
  it('reads field expressions, ANDing several keys, with values lower-cased and stringified', () => {
    expect(parseEntityPredicate({ Kind: 'Component', 'spec.replicas': 3, 'spec.public': true })).toEqual({
      type: 'all',
      filters: [
        { type: 'in', key: 'kind', values: ['component'] },
        { type: 'in', key: 'spec.replicas', values: ['3'] },
        { type: 'in', key: 'spec.public', values: ['true'] },
      ],
    });
    expect(parseEntityPredicate({})).toEqual({ type: 'all', filters: [] });
  });

  it('reads $all, $any and $not', () => {
    expect(parseEntityPredicate({ $all: [] })).toEqual({ type: 'all', filters: [] });
    expect(parseEntityPredicate({ $any: [] })).toEqual({ type: 'any', filters: [] });
    expect(parseEntityPredicate({ $not: { $any: [{ kind: 'api' }, { kind: 'group' }] } })).toEqual({
      type: 'not',
      filter: {
        type: 'any',
        filters: [
          { type: 'in', key: 'kind', values: ['api'] },
          { type: 'in', key: 'kind', values: ['group'] },
        ],
      },
    });
  });

  it('reads $exists, $in, $hasPrefix and $contains', () => {
    expect(parseEntityPredicate({ 'spec.owner': { $exists: true } })).toEqual({
      type: 'exists',
      key: 'spec.owner',
    });
    expect(parseEntityPredicate({ 'spec.owner': { $exists: false } })).toEqual({
      type: 'not',
      filter: { type: 'exists', key: 'spec.owner' },
    });
    expect(parseEntityPredicate({ 'spec.type': { $in: ['Service', 1, false] } })).toEqual({
      type: 'in',
      key: 'spec.type',
      values: ['service', '1', 'false'],
    });
    expect(parseEntityPredicate({ 'metadata.name': { $hasPrefix: 'Pay' } })).toEqual({
      type: 'prefix',
      key: 'metadata.name',
      prefix: 'pay',
    });
    expect(parseEntityPredicate({ 'metadata.tags': { $contains: 'Java' } })).toEqual({
      type: 'in',
      key: 'metadata.tags',
      values: ['java'],
    });
  });

  it('reads $contains on relations as a relation type, optionally with target refs', () => {
    expect(parseEntityPredicate({ relations: { $contains: { type: 'ownedBy' } } })).toEqual({
      type: 'exists',
      key: 'relations.ownedby',
    });
    expect(
      parseEntityPredicate({ Relations: { $contains: { Type: 'ownedBy', targetRef: 'Group:default/A' } } }),
    ).toEqual({ type: 'in', key: 'relations.ownedby', values: ['group:default/a'] });
    expect(
      parseEntityPredicate({
        relations: { $contains: { type: 'memberOf', targetref: { $in: ['group:default/a', 'B'] } } },
      }),
    ).toEqual({ type: 'in', key: 'relations.memberof', values: ['group:default/a', 'b'] });
  });

  it("uses the first valid operator when a field object names several, as Backstage's schema", () => {
    expect(parseEntityPredicate({ a: { $exists: true, $in: ['x'] } })).toEqual({ type: 'exists', key: 'a' });
    expect(parseEntityPredicate({ a: { $exists: 'yes', $in: ['x'] } })).toEqual({
      type: 'in',
      key: 'a',
      values: ['x'],
    });
    expect(parseEntityPredicate({ a: { $hasPrefix: 'p', $contains: 'c' } })).toEqual({
      type: 'in',
      key: 'a',
      values: ['c'],
    });
  });

  it.each([
    [[{ kind: 'a' }], /Invalid query: expected an object/],
    ['kind', /Invalid query: expected an object/],
    [null, /Invalid query: expected an object/],
    [{ $all: ['kind'] }, /at query\.\$all\[0\]: a bare value is not a condition/],
    [{ $foo: [] }, /unknown operator "\$foo"; accepted here are \$all, \$any, \$not or field keys/],
    [{ $all: [], kind: 'a' }, /\$all must be the only key of its object/],
    [{ $any: { kind: 'a' } }, /at query\.\$any: expected an array of conditions/],
    [{ kind: null }, /at query\.kind: expected a string, number or boolean, or one of/],
    [{ kind: ['a', 'b'] }, /at query\.kind: expected a string/],
    [{ kind: { $not: 'a' } }, /at query\.kind: expected a string/],
    [{ kind: { $in: [null] } }, /at query\.kind/],
    [{ kind: { $exists: 'yes' } }, /at query\.kind/],
    [
      { 'metadata.tags': { $contains: { a: 1 } } },
      /object form of \$contains is only supported on "relations"/,
    ],
    [{ relations: { $contains: { targetRef: 'x' } } }, /requires a non-empty "type" string/],
    [{ relations: { $contains: { type: 'ownedBy', other: 1 } } }, /unsupported key "other"/],
    [{ relations: { $contains: { type: 'a', Type: 'b' } } }, /duplicate key "Type"/],
    [{ relations: { $contains: { type: 'a', targetRef: { $in: [] } } } }, /the \$in list must not be empty/],
    [{ relations: { $contains: { type: 'a', targetRef: 7 } } }, /expected an entity ref string or \{"\$in"/],
    [{ $not: { 'a\nb': 'x' } }, /at query\.\$not\.a\nb: field keys cannot contain line breaks/],
  ])('rejects %j', (query, message) => {
    expect(() => parseEntityPredicate(query)).toThrow(InputError);
    expect(() => parseEntityPredicate(query)).toThrow(message);
  });

  it('reads back what filterToPredicate writes', () => {
    fc.assert(
      fc.property(filterArb, (filter) => {
        expect(parseEntityPredicate(filterToPredicate(filter))).toEqual(filter);
      }),
    );
  });
});
