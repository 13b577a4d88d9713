import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TermHash } from './termHash.ts';

describe('TermHash', () => {
  it('finds exactly the live terms through colliding inserts and deletions, across the wrap-around', () => {
    // Hashes chosen from a few slots at both ends of the table force long, wrapping probe runs.
    const hashArb = fc.constantFrom(0, 1, 2, 4093, 4094, 4095, 8191, 12287);
    const opArb = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 60 }), hashArb);
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const termKey = new Int32Array(64);
        const termLower: (string | null)[] = [];
        const termHash = new Int32Array(64);
        const table = new TermHash(
          () => termKey,
          termLower,
          () => termHash,
        );
        const live = new Map<number, number>(); // term → hash
        for (const [insert, t, h] of ops) {
          if (insert && !live.has(t)) {
            termKey[t] = t % 3;
            termLower[t] = `v${t}`;
            termHash[t] = h;
            table.insert(t, h);
            live.set(t, h);
          } else if (!insert && live.has(t)) {
            table.delete(t, live.get(t) as number);
            live.delete(t);
          }
          for (let u = 0; u <= 60; u++) {
            const h2 = live.get(u) ?? termHash[u] ?? 0;
            expect(table.find(u % 3, `v${u}`, h2)).toBe(live.has(u) ? u : -1);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('grows, keeping every term findable', () => {
    const count = 20_000;
    const termKey = new Int32Array(count);
    const termLower: string[] = [];
    const termHash = new Int32Array(count);
    const table = new TermHash(
      () => termKey,
      termLower,
      () => termHash,
    );
    for (let t = 0; t < count; t++) {
      termKey[t] = 7;
      termLower[t] = `value-${t}`;
      termHash[t] = TermHash.hash(7, termLower[t] as string);
      table.insert(t, termHash[t] as number);
    }
    for (let t = 0; t < count; t++) expect(table.find(7, `value-${t}`, termHash[t] as number)).toBe(t);
    expect(table.find(7, 'value-x', TermHash.hash(7, 'value-x'))).toBe(-1);
    expect(table.find(8, 'value-1', TermHash.hash(8, 'value-1'))).toBe(-1);
  });
});
