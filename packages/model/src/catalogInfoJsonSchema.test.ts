import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { entityArbitrary } from '../test/entityArbitraries.ts';
import { catalogInfoJsonSchema } from './catalogInfoJsonSchema.ts';
import { isValidUrl } from './fieldFormats.ts';
import { prepareEntity } from './prepareEntity.ts';
import { completeEntity } from './validateEntity.ts';

const location = { type: 'file', target: '/repo/catalog-info.yaml' };
// Strict draft-07, as editors read it: unknown keywords or bad patterns fail compilation.
const validateWithSchema = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true }).compile(
  catalogInfoJsonSchema,
);

/** Whether ingestion accepts the document read from a file (the schema describes files). */
function validatorAccepts(document: unknown): boolean {
  const prepared = prepareEntity(structuredClone(document), {
    location,
    originLocation: location,
    annotations: 'force',
  });
  if (!prepared.entity || !prepared.location || !prepared.originLocation) {
    return false;
  }
  return (
    completeEntity(prepared.entity, { location: prepared.location, originLocation: prepared.originLocation })
      .errors.length === 0
  );
}

function documents(kind: 'valid' | 'invalid'): unknown[] {
  const dir = join(import.meta.dirname, '..', 'test', 'fixtures', kind);
  return readdirSync(dir).flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8'))
      .map((d) => d.toJSON())
      .filter((d) => d !== null),
  );
}

/**
 * The places where the editor schema is knowingly looser than ingestion (documented in
 * catalogInfoJsonSchema.ts and docs/editor-schema.md).
 */
function hasKnownApproximation(document: unknown): boolean {
  const text = JSON.stringify(document) ?? '';
  if (text.includes('"__proto__"') || /"\$(text|json|yaml)"/.test(text)) {
    return true;
  }
  const d = document as {
    kind?: unknown;
    metadata?: { links?: unknown };
    spec?: { targets?: unknown; target?: unknown };
  };
  const links = Array.isArray(d?.metadata?.links) ? d.metadata.links : [];
  if (links.some((l) => typeof l?.url === 'string' && !isValidUrl(l.url))) {
    return true;
  }
  const targets = [d?.spec?.target, ...(Array.isArray(d?.spec?.targets) ? d.spec.targets : [])];
  const type = (d?.spec as { type?: unknown } | undefined)?.type;
  return (
    d?.kind === 'Location' &&
    (targets.some((t) => typeof t === 'string' && t.endsWith('/')) ||
      (typeof type === 'string' && !['file', 'url'].includes(type)))
  );
}

describe('catalogInfoJsonSchema', () => {
  it('is a draft-07 schema for every built-in kind', () => {
    const schema = catalogInfoJsonSchema as { $schema: string; properties: { kind: { enum: string[] } } };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.properties.kind.enum.sort()).toEqual([
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
    expect(JSON.parse(JSON.stringify(catalogInfoJsonSchema))).toEqual(catalogInfoJsonSchema);
  });

  it('accepts every valid fixture and rejects every invalid one, as the validator does', () => {
    const valid = documents('valid');
    const invalid = documents('invalid').filter((d) => !hasKnownApproximation(d));
    expect(valid.length).toBeGreaterThan(20);
    for (const document of valid) {
      expect(validatorAccepts(document)).toBe(true);
      if (!hasKnownApproximation(document)) {
        expect(validateWithSchema(document), JSON.stringify([document, validateWithSchema.errors])).toBe(
          true,
        );
      }
    }
    for (const document of invalid) {
      expect(validatorAccepts(document)).toBe(false);
      expect(validateWithSchema(document), JSON.stringify(document)).toBe(false);
    }
  });

  it('agrees with the validator on mutated entities', () => {
    let compared = 0;
    fc.assert(
      fc.property(entityArbitrary, (document) => {
        if (hasKnownApproximation(document)) {
          return;
        }
        compared++;
        expect(
          validateWithSchema(document),
          JSON.stringify([document, validateWithSchema.errors?.slice(0, 3)]),
        ).toBe(validatorAccepts(document));
      }),
      { numRuns: 3000 },
    );
    expect(compared).toBeGreaterThan(2000);
  });

  it('accepts placeholders where Backstage resolves them', () => {
    expect(
      validateWithSchema({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'API',
        metadata: { name: 'a', description: { $text: './README.md' } },
        spec: {
          type: 'openapi',
          lifecycle: 'production',
          owner: 'team',
          definition: { $text: './openapi.yaml' },
        },
      }),
    ).toBe(true);
    expect(
      validateWithSchema({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'API',
        metadata: { name: 'a' },
        spec: {
          type: 'openapi',
          lifecycle: 'production',
          owner: 'team',
          definition: { $text: './a', other: 1 },
        },
      }),
    ).toBe(false);
  });
});
