import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { processDescriptorFile, validateEntityObject } from '../src/index.ts';
import { backstageProcess, type ReferenceResult } from './backstageReference.ts';
import { entityArbitrary } from './entityArbitraries.ts';

/**
 * Accept/reject, the step that fails first, and the emitted relations, compared between Paved and
 * Backstage's own validators (see backstageReference.ts) on hand-written fixtures and on
 * fast-check mutations of valid entities.
 */

const fileLocation = { type: 'file', target: '/repo/catalog-info.yaml' };
const originLocation = { type: 'file', target: '/repo/root.yaml' };
const fixtures = join(import.meta.dirname, 'fixtures');

function clone<T>(value: T): T {
  return structuredClone(value);
}

function triples(relations: Array<{ type: string; sourceRef: string; targetRef: string }>): string[] {
  return [...new Set(relations.map((r) => `${r.type} ${r.sourceRef} ${r.targetRef}`))].sort();
}

async function reference(document: unknown, annotations: 'force' | 'default'): Promise<ReferenceResult> {
  return backstageProcess(clone(document), { location: fileLocation, originLocation, annotations });
}

/** The document as YAML, and as Backstage reads that YAML back (parseAllDocuments + toJSON). */
function asYaml(document: unknown): { text: string; parsed: unknown } {
  const text = stringify(document, { aliasDuplicateObjects: false });
  const docs = parseAllDocuments(text);
  return { text, parsed: (Array.isArray(docs) ? docs : [])[0]?.toJSON() };
}

/** Paved through processDescriptorFile on the document serialised as YAML. */
async function pavedFromYaml(document: unknown) {
  const { text } = asYaml(document);
  const file = await processDescriptorFile({ text, location: fileLocation, originLocation });
  if (file.documents.length !== 1) {
    throw new Error(`expected one entity from ${text}, got ${JSON.stringify(file)}`);
  }
  const [descriptor] = file.documents;
  return {
    ok: descriptor?.entity !== undefined,
    stage: descriptor?.errors[0]?.rule,
    relations: triples(descriptor?.relations ?? []),
    entity: descriptor?.entity,
    errors: descriptor?.errors ?? [],
  };
}

function pavedObject(document: unknown) {
  const result = validateEntityObject(clone(document), { location: fileLocation, originLocation });
  return {
    ok: result.entity !== undefined,
    stage: result.errors[0]?.rule,
    relations: triples(result.relations),
    entity: result.entity,
    errors: result.errors,
  };
}

function expectSame(
  paved: { ok: boolean; stage?: string; relations: string[]; errors: unknown[] },
  ref: ReferenceResult,
  document: unknown,
) {
  const context = JSON.stringify({ document, paved: paved.errors, backstage: ref.error });
  expect(paved.ok, context).toBe(ref.ok);
  if (!ref.ok) {
    expect(paved.stage, context).toBe(ref.stage);
  }
  expect(paved.relations, context).toEqual(ref.relations);
}

function fixtureDocuments(
  kind: 'valid' | 'invalid',
): Array<{ file: string; index: number; value: unknown; expect?: string }> {
  const dir = join(fixtures, kind);
  return readdirSync(dir).flatMap((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    // Each fixture document says which check must reject it in a `# expect: <rule>` comment.
    const expectations = text.split(/^---$/m).map((chunk) => /# expect: ([\w-]+)/.exec(chunk)?.[1]);
    return parseAllDocuments(text).flatMap((doc, index) => {
      const value = doc.toJSON();
      return value === null ? [] : [{ file, index, value, expect: expectations[index] }];
    });
  });
}

describe('fixtures', () => {
  const valid = fixtureDocuments('valid');
  const invalid = fixtureDocuments('invalid');

  it('has fixtures of every built-in kind', () => {
    const kinds = new Set(valid.map((d) => (d.value as { kind: string }).kind));
    expect([...kinds].sort()).toEqual([
      'API',
      'Component',
      'Domain',
      'Group',
      'Location',
      'Resource',
      'System',
      'Template',
      'User',
    ]);
    expect(invalid.length).toBeGreaterThan(40);
  });

  it.each(valid.map((d) => [`${d.file}#${d.index}`, d] as const))(
    'accepts %s like Backstage',
    async (_name, d) => {
      const ref = await reference(d.value, 'force');
      expect(ref.ok, ref.error).toBe(true);
      const paved = await pavedFromYaml(d.value);
      expectSame(paved, ref, d.value);
      expectSame(pavedObject(d.value), await reference(d.value, 'default'), d.value);
    },
  );

  it.each(invalid.map((d) => [`${d.file}#${d.index}`, d] as const))(
    'rejects %s like Backstage',
    async (_name, d) => {
      const ref = await reference(d.value, 'force');
      expect(ref.ok).toBe(false);
      expect(ref.stage, ref.error).toBe(d.expect);
      const paved = await pavedFromYaml(d.value);
      expectSame(paved, ref, d.value);
      expect(paved.errors[0]?.path, 'every error names a field').toBeTypeOf('string');
    },
  );

  it('sorts the relation arrays and defaults the namespace like Backstage', async () => {
    for (const d of valid) {
      const ref = await reference(d.value, 'force');
      const paved = await pavedFromYaml(d.value);
      expect(paved.entity?.spec, `${d.file}#${d.index}`).toEqual(ref.entity?.spec);
      expect(paved.entity?.metadata.namespace).toBe(ref.entity?.metadata.namespace);
      expect(paved.entity?.metadata.annotations).toEqual(ref.entity?.metadata.annotations);
    }
  });
});

describe('mutations of valid entities', () => {
  it('accepts, rejects and relates like Backstage (file ingestion)', async () => {
    await fc.assert(
      fc.asyncProperty(entityArbitrary, async (document) => {
        const ref = await reference(asYaml(document).parsed, 'force');
        expectSame(await pavedFromYaml(document), ref, document);
      }),
      { numRuns: 1500 },
    );
  });

  it('accepts, rejects and relates like Backstage (POST /validate-entity)', async () => {
    await fc.assert(
      fc.asyncProperty(entityArbitrary, async (document) => {
        expectSame(pavedObject(document), await reference(document, 'default'), document);
      }),
      { numRuns: 1500 },
    );
  });

  it('generates both accepted and rejected entities of every kind', async () => {
    const seen = new Map<string, { ok: number; rejected: number }>();
    const samples = fc.sample(entityArbitrary, { numRuns: 600, seed: 42 });
    for (const document of samples) {
      const kind = String((document as { kind?: unknown }).kind);
      const counts = seen.get(kind) ?? { ok: 0, rejected: 0 };
      if (pavedObject(document).ok) {
        counts.ok += 1;
      } else {
        counts.rejected += 1;
      }
      seen.set(kind, counts);
    }
    for (const kind of [
      'API',
      'Component',
      'Domain',
      'Group',
      'Location',
      'Resource',
      'System',
      'Template',
      'User',
    ]) {
      expect(seen.get(kind)?.ok ?? 0, kind).toBeGreaterThan(0);
      expect(seen.get(kind)?.rejected ?? 0, kind).toBeGreaterThan(0);
    }
  });
});
