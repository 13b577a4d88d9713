import { describe, expect, it } from 'vitest';
import { matchesSchema } from './schemaMatch.ts';

describe('matchesSchema', () => {
  it('decides the branch of a dependency by const, enum and type, as rjsf asks it', () => {
    const postgres = { type: 'object', properties: { database: { const: 'postgres' } } };
    expect(matchesSchema(postgres, { database: 'postgres' })).toBe(true);
    expect(matchesSchema(postgres, { database: 'none' })).toBe(false);
    expect(matchesSchema({ enum: ['a', 'b'] }, 'c')).toBe(false);
    expect(matchesSchema({ type: 'integer' }, 1.5)).toBe(false);
    expect(matchesSchema({ type: ['number', 'null'] }, null)).toBe(true);
  });

  it('reads required, bounds, patterns, combinators, if/then and local $refs', () => {
    expect(matchesSchema({ required: ['a'] }, {})).toBe(false);
    expect(matchesSchema({ minimum: 1 }, 0)).toBe(false);
    expect(matchesSchema({ pattern: '^[a-z]+$' }, 'Abc')).toBe(false);
    expect(matchesSchema({ oneOf: [{ const: 1 }, { type: 'number' }] }, 1)).toBe(false);
    expect(matchesSchema({ anyOf: [{ const: 1 }, { const: 2 }] }, 2)).toBe(true);
    expect(matchesSchema({ not: { const: 1 } }, 1)).toBe(false);
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a thenable
    const conditional = { if: { properties: { a: { const: true } } }, then: { required: ['b'] } };
    expect(matchesSchema(conditional, { a: true })).toBe(false);
    expect(matchesSchema(conditional, { a: false })).toBe(true);
    const root = {
      definitions: { small: { maximum: 3 } },
      properties: { n: { $ref: '#/definitions/small' } },
    };
    expect(matchesSchema(root, { n: 4 })).toBe(false);
    expect(matchesSchema(root, { n: 2 })).toBe(true);
  });

  it('lets pass what it does not judge: formats, and patterns this browser cannot compile', () => {
    expect(matchesSchema({ format: 'email' }, 'not an email')).toBe(true);
    expect(matchesSchema({ pattern: '(?<' }, 'x')).toBe(true);
  });
});
