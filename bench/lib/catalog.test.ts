import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  componentFile,
  type GeneratedCatalog,
  generateCatalog,
  measureLowerBound,
  openCatalog,
  readAndParseAll,
  withDescription,
} from './catalog.ts';
import { freshnessComponents } from './freshness.ts';

const generator = resolve(import.meta.dirname, '../../../shared/bench/gen-catalog.mjs');
const dir = mkdtempSync(join(tmpdir(), 'paved-bench-catalog-test-'));
let catalog: GeneratedCatalog;

beforeAll(async () => {
  await generateCatalog(generator, 500, join(dir, 'catalog'));
  catalog = openCatalog(join(dir, 'catalog'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generated catalog', () => {
  it('is opened with its counts, every target and every component', () => {
    expect(catalog.counts.total).toBe(501);
    expect(catalog.targets).toHaveLength(catalog.counts.files);
    expect(catalog.components).toHaveLength(catalog.counts.Component);
    expect(catalog.components[0]).toBe('payment-svc-0');
    expect(catalog.targets[0]).toBe(join(catalog.dir, 'org', 'catalog-info.yaml'));
  });

  it('is the same bytes for the same flags', async () => {
    await generateCatalog(generator, 500, join(dir, 'again'));
    for (const file of [
      'catalog-info.yaml',
      'org/catalog-info.yaml',
      'repos/payment-svc-0/catalog-info.yaml',
    ]) {
      expect(readFileSync(join(dir, 'again', file), 'utf8')).toBe(
        readFileSync(join(catalog.dir, file), 'utf8'),
      );
    }
  });

  it('refuses a folder that gen-catalog.mjs did not write', () => {
    expect(() => openCatalog(dir)).toThrow(/counts\.json/);
  });

  it('reports a generator failure', async () => {
    await expect(generateCatalog(join(dir, 'missing.mjs'), 10, join(dir, 'x'))).rejects.toThrow(/not found/);
  });
});

describe('lower bound', () => {
  it('reads the root Location and every file it lists, and parses every entity', () => {
    const run = readAndParseAll(catalog.rootFile);
    expect(run.files).toBe(catalog.counts.files + 1);
    expect(run.entities).toBe(catalog.counts.total);
    expect(run.seconds).toBeGreaterThan(0);
  });

  it('keeps the best of two runs', () => {
    const bound = measureLowerBound(catalog);
    expect(bound.runsSeconds).toHaveLength(2);
    expect(bound.bestSeconds).toBe(Math.min(...bound.runsSeconds));
    expect(bound.entities).toBe(501);
  });

  it('fails when the files do not hold the entities counts.json promises', () => {
    const copy = { ...catalog, counts: { ...catalog.counts, total: 502 } };
    expect(() => measureLowerBound(copy)).toThrow(/parsed 501 entities but counts\.json says 502/);
  });
});

describe('freshness edit', () => {
  it('changes only the component description', () => {
    const original = readFileSync(componentFile(catalog, 'payment-svc-0'), 'utf8');
    const edited = withDescription(original, 'a "quoted" new: description');
    const before = loadAll(original) as { metadata: { description: string } }[];
    const after = loadAll(edited) as { metadata: { description: string } }[];
    expect(after[0]!.metadata.description).toBe('a "quoted" new: description');
    expect(after.slice(1)).toEqual(before.slice(1));
    expect({ ...after[0], metadata: { ...after[0]!.metadata, description: '' } }).toEqual({
      ...before[0],
      metadata: { ...before[0]!.metadata, description: '' },
    });
  });

  it('refuses a file of another shape', () => {
    expect(() => withDescription('kind: Group\nmetadata:\n  name: x\n', 'y')).toThrow(/could not set/);
  });

  it('picks three different components, never payment-svc-0', () => {
    const picked = freshnessComponents(catalog);
    expect(new Set(picked).size).toBe(3);
    expect(picked).not.toContain('payment-svc-0');
    for (const name of picked) expect(catalog.components).toContain(name);
  });
});
