import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { parseYamlDocuments } from './yamlDocuments.ts';

const limits = { maxDocuments: 1000, maxAliasCount: 100, maxDepth: 64 };

/** What Backstage gets from a file: parseAllDocuments, then each document's first error or toJSON(). */
function backstageParse(text: string): { values: Array<[number, unknown]>; failed: number[] } {
  const docs = parseAllDocuments(text, { merge: false });
  const values: Array<[number, unknown]> = [];
  const failed: number[] = [];
  (Array.isArray(docs) ? docs : []).forEach((doc, index) => {
    if (doc.errors.length) {
      failed.push(index);
      return;
    }
    let value: unknown;
    try {
      value = doc.toJSON();
    } catch {
      failed.push(index);
      return;
    }
    if (value !== null) {
      values.push([index, value]);
    }
  });
  return { values, failed };
}

function pavedParse(text: string): { values: Array<[number, unknown]>; failed: number[]; fast: boolean } {
  const parsed = parseYamlDocuments(text, limits);
  return {
    values: parsed.documents.map((d) => [d.index, d.value]),
    failed: parsed.errors.map((e) => e.document ?? -1),
    fast: parsed.fast,
  };
}

function expectSameAsBackstage(text: string): boolean {
  const ours = pavedParse(text);
  const theirs = backstageParse(text);
  expect(ours.values, text).toEqual(theirs.values);
  expect(ours.failed, text).toEqual(theirs.failed);
  return ours.fast;
}

describe('parseYamlDocuments reads YAML exactly as the yaml package', () => {
  const snippets: Record<string, string> = {
    numbers:
      'a: 1_000\nb: 0b11\nc: 0x1F\nd: +12\ne: -.5e3\nf: .inf\ng: -.Inf\nh: .NaN\ni: 0o17\nj: 012\nk: 1e3\nl: 1.\nm: -0\nn: 0x\no: 1.5e\np: 99999999999999999999\n',
    booleans: 'a: yes\nb: True\nc: TRUE\nd: on\ne: off\nf: tRUE\ng: false\n',
    nulls: 'a: ~\nb: Null\nc:\nd: NULL\ne: nULL\n',
    'null key': '~: 1\n',
    'empty key': ': 1\n',
    'numeric keys': '1: a\n1.0: b\n0x10: c\n',
    'number and string key collide': '1: a\n"1": b\n',
    'bool keys': 'true: a\nfalse: b\n',
    'complex key': '? [a, b]\n: 1\n',
    'flow key': '{a: 1}: x\n',
    anchors: 'a: &x {b: 1}\nc: *x\n',
    'alias bomb': `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
    'self alias': 'a: &a [*a]\n',
    'undefined alias': 'a: *nope\n',
    tags: 'a: !!str 1\nb: !!int "2"\nc: !custom x\n',
    'merge key': 'base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n',
    'plain merge key': 'a:\n  <<: {x: 1}\n',
    directive: '%YAML 1.2\n---\na: 1\n',
    'document end': 'a: 1\n...\nb: 2\n',
    'empty documents': '---\n---\na: 1\n---\n',
    'comments only': '# just a comment\n',
    'leading comment': '# c\n---\na: 1\n',
    empty: '',
    crlf: 'a: 1\r\nb:\r\n  - x\r\n  - y\r\n',
    bom: '\uFEFFa: 1\n',
    tabs: 'a:\t1\nb:\n\t- x\n',
    'unicode separators': 'a: "x\u2028y"\nb: x\u2029y\nc: x\u0085y\n',
    'multi-line plain': 'a: this is\n  a long\n\n  plain scalar\n',
    'block scalars': 'a: |\n  one\n   two\n\nb: >-\n  folded\n  text\n\n  para\nc: |2+\n    indented\n\n',
    'quoted escapes': "a: \"\\x41\\u00e9\\U0001F600\\t\\/\\N\\_\"\nb: 'it''s'\n",
    'bad escape': 'a: "\\q"\n',
    'duplicate keys': 'a: 1\na: 2\n',
    'duplicate quoted keys': 'a: 1\n"a": 2\n',
    'proto key': '__proto__: {polluted: true}\nconstructor: x\n',
    'syntax error then fine': 'a: [1\n---\nb: 2\n',
    'bad indentation': 'a: 1\n  b: 2\n---\nc: 3\n',
    'unclosed quote': 'a: "oops\n',
    'root scalar': 'just text\n',
    'root list': '- a\n- b\n',
    'deep but fine': `a: ${'['.repeat(60)}${']'.repeat(60)}\n`,
    'nested flow': 'a: {b: [c, {d: e}], f: "g"}\n',
    'long key': `${'k'.repeat(1100)}: v\n`,
    'control character': 'a: "\u0001"\nb: x\u0007y\n',
  };

  it.each(Object.entries(snippets))('%s', (_name, text) => {
    expectSameAsBackstage(text);
  });

  it('takes the fast path for plain descriptors and leaves it for anchors, tags and odd keys', () => {
    expect(pavedParse('apiVersion: v1\nkind: Component\nmetadata: {name: a}\n').fast).toBe(true);
    expect(pavedParse('a: &x 1\nb: *x\n').fast).toBe(false);
    expect(pavedParse('a: !!str 1\n').fast).toBe(false);
    expect(pavedParse('1: a\n').fast).toBe(false);
    expect(pavedParse('a: 1\na: 2\n').fast).toBe(false);
  });

  it('agrees on random documents written by the yaml package in every style', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    const options = fc.record({
      defaultStringType: fc.constantFrom(
        'PLAIN',
        'QUOTE_DOUBLE',
        'QUOTE_SINGLE',
        'BLOCK_LITERAL',
        'BLOCK_FOLDED',
      ),
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
      collectionStyle: fc.constantFrom('any', 'block', 'flow'),
      indent: fc.integer({ min: 1, max: 4 }),
      lineWidth: fc.constantFrom(0, 20, 80),
      minContentWidth: fc.constantFrom(0, 20),
    });
    fc.assert(
      fc.property(fc.array(json, { minLength: 1, maxLength: 3 }), options, (values, opts) => {
        const text = values
          .map((v) => stringify(v, { ...(opts as Record<string, unknown>), aliasDuplicateObjects: false }))
          .join('---\n');
        expectSameAsBackstage(text);
      }),
      { numRuns: 15000 },
    );
  });

  it('agrees on random documents written by js-yaml', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue({ maxDepth: 4 }), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.integer({ min: -1, max: 3 }),
        (values, quoted, flowLevel) => {
          const text = values
            .map((v) => dump(v, { forceQuotes: quoted, flowLevel, noRefs: true }))
            .join('---\n');
          expectSameAsBackstage(text);
        },
      ),
      { numRuns: 15000 },
    );
  });

  it('agrees on random scalars in every position', () => {
    const scalar = fc.oneof(
      fc.string({
        unit: fc.constantFrom(...'0123456789.+-eExXoObB_~:#&*!|>\'"%@` aNnTtFfIi\n\t'.split('')),
        maxLength: 8,
      }),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(scalar, scalar, (key, value) => {
        for (const text of [
          `${key}: ${value}\n`,
          `- ${value}\n`,
          `{${key}: ${value}}\n`,
          `a: [${value}]\n`,
          `${value}\n`,
        ]) {
          expectSameAsBackstage(text);
        }
      }),
      { numRuns: 15000 },
    );
  });

  it('agrees on random fragments of YAML syntax', () => {
    const fragment = fc.constantFrom(
      ...[
        'a',
        'b: ',
        '- ',
        '? ',
        ': ',
        '[',
        ']',
        '{',
        '}',
        ', ',
        '#c',
        ' ',
        '  ',
        '"q"',
        "'s'",
        '|',
        '>',
        '|-',
        '1',
      ],
      ...[
        '~',
        'x y',
        '\n',
        '\n  ',
        '\n    ',
        '---\n',
        '"multi\n line"',
        "'it''s'",
        '&',
        '*',
        '!',
        'null',
        '0x1',
      ],
      ...['.5', '__proto__', '$text', ':', '\t', '\r', '...', '%', '|2'],
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 25 }), (parts) => {
        expectSameAsBackstage(`${parts.join('')}\n`);
      }),
      { numRuns: 30000 },
    );
  });

  it('reports where each document starts', () => {
    const parsed = parseYamlDocuments('# header\n---\napiVersion: v1\n---\n\n  - a\n---\n{b: 1}\n', limits);
    expect(parsed.documents.map((d) => [d.index, d.line, d.column])).toEqual([
      [0, 3, 1],
      [1, 6, 3],
      [2, 8, 1],
    ]);
    const slow = parseYamlDocuments('# header\n---\napiVersion: &a v1\n---\n\n  - a\n---\n{b: 1}\n', limits);
    expect(slow.fast).toBe(false);
    expect(slow.documents.map((d) => [d.index, d.line, d.column])).toEqual([
      [0, 3, 1],
      [1, 6, 3],
      [2, 8, 1],
    ]);
  });
});

describe('hostile YAML', () => {
  it('refuses alias bombs with the yaml package limit', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefghi') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      bomb.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const started = performance.now();
    const parsed = parseYamlDocuments(`${bomb.join('\n')}\n`, limits);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(parsed.documents).toEqual([]);
    expect(parsed.errors[0]?.message).toMatch(/Excessive alias count.*at most 100 alias expansions/);
  });

  it('refuses deep nesting without overflowing the stack, on both paths', () => {
    for (const text of [
      `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
      `${'- '.repeat(20_000)}x\n`,
      `x: [1\n${'['.repeat(5_000)}\n`,
      `a: &a 1\nb: ${'{c: '.repeat(3_000)}1${'}'.repeat(3_000)}\n`,
    ]) {
      const parsed = parseYamlDocuments(text, limits);
      expect(parsed.documents).toEqual([]);
      expect(parsed.errors.length).toBeGreaterThan(0);
    }
    const deep = parseYamlDocuments(`a: &a 1\nb: ${'{c: '.repeat(100)}1${'}'.repeat(100)}\n`, limits);
    expect(deep.errors[0]?.message).toBe('YAML error: collections are nested more than 64 levels deep');
    expect(deep.errors[0]?.line).toBe(2);
  });

  it('refuses more documents than the limit', () => {
    const parsed = parseYamlDocuments('a: 1\n---\nb: 2\n---\nc: 3\n', { ...limits, maxDocuments: 2 });
    expect(parsed.documents).toEqual([]);
    expect(parsed.errors[0]?.message).toMatch(/3 YAML documents, more than the limit of 2/);
  });

  it('gives line and column of a syntax error', () => {
    const parsed = parseYamlDocuments(
      'ok: 1\n---\nkind: Component\nmetadata:\n  name: "unterminated\n',
      limits,
    );
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ document: 1, rule: 'yaml' });
    expect(parsed.errors[0]?.line).toBeGreaterThanOrEqual(5);
    expect(parsed.documents.map((d) => d.value)).toEqual([{ ok: 1 }]);
  });

  it('reports duplicate keys with their position', () => {
    const parsed = parseYamlDocuments('kind: Component\nmetadata:\n  name: a\n  name: b\n', limits);
    expect(parsed.errors).toEqual([
      expect.objectContaining({
        message: 'YAML error: Map keys must be unique',
        line: 4,
        column: 3,
        document: 0,
      }),
    ]);
  });
});
