import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseYamlDocuments } from './yamlDocuments.ts';
import { findExcessiveNesting } from './yamlNesting.ts';

/** Nested JSON of exactly `depth` collection levels, with strings full of YAML indicators. */
function nested(depth: number, leaf: string): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) {
    value = i % 2 ? [value, '[{"quoted"}]'] : { 'key: [x': value, '#not-a-comment': "it's [" };
  }
  return value;
}

describe('findExcessiveNesting', () => {
  it('finds nesting in flow, block and compact forms', () => {
    expect(findExcessiveNesting(`a: ${'['.repeat(50)}`, 20)).not.toBe(-1);
    expect(findExcessiveNesting(`${'- '.repeat(50)}x\n`, 20)).not.toBe(-1);
    expect(findExcessiveNesting(`a: ${'{b: '.repeat(50)}1`, 20)).not.toBe(-1);
    const block = Array.from({ length: 50 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(findExcessiveNesting(block, 20)).not.toBe(-1);
  });

  it('ignores brackets in scalars, comments and block scalars', () => {
    const text = [
      'a: b[c[d[e[f',
      `b: "${'['.repeat(100)}"`,
      `c: '${'{'.repeat(100)}'`,
      `# ${'['.repeat(100)}`,
      'd: |',
      `  ${'['.repeat(100)}`,
      `  ${'- '.repeat(100)}`,
      "e: it's [not] {a} flow",
      '',
    ].join('\n');
    expect(findExcessiveNesting(text, 10)).toBe(-1);
  });

  it('never flags ordinary documents written by yaml or js-yaml', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.string({ maxLength: 10 }),
        fc.boolean(),
        (depth, leaf, flow) => {
          const value = nested(depth, leaf);
          for (const text of [
            stringify(value),
            stringify(value, { collectionStyle: flow ? 'flow' : 'block' }),
            dump(value, { flowLevel: flow ? 3 : -1 }),
          ]) {
            expect(findExcessiveNesting(text, 2 * depth + 8), text).toBe(-1);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps hostile nesting cheap on the slow path', () => {
    const limits = { maxDocuments: 10, maxAliasCount: 100, maxDepth: 256 };
    for (const text of [
      `\t${'['.repeat(4_000_000)}`,
      `\t\n${'- '.repeat(2_000_000)}`,
      `\t\n${'{a: '.repeat(1_000_000)}`,
    ]) {
      const started = performance.now();
      const parsed = parseYamlDocuments(text, limits);
      expect(performance.now() - started).toBeLessThan(3000);
      expect(parsed.errors[0]?.message).toBe('YAML error: collections are nested more than 256 levels deep');
    }
  });
});
