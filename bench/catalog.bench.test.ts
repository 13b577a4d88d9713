import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalog, openCatalog } from './lib/catalog.ts';
import { freshnessComponents } from './lib/freshness.ts';
import { ADMIN_URL } from './lib/postgres.ts';

// The whole harness, run as `tsx bench/catalog.bench.ts`, against a stand-in server that speaks
// the few catalog requests it sends (bench/fixtures/fake-paved-server.ts).
const repoRoot = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'paved-bench-harness-test-'));
const catalogDir = join(dir, 'catalog');
const tsx = join(repoRoot, 'node_modules/.bin/tsx');

interface Run {
  code: number;
  json: Record<string, unknown> & {
    ok: boolean;
    errors: string[];
    stores: Record<string, Record<string, unknown>>;
  };
  stderr: string;
}

function bench(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const argv = ['bench/catalog.bench.ts', '--catalog-dir', catalogDir, '--duration', '0.3', '--warmup', '0'];
  argv.push('--server', 'bench/fixtures/fake-paved-server.ts', ...args);
  return new Promise((done) => {
    execFile(
      tsx,
      argv,
      { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 110_000 },
      (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, json: JSON.parse(stdout), stderr }),
    );
  });
}

const snapshot = () =>
  readdirSync(catalogDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(catalogDir, f), 'utf8'))
    .join('\n');

let original: string;
beforeAll(async () => {
  await generateCatalog(resolve(repoRoot, '../shared/bench/gen-catalog.mjs'), 300, catalogDir);
  original = snapshot();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench:catalog against a stand-in server', () => {
  it('measures both stores, reports every figure and goal, and leaves nothing behind', async () => {
    const { code, json, stderr } = await bench([]);
    expect(json.errors).toEqual([]);
    expect(code).toBe(0);
    expect(json.ok).toBe(true);
    const counts = openCatalog(catalogDir).counts;
    expect(json.lowerBound).toMatchObject({ entities: counts.total, files: counts.files + 1 });

    const embedded = json.stores.embedded as Record<string, Record<string, unknown>>;
    expect(embedded.ingestion).toMatchObject({ expectedTotal: 301, totalItemsSeen: 302 });
    expect(Object.keys(embedded.latency!)).toEqual([
      'by-name',
      'by-query-kind',
      'by-query-kind-type',
      'facets',
      'full-text',
      'by-refs-100',
    ]);
    expect(embedded.freshness).toMatchObject({ timeoutMs: 30_000, goalMs: 2_000 });
    expect((embedded.freshness!.runs as unknown[]).length).toBe(3);
    expect((embedded.memory!.peakRssMiB as number) > 10).toBe(true);
    expect(typeof embedded.idleCpu!.serverCores).toBe('number');

    const postgres = json.stores.postgres!;
    if ('skipped' in postgres) {
      expect(postgres.skipped).toMatch(/not reachable/);
    } else {
      expect(postgres.database).toMatch(/^paved_bench_[0-9a-f]{12}$/);
      const client = new pg.Client(ADMIN_URL);
      await client.connect();
      const left = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [postgres.database]);
      await client.end();
      expect(left.rowCount).toBe(0);
    }

    const goals = json.goals as { store: string; met: boolean }[];
    expect(goals.filter((g) => g.store === 'embedded')).toHaveLength(9);
    expect(snapshot()).toBe(original);
    const runDirs = [...stderr.matchAll(/data in (\S+)\)/g)].map((m) => m[1]!);
    expect(runDirs).toHaveLength(2);
    expect(runDirs.filter((d) => existsSync(dirname(d)))).toEqual([]);
  });

  it('fails loudly when a request answers an error before measuring', async () => {
    const { code, json } = await bench(['--stores', 'embedded'], { FAKE_PAVED_FAIL: 'entity-facets:1' });
    expect(code).toBe(1);
    expect(json.ok).toBe(false);
    expect(json.errors.join()).toMatch(/entity-facets\?facet=spec\.type&filter=kind=component answered 500/);
    expect(Object.keys(json.stores.embedded!.latency as object)).toEqual([
      'by-name',
      'by-query-kind',
      'by-query-kind-type',
    ]);
    expect(snapshot()).toBe(original);
  });

  it('fails loudly when a request answers an error under load', async () => {
    const { json } = await bench(['--stores', 'embedded'], { FAKE_PAVED_FAIL: 'by-name:50' });
    expect(json.ok).toBe(false);
    expect(json.errors.join()).toMatch(
      /by-name\/component\/default\/payment-svc-0 at concurrency 1: \d+ non-2xx/,
    );
  });

  it('picks freshness files that exist', () => {
    for (const name of freshnessComponents(openCatalog(catalogDir)))
      expect(original).toContain(`name: "${name}"`);
  });
});
