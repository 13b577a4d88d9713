import { parseArgs } from 'node:util';

/** The stores a run can measure, in the order they are measured. */
export const STORES = ['embedded', 'postgres'] as const;
export type StoreName = (typeof STORES)[number];

/** Options of one `bench:catalog` run, parsed from its command line. */
export interface CatalogBenchOptions {
  entities: number;
  /** Seconds autocannon measures each request at each concurrency. */
  durationSeconds: number;
  /** Seconds of discarded load before each measured run, to warm the JIT and caches. */
  warmupSeconds: number;
  stores: StoreName[];
  /** An existing folder written by gen-catalog.mjs; when absent a fresh one is generated. */
  catalogDir: string | undefined;
  keep: boolean;
  /** Seconds allowed from spawn until every entity is served. */
  ingestTimeoutSeconds: number;
  /** Entry script started as `node <server> start …`; the real CLI unless testing the harness. */
  server: string | undefined;
}

export const USAGE = `Usage: npm run bench:catalog -- [flags]
  --entities N          catalog size (default 100000)
  --duration S          seconds per latency run (default 10)
  --warmup S            seconds of discarded load before each latency run (default 1)
  --stores LIST         comma-separated: embedded,postgres (default both)
  --catalog-dir DIR     reuse a folder written by gen-catalog.mjs instead of generating one
  --ingest-timeout S    seconds allowed for ingestion (default 1800)
  --keep                keep temporary folders (server data, logs, generated catalog)
  --server FILE         server entry to start (default packages/cli/bin/paved.js; for harness tests)`;

function positiveNumber(flag: string, raw: string | undefined, fallback: number, allowZero = false): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`--${flag} expects a ${allowZero ? 'non-negative' : 'positive'} number, got "${raw}"`);
  }
  return value;
}

function parseStores(raw: string | undefined): StoreName[] {
  if (raw === undefined) return [...STORES];
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(STORES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--stores expects a comma-separated subset of ${STORES.join(',')}, got "${raw}"`);
  }
  // Always measure in the documented order (embedded first), without duplicates.
  return STORES.filter((s) => names.includes(s));
}

export function parseCatalogBenchArgs(argv: string[]): CatalogBenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      entities: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      stores: { type: 'string' },
      'catalog-dir': { type: 'string' },
      'ingest-timeout': { type: 'string' },
      keep: { type: 'boolean', default: false },
      server: { type: 'string' },
    },
  });
  const entities = positiveNumber('entities', values.entities, 100_000);
  if (!Number.isInteger(entities) || entities < 50) {
    throw new Error(`--entities expects an integer of at least 50, got "${values.entities}"`);
  }
  return {
    entities,
    durationSeconds: positiveNumber('duration', values.duration, 10),
    warmupSeconds: positiveNumber('warmup', values.warmup, 1, true),
    stores: parseStores(values.stores),
    catalogDir: values['catalog-dir'],
    keep: values.keep ?? false,
    ingestTimeoutSeconds: positiveNumber('ingest-timeout', values['ingest-timeout'], 1800),
    server: values.server,
  };
}
